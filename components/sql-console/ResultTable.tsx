import type { QueryResult, Value } from '@/lib/engine/connection';

function display(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const numericType = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w+INT|FLOAT|DOUBLE|DECIMAL)/;

export function ResultTable({ result }: { result: QueryResult }) {
  const { columns, rows, rowCount, truncated } = result;
  return (
    <div className="flex min-h-0 flex-col">
      <p className="px-1 pb-2 text-sm text-slate-600 dark:text-slate-400" role="status">
        {truncated
          ? `Showing the first ${rows.length.toLocaleString('en-US')} of ${rowCount.toLocaleString('en-US')} rows.`
          : `${rowCount.toLocaleString('en-US')} ${rowCount === 1 ? 'row' : 'rows'}.`}
      </p>
      {columns.length > 0 && (
        <div className="overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
          <table
            className="min-w-full border-collapse font-mono text-xs"
            data-testid="result-table"
          >
            <thead className="sticky top-0 bg-slate-100 dark:bg-slate-800">
              <tr>
                {columns.map((column) => (
                  <th
                    key={column.name}
                    scope="col"
                    className="px-3 py-1.5 text-left align-bottom font-semibold"
                  >
                    <span className="block text-slate-900 dark:text-slate-100">{column.name}</span>
                    <span className="block font-normal text-slate-600 dark:text-slate-300">
                      {column.type}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, r) => (
                <tr
                  key={r}
                  className="border-t border-slate-100 odd:bg-white even:bg-slate-50 dark:border-slate-800 dark:odd:bg-slate-950 dark:even:bg-slate-900"
                >
                  {columns.map((column) => {
                    const value = row[column.name] ?? null;
                    return (
                      <td
                        key={column.name}
                        className={`px-3 py-1 whitespace-nowrap ${numericType.test(column.type) ? 'text-right tabular-nums' : ''} ${value === null ? 'text-slate-400 italic' : ''}`}
                      >
                        {display(value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

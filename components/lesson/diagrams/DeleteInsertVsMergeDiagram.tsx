import { DiagramFigure, tone } from './DiagramFigure';

type Kind = 'idle' | 'work' | 'fresh' | 'removed';
interface Row {
  text: string;
  kind: Kind;
  note?: string;
}

const rowH = 26;

function MiniTable({ x, y, title, rows }: { x: number; y: number; title: string; rows: Row[] }) {
  return (
    <g>
      <text x={x} y={y - 8} className={`${tone.text} text-[13px] font-semibold`}>
        {title}
      </text>
      {rows.map((row, i) => (
        <g key={`${row.text}${i}`}>
          <rect
            x={x}
            y={y + i * rowH}
            width={170}
            height={rowH - 4}
            rx={3}
            strokeWidth={1.5}
            className={tone[row.kind]}
          />
          <text
            x={x + 10}
            y={y + i * rowH + 15}
            textDecoration={row.kind === 'removed' ? 'line-through' : undefined}
            className={`${tone.text} font-mono text-[12px]`}
          >
            {row.text}
          </text>
          {row.note && (
            <text x={x + 180} y={y + i * rowH + 15} className={`${tone.muted} text-[12px]`}>
              {row.note}
            </text>
          )}
        </g>
      ))}
    </g>
  );
}

/** The two ways an incremental run applies its batch, and their identical result. */
export function DeleteInsertVsMergeDiagram() {
  return (
    <DiagramFigure
      viewBox="0 0 720 400"
      title="delete+insert versus merge, applied to the same batch"
      description="Before the run the table holds orders o1 shipped, o2 shipped and o3 delivered. The run's batch holds o2 now delivered and a new order o4. With delete+insert, dbt-duckdb's default, step one deletes every target row whose order_id appears in the batch, so the old o2 row is removed, and step two inserts every batch row, so the new o2 and o4 are appended. With merge, the batch is matched to the table on order_id: o2 matches and is updated in place, o4 does not match and is inserted. Both end with o1 shipped, o2 delivered, o3 delivered and o4 invoiced: the same rows, reached in different ways."
      caption={
        <>
          Same batch, same final rows. delete+insert removes every row whose key is in the batch and
          inserts the batch; merge updates the rows that match and inserts the rest. Neither touches
          o1 or o3.
        </>
      }
    >
      <MiniTable
        x={30}
        y={40}
        title="fct_orders before the run"
        rows={[
          { text: 'o1 · shipped', kind: 'idle' },
          { text: 'o2 · shipped', kind: 'idle' },
          { text: 'o3 · delivered', kind: 'idle' },
        ]}
      />
      <MiniTable
        x={380}
        y={40}
        title="this run's batch (temp table)"
        rows={[
          { text: 'o2 · delivered', kind: 'work', note: 'changed' },
          { text: 'o4 · invoiced', kind: 'fresh', note: 'new' },
        ]}
      />
      <line x1={20} x2={700} y1={150} y2={150} className={tone.line} strokeDasharray="3 4" />

      <text x={30} y={182} className={`${tone.text} text-[14px] font-bold`}>
        delete+insert (dbt-duckdb default)
      </text>
      <text x={30} y={202} className={`${tone.muted} text-[12px]`}>
        1. delete rows whose order_id is in the batch
      </text>
      <text x={30} y={220} className={`${tone.muted} text-[12px]`}>
        2. insert every batch row
      </text>
      <MiniTable
        x={30}
        y={250}
        title="after"
        rows={[
          { text: 'o1 · shipped', kind: 'idle' },
          { text: 'o2 · shipped', kind: 'removed', note: 'deleted' },
          { text: 'o3 · delivered', kind: 'idle' },
          { text: 'o2 · delivered', kind: 'work', note: 'inserted' },
          { text: 'o4 · invoiced', kind: 'fresh', note: 'inserted' },
        ]}
      />

      <text x={380} y={182} className={`${tone.text} text-[14px] font-bold`}>
        merge (DuckDB 1.4 and later)
      </text>
      <text x={380} y={202} className={`${tone.muted} text-[12px]`}>
        match batch rows to the table on order_id
      </text>
      <text x={380} y={220} className={`${tone.muted} text-[12px]`}>
        matched: update · not matched: insert
      </text>
      <MiniTable
        x={380}
        y={250}
        title="after"
        rows={[
          { text: 'o1 · shipped', kind: 'idle' },
          { text: 'o2 · delivered', kind: 'work', note: 'updated' },
          { text: 'o3 · delivered', kind: 'idle' },
          { text: 'o4 · invoiced', kind: 'fresh', note: 'inserted' },
        ]}
      />
    </DiagramFigure>
  );
}

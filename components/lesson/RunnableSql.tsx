import { HighlightedCode } from './CodeBlock';
import { RunnableSqlClient } from './RunnableSqlClient';

/** A ```` ```sql runnable ```` block: highlighted on the server, runnable in the browser. */
export function RunnableSql({ id, sql, title }: { id: string; sql: string; title?: string }) {
  return (
    <RunnableSqlClient
      id={id}
      sql={sql}
      title={title}
      highlighted={<HighlightedCode code={sql} lang="sql" />}
    />
  );
}

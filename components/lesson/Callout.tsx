import type { ReactNode } from 'react';

const styles = {
  note: 'border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950/50',
  tip: 'border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/50',
  warning: 'border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/50',
  engine: 'border-violet-300 bg-violet-50 dark:border-violet-800 dark:bg-violet-950/50',
} as const;

const defaultTitles: Record<keyof typeof styles, string> = {
  note: 'Note',
  tip: 'Tip',
  warning: 'Watch out',
  engine: 'In this lab (DuckDB)',
};

/** A boxed aside in the text; `engine` marks where the lab's DuckDB differs from Snowflake. */
export function Callout({
  kind = 'note',
  title,
  children,
}: {
  kind?: keyof typeof styles;
  title?: string;
  children: ReactNode;
}) {
  return (
    <div role="note" className={`my-5 rounded-md border-l-4 px-4 py-3 ${styles[kind]}`}>
      <p className="text-sm font-semibold">{title ?? defaultTitles[kind]}</p>
      <div className="text-[15px] [&>*:first-child]:mt-1 [&>*:last-child]:mb-0 [&_p]:my-2">
        {children}
      </div>
    </div>
  );
}

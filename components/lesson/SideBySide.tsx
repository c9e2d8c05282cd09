import type { ReactNode } from 'react';

/** Two panes next to each other on wide screens, one above the other on narrow ones. */
export function SideBySide({ children, caption }: { children: ReactNode; caption?: string }) {
  return (
    <figure className="my-6">
      <div className="grid gap-4 lg:grid-cols-2 [&_figure]:my-0">{children}</div>
      {caption && (
        <figcaption className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          {caption}
        </figcaption>
      )}
    </figure>
  );
}

export function Pane({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="min-w-0">
      <p className="mb-1.5 text-sm font-semibold text-slate-700 dark:text-slate-300">{title}</p>
      {children}
    </section>
  );
}

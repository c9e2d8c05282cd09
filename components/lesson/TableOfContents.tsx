import type { TocEntry } from '@/lib/content/remark-lesson';

export function TableOfContents({ entries }: { entries: TocEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <nav aria-label="On this page" className="text-sm">
      <p className="mb-2 font-semibold text-slate-900 dark:text-slate-100">On this page</p>
      <ol className="space-y-1 border-l border-slate-200 dark:border-slate-800">
        {entries.map((entry) => (
          <li key={entry.id} className={entry.depth === 3 ? 'pl-6' : 'pl-3'}>
            <a
              href={`#${entry.id}`}
              className="-ml-px block border-l border-transparent py-0.5 pl-0 text-slate-600 hover:border-slate-400 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
            >
              {entry.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

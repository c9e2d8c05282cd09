import Link from 'next/link';
import { coursePages } from '@/lib/course/pages';

/** Previous and next page in the course's reading order (the lab follows the last lesson). */
export function PrevNext({ slug }: { slug: string }) {
  const index = coursePages.findIndex((page) => page.slug === slug);
  const previous = index > 0 ? coursePages[index - 1] : undefined;
  const next = index >= 0 ? coursePages[index + 1] : undefined;
  const card =
    'flex flex-col rounded-lg border border-slate-200 px-4 py-3 hover:border-emerald-500 hover:bg-emerald-50/50 dark:border-slate-800 dark:hover:border-emerald-600 dark:hover:bg-emerald-950/30';
  return (
    <nav aria-label="Previous and next page" className="mt-8 grid gap-3 sm:grid-cols-2">
      {previous ? (
        <Link href={previous.href} rel="prev" className={card}>
          <span className="text-xs text-slate-600 dark:text-slate-400">Previous</span>
          <span className="font-medium">{previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link href={next.href} rel="next" className={`${card} sm:text-right`}>
          <span className="text-xs text-slate-600 dark:text-slate-400">Next</span>
          <span className="font-medium">{next.title}</span>
        </Link>
      )}
    </nav>
  );
}

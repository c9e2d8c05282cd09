import type { Metadata } from 'next';
import Link from 'next/link';
import { ModelDraft } from '@/components/lab/ModelDraft';
import { SqlConsole } from '@/components/sql-console/SqlConsole';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';

export const metadata: Metadata = { title: 'Lab' };

export default async function LabPage() {
  // Read at build time: the course project ships inside the page, no request needed.
  const starter = await starterProjectFiles();
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-8 px-6 py-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Lab: make fct_orders incremental</h1>
        <p className="mt-1 max-w-3xl text-slate-600 dark:text-slate-300">
          Turn the model into an incremental one, then grade it: the grader builds it, reruns it,
          releases new orders and late payments, and compares the result with a full rebuild.
          Everything runs in this browser.{' '}
          <Link href="/lab/self-test" className="text-emerald-700 underline dark:text-emerald-400">
            Check this browser
          </Link>
          .
        </p>
      </div>
      <ModelDraft starter={starter} />
      <SqlConsole />
    </div>
  );
}

import type { Metadata } from 'next';
import { EngineBench } from '@/components/bench/EngineBench';
import { solutionProjectFiles, stretchProjectFiles } from '@/lib/dbt/course-project.node';

export const metadata: Metadata = { title: 'Engine benchmark', robots: { index: false } };

/**
 * Drives lib/bench/fct-orders.ts on DuckDB-WASM for `npm run bench`: the course project with the
 * solution's model, and with its stretch version (read at build time, like the lab's).
 */
export default async function EngineBenchPage() {
  const projects = {
    solution: await solutionProjectFiles(),
    stretch: await stretchProjectFiles(),
  };
  return (
    <div className="mx-auto max-w-3xl px-6 py-8">
      <h1 className="text-2xl font-bold tracking-tight">Engine benchmark</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        Builds <code>fct_orders</code> in this browser&apos;s DuckDB, in full and incrementally, for{' '}
        <code>npm run bench</code>.
      </p>
      <EngineBench projects={projects} />
    </div>
  );
}

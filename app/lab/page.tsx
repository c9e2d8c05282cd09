import type { Metadata } from 'next';
import Link from 'next/link';
import { SqlConsole } from '@/components/sql-console/SqlConsole';

export const metadata: Metadata = { title: 'Lab' };

export default function LabPage() {
  return (
    <div className="flex h-full flex-col gap-4 px-6 py-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Lab: make fct_orders incremental</h1>
        <p className="mt-1 max-w-3xl text-slate-600 dark:text-slate-300">
          The workspace runs DuckDB in your browser. Try the console: any DuckDB SQL works here.{' '}
          <Link href="/lab/self-test" className="text-emerald-700 underline dark:text-emerald-400">
            Check this browser
          </Link>
          .
        </p>
      </div>
      <SqlConsole />
    </div>
  );
}

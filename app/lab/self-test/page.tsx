import type { Metadata } from 'next';
import { DataLoadCheck } from '@/components/engine/DataLoadCheck';
import { SelfTest } from '@/components/engine/SelfTest';

export const metadata: Metadata = { title: 'Engine self-test' };

export default function SelfTestPage() {
  return (
    <div className="mx-auto max-w-3xl px-6 py-8">
      <h1 className="text-2xl font-bold tracking-tight">Engine self-test</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        Runs the engine&apos;s contract checks on DuckDB in this browser: the same checks the
        project runs on native DuckDB. If one fails here, the lab will not behave as it should in
        this browser.
      </p>
      <SelfTest />
      <DataLoadCheck />
    </div>
  );
}

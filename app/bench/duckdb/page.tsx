import type { Metadata } from 'next';
import { DuckdbFloor } from '@/components/bench/DuckdbFloor';

export const metadata: Metadata = { title: 'DuckDB start', robots: { index: false } };

/** The benchmark's bare page: DuckDB-WASM started and `select 1`, nothing else (npm run bench). */
export default function DuckdbBenchPage() {
  return (
    <div className="mx-auto max-w-3xl px-6 py-8">
      <h1 className="text-2xl font-bold tracking-tight">DuckDB start</h1>
      <DuckdbFloor />
    </div>
  );
}

import type { Metadata } from 'next';
import { JoinForm } from '@/components/teach/JoinForm';

export const metadata: Metadata = { title: 'Join a class' };

export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return (
    <div className="mx-auto max-w-xl px-6 py-10">
      <h1 className="text-2xl font-bold tracking-tight">Join a class</h1>
      <p className="mt-1 mb-6 text-slate-600 dark:text-slate-400">
        Your instructor sees the name you type here, your lesson progress, your dbt runs and the
        server&apos;s grade of each attempt. No password or email. The lab keeps working without the
        server; your progress is sent when it can be.
      </p>
      <JoinForm code={decodeURIComponent(code)} />
    </div>
  );
}

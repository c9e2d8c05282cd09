import type { Metadata } from 'next';
import { CredentialsForm } from '@/components/teach/CredentialsForm';

export const metadata: Metadata = { title: 'Set up the first instructor' };

export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-2xl font-bold tracking-tight">Set up the first instructor</h1>
      <p className="mt-1 mb-6 text-slate-600 dark:text-slate-400">
        This link works once. Choose the name and password you will sign in with.
      </p>
      {token ? (
        <CredentialsForm mode="setup" token={token} />
      ) : (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          This page needs the token from the link the server printed.
        </p>
      )}
    </div>
  );
}

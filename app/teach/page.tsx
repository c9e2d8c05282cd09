import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { ClassList } from '@/components/teach/ClassList';
import { CredentialsForm } from '@/components/teach/CredentialsForm';
import { readInstructor } from '@/lib/server/auth';
import { serverContext } from '@/lib/server/context';
import { INSTRUCTOR_COOKIE } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Teach' };
export const dynamic = 'force-dynamic';

/** The instructor's entrance: the class list when signed in, else sign-in (or how to set up). */
export default async function TeachPage() {
  const { store } = await serverContext();
  const instructor = await readInstructor(store, (await cookies()).get(INSTRUCTOR_COOKIE)?.value);
  const anyInstructor = await store.db.selectFrom('instructors').select('id').executeTakeFirst();
  return (
    <div className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-2xl font-bold tracking-tight">Classes</h1>
      <p className="mt-1 mb-6 text-slate-600 dark:text-slate-400">
        Students join with a code and do the lab in their browser; the server grades every attempt
        again in a sandbox and shows you the verified result, live.
      </p>
      {instructor ? (
        <ClassList instructorName={instructor.name} />
      ) : anyInstructor ? (
        <CredentialsForm mode="login" />
      ) : (
        <p className="max-w-xl rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          No instructor account exists yet. The server printed a one-time setup link in its log when
          it started (it is also in <code>setup-link.txt</code> in its data folder): open it to
          create the first account. <code>npm run instructor -- add NAME</code> adds one from the
          command line.
        </p>
      )}
    </div>
  );
}

'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, inputClass, primaryButton, secondaryButton, errorText } from './api';
import { ErrorLine } from './ErrorLine';

interface ClassSummary {
  id: string;
  name: string;
  join_code: string;
  joining_open: number;
  students: number;
}

/** The instructor's classes, a form to start one, and sign-out. */
export function ClassList({ instructorName }: { instructorName: string }) {
  const router = useRouter();
  const [classes, setClasses] = useState<ClassSummary[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setClasses((await api<{ classes: ClassSummary[] }>('/api/teach/classes')).classes);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- fetches first; state is set when the answer arrives
    void load();
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const { class: created } = await api<{ class: { id: string } }>('/api/teach/classes', {
        method: 'POST',
        json: { name },
      });
      router.push(`/teach/classes/${created.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function signOut() {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <p className="text-sm text-slate-600 dark:text-slate-400">Signed in as {instructorName}</p>
        <button type="button" className={secondaryButton} onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      <form onSubmit={(e) => void create(e)} className="flex max-w-md items-end gap-2">
        <label className="block flex-1 text-sm">
          <span className="font-medium">New class</span>
          <input
            className={inputClass}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Day 11, Tuesday group"
            required
          />
        </label>
        <button type="submit" className={primaryButton}>
          Create class
        </button>
      </form>
      {error && <ErrorLine text={error} />}
      {classes && classes.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">No class yet.</p>
      )}
      {classes && classes.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {classes.map((c) => (
            <li key={c.id} className="flex items-center justify-between px-4 py-2">
              <Link
                href={`/teach/classes/${c.id}`}
                className="font-medium text-emerald-800 underline dark:text-emerald-300"
              >
                {c.name}
              </Link>
              <span className="text-sm text-slate-600 dark:text-slate-400">
                {Number(c.students)} students · code{' '}
                <code className="font-mono">{c.join_code}</code>
                {c.joining_open ? '' : ' · closed'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

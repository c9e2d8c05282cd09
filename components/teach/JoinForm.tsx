'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api, inputClass, primaryButton, errorText } from './api';
import { ErrorLine } from './ErrorLine';

export function JoinForm({ code }: { code: string }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<{
    className: string;
    name: string;
    resumed: boolean;
  } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const answer = await api<{
        class: { name: string };
        student: { name: string };
        resumed: boolean;
      }>('/api/join', {
        method: 'POST',
        json: { code, name },
      });
      setJoined({
        className: answer.class.name,
        name: answer.student.name,
        resumed: answer.resumed,
      });
    } catch (e) {
      setError(errorText(e));
    }
  }

  if (joined)
    return (
      <div role="status" className="space-y-3">
        <p>
          {joined.resumed ? 'Welcome back' : 'You joined'} <strong>{joined.className}</strong> as{' '}
          <strong>{joined.name}</strong>.
        </p>
        <Link href="/lab" className={primaryButton}>
          Open the lab
        </Link>
      </div>
    );
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3">
      <p className="text-sm">
        Class code <code className="font-mono font-semibold">{code}</code>
      </p>
      <label className="block text-sm">
        <span className="font-medium">Your name</span>
        <input
          className={inputClass}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          required
        />
      </label>
      {error && <ErrorLine text={error} />}
      <button type="submit" className={primaryButton}>
        Join
      </button>
    </form>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api, inputClass, primaryButton, errorText } from './api';
import { ErrorLine } from './ErrorLine';

/** Sign-in, or the one-time setup of the first instructor (with the link's token). */
export function CredentialsForm({ mode, token }: { mode: 'login' | 'setup'; token?: string }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'setup')
        await api('/api/setup', { method: 'POST', json: { token, name, password } });
      else await api('/api/auth/login', { method: 'POST', json: { name, password } });
      router.push('/teach');
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="max-w-sm space-y-3">
      <label className="block text-sm">
        <span className="font-medium">Name</span>
        <input
          className={inputClass}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="username"
          required
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium">Password</span>
        <input
          className={inputClass}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
          minLength={mode === 'setup' ? 10 : undefined}
          required
        />
        {mode === 'setup' && (
          <span className="text-xs text-slate-500 dark:text-slate-400">
            At least 10 characters.
          </span>
        )}
      </label>
      {error && <ErrorLine text={error} />}
      <button type="submit" className={primaryButton} disabled={busy}>
        {mode === 'setup' ? 'Create the instructor account' : 'Sign in'}
      </button>
    </form>
  );
}

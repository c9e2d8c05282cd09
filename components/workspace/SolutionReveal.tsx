'use client';

/**
 * The solution's model, offered only after a first grading attempt, and only shown: it never
 * replaces the student's file (copying it over is their choice).
 */
export function SolutionReveal({
  unlocked,
  path,
  text,
  stretch,
}: {
  unlocked: boolean;
  path: string;
  text: string;
  /** The same table built more cheaply: the window pushed into the heavy inputs. */
  stretch?: string;
}) {
  if (!unlocked)
    return (
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
        The solution unlocks after your first grading attempt.
      </p>
    );
  return (
    <div className="mt-4 space-y-2">
      <details
        className="rounded-md border border-slate-200 dark:border-slate-800"
        data-testid="solution"
      >
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
          Show the solution&apos;s <code className="font-mono">{path}</code>
        </summary>
        <pre className="overflow-x-auto border-t border-slate-200 p-3 font-mono text-xs dark:border-slate-800">
          {text}
        </pre>
      </details>
      {stretch && (
        <details
          className="rounded-md border border-slate-200 dark:border-slate-800"
          data-testid="solution-stretch"
        >
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
            Stretch version: the same table, with the window pushed into the heavy inputs
          </summary>
          <pre className="overflow-x-auto border-t border-slate-200 p-3 font-mono text-xs dark:border-slate-800">
            {stretch}
          </pre>
        </details>
      )}
    </div>
  );
}

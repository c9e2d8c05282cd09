'use client';

/**
 * The solution's model, offered only after a first grading attempt, and only shown: it never
 * replaces the student's file (copying it over is their choice).
 */
export function SolutionReveal({
  unlocked,
  path,
  text,
}: {
  unlocked: boolean;
  path: string;
  text: string;
}) {
  if (!unlocked)
    return (
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
        The solution unlocks after your first grading attempt.
      </p>
    );
  return (
    <details
      className="mt-4 rounded-md border border-slate-200 dark:border-slate-800"
      data-testid="solution"
    >
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
        Show the solution&apos;s <code className="font-mono">{path}</code>
      </summary>
      <pre className="overflow-x-auto border-t border-slate-200 p-3 font-mono text-xs dark:border-slate-800">
        {text}
      </pre>
    </details>
  );
}

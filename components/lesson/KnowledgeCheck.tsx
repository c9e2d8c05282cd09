'use client';

import { useId, useState } from 'react';

export interface KnowledgeCheckOption {
  text: string;
  correct?: boolean;
  /** Why this answer is right or wrong: shown once the reader picks it. */
  explanation: string;
}

/**
 * A one-question check with an explanation for every choice. The question and options render on the
 * server (readable without JavaScript, where a fallback lists every explanation); picking an option
 * announces whether it is right and why.
 */
export function KnowledgeCheck({
  question,
  options,
}: {
  question: string;
  options: KnowledgeCheckOption[];
}) {
  const name = useId();
  const [picked, setPicked] = useState<number | null>(null);
  const choice = picked === null ? undefined : options[picked];
  return (
    <fieldset
      className="my-6 rounded-lg border border-sky-200 bg-sky-50/60 p-4 dark:border-sky-900 dark:bg-sky-950/40"
      data-testid="knowledge-check"
    >
      <legend className="px-1 text-sm font-semibold text-sky-900 dark:text-sky-200">
        Check yourself
      </legend>
      <p className="font-medium">{question}</p>
      <ul className="mt-3 space-y-2">
        {options.map((option, index) => (
          <li key={option.text}>
            <label className="flex cursor-pointer items-start gap-2.5 rounded-md px-2 py-1.5 hover:bg-sky-100/70 dark:hover:bg-sky-900/40">
              <input
                type="radio"
                name={name}
                checked={picked === index}
                onChange={() => setPicked(index)}
                className="mt-1 accent-sky-700"
              />
              <span>{option.text}</span>
            </label>
          </li>
        ))}
      </ul>
      <div aria-live="polite">
        {choice && (
          <p
            className={`mt-3 rounded-md border px-3 py-2 text-sm ${
              choice.correct
                ? 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'
                : 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
            }`}
          >
            <strong>{choice.correct ? 'Right. ' : 'Not quite. '}</strong>
            {choice.explanation}
          </p>
        )}
      </div>
      <noscript>
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer">Show the answers</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {options.map((option) => (
              <li key={option.text}>
                <strong>{option.correct ? 'Right' : 'Wrong'}:</strong> {option.text} —{' '}
                {option.explanation}
              </li>
            ))}
          </ul>
        </details>
      </noscript>
    </fieldset>
  );
}

import { useId, type ReactNode } from 'react';

/**
 * Frame for a lesson diagram: an accessible SVG (role="img", named by its <title> and described by
 * its <desc>, the text alternative) with a visible caption below.
 */
export function DiagramFigure({
  title,
  description,
  caption,
  viewBox,
  children,
}: {
  title: string;
  /** Says in words everything the picture shows. */
  description: string;
  caption: ReactNode;
  viewBox: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="my-8">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={viewBox}
        className="h-auto w-full rounded-lg border border-slate-200 bg-white font-sans dark:border-slate-800 dark:bg-slate-950"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      <figcaption className="mt-2 text-sm text-slate-600 dark:text-slate-400">{caption}</figcaption>
    </figure>
  );
}

/** Colour roles shared by the diagrams, each readable on the light and the dark background. */
export const tone = {
  text: 'fill-slate-800 dark:fill-slate-100',
  muted: 'fill-slate-600 dark:fill-slate-400',
  idle: 'fill-slate-100 stroke-slate-400 dark:fill-slate-800 dark:stroke-slate-500',
  work: 'fill-emerald-200 stroke-emerald-700 dark:fill-emerald-800 dark:stroke-emerald-400',
  fresh: 'fill-sky-200 stroke-sky-700 dark:fill-sky-800 dark:stroke-sky-400',
  removed: 'fill-red-100 stroke-red-600 dark:fill-red-950 dark:stroke-red-400',
  window: 'fill-amber-100/70 stroke-amber-600 dark:fill-amber-900/40 dark:stroke-amber-400',
  line: 'stroke-slate-500 dark:stroke-slate-400',
  accent: 'stroke-emerald-700 dark:stroke-emerald-400',
  alert: 'stroke-red-600 dark:stroke-red-400',
} as const;

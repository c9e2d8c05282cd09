import { highlightToHtml } from '@/lib/content/highlight';

/** The frame every code block shares; the `--shiki-dark` colours take over in dark mode. */
export const codeFrameClass =
  'rounded-md border border-slate-200 text-[13px] leading-relaxed dark:border-slate-800 ' +
  // Wrapped, not scrolled: long lines stay readable on a phone and no block needs a scrollbar.
  '[&_pre]:px-4 [&_pre]:py-3 [&_pre]:whitespace-pre-wrap [&_pre]:break-words ' +
  '[&_pre]:!bg-white dark:[&_pre]:!bg-slate-900 ' +
  'dark:[&_span]:!text-(--shiki-dark)';

/** Highlighted on the server: the page ships the coloured HTML and no highlighter. */
export async function HighlightedCode({ code, lang }: { code: string; lang: string }) {
  const html = await highlightToHtml(code, lang);
  return <div className={codeFrameClass} dangerouslySetInnerHTML={{ __html: html }} />;
}

export async function CodeBlock({
  code,
  lang = 'text',
  title,
}: {
  code: string;
  lang?: string;
  title?: string;
}) {
  return (
    <figure className="my-5">
      {title && (
        <figcaption className="mb-1.5 font-mono text-xs text-slate-600 dark:text-slate-400">
          {title}
        </figcaption>
      )}
      <HighlightedCode code={code} lang={lang} />
    </figure>
  );
}

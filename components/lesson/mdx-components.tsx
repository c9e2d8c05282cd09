import Link from 'next/link';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import type { LessonComponentName } from '@/lib/content/lesson-components';
import { Callout } from './Callout';
import { CodeBlock } from './CodeBlock';
import {
  DeleteInsertVsMergeDiagram,
  FullVsIncrementalDiagram,
  LookbackWindowDiagram,
} from './diagrams';
import { LatenessLabDemo, StrategyExplainer } from './ExplainDemos';
import { KnowledgeCheck } from './KnowledgeCheck';
import { CompiledBranches, LessonModelSource } from './LessonModel';
import { RunnableSql } from './RunnableSql';
import { Pane, SideBySide } from './SideBySide';

/* eslint-disable @typescript-eslint/no-explicit-any -- MDX hands each component loosely typed props */
type AnyComponent = (props: any) => ReactNode | Promise<ReactNode>;

/** The lesson's own components: typed against the list the content check enforces. */
const lessonComponents: Record<LessonComponentName, AnyComponent> = {
  CodeBlock,
  RunnableSql,
  Callout,
  KnowledgeCheck,
  SideBySide,
  Pane,
  FullVsIncrementalDiagram,
  LookbackWindowDiagram,
  DeleteInsertVsMergeDiagram,
  LessonModelSource,
  CompiledBranches,
  StrategyExplainer,
  LatenessLab: LatenessLabDemo,
};

const link =
  'font-medium text-emerald-800 underline underline-offset-2 hover:text-emerald-950 dark:text-emerald-300 dark:hover:text-emerald-200';

function Anchor({ href = '', children, ...rest }: ComponentPropsWithoutRef<'a'>) {
  if (href.startsWith('/')) {
    return (
      <Link href={href} className={link} {...rest}>
        {children}
      </Link>
    );
  }
  return (
    <a href={href} className={link} {...rest}>
      {children}
    </a>
  );
}

function heading(Tag: 'h2' | 'h3' | 'h4', className: string) {
  return function Heading({ children, id, ...rest }: ComponentPropsWithoutRef<'h2'>) {
    return (
      <Tag id={id} className={`group scroll-mt-6 ${className}`} {...rest}>
        {children}
        {id && (
          <a
            href={`#${id}`}
            className="ml-2 text-slate-400 no-underline opacity-0 group-hover:opacity-100 focus:opacity-100 dark:text-slate-500"
            aria-label="Link to this section"
          >
            #
          </a>
        )}
      </Tag>
    );
  };
}

/** Plain Markdown elements, styled for reading (no typography plugin needed). */
const markdownComponents = {
  a: Anchor,
  h2: heading('h2', 'mt-12 mb-3 text-2xl font-bold tracking-tight'),
  h3: heading('h3', 'mt-8 mb-2 text-lg font-semibold'),
  h4: heading('h4', 'mt-6 mb-2 font-semibold'),
  p: (props: ComponentPropsWithoutRef<'p'>) => <p className="my-4 leading-7" {...props} />,
  ul: ({ className, ...props }: ComponentPropsWithoutRef<'ul'>) => (
    <ul
      className={`my-4 space-y-1.5 leading-7 ${className?.includes('contains-task-list') ? 'pl-1' : 'list-disc pl-6 marker:text-slate-400'}`}
      {...props}
    />
  ),
  ol: (props: ComponentPropsWithoutRef<'ol'>) => (
    <ol className="my-4 list-decimal space-y-1.5 pl-6 leading-7 marker:text-slate-500" {...props} />
  ),
  blockquote: (props: ComponentPropsWithoutRef<'blockquote'>) => (
    <blockquote
      className="my-5 border-l-4 border-slate-300 pl-4 text-slate-700 italic dark:border-slate-700 dark:text-slate-300"
      {...props}
    />
  ),
  code: (props: ComponentPropsWithoutRef<'code'>) => (
    <code
      className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.875em] text-slate-900 dark:bg-slate-800 dark:text-slate-100"
      {...props}
    />
  ),
  table: (props: ComponentPropsWithoutRef<'table'>) => (
    <div className="my-5 overflow-x-auto">
      <table className="w-full border-collapse text-left text-[15px]" {...props} />
    </div>
  ),
  th: (props: ComponentPropsWithoutRef<'th'>) => (
    <th
      className="border-b-2 border-slate-300 px-3 py-2 align-bottom font-semibold dark:border-slate-700"
      {...props}
    />
  ),
  td: (props: ComponentPropsWithoutRef<'td'>) => (
    <td
      className="border-b border-slate-200 px-3 py-2 align-top dark:border-slate-800"
      {...props}
    />
  ),
  hr: () => <hr className="my-10 border-slate-200 dark:border-slate-800" />,
  // GFM task lists (`- [ ]`) are a checklist to read, not a form: show a box, not an unlabeled input.
  input: ({ type, checked }: ComponentPropsWithoutRef<'input'>) =>
    type === 'checkbox' ? (
      <span aria-hidden="true" className="mr-1.5 font-mono text-slate-500 dark:text-slate-400">
        {checked ? '☑' : '☐'}
      </span>
    ) : null,
  li: ({ className, ...props }: ComponentPropsWithoutRef<'li'>) => (
    <li className={className?.includes('task-list-item') ? 'list-none' : undefined} {...props} />
  ),
  strong: (props: ComponentPropsWithoutRef<'strong'>) => (
    <strong className="font-semibold text-slate-950 dark:text-white" {...props} />
  ),
};

export const mdxComponents = { ...markdownComponents, ...lessonComponents };

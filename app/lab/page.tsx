import { run } from '@mdx-js/mdx';
import type { Metadata } from 'next';
import Link from 'next/link';
import * as runtime from 'react/jsx-runtime';
import { mdxComponents } from '@/components/lesson/mdx-components';
import { Workspace } from '@/components/workspace/Workspace';
import { loadLabInstructions } from '@/lib/content/lessons.node';
import { duckdbWasmVersion } from '@/lib/engine/duckdb-version.node';
import { earlyEngineScript } from '@/lib/engine/early-start';
import { PREBUILT_MANIFEST } from '@/lib/data/prebuilt';
import { PREBUILT_URL } from '@/lib/workspace/course-data';
import {
  solutionProjectFiles,
  starterProjectFiles,
  stretchProjectFiles,
} from '@/lib/dbt/course-project.node';

export const metadata: Metadata = { title: 'Lab' };

async function Instructions() {
  let lesson;
  try {
    lesson = await loadLabInstructions();
  } catch {
    lesson = null; // no instructions file yet: the workspace works without it
  }
  const { default: Content } = lesson
    ? await run(lesson.code, { ...runtime, baseUrl: import.meta.url })
    : { default: null };
  return (
    <div className="space-y-3">
      {Content ? (
        <article className="min-w-0">
          <Content components={mdxComponents} />
        </article>
      ) : (
        <p>
          Make <code>models/marts/fct_orders.sql</code> incremental, run it twice, then grade it.
        </p>
      )}
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Everything runs in this browser.{' '}
        <Link href="/lab/self-test" className="text-emerald-700 underline dark:text-emerald-400">
          Check this browser
        </Link>
        .
      </p>
    </div>
  );
}

export default async function LabPage() {
  // Read at build time: the course project ships inside the page, no request needed.
  const starter = await starterProjectFiles();
  const solution = (await solutionProjectFiles())['models/marts/fct_orders.sql'] ?? '';
  const stretch = (await stretchProjectFiles())['models/marts/fct_orders.sql'] ?? '';
  return (
    <>
      {/* Starts the engine and the data's download at the page's first bytes (early-start.ts). */}
      <script
        dangerouslySetInnerHTML={{
          __html: earlyEngineScript(duckdbWasmVersion(), PREBUILT_URL, PREBUILT_MANIFEST),
        }}
      />
      <Workspace
        starter={starter}
        solution={solution}
        stretch={stretch}
        instructions={<Instructions />}
      />
    </>
  );
}

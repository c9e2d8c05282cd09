import { readFile } from 'node:fs/promises';
import { LatenessLab } from '@/components/explain/LatenessLab';
import { LESSON_MODEL_FILE } from '@/lib/content/lesson-model.node';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt/types';
import { lookbackOf } from '@/lib/explain/lookback';
import { withRepeatedKey } from '@/lib/explain/scenarios';
import { LessonStrategyExplainer } from './LessonStrategyExplainer';

const MODEL = 'models/marts/fct_orders.sql';

/** The course project with the implementation guide's finished fct_orders. */
async function guideProjectFiles(): Promise<ProjectFiles> {
  return { ...(await starterProjectFiles()), [MODEL]: await readFile(LESSON_MODEL_FILE, 'utf8') };
}

/**
 * The strategy explainer in a lesson, on three versions of fct_orders read at build time: the
 * starter, the implementation guide's model and that model with a repeated key.
 */
export async function StrategyExplainer({
  initial = 'guide',
}: {
  initial?: 'starter' | 'guide' | 'repeated-key';
}) {
  const starter = await starterProjectFiles();
  const guide = await guideProjectFiles();
  const scenarios = [
    {
      id: 'starter',
      label: 'the starter',
      description:
        'Day 10’s fct_orders: a table model with no filter and no unique_key. Run as incremental, its batch is every order.',
      files: starter,
    },
    {
      id: 'guide',
      label: 'the guide’s model',
      description:
        'The implementation guide’s fct_orders: incremental, unique_key order_id, the last 3 days recomputed on each run.',
      files: guide,
    },
    {
      id: 'repeated-key',
      label: 'a batch with a repeated key',
      description:
        'The guide’s model, with one order of the window selected a second time (a union all), so the batch holds its key twice.',
      files: { ...guide, [MODEL]: withRepeatedKey(guide[MODEL]!) },
    },
  ];
  return <LessonStrategyExplainer starter={starter} scenarios={scenarios} initial={initial} />;
}

/** The lateness lab in a lesson, on the guide's model (its 3-day window marked). */
export async function LatenessLabDemo() {
  const guide = await guideProjectFiles();
  const { injection } = lookbackOf(guide, 'fct_orders');
  const markWidth = injection.kind === 'none' ? null : injection.current;
  return (
    <div
      className="my-6 rounded-lg border border-emerald-200 bg-white p-3 dark:border-emerald-900 dark:bg-slate-950"
      data-testid="lesson-lateness-lab"
    >
      <p className="mb-2 text-xs font-semibold tracking-wide text-emerald-800 uppercase dark:text-emerald-300">
        Lateness lab
        <span className="ml-2 font-normal tracking-normal text-slate-600 normal-case dark:text-slate-400">
          runs in your browser on generated data
        </span>
      </p>
      <LatenessLab files={guide} markWidth={markWidth} subject="the guide’s model" />
    </div>
  );
}

import { loadLessonModel } from '@/lib/content/lesson-model.node';
import { CodeBlock } from './CodeBlock';
import { Pane, SideBySide } from './SideBySide';

/** The guide's finished `fct_orders.sql`, read from `content/lessons/models/` at build time. */
export async function LessonModelSource() {
  const model = await loadLessonModel();
  return <CodeBlock code={model.source} lang="sql" title="models/marts/fct_orders.sql" />;
}

/**
 * Both branches of that model as the lab's dbt engine compiles them (at build time, in the course
 * project), side by side: what a first run or full refresh runs, and what an incremental run runs.
 */
export async function CompiledBranches() {
  const model = await loadLessonModel();
  return (
    <SideBySide caption="The compiled model on a first run or full refresh (left) and on an incremental run (right), as the lab's dbt engine compiles it. Only the filter differs. In the workspace, the compiled SQL panel shows both branches of your own model.">
      <Pane title="First run and --full-refresh">
        <CodeBlock code={model.firstBuildSql} lang="sql" />
      </Pane>
      <Pane title="Incremental run">
        <CodeBlock code={model.incrementalSql} lang="sql" />
      </Pane>
    </SideBySide>
  );
}

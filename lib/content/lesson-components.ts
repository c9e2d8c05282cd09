/**
 * The JSX components a lesson may use. The page's component map is typed against this list and the
 * content check rejects any other name, so a typo fails the test run instead of a reader's page.
 */
export const LESSON_COMPONENTS = [
  // Generated from fenced code by remark-lesson.
  'CodeBlock',
  'RunnableSql',
  // Written by hand in the MDX.
  'Callout',
  'KnowledgeCheck',
  'SideBySide',
  'Pane',
  'FullVsIncrementalDiagram',
  'LookbackWindowDiagram',
  'DeleteInsertVsMergeDiagram',
  // Rendered at build time from content/lessons/models/ with the lab's dbt engine.
  'LessonModelSource',
  'CompiledBranches',
  // Client widgets that load the engine only when the reader asks (the lab's own tools).
  'StrategyExplainer',
  'LatenessLab',
] as const;

export type LessonComponentName = (typeof LESSON_COMPONENTS)[number];

export function isLessonComponent(name: string): name is LessonComponentName {
  return (LESSON_COMPONENTS as readonly string[]).includes(name);
}

/**
 * What the editor suggests while a model is typed: model names inside `ref('…')`, source names and
 * their tables inside `source('…', '…')`, dbt's Jinja names inside `{{ }}` / `{% %}`, and elsewhere
 * the columns of the relations in the database (with their types) plus those the project's YAML
 * documents. Pure: the editor passes the text before the cursor and the last catalog read.
 */
import { loadProject, type Project } from '@/lib/dbt/project/load-project';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { CatalogRelation } from './catalog';

export type SuggestionKind = 'model' | 'source' | 'table' | 'column' | 'jinja';

export interface Suggestion {
  label: string;
  kind: SuggestionKind;
  detail: string;
}

export const JINJA_NAMES: readonly { label: string; detail: string }[] = [
  { label: 'config', detail: "config(materialized='incremental', unique_key='…')" },
  { label: 'ref', detail: "ref('model_name')" },
  { label: 'source', detail: "source('source_name', 'table_name')" },
  { label: 'is_incremental', detail: 'is_incremental(): true on an incremental run' },
  { label: 'this', detail: 'the model’s own relation' },
  { label: 'var', detail: "var('name', default)" },
  { label: 'target', detail: 'target.name, target.schema' },
  { label: 'run_started_at', detail: 'when the run started' },
  { label: 'if', detail: '{% if … %} … {% endif %}' },
  { label: 'endif', detail: 'ends an if block' },
  { label: 'else', detail: 'else branch' },
  { label: 'for', detail: '{% for x in … %} … {% endfor %}' },
  { label: 'endfor', detail: 'ends a for block' },
  { label: 'set', detail: '{% set name = … %}' },
];

function tryLoad(files: ProjectFiles): Project | null {
  try {
    return loadProject(files);
  } catch {
    return null; // a half-typed schema.yml must not break completion
  }
}

function unique(suggestions: Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  return suggestions.filter(
    (s) => !seen.has(`${s.kind}:${s.label}`) && seen.add(`${s.kind}:${s.label}`),
  );
}

/** `lineBefore` is the current line up to the cursor; `catalog` the database's relations. */
export function completionsAt(
  files: ProjectFiles,
  lineBefore: string,
  catalog: readonly CatalogRelation[] = [],
): Suggestion[] {
  const project = tryLoad(files);
  if (!project) return [];
  if (/\bref\(\s*['"]\w*$/.test(lineBefore))
    return project.models.map((m) => ({ label: m.name, kind: 'model', detail: m.path }));
  const sourceTable = /\bsource\(\s*['"](\w+)['"]\s*,\s*['"]\w*$/.exec(lineBefore);
  if (sourceTable)
    return project.sources
      .filter((s) => s.sourceName === sourceTable[1])
      .map((s) => ({ label: s.name, kind: 'table', detail: `${s.schema}.${s.identifier}` }));
  if (/\bsource\(\s*['"]\w*$/.test(lineBefore))
    return unique(
      project.sources.map((s) => ({ label: s.sourceName, kind: 'source', detail: s.file })),
    );
  const lastOpen = Math.max(lineBefore.lastIndexOf('{{'), lineBefore.lastIndexOf('{%'));
  const lastClose = Math.max(lineBefore.lastIndexOf('}}'), lineBefore.lastIndexOf('%}'));
  if (lastOpen >= 0 && lastOpen > lastClose)
    return JINJA_NAMES.map((n) => ({ label: n.label, kind: 'jinja', detail: n.detail }));
  const columns: Suggestion[] = [];
  // Relations the project builds or reads come first: they are what a model selects from.
  const known = new Set([
    ...project.models.map((m) => m.name),
    ...project.sources.map((s) => `${s.schema}.${s.identifier}`),
  ]);
  const ordered = [...catalog].sort(
    (a, b) =>
      Number(!known.has(a.name) && !known.has(`${a.schema}.${a.name}`)) -
      Number(!known.has(b.name) && !known.has(`${b.schema}.${b.name}`)),
  );
  for (const relation of ordered)
    for (const c of relation.columns)
      columns.push({
        label: c.name,
        kind: 'column',
        detail: `${c.type} · ${relation.schema}.${relation.name}`,
      });
  for (const [model, props] of project.modelProperties)
    for (const c of props.columns) columns.push({ label: c.name, kind: 'column', detail: model });
  for (const s of project.sources)
    for (const c of s.columns)
      columns.push({ label: c.name, kind: 'column', detail: `${s.sourceName}.${s.name}` });
  return unique(columns);
}

/**
 * Data tests: the four generic tests (with dbt's SQL) and singular tests (`tests/*.sql`, failing
 * when they return rows). A test counts its failing rows; `severity: warn` and `error_if` /
 * `warn_if` thresholds decide between PASS, WARN and FAIL.
 */
import { compileSingularTest, renderExpression, type CompileState } from '../compile';
import { CompilationError } from '../errors';
import type { GenericTestSpec, TestNode } from '../manifest/nodes';
import { checkedSql, queryStatement } from '../materialize/sql';
import { quoteLiteral } from '../relation';

function relationOf(state: CompileState, spec: GenericTestSpec, where: unknown): string {
  const node = state.manifest.nodes.get(spec.attachedTo);
  if (!node || node.resourceType === 'test')
    throw new CompilationError(`Test target ${spec.attachedTo} not found`);
  const relation = node.relation.render();
  return typeof where === 'string' && where
    ? `(select * from ${relation} where ${where}) dbt_subquery`
    : relation;
}

function literalList(values: unknown[], quote: boolean): string {
  return values.map((v) => (quote ? quoteLiteral(String(v)) : String(v))).join(', ');
}

export async function genericTestSql(state: CompileState, node: TestNode): Promise<string> {
  const spec = node.generic!;
  const model = relationOf(state, spec, node.config.where);
  const column = spec.column ?? '';
  switch (spec.testName) {
    case 'not_null':
      return `select ${column}\nfrom ${model}\nwhere ${column} is null`;
    case 'unique':
      return (
        `select\n    ${column} as unique_field,\n    count(*) as n_records\n\nfrom ${model}\n` +
        `where ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`
      );
    case 'accepted_values': {
      const values = (spec.args.values as unknown[]) ?? [];
      const quote = spec.args.quote !== false;
      return (
        `with all_values as (\n    select\n        ${column} as value_field,\n        count(*) as n_records\n` +
        `    from ${model}\n    group by ${column}\n)\n\nselect *\nfrom all_values\n` +
        `where value_field not in (\n    ${literalList(values, quote)}\n)`
      );
    }
    case 'relationships': {
      const to = await renderExpression(state, node, String(spec.args.to));
      const field = String(spec.args.field);
      return (
        `with child as (\n    select ${column} as from_field\n    from ${model}\n    where ${column} is not null\n),\n\n` +
        `parent as (\n    select ${field} as to_field\n    from ${to}\n)\n\n` +
        `select\n    from_field\n\nfrom child\nleft join parent\n    on child.from_field = parent.to_field\n\nwhere parent.to_field is null`
      );
    }
  }
}

function threshold(rule: unknown, failures: number): boolean {
  const match = /^\s*(>=|<=|!=|==|=|>|<)\s*(\d+)\s*$/.exec(typeof rule === 'string' ? rule : '!=0');
  if (!match) return failures !== 0;
  const n = Number(match[2]);
  switch (match[1]) {
    case '>=':
      return failures >= n;
    case '<=':
      return failures <= n;
    case '>':
      return failures > n;
    case '<':
      return failures < n;
    case '=':
    case '==':
      return failures === n;
    default:
      return failures !== n;
  }
}

export interface TestOutcome {
  status: 'pass' | 'fail' | 'warn';
  failures: number;
  sql: string;
}

export async function compileTest(state: CompileState, node: TestNode): Promise<string> {
  return node.generic ? genericTestSql(state, node) : compileSingularTest(state, node);
}

export async function runTest(
  state: CompileState,
  node: TestNode,
  sql: string,
): Promise<TestOutcome> {
  // dbt wraps a test's SQL in a count: a `;` in it fails there, as it does for a model
  const body = node.generic ? sql : checkedSql(sql, node);
  const rows = await queryStatement<{ failures: number }>(
    state.inv.connection,
    `select count(*)::bigint as failures from (\n${body}\n) dbt_internal_test`,
    1,
  );
  const failures = Number(rows[0]?.failures ?? 0);
  const severity = String(node.config.severity ?? 'error').toLowerCase();
  if (severity !== 'warn' && threshold(node.config.error_if, failures))
    return { status: 'fail', failures, sql };
  if (threshold(node.config.warn_if, failures)) return { status: 'warn', failures, sql };
  return { status: 'pass', failures, sql };
}

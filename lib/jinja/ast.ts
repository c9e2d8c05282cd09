/** The syntax tree of a parsed template: statements and expressions, each with its line. */
import type { Value } from './values';

export type Expr =
  | { k: 'const'; line: number; value: Value }
  | { k: 'name'; line: number; name: string }
  | { k: 'list'; line: number; items: Expr[] }
  | { k: 'tuple'; line: number; items: Expr[] }
  | { k: 'dict'; line: number; items: [Expr, Expr][] }
  | { k: 'getattr'; line: number; obj: Expr; name: string }
  | { k: 'getitem'; line: number; obj: Expr; key: Expr }
  | { k: 'slice'; line: number; obj: Expr; start?: Expr; stop?: Expr; step?: Expr }
  | { k: 'call'; line: number; fn: Expr; args: CallArgs }
  | { k: 'filter'; line: number; value: Expr; name: string; args: CallArgs }
  | { k: 'test'; line: number; value: Expr; name: string; args: CallArgs; negated: boolean }
  | { k: 'unary'; line: number; op: '-' | '+' | 'not'; operand: Expr }
  | { k: 'binary'; line: number; op: string; left: Expr; right: Expr }
  | { k: 'and' | 'or'; line: number; left: Expr; right: Expr }
  | { k: 'compare'; line: number; first: Expr; ops: [string, Expr][] }
  | { k: 'cond'; line: number; test: Expr; then: Expr; otherwise?: Expr };

export interface CallArgs {
  positional: Expr[];
  keywords: [string, Expr][];
  star?: Expr;
  starStar?: Expr;
}

/** One filter of a `{% filter %}` block or a `{% set x | f %}` block. */
export interface FilterCall {
  name: string;
  args: CallArgs;
  line: number;
}

export interface Param {
  name: string;
  default?: Expr;
}

export type Target =
  | { k: 'name'; name: string }
  | { k: 'tuple'; items: Target[] }
  | { k: 'attr'; obj: string; name: string };

export interface MacroDef {
  name: string;
  params: Param[];
  body: Stmt[];
  /** Whether the body reads `varargs` / `kwargs`, so extra arguments are accepted. */
  catchVarargs: boolean;
  catchKwargs: boolean;
  line: number;
}

export type Stmt =
  | { k: 'data'; line: number; text: string }
  | { k: 'output'; line: number; expr: Expr }
  | { k: 'if'; line: number; branches: { test: Expr; body: Stmt[] }[]; otherwise?: Stmt[] }
  | {
      k: 'for';
      line: number;
      target: Target;
      iter: Expr;
      filter?: Expr;
      body: Stmt[];
      otherwise?: Stmt[];
    }
  | { k: 'set'; line: number; target: Target; expr: Expr }
  | { k: 'setblock'; line: number; target: Target; body: Stmt[]; filters: FilterCall[] }
  | { k: 'macro'; line: number; def: MacroDef }
  | { k: 'callblock'; line: number; call: Expr; caller: MacroDef }
  | { k: 'filterblock'; line: number; filters: FilterCall[]; body: Stmt[] }
  | { k: 'do'; line: number; expr: Expr }
  | { k: 'break' | 'continue'; line: number }
  | { k: 'with'; line: number; assignments: [Target, Expr][]; body: Stmt[] }
  /** dbt's `{% docs %}` and `{% snapshot %}` blocks: kept for the host, rendering nothing. */
  | { k: 'dbtblock'; line: number; tag: 'docs' | 'snapshot'; name: string; body: Stmt[] };

export interface Program {
  name: string;
  body: Stmt[];
  /** Macros defined at the top level (including dbt's `{% test %}` and `{% materialization %}`). */
  macros: MacroDef[];
}

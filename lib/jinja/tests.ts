/** Jinja's built-in tests (`x is defined`, `n is divisibleby 3`, `v is string`…). */
import { TemplateRuntimeError } from './errors';
import { compareOp, contains, pyEquals } from './operators';
import {
  HostObject,
  isCallable,
  isDict,
  isFloat,
  isNumber,
  Namespace,
  num,
  Undefined,
  type Value,
} from './values';

export type TestFn = (value: Value, args: Value[]) => boolean;

function numberArg(args: Value[], test: string): number {
  const n = args[0];
  if (n === undefined || !isNumber(n))
    throw new TemplateRuntimeError(`the '${test}' test needs a number`);
  return num(n);
}

export const BUILTIN_TESTS: Record<string, TestFn> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => isNumber(v) && typeof v !== 'boolean' && isFloat(v),
  number: (v) => isNumber(v),
  string: (v) => typeof v === 'string',
  mapping: (v) => isDict(v) || v instanceof Namespace,
  sequence: (v) =>
    typeof v === 'string' ||
    Array.isArray(v) ||
    isDict(v) ||
    (v instanceof HostObject && typeof v.iterate === 'function'),
  iterable: (v) =>
    typeof v === 'string' ||
    Array.isArray(v) ||
    isDict(v) ||
    (v instanceof HostObject && typeof v.iterate === 'function'),
  callable: (v) => isCallable(v),
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  odd: (v) => num(v) % 2 !== 0,
  even: (v) => num(v) % 2 === 0,
  divisibleby: (v, a) => num(v) % numberArg(a, 'divisibleby') === 0,
  sameas: (v, a) => v === a[0],
  escaped: () => false,
  in: (v, a) => contains(a[0] ?? null, v),
  eq: (v, a) => pyEquals(v, a[0] ?? null),
  ne: (v, a) => !pyEquals(v, a[0] ?? null),
  lt: (v, a) => compareOp('<', v, a[0] ?? null),
  le: (v, a) => compareOp('<=', v, a[0] ?? null),
  gt: (v, a) => compareOp('>', v, a[0] ?? null),
  ge: (v, a) => compareOp('>=', v, a[0] ?? null),
};

for (const [alias, name] of [
  ['==', 'eq'],
  ['equalto', 'eq'],
  ['!=', 'ne'],
  ['<', 'lt'],
  ['lessthan', 'lt'],
  ['<=', 'le'],
  ['>', 'gt'],
  ['greaterthan', 'gt'],
  ['>=', 'ge'],
] as const) {
  BUILTIN_TESTS[alias] = BUILTIN_TESTS[name]!;
}

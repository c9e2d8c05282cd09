/**
 * The few assertions the framework-free suites use (engine contract, dbt behaviour), so the same cases
 * run in Vitest and in a browser page.
 */
export class AssertionError extends Error {}

export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

export function assertContains(text: string, part: string, what: string): void {
  if (!text.includes(part))
    throw new AssertionError(
      `${what}: expected to find ${JSON.stringify(part)} in ${JSON.stringify(text)}`,
    );
}

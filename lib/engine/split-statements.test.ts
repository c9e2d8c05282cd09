import { describe, expect, it } from 'vitest';
import { hasCode, splitStatements } from './split-statements';

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    expect(
      splitStatements(`select 'a;b' as x; select "c;d" from t -- ; comment
      ; /* ; */ select $$ ; $$;`),
    ).toEqual([`select 'a;b' as x`, `select "c;d" from t -- ; comment`, `/* ; */ select $$ ; $$`]);
  });
  it('drops empty and comment-only pieces', () => {
    expect(splitStatements(' ; -- only a comment\n ;')).toEqual([]);
    expect(hasCode('/* x */ -- y')).toBe(false);
  });
  it('keeps escaped quotes inside strings', () => {
    expect(splitStatements("select 'it''s; fine'; select 2")).toEqual([
      "select 'it''s; fine'",
      'select 2',
    ]);
  });
});

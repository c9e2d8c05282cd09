import { describe, expect, it } from 'vitest';
import { JinjaError, ProjectError } from '../errors';
import { loadMacros, renderTemplate } from './environment';

const render = (source: string, context: Record<string, unknown> = {}) =>
  renderTemplate(source, 'models/x.sql', context);

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe("dbt's Jinja", () => {
  it('has {% do %}, Python string/list/dict methods and True/False/None', async () => {
    expect(
      await render(
        "{% set cols = [] %}{% do cols.append('a') %}{% do cols.extend(['b']) %}{{ ', '.join(cols) }}|{{ 'A,B'.lower().split(',') | join('+') }}|{{ {'k': 1}.get('z', 'd') }}|{{ None is none }}|{{ True and not False }}",
      ),
    ).toBe('a, b|a+b|d|True|True');
    expect(
      await render(
        "{% for k, v in {'x': 1}.items() %}{{ k }}={{ v }}{% endfor %}{{ '  s '.strip() }}",
      ),
    ).toBe('x=1s');
  });

  it('return() gives a macro a value and ends it, even through macros in other files', async () => {
    const macros = loadMacros(
      [
        {
          file: 'macros/a.sql',
          source: '{% macro outer(x) %}{{ return(inner(x) + 1) }}{% endmacro %}',
        },
        {
          file: 'macros/b.sql',
          source:
            '{% macro inner(x) %}{% do return(x * 10) %}{{ exceptions.nope() }}{% endmacro %}',
        },
      ],
      'p',
    );
    expect(await renderTemplate('{{ outer(4) }}', 'models/x.sql', {}, macros)).toBe('41');
  });

  it('errors name the file and the line', async () => {
    const cases: [string, number, string][] = [
      ['select 1\n{{ nope() }}', 2, "'nope' is undefined. This can happen when calling a macro"],
      ['a\nb\n{{ foo( }}', 3, "unexpected '}}'"],
      ['a\n{% for x in y %}\n{{ x }}', 2, "the '{% for %}' block opened on line 2 is never closed"],
      ['select 1\n{% endfi %}', 2, "Encountered unknown tag 'endfi'"],
      ['select 1\n\n{{ 1 + "a" }}', 3, "unsupported operand type(s) for +: 'int' and 'str'"],
      ['select 1 {{ x | nofilter }}', 1, "No filter named 'nofilter'."],
    ];
    for (const [source, line, message] of cases) {
      const error = await errorOf(() => render(source));
      expect(error).toBeInstanceOf(JinjaError);
      expect([(error as JinjaError).file, (error as JinjaError).line]).toEqual([
        'models/x.sql',
        line,
      ]);
      expect((error as JinjaError).message).toContain(message);
    }
  });

  it('an error inside a macro names the macro file and its line', async () => {
    const macros = loadMacros(
      [{ file: 'macros/m.sql', source: '{% macro m() %}\nok\n{{ 1 // 0 }}\n{% endmacro %}' }],
      'p',
    );
    const error = await errorOf(() => renderTemplate('\n{{ m() }}', 'models/x.sql', {}, macros));
    expect(error).toMatchObject({ file: 'macros/m.sql', line: 3 });
    expect((error as Error).message).toContain('integer division or modulo by zero');
  });

  it('refuses two macros with one name, naming both files', () => {
    const error = (() => {
      try {
        loadMacros(
          [
            { file: 'macros/a.sql', source: '{% macro cents(x) %}{{ x }}{% endmacro %}' },
            { file: 'macros/b.sql', source: '{% macro cents(y) %}{{ y }}{% endmacro %}' },
          ],
          'olist_dbt',
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as Error).message).toContain(
      'dbt found two macros named "cents" in the project "olist_dbt"',
    );
    expect((error as Error).message).toContain('- macros/b.sql');
    expect((error as Error).message).toContain('- macros/a.sql');
  });
});

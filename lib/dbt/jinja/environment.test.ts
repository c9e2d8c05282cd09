import { describe, expect, it } from 'vitest';
import { JinjaError } from '../errors';
import { macroReturn, renderTemplate } from './environment';

const render = (source: string, context: Record<string, unknown> = {}) =>
  renderTemplate(source, 'models/x.sql', { return: macroReturn, ...context });

describe('the Jinja environment', () => {
  it('has {% do %}, Python string/list/dict methods and True/False/None', () => {
    expect(
      render(
        "{% set cols = [] %}{% do cols.append('a') %}{% do cols.extend(['b']) %}{{ ', '.join(cols) }}|{{ 'A,B'.lower().split(',') | join('+') }}|{{ {'k': 1}.get('z', 'd') }}|{{ None is none }}|{{ True and not False }}",
      ),
    ).toBe('a, b|a+b|d|true|true');
    expect(
      render("{% for k, v in {'x': 1}.items() %}{{ k }}={{ v }}{% endfor %}{{ '  s '.strip() }}"),
    ).toBe('x=1s');
  });

  it('return() gives a macro a value, even through macros in other files', () => {
    const macros = [
      {
        file: 'macros/a.sql',
        source: '{% macro outer(x) %}{{ return(inner(x) + 1) }}{% endmacro %}',
        names: ['outer'],
      },
      {
        file: 'macros/b.sql',
        source: '{% macro inner(x) %}{% do return(x * 10) %}ignored{% endmacro %}',
        names: ['inner'],
      },
    ];
    expect(renderTemplate('{{ outer(4) }}', 'models/x.sql', { return: macroReturn }, macros)).toBe(
      '41',
    );
  });

  it('errors name the file and the line', () => {
    const cases: [string, number, string][] = [
      ['select 1\n{{ nope() }}', 2, "'nope' is undefined"],
      ['a\nb\n{{ foo( }}', 3, 'unexpected token'],
      ['a\n{% for x in y %}\n{{ x }}', 2, "the '{% for %}' block opened on line 2 is never closed"],
      ['select 1\n{% endfi %}', 2, "Encountered unknown tag 'endfi'"],
    ];
    for (const [source, line, message] of cases) {
      let error: unknown;
      try {
        render(source);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(JinjaError);
      expect([(error as JinjaError).file, (error as JinjaError).line]).toEqual([
        'models/x.sql',
        line,
      ]);
      expect((error as JinjaError).message).toContain(message);
    }
  });
});

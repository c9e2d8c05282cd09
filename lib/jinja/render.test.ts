import { describe, expect, it } from 'vitest';
import {
  Environment,
  HostObject,
  TemplateLimitError,
  TemplateRuntimeError,
  TemplateSyntaxError,
  type Value,
} from './index';

const env = new Environment();
const render = (source: string, context: Record<string, unknown> = {}) =>
  env.renderString(source, 't.sql', context);

async function errorOf(source: string, context: Record<string, unknown> = {}) {
  try {
    await render(source, context);
  } catch (error) {
    return error as { name: string; message: string; file?: string; line?: number };
  }
  throw new Error(`expected ${source} to fail`);
}

describe('printing as Python does', () => {
  it.each([
    ['{{ none }}|{{ None }}', 'None|None'],
    ['{{ true }}|{{ False }}', 'True|False'],
    ["{{ [1, none, 'a', \"it's\"] }}", `[1, None, 'a', "it's"]`],
    ["{{ {'a': 1, 'b': [true]} }}", "{'a': 1, 'b': [True]}"],
    ['{{ (1,) }}|{{ (1, 2) }}|{{ () }}', '(1,)|(1, 2)|()'],
    [
      '{{ 1.0 }}|{{ 4 / 2 }}|{{ 7 // 2 }}|{{ 7 % 3 }}|{{ -7 // 2 }}|{{ -7 % 3 }}',
      '1.0|2.0|3|1|-4|2',
    ],
    [
      '{{ 0.1 + 0.2 }}|{{ 1e-5 }}|{{ 1e16 }}|{{ 2 ** 10 }}|{{ 2 ** -1 }}',
      '0.30000000000000004|1e-05|1e+16|1024|0.5',
    ],
    ['{{ undefined_name }}|{{ "a" ~ 1 ~ none }}', '|a1None'],
    ["{{ 'tab\\there' }}|{{ ['a\\nb'] }}", "tab\there|['a\\nb']"],
  ])('%s', async (source, expected) => {
    expect(await render(source)).toBe(expected);
  });

  it('prints host objects through their own str()', async () => {
    class Thing extends HostObject {
      readonly typeName = 'Thing';
      override str() {
        return '"db"."main"."t"';
      }
      override getAttr(name: string): Value | undefined {
        return name === 'identifier' ? 't' : undefined;
      }
    }
    expect(await render('select * from {{ x }} -- {{ x.identifier }}', { x: new Thing() })).toBe(
      'select * from "db"."main"."t" -- t',
    );
  });
});

describe('statements', () => {
  it('if / elif / else, for with loop, else, filter, break and continue', async () => {
    expect(await render('{% if 0 %}a{% elif [] %}b{% elif "x" %}c{% else %}d{% endif %}')).toBe(
      'c',
    );
    expect(
      await render(
        "{% for k, v in {'x': 1, 'y': 2}.items() %}{{ loop.index }}{{ k }}={{ v }}{% if not loop.last %},{% endif %}{% endfor %}",
      ),
    ).toBe('1x=1,2y=2');
    expect(await render('{% for x in [] %}x{% else %}empty{% endfor %}')).toBe('empty');
    expect(await render('{% for x in range(10) if x is odd %}{{ x }}{% endfor %}')).toBe('13579');
    expect(
      await render(
        '{% for x in range(9) %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 5 %}{% break %}{% endif %}{{ x }}{% endfor %}',
      ),
    ).toBe('0134');
    expect(
      await render(
        '{% for x in "ab" %}{{ loop.revindex }}{{ x }}{{ loop.cycle("-", "+") }}{% endfor %}',
      ),
    ).toBe('2a-1b+');
  });

  it('set, set blocks with filters, namespace, with, do', async () => {
    expect(await render('{% set a, b = 1, 2 %}{{ b }}{{ a }}')).toBe('21');
    expect(await render('{% set x | upper %}hi {{ 1 }}{% endset %}[{{ x }}]')).toBe('[HI 1]');
    expect(
      await render(
        '{% set ns = namespace(n=0) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}',
      ),
    ).toBe('6');
    expect(
      await render('{% set n = 1 %}{% for i in [1] %}{% set n = 5 %}{% endfor %}{{ n }}'),
    ).toBe('1');
    expect(await render('{% with a = 2 %}{{ a }}{% endwith %}[{{ a }}]')).toBe('2[]');
    expect(await render('{% set l = [3, 1] %}{% do l.append(2) %}{% do l.sort() %}{{ l }}')).toBe(
      '[1, 2, 3]',
    );
  });

  it('macros: defaults, keywords, varargs, kwargs, caller with arguments, recursion', async () => {
    expect(
      await render(
        '{% macro m(a, b=a * 2) %}{{ a }}-{{ b }}{% endmacro %}{{ m(1) }}|{{ m(1, b=5) }}|{{ m(b=3, a=4) }}',
      ),
    ).toBe('1-2|1-5|4-3');
    expect(
      await render(
        '{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, x=3) }}',
      ),
    ).toBe("1(2,){'x': 3}");
    expect(
      await render(
        '{% macro wrap(t) %}<{{ caller(t) }}>{% endmacro %}{% call(v) wrap("x") %}{{ v | upper }}{% endcall %}',
      ),
    ).toBe('<X>');
    expect(
      await render(
        '{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(3) }}',
      ),
    ).toBe('321');
    expect(
      await render('{% macro m() %}{{ return([1, 2]) }}never{% endmacro %}{{ m() | length }}'),
    ).toBe('2');
    expect((await errorOf('{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}')).message).toBe(
      "macro 'm' takes not more than 1 argument(s)",
    );
    expect((await errorOf('{% macro m(a) %}{% endmacro %}{{ m(b=1) }}')).message).toBe(
      "macro 'm' takes no keyword argument 'b'",
    );
  });

  it('whitespace control, comments, raw, and the final newline dropped', async () => {
    expect(await render('a  {%- if true -%}  b  {%- endif -%}  c\n')).toBe('abc');
    expect(await render('a{# a comment {{ x }} #}b{#- trim -#}  c')).toBe('abc');
    expect(await render('{% raw %}{{ not rendered }}{% endraw %}')).toBe('{{ not rendered }}');
    expect(await render('line\n\n')).toBe('line\n');
    expect(await render('a\r\nb')).toBe('a\nb');
  });
});

describe('expressions', () => {
  it.each([
    [
      "{{ 'a,b'.split(',') }}|{{ ' x '.strip() }}|{{ 'abc'.upper().startswith('AB') }}",
      "['a', 'b']|x|True",
    ],
    [
      "{{ 'a-b-c'.replace('-', '+', 1) }}|{{ ','.join(['x', 'y']) }}|{{ 'Hello'[1:3] }}|{{ 'abc'[-1] }}",
      'a+b-c|x,y|el|c',
    ],
    ['{{ [1, 2, 3][::-1] }}|{{ [1, 2, 3][1:] }}|{{ (1, 2, 3)[0] }}', '[3, 2, 1]|[2, 3]|1'],
    [
      "{{ {'a': 1}.get('a') }}|{{ {'a': 1}.get('b', 'no') }}|{{ {'a': 1}['a'] }}|{{ {'a': 1}.a }}",
      '1|no|1|1',
    ],
    [
      "{{ 1 < 2 < 3 }}|{{ 1 < 3 < 2 }}|{{ 'b' in 'abc' }}|{{ 2 not in [1] }}|{{ 'k' in {'k': 1} }}",
      'True|False|True|True|True',
    ],
    ["{{ 'yes' if 1 else 'no' }}|{{ 'yes' if 0 }}|{{ 0 or 'x' }}|{{ 1 and [] }}", 'yes||x|[]'],
    ["{{ '%s-%05.2f|%d%%' % ('a', 3.14159, 7) }}|{{ '%(n)s' % {'n': 1} }}", 'a-03.14|7%|1'],
    ["{{ '{} {:>4} {name:.1f} {0}'.format('x', 7, name=2.25) }}", 'x    7 2.2 x'],
    ['{{ 2 * 3 ~ 1 }}', '61'],
    ['{{ -2 ** 2 }}|{{ not 1 == 2 }}', '4|True'],
  ])('%s', async (source, expected) => {
    expect(await render(source)).toBe(expected);
  });

  it('Python type errors, worded as Python words them, with the line', async () => {
    expect(await errorOf('\n{{ 1 + "a" }}')).toMatchObject({
      name: 'TemplateRuntimeError',
      message: "unsupported operand type(s) for +: 'int' and 'str'",
      line: 2,
    });
    expect((await errorOf("{{ 'a' + 1 }}")).message).toBe(
      'can only concatenate str (not "int") to str',
    );
    expect((await errorOf('{{ 1 / 0 }}')).message).toBe('division by zero');
    // `~` binds tighter than `+`, as in Jinja: this is 1 + '23'
    expect((await errorOf('{{ 1 + 2 ~ 3 }}')).message).toBe(
      "unsupported operand type(s) for +: 'int' and 'str'",
    );
    expect((await errorOf("{{ 'a' < 1 }}")).message).toBe(
      "'<' not supported between instances of 'str' and 'int'",
    );
    expect((await errorOf('{{ x.y }}')).message).toBe("'x' is undefined");
    expect((await errorOf('{{ none.x.y }}')).message).toBe("'None' has no attribute 'x'");
    expect((await errorOf('{% set a, b = [1] %}')).message).toBe(
      'not enough values to unpack (expected 2, got 1)',
    );
    expect(await render("{{ [1][5] }}|{{ {'a': 1}['b'] }}|{{ none.x }}")).toBe('||');
  });
});

describe('filters and tests', () => {
  it.each([
    ["{{ [3, 1, 2] | sort | join(',') }}|{{ [3, 1] | sort(reverse=true) | first }}", '1,2,3|3'],
    ["{{ [{'a': 2}, {'a': 1}] | sort(attribute='a') | map(attribute='a') | list }}", '[1, 2]'],
    [
      "{{ ['a', 'B'] | map('upper') | join }}|{{ [1, 2, 3] | select('odd') | list }}|{{ [1, 2] | reject('even') | list }}",
      'AB|[1, 3]|[1]',
    ],
    [
      "{{ [{'x': 1}, {'x': none}] | selectattr('x') | list | length }}|{{ [1, 1, 2] | unique | list }}",
      '1|[1, 2]',
    ],
    ["{{ x | default('d') }}|{{ '' | default('d', true) }}|{{ none | default('d') }}", 'd|d|None'],
    [
      "{{ '3' | int + 1 }}|{{ 'x' | int(7) }}|{{ '1.5' | float }}|{{ 2.567 | round(1) }}|{{ -3 | abs }}",
      '4|7|1.5|2.6|3',
    ],
    // Python rounds exact halves to even, and 2.675 is a little below 2.675 in binary
    [
      '{{ 2.5 | round }}|{{ 3.5 | round }}|{{ 2.675 | round(2) }}|{{ 0.125 | round(2) }}|{{ 2.5 | round(method="ceil") }}',
      '2.0|4.0|2.67|0.12|3.0',
    ],
    ["{{ '%.1f|%.2f|%.0f' % (2.25, 0.125, 0.5) }}", '2.2|0.12|0'],
    [
      "{{ {'b': 1, 'a': 2} | dictsort }}|{{ {'a': 1} | items | list }}",
      "[('a', 2), ('b', 1)]|[('a', 1)]",
    ],
    [
      "{{ 'a\\nb' | indent(2) }}|{{ 'hello world' | title }}|{{ ' x ' | trim }}|{{ 'abc' | reverse }}",
      'a\n  b|Hello World|x|cba',
    ],
    [
      "{{ [1, 2, 3, 4, 5] | batch(2) | list }}|{{ [1, 2] | sum }}|{{ [{'n': 2}, {'n': 3}] | sum(attribute='n') }}",
      '[[1, 2], [3, 4], [5]]|3|5',
    ],
    [
      "{{ {'a': [1, none, 'é']} | tojson }}|{{ '<&>' | e }}|{{ '%s=%s' | format('k', 1) }}",
      '{"a": [1, null, "\\u00e9"]}|&lt;&amp;&gt;|k=1',
    ],
    ["{{ 'true' | as_bool }}|{{ '12' | as_number + 1 }}|{{ none | as_text }}", 'True|13|'],
    [
      "{{ x is defined }}|{{ none is none }}|{{ 3 is divisibleby 3 }}|{{ 'a' is string }}|{{ {} is mapping }}|{{ 1 is not sameas true }}",
      'False|True|True|True|True|True',
    ],
  ])('%s', async (source, expected) => {
    expect(await render(source)).toBe(expected);
  });

  it('an unknown filter or test is a syntax error when the template is parsed', async () => {
    for (const source of ['{% if false %}{{ x | nope }}{% endif %}', '{{ x is nope }}']) {
      const error = await errorOf(source);
      expect(error.name).toBe('TemplateSyntaxError');
    }
  });
});

describe('syntax errors', () => {
  it.each([
    [
      '{% if x %}\nno end',
      "Unexpected end of template: the '{% if %}' block opened on line 1 is never closed (add '{% endif %}').",
      1,
    ],
    ['a\n{% for %}', "unexpected '%}', expected a name", 2],
    ['{% endfor %}', "Encountered unknown tag 'endfor'.", 1],
    [
      '{% if x %}{% endfor %}{% endif %}',
      "Encountered unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
      1,
    ],
    [
      "{% include 'x.sql' %}",
      "Encountered unknown tag 'include'. dbt models cannot include other templates; call a macro instead.",
      1,
    ],
    ['{{ "never closed }}', 'unexpected end of string: a quote is never closed', 1],
    ['{{ 1 +  }}', "unexpected '}}'", 1],
    ['{{ x', "unexpected end of template: a '{{' is never closed with '}}'", 1],
    ['{% break %}', "'break' is only allowed inside a for loop", 1],
  ])('%s', async (source, message, line) => {
    const error = await errorOf(source);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.message).toBe(message);
    expect(error.line).toBe(line);
  });
});

describe('limits', () => {
  it('stop at the same step on every run (the budget is deterministic)', async () => {
    const small = new Environment({ limits: { fuel: 5_000 } });
    const outputs: string[] = [];
    for (let i = 0; i < 2; i++) {
      let out = '';
      try {
        await small.renderString(
          '{% for i in range(10000) %}{{ i }},{% endfor %}',
          'loop.sql',
          {},
          {},
        );
      } catch (error) {
        expect(error).toBeInstanceOf(TemplateLimitError);
        out = (error as TemplateLimitError).message;
      }
      outputs.push(out);
    }
    expect(outputs[0]).toContain('more than 5,000 steps');
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('keep a page responsive: a long render yields to the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await render(
      '{% for i in range(100000) %}{% endfor %}{% for i in range(100000) %}{% endfor %}',
    );
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it('a cancelled render stops', async () => {
    const controller = new AbortController();
    const pending = env.renderString(
      '{% for i in range(100000) %}{% for j in range(9) %}{% endfor %}{% endfor %}',
      'c.sql',
      {},
      { signal: controller.signal },
    );
    controller.abort();
    await expect(pending).rejects.toThrow('the template was cancelled');
  });

  it('host functions may be asynchronous, and their errors carry the template line', async () => {
    const slow = async (args: Value[]) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return `got ${String(args[0])}`;
    };
    expect(await render('{{ slow(1) }}', { slow })).toBe('got 1');
    const failing = () => {
      throw new TemplateRuntimeError('host says no');
    };
    expect(await errorOf('a\n\n{{ failing() }}', { failing })).toMatchObject({
      message: 'host says no',
      line: 3,
    });
  });
});

/**
 * The template sandbox's suite, written without a test framework so the same cases run in Node
 * (Vitest) and in Chromium (the /lab/self-test page): student templates compiled by the real dbt
 * engine try to reach the host through every global and literal — JavaScript's constructor and
 * prototype chains, Python's `__class__` / `__globals__` / `__builtins__`, prototype pollution,
 * file access — and every attempt must render nothing of the host or fail with a template error.
 * Runaway templates (endless loops, recursion, huge values) must stop with a clear error.
 */
import type { Connection } from '@/lib/engine/connection';
import { AssertionError, assertContains, assertEqual } from '@/lib/engine/suite-assert';
import { compileModel } from './index';
import { JinjaError, ProjectError } from './errors';
import type { ProjectFiles } from './types';

export interface SandboxCase {
  name: string;
  run(connection: Connection): Promise<void>;
}

/** Values a model can reach at run time: globals, their members, literals and results. */
export const SANDBOX_ROOTS = [
  'range',
  'dict',
  'namespace',
  'cycler',
  'joiner',
  'return',
  'ref',
  'source',
  'config',
  'config.get',
  'this',
  'var',
  'env_var',
  'is_incremental',
  'adapter',
  'adapter.get_relation',
  'adapter.dispatch',
  'run_query',
  'statement',
  'load_result',
  'log',
  'print',
  'exceptions',
  'exceptions.raise_compiler_error',
  'modules',
  'modules.datetime',
  'modules.datetime.datetime',
  'modules.datetime.timedelta',
  'run_started_at',
  'target',
  'model',
  'flags',
  'api',
  'api.Relation',
  'api.Relation.create',
  'dbt',
  'dbt.dateadd',
  'tojson',
  'fromjson',
  'zip',
  'sandbox',
  "''",
  "'abc'",
  "'abc'.upper",
  '[]',
  '[1].append',
  '{}',
  "{'a': 1}.items",
  '(1, 2)',
  '1',
  '1.5',
  'true',
  'none',
  "ref('base')",
  "source('raw', 'things')",
  "run_query('select 1 as a, now() as t')",
  "run_query('select 1 as a').columns",
  "run_query('select 1 as a').columns[0]",
  "run_query('select 1 as a').rows[0]",
  "run_query('select now() as t').columns[0][0]",
  "adapter.get_columns_in_relation(api.Relation.create(identifier='sandbox_probe'))[0]",
  'modules.datetime.timedelta(days=1)',
  'namespace(a=1)',
  'cycler(1, 2)',
  'joiner()',
  'fromjson(\'{"a": [1]}\')',
  "fromyaml('a: 1')",
  'probe_macro',
  'loop',
];

/** JavaScript's and Python's ways from a value to its class, its globals or the interpreter. */
export const ESCAPE_ATTRIBUTES = [
  'constructor',
  '__proto__',
  'prototype',
  '__class__',
  '__base__',
  '__mro__',
  '__subclasses__',
  '__globals__',
  '__builtins__',
  '__init__',
  '__dict__',
  '__getattribute__',
  '__module__',
  '__code__',
  'func_globals',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupGetter__',
  'call',
  'apply',
  'bind',
  'caller',
];

const CANARY = '__jinjaSandboxEscape';
const PAYLOAD = `globalThis.${CANARY} = 'escaped'; return 'ESCAPED'`;

const PROJECT = "name: sandbox\nversion: '1.0'\nconfig-version: 2\nprofile: sandbox\n";
const SOURCES = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: things\n';

// the probes ref inside `{% if execute %}`: dbt needs the dependencies declared (lines after the probe)
const DEPENDS_ON = "\n-- depends_on: {{ ref('base') }} {{ source('raw', 'things') }}\n";

function project(probe: string): ProjectFiles {
  return {
    'dbt_project.yml': PROJECT,
    'models/base.sql': 'select 1 as id',
    'models/sources.yml': SOURCES,
    'macros/probe_macro.sql': '{% macro probe_macro() %}m{% endmacro %}',
    // a table for the column probes, made the way a model would make one
    'models/probe.sql': `${probe}${DEPENDS_ON}{% do run_query('create table if not exists sandbox_probe as select 1 as id') %}`,
  };
}

/**
 * Wraps a probe so that `loop` is defined for it, as in a for loop, and so it runs at compile time
 * only (at parse time `run_query` returns None, as in dbt).
 */
function inLoop(body: string): string {
  return `{% if execute %}{% for _ in [1] %}${body}{% endfor %}{% endif %}`;
}

async function compileProbe(connection: Connection, probe: string): Promise<string> {
  const branches = await compileModel({ connection, files: project(probe) }, 'probe');
  return branches.firstBuildSql.replace(/\s*-- depends_on:.*$/, '');
}

async function outcome(
  connection: Connection,
  probe: string,
): Promise<{ sql?: string; error?: unknown }> {
  try {
    return { sql: await compileProbe(connection, probe) };
  } catch (error) {
    return { error };
  }
}

function canary(): unknown {
  return (globalThis as Record<string, unknown>)[CANARY];
}

function assertNoEscape(what: string): void {
  if (canary() !== undefined)
    throw new AssertionError(`${what}: a template ran JavaScript on the host`);
}

interface TemplateFailure {
  file?: string;
  line?: number;
  message: string;
}

/** A template error: raised while compiling (JinjaError) or while parsing the project. */
function assertTemplateError(
  result: { sql?: string; error?: unknown },
  what: string,
): TemplateFailure {
  const { error } = result;
  if (error === undefined) {
    throw new AssertionError(
      `${what}: expected a template error, rendered ${JSON.stringify(result.sql)}`,
    );
  }
  if (error instanceof JinjaError) return error;
  if (error instanceof ProjectError && error.kind === 'jinja') return error;
  throw new AssertionError(`${what}: expected a template error, got ${String(error)}`);
}

export const sandboxCases: SandboxCase[] = [
  {
    name: 'every global and literal: constructor, prototype and Python dunder attributes render nothing',
    async run(connection) {
      const probes = SANDBOX_ROOTS.flatMap((root) =>
        ESCAPE_ATTRIBUTES.flatMap((attr) => [
          `[{{ (${root}).${attr} }}]`,
          `[{{ (${root})['${attr}'] }}]`,
          `[{{ (${root}) | attr('${attr}') }}]`,
        ]),
      );
      // one model per root keeps a failure's message short and names the root
      for (const root of SANDBOX_ROOTS) {
        const own = probes.filter((p) => p.includes(`(${root})`));
        const sql = await compileProbe(connection, inLoop(own.join('\n')));
        assertEqual(sql.trim(), own.map(() => '[]').join('\n'), `attributes of ${root}`);
      }
      assertNoEscape('attribute probes');
    },
  },
  {
    name: 'calling through a constructor chain fails with a template error and runs nothing',
    async run(connection) {
      for (const root of SANDBOX_ROOTS) {
        for (const chain of [
          '.constructor',
          '.constructor.constructor',
          "['constructor']",
          '.__proto__.constructor',
        ]) {
          const probe = inLoop(`{{ (${root})${chain}("${PAYLOAD}")() }}`);
          const result = await outcome(connection, probe);
          assertTemplateError(result, `${root}${chain}(…)()`);
          assertNoEscape(`${root}${chain}`);
        }
      }
    },
  },
  {
    name: "Python's sandbox escapes (__globals__, __builtins__, __subclasses__, self, lipsum) reach nothing",
    async run(connection) {
      const attempts = [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__.__base__.__subclasses__()[0] }}",
        '{{ lipsum.__globals__.os.popen("id").read() }}',
        '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
        '{{ joiner.__init__.__globals__.os }}',
        '{{ namespace.__init__.__globals__.__builtins__.open("/etc/passwd").read() }}',
        '{{ self.__init__.__globals__.__builtins__ }}',
        '{{ self._TemplateReference__context }}',
        "{{ config.__class__.__init__.__globals__['os'] }}",
        "{{ request.application.__globals__.__builtins__.__import__('os') }}",
        '{{ range.__globals__.process.mainModule.require("child_process") }}',
        '{{ process.mainModule.require("child_process").execSync("id") }}',
        '{{ require("fs").writeFileSync("escaped.txt", "x") }}',
        '{{ globalThis.process }}',
        '{{ window.document.cookie }}',
        '{{ open("escaped.txt", "w").write("x") }}',
        '{{ modules.os.system("touch escaped.txt") }}',
        '{{ modules.sys.modules }}',
        '{{ modules.builtins.open("escaped.txt", "w") }}',
        '{{ __import__("os").system("id") }}',
        '{{ getattr(range, "constructor") }}',
      ];
      for (const attempt of attempts) {
        const result = await outcome(connection, attempt);
        if (result.error === undefined) {
          // rendering is allowed only when it is empty: nothing of the host came back
          assertEqual((result.sql ?? '').trim(), '', attempt);
        } else {
          assertTemplateError(result, attempt);
        }
        assertNoEscape(attempt);
      }
    },
  },
  {
    name: 'functions that take a name never look it up on a JavaScript object',
    async run(connection) {
      const names = [
        'constructor',
        '__proto__',
        'prototype',
        'toString',
        'hasOwnProperty',
        'valueOf',
      ];
      const lookups = names.flatMap((n) => [
        `config.get('${n}')`,
        `config.get('${n}', 'd')`,
        `var('${n}', 'd')`,
        `var.has_var('${n}')`,
        `env_var('${n}', 'd')`,
        `load_result('${n}')`,
        `{}.get('${n}')`,
        `{}['${n}']`,
        `model['${n}']`,
        `model.config['${n}']`,
        `target['${n}']`,
        `namespace(a=1)['${n}']`,
        `modules.datetime['${n}']`,
        `adapter.get_relation('${n}', '${n}', '${n}')`,
        `'{${n}}'.format(**{'a': 1}) if false else ''`,
        `'%(${n})s' % {'a': 1}`,
      ]);
      const sql = await compileProbe(
        connection,
        inLoop(lookups.map((l) => `[{{ ${l} }}]`).join('\n')),
      );
      for (const line of sql.trim().split('\n')) {
        if (/function|native code|Object|\[object/.test(line)) {
          throw new AssertionError(`a host lookup leaked a JavaScript value: ${line}`);
        }
      }
      assertContains(sql, '[d]', 'defaults answer');
      assertNoEscape('name lookups');
    },
  },
  {
    name: 'dict keys such as __proto__ pollute no prototype (literals, update, fromjson, config)',
    async run(connection) {
      const sql = await compileProbe(
        connection,
        [
          "{% set d = {'__proto__': {'polluted': 'yes'}, 'constructor': 1} %}",
          "{% do d.update({'__proto__': {'polluted': 'yes'}}) %}",
          '{% set j = fromjson(\'{"__proto__": {"polluted": "yes"}}\') %}',
          "{% set y = fromyaml('__proto__: {polluted: yes}') %}",
          "{% set ns = namespace(__proto__={'polluted': 'yes'}) %}",
          "{{ config(**{'__proto__': {'polluted': 'yes'}, 'materialized': 'view'}) }}",
          "[{{ d['__proto__']['polluted'] }}][{{ j['__proto__']['polluted'] }}][{{ {}['polluted'] }}][{{ d.polluted }}]",
        ].join('\n'),
      );
      assertContains(sql, '[yes][yes][][]', 'a __proto__ key is an ordinary key');
      const plain: Record<string, unknown> = {};
      assertEqual(plain.polluted, undefined, 'Object.prototype stays clean');
      assertEqual(
        Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'),
        false,
        'no pollution',
      );
    },
  },
  {
    name: 'a loop without end stops with a clear error naming the file and line',
    async run(connection) {
      const result = await outcome(
        connection,
        'select 1\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}',
      );
      const error = assertTemplateError(result, 'nested loops');
      assertEqual(error.file, 'models/probe.sql', 'file');
      assertEqual(error.line, 2, 'line');
      assertContains(error.message, 'steps and was stopped', 'message');
    },
  },
  {
    name: 'recursion without end, huge ranges, values and output stop with clear errors',
    async run(connection) {
      const cases: [string, string][] = [
        [
          '{% macro forever(n) %}{{ forever(n + 1) }}{% endmacro %}{{ forever(0) }}',
          'maximum recursion depth exceeded',
        ],
        ['{{ range(1000000000) | length }}', 'Range too big'],
        ["{{ 'x' * 1000000000 }}", 'the limit is'],
        [
          "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
          'the limit is',
        ],
        ["{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", 'characters and was stopped'],
        [`{{ ${'('.repeat(500)}1${')'.repeat(500)} }}`, 'nested more than'],
      ];
      for (const [probe, message] of cases) {
        const error = assertTemplateError(await outcome(connection, probe), probe.slice(0, 60));
        assertContains(error.message, message, probe.slice(0, 60));
        assertEqual(error.file, 'models/probe.sql', `file of ${probe.slice(0, 40)}`);
      }
    },
  },
  {
    name: 'adversarial text is handled in linear time: strptime, striptags, deep blocks, unclosed comments',
    async run(connection) {
      const started = Date.now();
      const strptime = await outcome(
        connection,
        inLoop(
          `{{ modules.datetime.datetime.strptime('${'1'.repeat(60)}x', '${'%d'.repeat(30)}') }}`,
        ),
      );
      assertContains(
        assertTemplateError(strptime, 'strptime').message,
        'at most 64 characters',
        'strptime',
      );
      const stripped = await compileProbe(
        connection,
        inLoop("{{ ('<!--' * 200000) | striptags | length }}"),
      );
      assertEqual(stripped.trim(), '0', 'striptags of unclosed comments');
      const deep = await outcome(
        connection,
        `${'{% if true %}'.repeat(500)}x${'{% endif %}'.repeat(500)}`,
      );
      assertContains(
        assertTemplateError(deep, 'deep blocks').message,
        'nested more than',
        'deep blocks',
      );
      // the compiled SQL is scanned for literals, comments and semicolons: one pass, whatever it holds
      const sql = await compileProbe(connection, "select 1 as x {{ '/* ' * 300000 }}");
      assertEqual(sql.length > 900_000, true, 'the long compiled SQL');
      if (Date.now() - started > 20_000)
        throw new AssertionError('adversarial text took more than 20 s');
    },
  },
];

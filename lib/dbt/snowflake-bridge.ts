/**
 * The course writes Snowflake SQL; the lab runs DuckDB. Three layers make the common forms run:
 * 1. macros created at start (`dateadd('day', -3, ts)`, `iff`, `nvl`, `nvl2`, `to_timestamp`…);
 * 2. a compile-time rewrite for what a macro cannot take: a bare date part (`DATEADD(day, …)` —
 *    DuckDB would read `day` as a column), Snowflake date-part synonyms (`'dd'`, `'yyyy'`),
 *    `NUMBER(p,s)` / `NUMBER` and `TIMESTAMP_NTZ` types;
 * 3. for a Snowflake function that is not bridged, a hint naming the DuckDB form under DuckDB's error.
 */

const DATE_PARTS: Record<string, string> = {};
const PART_SYNONYMS: Record<string, string[]> = {
  year: ['year', 'years', 'y', 'yy', 'yyy', 'yyyy', 'yr', 'yrs'],
  quarter: ['quarter', 'quarters', 'q', 'qtr', 'qtrs'],
  month: ['month', 'months', 'mm', 'mon', 'mons'],
  week: ['week', 'weeks', 'w', 'wk', 'weekofyear', 'woy', 'wy'],
  day: ['day', 'days', 'd', 'dd', 'dayofmonth'],
  hour: ['hour', 'hours', 'h', 'hh', 'hr', 'hrs'],
  minute: ['minute', 'minutes', 'm', 'mi', 'min', 'mins'],
  second: ['second', 'seconds', 's', 'sec', 'secs'],
  millisecond: ['millisecond', 'milliseconds', 'ms', 'msec'],
  microsecond: ['microsecond', 'microseconds', 'us', 'usec'],
};
for (const [canonical, synonyms] of Object.entries(PART_SYNONYMS)) {
  for (const s of synonyms) DATE_PARTS[s] = canonical;
}

const INTERVALS: Record<string, string> = {
  year: 'INTERVAL 1 YEAR',
  quarter: 'INTERVAL 3 MONTH',
  month: 'INTERVAL 1 MONTH',
  week: 'INTERVAL 7 DAY',
  day: 'INTERVAL 1 DAY',
  hour: 'INTERVAL 1 HOUR',
  minute: 'INTERVAL 1 MINUTE',
  second: 'INTERVAL 1 SECOND',
  millisecond: 'INTERVAL 1 MILLISECOND',
  microsecond: 'INTERVAL 1 MICROSECOND',
};

function dateaddBody(): string {
  const cases = Object.entries(DATE_PARTS)
    .map(([synonym, canonical]) => `WHEN '${synonym}' THEN ${INTERVALS[canonical]}`)
    .join(' ');
  return `CAST(ts AS TIMESTAMP) + CAST(n AS BIGINT) * (CASE lower(part) ${cases} ELSE error('dateadd: unknown date part ''' || part || '''') END)`;
}

/**
 * Statements creating the bridge macros (temporary: they live with the connection, never in a
 * student's database file). Run them once per connection before models run.
 */
export function snowflakeBridgeSql(): string[] {
  const toTimestamp =
    "CASE WHEN typeof(x) = 'VARCHAR' THEN CAST(CAST(x AS VARCHAR) AS TIMESTAMP) " +
    'ELSE make_timestamp(CAST(try_cast(CAST(x AS VARCHAR) AS DOUBLE) * 1000000 AS BIGINT)) END';
  // strptime needs a constant format, so a Snowflake format string cannot be translated in SQL
  const withFormat = 'strptime(CAST(x AS VARCHAR), fmt)';
  return [
    `CREATE OR REPLACE TEMP MACRO dateadd(part, n, ts) AS ${dateaddBody()}`,
    `CREATE OR REPLACE TEMP MACRO timestampadd(part, n, ts) AS dateadd(part, n, ts)`,
    'CREATE OR REPLACE TEMP MACRO iff(c, a, b) AS CASE WHEN c THEN a ELSE b END',
    'CREATE OR REPLACE TEMP MACRO nvl(a, b) AS coalesce(a, b)',
    'CREATE OR REPLACE TEMP MACRO nvl2(a, b, c) AS CASE WHEN a IS NOT NULL THEN b ELSE c END',
    `CREATE OR REPLACE TEMP MACRO to_timestamp(x) AS ${toTimestamp}, (x, fmt) AS ${withFormat}`,
    `CREATE OR REPLACE TEMP MACRO to_timestamp_ntz(x) AS ${toTimestamp}, (x, fmt) AS ${withFormat}`,
  ];
}

/**
 * Replaces string literals and comments with placeholders so rewrites only touch code. One pass
 * over the text (compiled SQL is a template's output: no pattern here may take quadratic time).
 */
function maskLiterals(sql: string): { masked: string; literals: string[] } {
  const literals: string[] = [];
  let masked = '';
  let last = 0;
  let noCommentEnd = false;
  for (let i = 0; i < sql.length;) {
    let end = -1;
    if (sql[i] === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      end = Math.min(j + 1, sql.length); // an unclosed literal runs to the end
    } else if (sql[i] === '-' && sql[i + 1] === '-') {
      const newline = sql.indexOf('\n', i);
      end = newline === -1 ? sql.length : newline;
    } else if (sql[i] === '/' && sql[i + 1] === '*' && !noCommentEnd) {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) noCommentEnd = true;
      else end = close + 2;
    }
    if (end === -1) {
      i++;
      continue;
    }
    masked += `${sql.slice(last, i)}\u0000${literals.length}\u0000`;
    literals.push(sql.slice(i, end));
    i = last = end;
  }
  return { masked: masked + sql.slice(last), literals };
}

function unmask(masked: string, literals: string[]): string {
  return masked.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => literals[Number(i)]!);
}

const PART_FUNCTIONS =
  /\b(dateadd|datediff|timestampadd|timestampdiff|date_trunc|date_part)(\s*\(\s*)(\u0000\d+\u0000|[A-Za-z_]\w*)(\s*,)/gi;

/** Rewrites the Snowflake forms a macro cannot take. Leaves string literals and comments alone. */
export function rewriteSnowflake(sql: string): string {
  const { masked, literals } = maskLiterals(sql);
  let out = masked.replace(
    PART_FUNCTIONS,
    (match, fn: string, open: string, part: string, comma: string) => {
      const literal = /^\u0000(\d+)\u0000$/.exec(part);
      const text = literal ? literals[Number(literal[1])]!.slice(1, -1) : part;
      const key = text.toLowerCase();
      const canonical = Object.hasOwn(DATE_PARTS, key) ? DATE_PARTS[key] : undefined;
      if (!canonical) return match;
      const name = fn.toLowerCase() === 'timestampdiff' ? 'datediff' : fn;
      return `${name}${open}'${canonical}'${comma}`;
    },
  );
  out = out
    .replace(/\bnumber(\s*\()/gi, 'DECIMAL$1')
    .replace(/::\s*number\b(?!\s*\()/gi, '::DECIMAL(38,0)')
    .replace(/\bas\s+number(\s*\))/gi, 'AS DECIMAL(38,0)$1')
    .replace(/\btimestamp_ntz\b(?!\s*\()/gi, 'TIMESTAMP');
  return unmask(out, literals);
}

/** Snowflake functions DuckDB lacks, with the DuckDB form to write instead. */
const HINTS: Record<string, string> = {
  to_varchar: "CAST(x AS VARCHAR), or strftime(ts, '%Y-%m-%d') to format a date",
  to_char: "CAST(x AS VARCHAR), or strftime(ts, '%Y-%m-%d') to format a date",
  zeroifnull: 'coalesce(x, 0)',
  nullifzero: 'nullif(x, 0)',
  to_date: "CAST(x AS DATE), or strptime(x, '%d/%m/%Y')::DATE for another format",
  try_to_date: 'TRY_CAST(x AS DATE)',
  to_number: 'CAST(x AS DECIMAL(18,2))',
  to_decimal: 'CAST(x AS DECIMAL(18,2))',
  to_numeric: 'CAST(x AS DECIMAL(18,2))',
  try_to_number: 'TRY_CAST(x AS DECIMAL(18,2))',
  try_to_decimal: 'TRY_CAST(x AS DECIMAL(18,2))',
  try_to_timestamp: 'TRY_CAST(x AS TIMESTAMP)',
  try_to_timestamp_ntz: 'TRY_CAST(x AS TIMESTAMP)',
  div0: 'CASE WHEN b = 0 THEN 0 ELSE a / b END',
  sysdate: 'current_timestamp',
  getdate: 'current_timestamp',
  systimestamp: 'current_timestamp',
  convert_timezone: 'plain TIMESTAMP values (the lab data has no time zones)',
  date_from_parts: 'make_date(year, month, day)',
  timestamp_from_parts: 'make_timestamp(year, month, day, hour, minute, second)',
  timestamp_ntz_from_parts: 'make_timestamp(year, month, day, hour, minute, second)',
  listagg: "string_agg(x, ',' ORDER BY y)",
  boolor_agg: 'bool_or(x)',
  booland_agg: 'bool_and(x)',
  regexp_substr: 'regexp_extract(x, pattern)',
  charindex: 'strpos(haystack, needle)',
  strtok: 'split_part(x, delimiter, n)',
  editdistance: 'levenshtein(a, b)',
  uuid_string: 'gen_random_uuid()',
  object_construct: "struct_pack(k := v) or {'k': v}",
  parse_json: 'a plain column (the lab has no JSON extension)',
  array_size: 'len(list)',
  ratio_to_report: 'x / sum(x) OVER (…)',
};

/** Adds a hint to a DuckDB error message when it names a Snowflake function. */
export function snowflakeHint(message: string): string | undefined {
  if (/Unknown ordered aggregate "?(listagg|array_agg)"?/i.test(message)) {
    const fn = /listagg/i.test(message) ? 'LISTAGG' : 'ARRAY_AGG';
    const duck = fn === 'LISTAGG' ? "string_agg(x, ',' ORDER BY y)" : 'array_agg(x ORDER BY y)';
    return `${fn} … WITHIN GROUP (ORDER BY …) is Snowflake; in DuckDB write ${duck}.`;
  }
  const fn = /Function with name "?(\w+)"? (?:does not exist|is not in the catalog)/i.exec(message);
  if (fn) {
    const name = fn[1]!.toLowerCase();
    if (name === 'current_date' || name === 'today') {
      return 'current_date needs the lab clock (or the icu extension); write CAST(current_timestamp AS DATE).';
    }
    const duck = HINTS[name];
    if (duck) return `${name.toUpperCase()} is Snowflake; in DuckDB write ${duck}.`;
  }
  const type = /Type with name "?(\w+)"? does not exist/i.exec(message);
  if (type) {
    const name = type[1]!.toLowerCase();
    if (name.startsWith('timestamp_'))
      return `${type[1]} is a Snowflake type; in DuckDB use TIMESTAMP (or TIMESTAMPTZ).`;
    if (name === 'variant' || name === 'object')
      return `${type[1]} is a Snowflake type; DuckDB has STRUCT, MAP and LIST.`;
  }
  return undefined;
}

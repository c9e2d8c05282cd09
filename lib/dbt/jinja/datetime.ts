/**
 * Python's `datetime` as dbt exposes it (`run_started_at`, `modules.datetime`, timestamps from
 * `run_query`): datetimes, dates and timedeltas with Python's printing (`2018-08-14 23:59:59+00:00`)
 * and arithmetic (`run_started_at - modules.datetime.timedelta(days=3)`). All times are UTC; an
 * aware datetime prints `+00:00`, a naive one nothing.
 */
import {
  HostObject,
  isNumber,
  NOT_IMPLEMENTED,
  num,
  TemplateRuntimeError,
  truthy,
  type JinjaFunction,
  type Kwargs,
  type Value,
} from '@/lib/jinja';

const US_PER_SECOND = 1_000_000;
const US_PER_DAY = 86_400 * US_PER_SECOND;

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function fail(message: string): never {
  throw new TemplateRuntimeError(message);
}

function intArg(value: Value | undefined, name: string, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback === undefined) fail(`function missing required argument '${name}'`);
    return fallback!;
  }
  if (!isNumber(value) || !Number.isInteger(num(value))) fail(`'${name}' must be an integer`);
  return num(value);
}

function arg(args: Value[], kwargs: Kwargs, index: number, name: string): Value | undefined {
  return kwargs.has(name) ? kwargs.get(name) : args[index];
}

export class PyTimedelta extends HostObject {
  readonly typeName = 'timedelta';
  constructor(readonly micros: number) {
    super();
  }
  get days(): number {
    return Math.floor(this.micros / US_PER_DAY);
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * US_PER_DAY) / US_PER_SECOND);
  }
  get microseconds(): number {
    return this.micros - this.days * US_PER_DAY - this.seconds * US_PER_SECOND;
  }
  override str(): string {
    const s = this.seconds;
    const clock = `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
    const micro = this.microseconds ? `.${pad(this.microseconds, 6)}` : '';
    const days = this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ` : '';
    return `${days}${clock}${micro}`;
  }
  override repr(): string {
    const parts = [
      this.days ? `days=${this.days}` : '',
      this.seconds ? `seconds=${this.seconds}` : '',
      this.microseconds ? `microseconds=${this.microseconds}` : '',
    ].filter(Boolean);
    return `datetime.timedelta(${parts.join(', ')})`;
  }
  override truthy(): boolean {
    return this.micros !== 0;
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'days':
        return this.days;
      case 'seconds':
        return this.seconds;
      case 'microseconds':
        return this.microseconds;
      case 'total_seconds':
        return () => this.micros / US_PER_SECOND;
      default:
        return undefined;
    }
  }
  override binary(op: string, other: Value, reflected: boolean): Value | typeof NOT_IMPLEMENTED {
    if (op === 'neg') return new PyTimedelta(-this.micros);
    if (op === 'pos') return this;
    if (other instanceof PyTimedelta) {
      const [a, b] = reflected ? [other.micros, this.micros] : [this.micros, other.micros];
      if (op === '+') return new PyTimedelta(a + b);
      if (op === '-') return new PyTimedelta(a - b);
      if (op === '/') return a / b;
      if (op === '//') return Math.floor(a / b);
    }
    if (isNumber(other) && typeof other !== 'boolean') {
      if (op === '*') return new PyTimedelta(Math.round(this.micros * num(other)));
      if (op === '/' && !reflected) return new PyTimedelta(Math.round(this.micros / num(other)));
      if (op === '//' && !reflected) return new PyTimedelta(Math.floor(this.micros / num(other)));
    }
    return NOT_IMPLEMENTED;
  }
  override compare(other: Value): number | undefined {
    return other instanceof PyTimedelta ? this.micros - other.micros : undefined;
  }
  override equals(other: Value): boolean {
    return other instanceof PyTimedelta && other.micros === this.micros;
  }
}

class PyTimezone extends HostObject {
  readonly typeName = 'timezone';
  override str(): string {
    return 'UTC';
  }
  override repr(): string {
    return 'datetime.timezone.utc';
  }
  override getAttr(name: string): Value | undefined {
    if (name === 'utcoffset') return () => new PyTimedelta(0);
    if (name === 'tzname') return () => 'UTC';
    return undefined;
  }
}

export const UTC = new PyTimezone();

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

function partsOf(micros: number): Parts {
  const ms = Math.floor(micros / 1000);
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: micros - Math.floor(micros / US_PER_SECOND) * US_PER_SECOND,
  };
}

function microsOf(p: Parts): number {
  if (p.month < 1 || p.month > 12) fail('month must be in 1..12');
  const days = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  if (p.day < 1 || p.day > days) fail('day is out of range for month');
  if (p.hour < 0 || p.hour > 23) fail('hour must be in 0..23');
  if (p.minute < 0 || p.minute > 59) fail('minute must be in 0..59');
  if (p.second < 0 || p.second > 59) fail('second must be in 0..59');
  if (p.microsecond < 0 || p.microsecond > 999_999) fail('microsecond must be in 0..999999');
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute, p.second, 0);
  return date.getTime() * 1000 + p.microsecond;
}

function strftime(p: Parts, format: string, aware: boolean, withTime: boolean): string {
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  const dayOfYear =
    Math.floor((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
  const hour = withTime ? p.hour : 0;
  const codes: Record<string, string> = {
    Y: String(p.year).padStart(4, '0'),
    y: pad(p.year % 100),
    m: pad(p.month),
    d: pad(p.day),
    H: pad(hour),
    I: pad(hour % 12 === 0 ? 12 : hour % 12),
    p: hour < 12 ? 'AM' : 'PM',
    M: pad(withTime ? p.minute : 0),
    S: pad(withTime ? p.second : 0),
    f: pad(withTime ? p.microsecond : 0, 6),
    j: pad(dayOfYear, 3),
    a: DAYS[weekday]!.slice(0, 3),
    A: DAYS[weekday]!,
    w: String(weekday),
    b: MONTHS[p.month - 1]!.slice(0, 3),
    B: MONTHS[p.month - 1]!,
    z: aware ? '+0000' : '',
    Z: aware ? 'UTC' : '',
    '%': '%',
  };
  return format.replace(/%(.)/g, (match, code: string) =>
    Object.hasOwn(codes, code) ? codes[code]! : match,
  );
}

function replaceParts(p: Parts, kwargs: Kwargs): Parts {
  const out = { ...p };
  for (const key of Object.keys(p) as (keyof Parts)[]) {
    if (kwargs.has(key)) out[key] = intArg(kwargs.get(key), key);
  }
  return out;
}

export class PyDateTime extends HostObject {
  readonly typeName = 'datetime';
  constructor(
    /** Microseconds since 1970-01-01 00:00 UTC. */
    readonly micros: number,
    readonly aware = false,
  ) {
    super();
  }

  static fromDate(date: Date, aware = false): PyDateTime {
    return new PyDateTime(date.getTime() * 1000, aware);
  }

  get parts(): Parts {
    return partsOf(this.micros);
  }

  isoformat(sep = 'T'): string {
    const p = this.parts;
    const fraction = p.microsecond ? `.${pad(p.microsecond, 6)}` : '';
    return `${strftime(p, `%Y-%m-%d${sep}%H:%M:%S`, this.aware, true)}${fraction}${this.aware ? '+00:00' : ''}`;
  }

  override str(): string {
    return this.isoformat(' ');
  }

  override repr(): string {
    const p = this.parts;
    const fields = [p.year, p.month, p.day, p.hour, p.minute];
    if (p.second || p.microsecond) fields.push(p.second);
    if (p.microsecond) fields.push(p.microsecond);
    return `datetime.datetime(${fields.join(', ')}${this.aware ? ', tzinfo=datetime.timezone.utc' : ''})`;
  }

  override getAttr(name: string): Value | undefined {
    const p = this.parts;
    switch (name) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
      case 'microsecond':
        return p[name];
      case 'tzinfo':
        return this.aware ? UTC : null;
      case 'strftime':
        return (args) => strftime(p, String(args[0] ?? ''), this.aware, true);
      case 'isoformat':
        return (args, kwargs) => this.isoformat(String(arg(args, kwargs, 0, 'sep') ?? 'T'));
      case 'timestamp':
        return () => this.micros / US_PER_SECOND;
      case 'date':
        return () => new PyDate(Math.floor(this.micros / US_PER_DAY));
      case 'replace':
        return (_args, kwargs) => {
          const aware = kwargs.has('tzinfo') ? kwargs.get('tzinfo') !== null : this.aware;
          return new PyDateTime(microsOf(replaceParts(p, kwargs)), aware);
        };
      case 'astimezone':
        return () => new PyDateTime(this.micros, true);
      case 'utcoffset':
        return () => (this.aware ? new PyTimedelta(0) : null);
      case 'weekday':
        return () => (new Date(Math.floor(this.micros / 1000)).getUTCDay() + 6) % 7;
      case 'isoweekday':
        return () => ((new Date(Math.floor(this.micros / 1000)).getUTCDay() + 6) % 7) + 1;
      default:
        return undefined;
    }
  }

  override binary(op: string, other: Value, reflected: boolean): Value | typeof NOT_IMPLEMENTED {
    if (other instanceof PyTimedelta) {
      if (op === '+') return new PyDateTime(this.micros + other.micros, this.aware);
      if (op === '-' && !reflected) return new PyDateTime(this.micros - other.micros, this.aware);
    }
    if (op === '-' && other instanceof PyDateTime) {
      if (other.aware !== this.aware)
        fail("can't subtract offset-naive and offset-aware datetimes");
      return new PyTimedelta(reflected ? other.micros - this.micros : this.micros - other.micros);
    }
    return NOT_IMPLEMENTED;
  }

  override compare(other: Value): number | undefined {
    if (!(other instanceof PyDateTime)) return undefined;
    if (other.aware !== this.aware) fail("can't compare offset-naive and offset-aware datetimes");
    return this.micros - other.micros;
  }

  override equals(other: Value): boolean {
    return (
      other instanceof PyDateTime && other.aware === this.aware && other.micros === this.micros
    );
  }
}

export class PyDate extends HostObject {
  readonly typeName = 'date';
  constructor(
    /** Days since 1970-01-01. */
    readonly days: number,
  ) {
    super();
  }
  get parts(): Parts {
    return partsOf(this.days * US_PER_DAY);
  }
  isoformat(): string {
    return strftime(this.parts, '%Y-%m-%d', false, false);
  }
  override str(): string {
    return this.isoformat();
  }
  override repr(): string {
    const p = this.parts;
    return `datetime.date(${p.year}, ${p.month}, ${p.day})`;
  }
  override getAttr(name: string): Value | undefined {
    const p = this.parts;
    switch (name) {
      case 'year':
      case 'month':
      case 'day':
        return p[name];
      case 'strftime':
        return (args) => strftime(p, String(args[0] ?? ''), false, false);
      case 'isoformat':
        return () => this.isoformat();
      case 'replace':
        return (_args, kwargs) =>
          new PyDate(Math.floor(microsOf(replaceParts(p, kwargs)) / US_PER_DAY));
      case 'weekday':
        return () => (new Date(this.days * 86_400_000).getUTCDay() + 6) % 7;
      case 'isoweekday':
        return () => ((new Date(this.days * 86_400_000).getUTCDay() + 6) % 7) + 1;
      default:
        return undefined;
    }
  }
  override binary(op: string, other: Value, reflected: boolean): Value | typeof NOT_IMPLEMENTED {
    if (other instanceof PyTimedelta) {
      const days = Math.floor(other.micros / US_PER_DAY);
      if (op === '+') return new PyDate(this.days + days);
      if (op === '-' && !reflected) return new PyDate(this.days - days);
    }
    if (op === '-' && other instanceof PyDate) {
      return new PyTimedelta(
        (reflected ? other.days - this.days : this.days - other.days) * US_PER_DAY,
      );
    }
    return NOT_IMPLEMENTED;
  }
  override compare(other: Value): number | undefined {
    return other instanceof PyDate ? this.days - other.days : undefined;
  }
  override equals(other: Value): boolean {
    return other instanceof PyDate && other.days === this.days;
  }
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]][+00:00]`, as `datetime.fromisoformat` reads it. */
export function parseIsoDateTime(text: string): PyDateTime {
  const m = ISO.exec(text.trim());
  if (!m) fail(`Invalid isoformat string: '${text}'`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', f = '', tz] = m!;
  let micros = microsOf({
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    microsecond: Number(f.slice(0, 6).padEnd(6, '0') || 0),
  });
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    micros -=
      sign *
      (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2) || 0) * 60) *
      US_PER_SECOND;
  }
  return new PyDateTime(micros, tz !== undefined);
}

const STRPTIME: Record<string, [string, keyof Parts | 'month_name' | 'year2' | 'ignore']> = {
  Y: ['(\\d{4})', 'year'],
  y: ['(\\d{2})', 'year2'],
  m: ['(\\d{1,2})', 'month'],
  d: ['(\\d{1,2})', 'day'],
  H: ['(\\d{1,2})', 'hour'],
  M: ['(\\d{1,2})', 'minute'],
  S: ['(\\d{1,2})', 'second'],
  f: ['(\\d{1,6})', 'microsecond'],
  b: ['([A-Za-z]{3})', 'month_name'],
  B: ['([A-Za-z]+)', 'month_name'],
  z: ['([+-]\\d{4}|Z)?', 'ignore'],
};

/**
 * Longer formats and inputs than any date needs are refused: the pattern built below backtracks,
 * and with many `%d`-like fields that would take exponential time.
 */
const MAX_STRPTIME = 64;
const MAX_STRPTIME_FIELDS = 12;

function strptime(text: string, format: string): PyDateTime {
  const directives = (format.match(/%[^%]/g) ?? []).length;
  if (
    format.length > MAX_STRPTIME ||
    text.length > MAX_STRPTIME ||
    directives > MAX_STRPTIME_FIELDS
  ) {
    fail(
      `strptime() takes a date of at most ${MAX_STRPTIME} characters and a format of at most ${MAX_STRPTIME_FIELDS} fields`,
    );
  }
  const fields: (keyof Parts | 'month_name' | 'year2' | 'ignore')[] = [];
  const pattern = format.replace(/%(.)|[.*+?^${}()|[\]\\]/g, (m, code?: string) => {
    if (code === undefined) return `\\${m}`;
    if (code === '%') return '%';
    const spec = Object.hasOwn(STRPTIME, code) ? STRPTIME[code] : undefined;
    if (!spec) fail(`'${code}' is a bad directive in format '%${code}'`);
    fields.push(spec![1]);
    return spec![0];
  });
  const m = new RegExp(`^${pattern}$`).exec(text);
  if (!m) fail(`time data '${text}' does not match format '${format}'`);
  const p: Parts = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 };
  fields.forEach((field, i) => {
    const raw = m![i + 1];
    if (raw === undefined || field === 'ignore') return;
    if (field === 'month_name') {
      const index = MONTHS.findIndex((name) => name.toLowerCase().startsWith(raw.toLowerCase()));
      if (index === -1) fail(`time data '${text}' does not match format '${format}'`);
      p.month = index + 1;
    } else if (field === 'year2') p.year = 2000 + Number(raw) - (Number(raw) >= 69 ? 100 : 0);
    else if (field === 'microsecond') p.microsecond = Number(raw.padEnd(6, '0'));
    else p[field] = Number(raw);
  });
  return new PyDateTime(microsOf(p));
}

/** A Python class as a template value: callable, with class methods as attributes. */
class PyClass extends HostObject {
  readonly typeName = 'type';
  constructor(
    private readonly className: string,
    private readonly construct: JinjaFunction,
    private readonly classAttrs: Record<string, Value>,
  ) {
    super();
  }
  override call(args: Value[], kwargs: Kwargs) {
    return this.construct(args, kwargs, undefined as never) as Value;
  }
  override getAttr(name: string): Value | undefined {
    return Object.hasOwn(this.classAttrs, name) ? this.classAttrs[name] : undefined;
  }
  override repr(): string {
    return `<class 'datetime.${this.className}'>`;
  }
}

function timedeltaFrom(args: Value[], kwargs: Kwargs): PyTimedelta {
  const names = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
  const scale = [
    US_PER_DAY,
    US_PER_SECOND,
    1,
    1000,
    60 * US_PER_SECOND,
    3600 * US_PER_SECOND,
    7 * US_PER_DAY,
  ];
  let micros = 0;
  names.forEach((name, i) => {
    const value = arg(args, kwargs, i, name);
    if (value === undefined || value === null) return;
    if (!isNumber(value)) fail(`unsupported type for timedelta ${name} component: ${typeof value}`);
    micros += num(value) * scale[i]!;
  });
  return new PyTimedelta(Math.round(micros));
}

/** `modules.datetime`, with `now()` and `today()` following the given clock (the lab clock). */
export function datetimeModule(now: () => Date): HostObject {
  const datetime = new PyClass(
    'datetime',
    (args, kwargs) => {
      const p: Parts = {
        year: intArg(arg(args, kwargs, 0, 'year'), 'year'),
        month: intArg(arg(args, kwargs, 1, 'month'), 'month'),
        day: intArg(arg(args, kwargs, 2, 'day'), 'day'),
        hour: intArg(arg(args, kwargs, 3, 'hour'), 'hour', 0),
        minute: intArg(arg(args, kwargs, 4, 'minute'), 'minute', 0),
        second: intArg(arg(args, kwargs, 5, 'second'), 'second', 0),
        microsecond: intArg(arg(args, kwargs, 6, 'microsecond'), 'microsecond', 0),
      };
      const tz = arg(args, kwargs, 7, 'tzinfo');
      return new PyDateTime(microsOf(p), tz !== undefined && tz !== null);
    },
    {
      now: (args, kwargs) => PyDateTime.fromDate(now(), truthy(arg(args, kwargs, 0, 'tz') ?? null)),
      utcnow: () => PyDateTime.fromDate(now()),
      today: () => PyDateTime.fromDate(now()),
      fromisoformat: (args) => parseIsoDateTime(String(args[0] ?? '')),
      strptime: (args) => strptime(String(args[0] ?? ''), String(args[1] ?? '')),
      fromtimestamp: (args, kwargs) =>
        new PyDateTime(
          Math.round(num(args[0] ?? 0) * US_PER_SECOND),
          truthy(arg(args, kwargs, 1, 'tz') ?? null),
        ),
    },
  );
  const date = new PyClass(
    'date',
    (args, kwargs) =>
      new PyDate(
        Math.floor(
          microsOf({
            year: intArg(arg(args, kwargs, 0, 'year'), 'year'),
            month: intArg(arg(args, kwargs, 1, 'month'), 'month'),
            day: intArg(arg(args, kwargs, 2, 'day'), 'day'),
            hour: 0,
            minute: 0,
            second: 0,
            microsecond: 0,
          }) / US_PER_DAY,
        ),
      ),
    {
      today: () => new PyDate(Math.floor(now().getTime() / 86_400_000)),
      fromisoformat: (args) =>
        new PyDate(Math.floor(parseIsoDateTime(String(args[0] ?? '')).micros / US_PER_DAY)),
    },
  );
  const timedelta = new PyClass('timedelta', (args, kwargs) => timedeltaFrom(args, kwargs), {});
  const timezone = new PyClass('timezone', () => UTC, { utc: UTC });
  const members = new Map<string, Value>([
    ['datetime', datetime],
    ['date', date],
    ['timedelta', timedelta],
    ['timezone', timezone],
  ]);
  return new (class DatetimeModule extends HostObject {
    readonly typeName = 'module';
    override getAttr(name: string): Value | undefined {
      return members.get(name);
    }
    override repr(): string {
      return "<module 'datetime'>";
    }
  })();
}

/** A DuckDB TIMESTAMP text (`2018-08-14 23:59:59[.123]`) as a datetime. */
export function datetimeFromSql(text: string, aware: boolean): PyDateTime {
  const parsed = parseIsoDateTime(text);
  return new PyDateTime(parsed.micros, aware || parsed.aware);
}

export function dateFromSql(text: string): PyDate {
  return new PyDate(Math.floor(parseIsoDateTime(text).micros / US_PER_DAY));
}

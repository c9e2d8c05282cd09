/**
 * A small stand-in for Python's `datetime` as dbt exposes it (`run_started_at`, `modules.datetime`):
 * `strftime`, `isoformat`, the date parts, and `str()` in Python's form. All times are UTC.
 */

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

export class PyDateTime {
  constructor(
    readonly date: Date,
    /** Python prints `+00:00` for an aware datetime (`run_started_at`), nothing for a naive one. */
    readonly aware = false,
  ) {}

  get year() {
    return this.date.getUTCFullYear();
  }
  get month() {
    return this.date.getUTCMonth() + 1;
  }
  get day() {
    return this.date.getUTCDate();
  }
  get hour() {
    return this.date.getUTCHours();
  }
  get minute() {
    return this.date.getUTCMinutes();
  }
  get second() {
    return this.date.getUTCSeconds();
  }
  get microsecond() {
    return this.date.getUTCMilliseconds() * 1000;
  }

  strftime(format: string): string {
    const d = this.date;
    const dayOfYear =
      Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
    const codes: Record<string, string> = {
      Y: String(this.year),
      y: pad(this.year % 100),
      m: pad(this.month),
      d: pad(this.day),
      H: pad(this.hour),
      I: pad(this.hour % 12 === 0 ? 12 : this.hour % 12),
      p: this.hour < 12 ? 'AM' : 'PM',
      M: pad(this.minute),
      S: pad(this.second),
      f: pad(this.microsecond, 6),
      j: pad(dayOfYear, 3),
      a: DAYS[d.getUTCDay()]!.slice(0, 3),
      A: DAYS[d.getUTCDay()]!,
      b: MONTHS[d.getUTCMonth()]!.slice(0, 3),
      B: MONTHS[d.getUTCMonth()]!,
      z: this.aware ? '+0000' : '',
      Z: this.aware ? 'UTC' : '',
      '%': '%',
    };
    return format.replace(/%(.)/g, (match, code: string) => codes[code] ?? match);
  }

  isoformat(sep: unknown = 'T'): string {
    const separator = typeof sep === 'string' ? sep : 'T';
    const fraction = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return this.strftime(`%Y-%m-%d${separator}%H:%M:%S`) + fraction + (this.aware ? '+00:00' : '');
  }

  timestamp(): number {
    return this.date.getTime() / 1000;
  }

  toString(): string {
    return this.isoformat(' ');
  }

  valueOf(): number {
    return this.date.getTime();
  }
}

export class PyDate extends PyDateTime {
  override isoformat(): string {
    return this.strftime('%Y-%m-%d');
  }
  override toString(): string {
    return this.isoformat();
  }
}

export class PyTimedelta {
  readonly ms: number;
  constructor(kw: Record<string, unknown>) {
    const n = (k: string) => (typeof kw[k] === 'number' ? (kw[k] as number) : 0);
    this.ms =
      n('weeks') * 604_800_000 +
      n('days') * 86_400_000 +
      n('hours') * 3_600_000 +
      n('minutes') * 60_000 +
      n('seconds') * 1000 +
      n('milliseconds');
  }
  valueOf(): number {
    return this.ms;
  }
}

function keywords(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  return last && typeof last === 'object' ? (last as Record<string, unknown>) : {};
}

/** `modules.datetime`, with `now()` following the given clock (the lab clock in the lab). */
export function datetimeModule(now: () => Date) {
  const datetime = (...args: unknown[]) => {
    const [y = 1970, m = 1, d = 1, hh = 0, mi = 0, ss = 0] = args.filter(
      (a): a is number => typeof a === 'number',
    );
    return new PyDateTime(new Date(Date.UTC(y, m - 1, d, hh, mi, ss)));
  };
  Object.assign(datetime, {
    now: () => new PyDateTime(now()),
    utcnow: () => new PyDateTime(now()),
    fromisoformat: (text: string) => new PyDateTime(new Date(`${text.replace(' ', 'T')}Z`)),
  });
  return {
    datetime,
    date: { today: () => new PyDate(new Date(now().toISOString().slice(0, 10) + 'T00:00:00Z')) },
    timedelta: (...args: unknown[]) => new PyTimedelta(keywords(args)),
  };
}

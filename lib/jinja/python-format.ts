/**
 * Python's string formatting: `'%s-%05.2f' % (a, b)` (and Jinja's `| format`), and
 * `'{} {name:>8}'.format(a, name=b)`, with the conversions templates use.
 */
import { TemplateRuntimeError } from './errors';
import { formatFloat, pyRepr, pyStr, toFixedPython } from './python-str';
import { isDict, isFloat, isNumber, isTuple, num, typeName, type Value } from './values';

function pad(text: string, width: number, align: '<' | '>' | '^' | '=', fill = ' '): string {
  if (text.length >= width) return text;
  const room = width - text.length;
  if (align === '<') return text + fill.repeat(room);
  if (align === '^') {
    const left = Math.floor(room / 2);
    return fill.repeat(left) + text + fill.repeat(room - left);
  }
  if (align === '=' && /^[+-]/.test(text)) return text[0] + fill.repeat(room) + text.slice(1);
  return fill.repeat(room) + text;
}

function toNumber(value: Value, conversion: string): number {
  if (isNumber(value)) return num(value);
  if (typeof value === 'string' && conversion !== 'd') {
    throw new TemplateRuntimeError(`must be real number, not str`);
  }
  throw new TemplateRuntimeError(
    `%${conversion} format: a real number is required, not ${typeName(value)}`,
  );
}

function exponential(n: number, precision: number, upper: boolean): string {
  const [m, e] = n.toExponential(precision).split('e') as [string, string];
  const exp = Number(e);
  const text = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

function general(n: number, precision: number, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  let text =
    exp < -4 || exp >= p ? exponential(n, p - 1, false) : n.toFixed(Math.max(0, p - 1 - exp));
  if (!alternate) text = text.replace(/\.?0+(?=e|$)/, '');
  return text;
}

/** One conversion (`d`, `f`, `s`…) with sign and precision; width is applied by the caller. */
function convert(
  value: Value,
  type: string,
  precision: number | undefined,
  sign: string,
  alternate: boolean,
): string {
  let body: string;
  let n: number | undefined;
  switch (type) {
    case 's':
      body = pyStr(value);
      return precision !== undefined ? body.slice(0, precision) : body;
    case 'r':
    case 'a':
      return pyRepr(value);
    case 'd':
    case 'i':
    case 'u':
      n = Math.trunc(toNumber(value, 'd'));
      body = String(Math.abs(n));
      break;
    case 'f':
    case 'F':
      n = toNumber(value, type);
      body = toFixedPython(Math.abs(n), precision ?? 6);
      break;
    case 'e':
    case 'E':
      n = toNumber(value, type);
      body = exponential(Math.abs(n), precision ?? 6, type === 'E');
      break;
    case 'g':
    case 'G':
      n = toNumber(value, type);
      body = general(Math.abs(n), precision ?? 6, alternate);
      if (type === 'G') body = body.toUpperCase();
      break;
    case 'x':
    case 'X':
    case 'o':
      n = Math.trunc(toNumber(value, type));
      body = Math.abs(n).toString(type === 'o' ? 8 : 16);
      if (type === 'X') body = body.toUpperCase();
      if (alternate) body = (type === 'o' ? '0o' : type === 'x' ? '0x' : '0X') + body;
      break;
    case 'c':
      return typeof value === 'string' ? value : String.fromCodePoint(Math.trunc(num(value)));
    case '%':
      n = toNumber(value, type) * 100;
      body = `${toFixedPython(Math.abs(n), precision ?? 6)}%`;
      break;
    default:
      throw new TemplateRuntimeError(`unsupported format character '${type}'`);
  }
  const negative = n < 0 || Object.is(n, -0);
  return (negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') + body;
}

const PERCENT = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** `format % args`: a tuple of arguments, a dict for `%(name)s`, or a single value. */
export function percentFormat(format: string, args: Value): string {
  const positional = isTuple(args) ? [...args] : [args];
  let index = 0;
  let usedDict = false;
  const next = (): Value => {
    if (index >= positional.length) {
      throw new TemplateRuntimeError('not enough arguments for format string');
    }
    return positional[index++]!;
  };
  const text = format.replace(
    PERCENT,
    (
      _m,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      type: string,
    ) => {
      if (type === '%') return '%';
      let value: Value;
      if (key !== undefined) {
        if (!isDict(args)) throw new TemplateRuntimeError('format requires a mapping');
        usedDict = true;
        value = args.get(key) ?? null;
      } else value = next();
      const w = width === '*' ? Math.trunc(num(next())) : width ? Number(width) : 0;
      const p =
        precision === '*'
          ? Math.trunc(num(next()))
          : precision !== undefined
            ? Number(precision)
            : undefined;
      const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      const body = convert(value, type, p, sign, flags.includes('#'));
      if (flags.includes('-')) return pad(body, w, '<');
      if (flags.includes('0') && type !== 's' && type !== 'r') return pad(body, w, '=', '0');
      return pad(body, w, '>');
    },
  );
  if (!usedDict && !isDict(args) && index < positional.length && isTuple(args)) {
    throw new TemplateRuntimeError('not all arguments converted during string formatting');
  }
  return text;
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

function formatSpec(value: Value, spec: string): string {
  const m = SPEC.exec(spec);
  if (!m) throw new TemplateRuntimeError(`Invalid format specifier '${spec}'`);
  const [, fill, align, sign = '', alternate, zero, width, grouping, precision, type] = m;
  const numeric = isNumber(value) && typeof value !== 'boolean';
  let conversion = type ?? (numeric ? (isFloat(value) ? 'g' : 'd') : 's');
  if (conversion === 'n') conversion = isFloat(value) ? 'g' : 'd';
  let body: string;
  if (type === undefined && numeric && isFloat(value) && precision === undefined) {
    body = formatFloat(num(value));
    if (sign === '+' && num(value) >= 0) body = `+${body}`;
  } else if (conversion === 'b') {
    body = Math.trunc(num(value)).toString(2);
  } else {
    body = convert(
      value,
      conversion,
      precision !== undefined ? Number(precision) : undefined,
      sign,
      Boolean(alternate),
    );
  }
  if (grouping && numeric) {
    const [int, frac] = body.split('.') as [string, string | undefined];
    body = int.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (frac !== undefined ? `.${frac}` : '');
  }
  const w = width ? Number(width) : 0;
  const defaultAlign = numeric ? '>' : '<';
  if (zero && !align) return pad(body, w, '=', '0');
  return pad(body, w, (align as '<' | '>' | '^' | '=') ?? defaultAlign, fill ?? ' ');
}

/** `str.format(*args, **kwargs)`. */
export function strFormat(format: string, args: Value[], kwargs: Map<string, Value>): string {
  let auto = 0;
  return format.replace(
    /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g,
    (m, field?: string, conv?: string, spec?: string) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const [head = '', ...path] = (field ?? '').split('.');
      let value: Value | undefined;
      if (head === '') value = args[auto++];
      else if (/^\d+$/.test(head)) value = args[Number(head)];
      else value = kwargs.get(head);
      if (value === undefined) {
        throw new TemplateRuntimeError(
          head === '' || /^\d+$/.test(head)
            ? 'Replacement index out of range for positional args tuple'
            : `KeyError: '${head}'`,
        );
      }
      for (const part of path) {
        value = isDict(value) ? (value.get(part) ?? null) : null;
      }
      if (conv === 'r' || conv === 'a') value = pyRepr(value);
      else if (conv === 's') value = pyStr(value);
      return formatSpec(value, spec ?? '');
    },
  );
}

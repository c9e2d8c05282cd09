/** Jinja's global functions: `range`, `dict`, `namespace`, `cycler`, `joiner`, and the loop object. */
import { TemplateLimitError, TemplateRuntimeError } from './errors';
import { iterate, pyEquals } from './operators';
import {
  dictKey,
  HostObject,
  isDict,
  isNumber,
  Namespace,
  num,
  Undefined,
  type JinjaFunction,
  type Kwargs,
  type PyDict,
  type Value,
} from './values';

/** Jinja's sandbox refuses bigger ranges; so do we. */
export const MAX_RANGE = 100_000;

function intArg(value: Value | undefined, what: string): number {
  if (value === undefined || !isNumber(value) || !Number.isInteger(num(value))) {
    throw new TemplateRuntimeError(`${what} must be an integer`);
  }
  return num(value);
}

const range: JinjaFunction = (args) => {
  if (args.length === 0 || args.length > 3) {
    throw new TemplateRuntimeError(`range expected 1 to 3 arguments, got ${args.length}`);
  }
  const [start, stop, step] =
    args.length === 1
      ? [0, intArg(args[0], 'range()'), 1]
      : [
          intArg(args[0], 'range()'),
          intArg(args[1], 'range()'),
          args[2] === undefined ? 1 : intArg(args[2], 'range()'),
        ];
  if (step === 0) throw new TemplateRuntimeError('range() arg 3 must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) {
    throw new TemplateLimitError(
      `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`,
    );
  }
  return Array.from({ length: count }, (_, i) => start + i * step);
};

function dictFrom(args: Value[], kwargs: Kwargs): PyDict {
  const out: PyDict = new Map();
  const source = args[0];
  if (isDict(source)) for (const [k, v] of source) out.set(k, v);
  else if (source !== undefined && source !== null) {
    for (const pair of iterate(source)) {
      const items = iterate(pair);
      if (items.length !== 2) {
        throw new TemplateRuntimeError(
          'dictionary update sequence element has the wrong length; 2 is required',
        );
      }
      out.set(dictKey(items[0]!), items[1]!);
    }
  }
  for (const [k, v] of kwargs) out.set(k, v);
  return out;
}

const dict: JinjaFunction = (args, kwargs) => dictFrom(args, kwargs);

const namespace: JinjaFunction = (args, kwargs) => {
  const ns = new Namespace();
  for (const [k, v] of dictFrom(args, kwargs)) ns.attrs.set(String(k), v);
  return ns;
};

class Cycler extends HostObject {
  readonly typeName = 'Cycler';
  private position = 0;
  constructor(private readonly items: Value[]) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'current':
        return this.items[this.position] ?? null;
      case 'next':
        return () => {
          const item = this.items[this.position] ?? null;
          this.position = (this.position + 1) % Math.max(1, this.items.length);
          return item;
        };
      case 'reset':
        return () => {
          this.position = 0;
          return null;
        };
      default:
        return undefined;
    }
  }
}

class Joiner extends HostObject {
  readonly typeName = 'Joiner';
  private used = false;
  constructor(private readonly separator: string) {
    super();
  }
  override call(): Value {
    if (this.used) return this.separator;
    this.used = true;
    return '';
  }
}

export const BUILTIN_GLOBALS: Record<string, Value> = {
  range,
  dict,
  namespace,
  cycler: (args) => {
    if (args.length === 0) throw new TemplateRuntimeError('at least one item has to be provided');
    return new Cycler(args);
  },
  joiner: (args, kwargs) => new Joiner(String(kwargs.get('sep') ?? args[0] ?? ', ')),
};

/** The `loop` variable of a for loop. */
export class LoopContext extends HostObject {
  readonly typeName = 'LoopContext';
  private lastChanged: Value[] | undefined;
  constructor(
    private readonly items: Value[],
    public index0 = 0,
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case 'index':
        return i + 1;
      case 'index0':
        return i;
      case 'revindex':
        return n - i;
      case 'revindex0':
        return n - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return 1;
      case 'depth0':
        return 0;
      case 'previtem':
        return i > 0 ? this.items[i - 1]! : new Undefined('there is no previous item');
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1]! : new Undefined('there is no next item');
      case 'cycle':
        return (args) => {
          if (args.length === 0) throw new TemplateRuntimeError('no items for cycling given');
          return args[i % args.length]!;
        };
      case 'changed':
        return (args) => {
          const changed = !this.lastChanged || !pyEquals(this.lastChanged, args);
          this.lastChanged = args;
          return changed;
        };
      default:
        return undefined;
    }
  }
  override repr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}

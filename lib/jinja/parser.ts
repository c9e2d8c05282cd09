/**
 * Jinja's grammar, with Jinja's precedence (lowest first): `x if c else y`, `or`, `and`, `not`,
 * comparisons and `in`, `+ -`, `~`, `* / // %`, `**`, unary `- +`, then postfix `.a [k] (…)` and
 * the `| filter` / `is test` chain. Statements: if, for, set, macro, call, filter, do, with,
 * break/continue, and dbt's test, materialization, docs and snapshot blocks.
 */
import type { CallArgs, Expr, FilterCall, MacroDef, Param, Program, Stmt, Target } from './ast';
import { TemplateSyntaxError } from './errors';
import { tokenize, type Token } from './lexer';
import { float } from './values';

/** Deeper nesting than this is refused (it would only exhaust the parser's stack). */
const MAX_NESTING = 100;

const END_TAGS: Record<string, string[]> = {
  if: ['elif', 'else', 'endif'],
  for: ['else', 'endfor'],
  macro: ['endmacro'],
  call: ['endcall'],
  filter: ['endfilter'],
  set: ['endset'],
  with: ['endwith'],
  test: ['endtest'],
  materialization: ['endmaterialization'],
  docs: ['enddocs'],
  snapshot: ['endsnapshot'],
};

const NOT_IN_DBT: Record<string, string> = {
  include: 'dbt models cannot include other templates; call a macro instead',
  import: 'dbt makes every macro of the project available by name; no import is needed',
  from: 'dbt makes every macro of the project available by name; no import is needed',
  extends: 'dbt models cannot extend templates',
  block: 'dbt models have no template blocks',
};

interface OpenBlock {
  tag: string;
  line: number;
}

export function parseTemplate(source: string, name: string): Program {
  return new Parser(tokenize(source, name), name).parseProgram();
}

class Parser {
  private i = 0;
  private depth = 0;
  private readonly open: OpenBlock[] = [];
  private readonly macros: MacroDef[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  parseProgram(): Program {
    const { body } = this.subparse([]);
    return { name: this.file, body, macros: this.macros };
  }

  // ---- token helpers ----

  private get cur(): Token {
    return this.tokens[this.i]!;
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const token = this.cur;
    if (this.i < this.tokens.length - 1) this.i++;
    return token;
  }

  private fail(message: string, line = this.cur.line): never {
    throw new TemplateSyntaxError(message, this.file, line);
  }

  private isOp(op: string, token = this.cur): boolean {
    return token.t === 'op' && token.value === op;
  }

  private isName(name?: string, token = this.cur): boolean {
    return token.t === 'name' && (name === undefined || token.value === name);
  }

  private describe(token: Token): string {
    switch (token.t) {
      case 'name':
      case 'op':
        return `'${token.value}'`;
      case 'string':
        return 'string';
      case 'int':
      case 'float':
        return 'number';
      case 'var_end':
        return "'}}'";
      case 'block_end':
        return "'%}'";
      case 'eof':
        return 'end of template';
      default:
        return token.t;
    }
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) this.fail(`unexpected ${this.describe(this.cur)}, expected '${op}'`);
    this.advance();
  }

  private expectName(): string {
    const token = this.cur;
    if (token.t !== 'name') this.fail(`unexpected ${this.describe(token)}, expected a name`);
    this.advance();
    return token.value;
  }

  private expectBlockEnd(): void {
    if (this.cur.t !== 'block_end') {
      this.fail(`unexpected ${this.describe(this.cur)}, expected end of statement block ('%}')`);
    }
    this.advance();
  }

  // ---- statements ----

  /** Statements until one of `endTags` (its name consumed; the caller reads the rest of it). */
  private subparse(endTags: string[]): { body: Stmt[]; end?: string } {
    const body: Stmt[] = [];
    for (;;) {
      const token = this.cur;
      if (token.t === 'data') {
        body.push({ k: 'data', line: token.line, text: token.value });
        this.advance();
      } else if (token.t === 'var_begin') {
        this.advance();
        const expr = this.parseTuple();
        if (this.cur.t !== 'var_end') {
          this.fail(
            `unexpected ${this.describe(this.cur)}, expected end of print statement ('}}')`,
          );
        }
        this.advance();
        body.push({ k: 'output', line: token.line, expr });
      } else if (token.t === 'block_begin') {
        const tag = this.peek();
        if (tag.t !== 'name') this.fail('a statement block must start with a tag name', tag.line);
        if (endTags.includes(tag.value)) {
          this.advance();
          this.advance();
          return { body, end: tag.value };
        }
        this.advance();
        body.push(this.parseStatement());
      } else if (token.t === 'eof') {
        const innermost = this.open[this.open.length - 1];
        if (innermost) {
          const closer = END_TAGS[innermost.tag]!.at(-1)!;
          this.fail(
            `Unexpected end of template: the '{% ${innermost.tag} %}' block opened on line ${innermost.line} is never closed (add '{% ${closer} %}').`,
            innermost.line,
          );
        }
        return { body };
      } else {
        this.fail(`unexpected ${this.describe(token)}`);
      }
    }
  }

  private unknownTag(tag: string, line: number): never {
    let message = `Encountered unknown tag '${tag}'.`;
    if (NOT_IN_DBT[tag]) message += ` ${NOT_IN_DBT[tag]}.`;
    const innermost = this.open[this.open.length - 1];
    if (innermost) {
      const wanted = END_TAGS[innermost.tag]!.map((t) => `'${t}'`).join(' or ');
      message += ` Jinja was looking for the following tags: ${wanted}. The innermost block that needs to be closed is '${innermost.tag}'.`;
    }
    this.fail(message, line);
  }

  /** A block whose body runs until its end tag; returns the body and the end tag found. */
  private block(
    tag: string,
    line: number,
    endTags = END_TAGS[tag]!,
  ): { body: Stmt[]; end: string } {
    if (this.open.length >= MAX_NESTING) {
      this.fail(`blocks are nested more than ${MAX_NESTING} levels deep`, line);
    }
    this.open.push({ tag, line });
    const { body, end } = this.subparse(endTags);
    this.open.pop();
    return { body, end: end! };
  }

  private parseStatement(): Stmt {
    const token = this.advance() as Extract<Token, { t: 'name' }>;
    const line = token.line;
    switch (token.value) {
      case 'if':
        return this.parseIf(line);
      case 'for':
        return this.parseFor(line);
      case 'set':
        return this.parseSet(line);
      case 'macro': {
        const def = this.parseMacroSignature(line, this.expectName());
        return { k: 'macro', line, def };
      }
      case 'test': {
        const def = this.parseMacroSignature(line, `test_${this.expectName()}`, 'test');
        this.macros.push(def);
        return { k: 'macro', line, def };
      }
      case 'materialization':
        return this.parseMaterialization(line);
      case 'call':
        return this.parseCallBlock(line);
      case 'filter': {
        const filters = this.parseFilterChain();
        this.expectBlockEnd();
        const { body } = this.block('filter', line);
        this.expectBlockEnd();
        return { k: 'filterblock', line, filters, body };
      }
      case 'do': {
        const expr = this.parseTuple();
        this.expectBlockEnd();
        return { k: 'do', line, expr };
      }
      case 'break':
      case 'continue':
        if (!this.open.some((b) => b.tag === 'for')) {
          this.fail(`'${token.value}' is only allowed inside a for loop`, line);
        }
        this.expectBlockEnd();
        return { k: token.value, line };
      case 'with':
        return this.parseWith(line);
      case 'docs':
      case 'snapshot': {
        const name = this.expectName();
        this.expectBlockEnd();
        const { body } = this.block(token.value, line);
        this.expectBlockEnd();
        return { k: 'dbtblock', line, tag: token.value, name, body };
      }
      default:
        return this.unknownTag(token.value, line);
    }
  }

  private parseIf(line: number): Stmt {
    const branches: { test: Expr; body: Stmt[] }[] = [];
    let test = this.parseTuple(false);
    this.expectBlockEnd();
    for (;;) {
      const { body, end } = this.block('if', line);
      branches.push({ test, body });
      if (end === 'elif') {
        test = this.parseTuple(false);
        this.expectBlockEnd();
        continue;
      }
      if (end === 'else') {
        this.expectBlockEnd();
        const rest = this.block('if', line, ['endif']);
        this.expectBlockEnd();
        return { k: 'if', line, branches, otherwise: rest.body };
      }
      this.expectBlockEnd();
      return { k: 'if', line, branches };
    }
  }

  private parseFor(line: number): Stmt {
    const target = this.parseAssignTarget(false);
    if (!this.isName('in')) this.fail(`unexpected ${this.describe(this.cur)}, expected 'in'`);
    this.advance();
    const iter = this.parseTuple(false, false);
    let filter: Expr | undefined;
    if (this.isName('if')) {
      this.advance();
      filter = this.parseExpression();
    }
    if (this.isName('recursive')) this.fail('recursive for loops are not supported here');
    this.expectBlockEnd();
    const { body, end } = this.block('for', line);
    this.expectBlockEnd();
    if (end === 'else') {
      const rest = this.block('for', line, ['endfor']);
      this.expectBlockEnd();
      return { k: 'for', line, target, iter, filter, body, otherwise: rest.body };
    }
    return { k: 'for', line, target, iter, filter, body };
  }

  private parseSet(line: number): Stmt {
    const target = this.parseAssignTarget(true);
    if (this.isOp('=')) {
      this.advance();
      const expr = this.parseTuple();
      this.expectBlockEnd();
      return { k: 'set', line, target, expr };
    }
    if (target.k !== 'name') this.fail("a '{% set %}' block assigns one name", line);
    const filters = this.isOp('|') ? (this.advance(), this.parseFilterChain()) : [];
    this.expectBlockEnd();
    const { body } = this.block('set', line);
    this.expectBlockEnd();
    return { k: 'setblock', line, target, body, filters };
  }

  private parseWith(line: number): Stmt {
    const assignments: [Target, Expr][] = [];
    while (this.cur.t !== 'block_end') {
      if (assignments.length > 0) this.expectOp(',');
      const target = this.parseAssignTarget(false);
      this.expectOp('=');
      assignments.push([target, this.parseExpression()]);
    }
    this.expectBlockEnd();
    const { body } = this.block('with', line);
    this.expectBlockEnd();
    return { k: 'with', line, assignments, body };
  }

  private parseMaterialization(line: number): Stmt {
    const name = this.expectName();
    let adapter = 'default';
    while (this.isOp(',')) {
      this.advance();
      const key = this.expectName();
      this.expectOp('=');
      const value = this.cur;
      if (value.t !== 'string') this.fail('materialization options must be strings');
      this.advance();
      if (key === 'adapter') adapter = value.value;
    }
    this.expectBlockEnd();
    const { body } = this.block('materialization', line);
    this.expectBlockEnd();
    const def = macroDef(`materialization_${name}_${adapter}`, [], body, line);
    this.macros.push(def);
    return { k: 'macro', line, def };
  }

  private parseMacroSignature(line: number, name: string, tag = 'macro'): MacroDef {
    const params = this.parseParams();
    this.expectBlockEnd();
    const { body } = this.block(tag, line);
    this.expectBlockEnd();
    const def = macroDef(name, params, body, line);
    if (tag === 'macro' && this.open.length === 0) this.macros.push(def);
    return def;
  }

  private parseParams(): Param[] {
    const params: Param[] = [];
    this.expectOp('(');
    while (!this.isOp(')')) {
      if (params.length > 0) this.expectOp(',');
      if (this.isOp(')')) break;
      const name = this.expectName();
      if (this.isOp('=')) {
        this.advance();
        params.push({ name, default: this.parseExpression() });
      } else {
        if (params.some((p) => p.default))
          this.fail('non-default argument follows default argument');
        params.push({ name });
      }
    }
    this.advance();
    return params;
  }

  private parseCallBlock(line: number): Stmt {
    const params = this.isOp('(') ? this.parseParams() : [];
    const call = this.parseExpression();
    if (call.k !== 'call')
      this.fail("'{% call %}' needs a macro call, e.g. {% call statement('x') %}", line);
    this.expectBlockEnd();
    const { body } = this.block('call', line);
    this.expectBlockEnd();
    return { k: 'callblock', line, call, caller: macroDef('caller', params, body, line) };
  }

  private parseFilterChain(): FilterCall[] {
    const filters: FilterCall[] = [];
    do {
      if (filters.length > 0) this.advance();
      const line = this.cur.line;
      const name = this.parseDottedName();
      const args = this.isOp('(') ? this.parseCallArgs() : emptyArgs();
      filters.push({ name, args, line });
    } while (this.isOp('|'));
    return filters;
  }

  private parseDottedName(): string {
    let name = this.expectName();
    while (this.isOp('.') && this.peek().t === 'name') {
      this.advance();
      name += `.${this.expectName()}`;
    }
    return name;
  }

  /** `x`, `a, b`, `(a, b)`, or (for set) `ns.attr`. */
  private parseAssignTarget(allowAttr: boolean): Target {
    const one = (): Target => {
      if (this.isOp('(')) {
        this.advance();
        const inner = this.parseAssignTarget(false);
        this.expectOp(')');
        return inner;
      }
      const name = this.expectName();
      if (allowAttr && this.isOp('.')) {
        this.advance();
        return { k: 'attr', obj: name, name: this.expectName() };
      }
      if (['true', 'false', 'none', 'True', 'False', 'None'].includes(name)) {
        this.fail(`cannot assign to ${name}`);
      }
      return { k: 'name', name };
    };
    const first = one();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.advance();
      if (this.isOp('=') || this.isName('in')) break;
      items.push(one());
    }
    return { k: 'tuple', items };
  }

  // ---- expressions ----

  /** An expression, or several separated by commas (a tuple without parentheses). */
  private parseTuple(withCondexpr = true, allowEmpty = false): Expr {
    const line = this.cur.line;
    const items: Expr[] = [];
    let trailingComma = false;
    for (;;) {
      if (items.length > 0) {
        if (!this.isOp(',')) break;
        this.advance();
        trailingComma = true;
      }
      if (
        this.cur.t === 'var_end' ||
        this.cur.t === 'block_end' ||
        this.isOp(')') ||
        this.isName('if') ||
        this.isName('in')
      ) {
        if (items.length === 0 && !allowEmpty)
          this.fail(`unexpected ${this.describe(this.cur)}, expected an expression`);
        break;
      }
      items.push(withCondexpr ? this.parseExpression() : this.parseOr());
      trailingComma = false;
    }
    if (items.length === 1 && !trailingComma) return items[0]!;
    return { k: 'tuple', line, items };
  }

  parseExpression(): Expr {
    if (++this.depth > MAX_NESTING)
      this.fail(`the expression is nested more than ${MAX_NESTING} levels deep`);
    try {
      const expr = this.parseOr();
      if (this.isName('if')) {
        const line = this.cur.line;
        this.advance();
        const test = this.parseOr();
        let otherwise: Expr | undefined;
        if (this.isName('else')) {
          this.advance();
          otherwise = this.parseExpression();
        }
        return { k: 'cond', line, test, then: expr, otherwise };
      }
      return expr;
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      const line = this.advance().line;
      left = { k: 'or', line, left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const line = this.advance().line;
      left = { k: 'and', line, left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const line = this.advance().line;
      return { k: 'unary', line, op: 'not', operand: this.parseNot() };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const line = this.cur.line;
    const first = this.parseMath1();
    const ops: [string, Expr][] = [];
    for (;;) {
      const token = this.cur;
      if (token.t === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(token.value)) {
        this.advance();
        ops.push([token.value, this.parseMath1()]);
      } else if (this.isName('in')) {
        this.advance();
        ops.push(['in', this.parseMath1()]);
      } else if (this.isName('not') && this.isName('in', this.peek())) {
        this.advance();
        this.advance();
        ops.push(['not in', this.parseMath1()]);
      } else break;
    }
    return ops.length === 0 ? first : { k: 'compare', line, first, ops };
  }

  private parseBinary(ops: string[], next: () => Expr): Expr {
    let left = next();
    while (this.cur.t === 'op' && ops.includes(this.cur.value)) {
      const token = this.advance() as Extract<Token, { t: 'op' }>;
      left = { k: 'binary', line: token.line, op: token.value, left, right: next() };
    }
    return left;
  }

  private parseMath1(): Expr {
    return this.parseBinary(['+', '-'], () => this.parseConcat());
  }

  private parseConcat(): Expr {
    return this.parseBinary(['~'], () => this.parseMath2());
  }

  private parseMath2(): Expr {
    return this.parseBinary(['*', '/', '//', '%'], () => this.parsePow());
  }

  private parsePow(): Expr {
    return this.parseBinary(['**'], () => this.parseUnary());
  }

  private parseUnary(withFilter = true): Expr {
    if (++this.depth > MAX_NESTING)
      this.fail(`the expression is nested more than ${MAX_NESTING} levels deep`);
    try {
      let node: Expr;
      if (this.isOp('-') || this.isOp('+')) {
        const token = this.advance() as Extract<Token, { t: 'op' }>;
        node = {
          k: 'unary',
          line: token.line,
          op: token.value as '-' | '+',
          operand: this.parseUnary(false),
        };
      } else {
        node = this.parsePrimary();
      }
      node = this.parsePostfix(node);
      return withFilter ? this.parseFilterExpr(node) : node;
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): Expr {
    const token = this.cur;
    const line = token.line;
    switch (token.t) {
      case 'name': {
        this.advance();
        switch (token.value) {
          case 'true':
          case 'True':
            return { k: 'const', line, value: true };
          case 'false':
          case 'False':
            return { k: 'const', line, value: false };
          case 'none':
          case 'None':
            return { k: 'const', line, value: null };
          default:
            return { k: 'name', line, name: token.value };
        }
      }
      case 'string': {
        let value = token.value;
        this.advance();
        while (this.cur.t === 'string') value += (this.advance() as { value: string }).value;
        return { k: 'const', line, value };
      }
      case 'int':
        this.advance();
        return { k: 'const', line, value: token.value };
      case 'float':
        this.advance();
        // a whole float literal (`1.0`) keeps printing as a float
        return { k: 'const', line, value: float(token.value) };
      case 'op':
        if (token.value === '(') {
          this.advance();
          if (this.isOp(')')) {
            this.advance();
            return { k: 'tuple', line, items: [] };
          }
          const inner = this.parseTuple();
          this.expectOp(')');
          return inner;
        }
        if (token.value === '[') return this.parseList();
        if (token.value === '{') return this.parseDict();
        break;
      default:
        break;
    }
    return this.fail(`unexpected ${this.describe(token)}`);
  }

  private parseList(): Expr {
    const line = this.advance().line;
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      if (items.length > 0) this.expectOp(',');
      if (this.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.advance();
    return { k: 'list', line, items };
  }

  private parseDict(): Expr {
    const line = this.advance().line;
    const items: [Expr, Expr][] = [];
    while (!this.isOp('}')) {
      if (items.length > 0) this.expectOp(',');
      if (this.isOp('}')) break;
      const key = this.parseExpression();
      this.expectOp(':');
      items.push([key, this.parseExpression()]);
    }
    this.advance();
    return { k: 'dict', line, items };
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      const line = this.cur.line;
      if (this.isOp('.')) {
        this.advance();
        const token = this.cur;
        if (token.t === 'name') {
          this.advance();
          node = { k: 'getattr', line, obj: node, name: token.value };
        } else if (token.t === 'int') {
          this.advance();
          node = { k: 'getitem', line, obj: node, key: { k: 'const', line, value: token.value } };
        } else this.fail(`unexpected ${this.describe(token)} after '.'`);
      } else if (this.isOp('[')) {
        this.advance();
        node = this.parseSubscript(node, line);
      } else if (this.isOp('(')) {
        node = { k: 'call', line, fn: node, args: this.parseCallArgs() };
      } else return node;
    }
  }

  private parseSubscript(obj: Expr, line: number): Expr {
    const part = (): Expr | undefined =>
      this.isOp(':') || this.isOp(']') || this.isOp(',') ? undefined : this.parseExpression();
    const start = part();
    if (!this.isOp(':')) {
      this.expectOp(']');
      if (!start) this.fail('an empty subscript is not allowed', line);
      return { k: 'getitem', line, obj, key: start! };
    }
    this.advance();
    const stop = part();
    let step: Expr | undefined;
    if (this.isOp(':')) {
      this.advance();
      step = part();
    }
    this.expectOp(']');
    return { k: 'slice', line, obj, start, stop, step };
  }

  private parseCallArgs(): CallArgs {
    this.expectOp('(');
    const args: CallArgs = { positional: [], keywords: [] };
    let first = true;
    while (!this.isOp(')')) {
      if (!first) this.expectOp(',');
      first = false;
      if (this.isOp(')')) break;
      if (this.isOp('*')) {
        this.advance();
        args.star = this.parseExpression();
      } else if (this.isOp('**')) {
        this.advance();
        args.starStar = this.parseExpression();
      } else if (this.cur.t === 'name' && this.isOp('=', this.peek())) {
        const name = this.expectName();
        this.advance();
        args.keywords.push([name, this.parseExpression()]);
      } else {
        if (args.keywords.length > 0) this.fail('positional argument follows keyword argument');
        args.positional.push(this.parseExpression());
      }
    }
    this.advance();
    return args;
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) {
        const line = this.advance().line;
        const name = this.parseDottedName();
        const args = this.isOp('(') ? this.parseCallArgs() : emptyArgs();
        node = { k: 'filter', line, value: node, name, args };
      } else if (this.isName('is')) {
        const line = this.advance().line;
        let negated = false;
        if (this.isName('not')) {
          this.advance();
          negated = true;
        }
        const name = this.parseDottedName();
        let args = emptyArgs();
        if (this.isOp('(')) args = this.parseCallArgs();
        else if (
          ['name', 'string', 'int', 'float'].includes(this.cur.t) ||
          this.isOp('[') ||
          this.isOp('{')
        ) {
          if (!(
            this.isName('else') ||
            this.isName('or') ||
            this.isName('and') ||
            this.isName('if')
          )) {
            args = { positional: [this.parsePostfix(this.parsePrimary())], keywords: [] };
          }
        }
        node = { k: 'test', line, value: node, name, args, negated };
      } else return node;
    }
  }
}

function emptyArgs(): CallArgs {
  return { positional: [], keywords: [] };
}

function usesName(stmts: unknown, name: string): boolean {
  const stack: unknown[] = [stmts];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) stack.push(...item);
    else if (item && typeof item === 'object') {
      const node = item as Record<string, unknown>;
      if (node.k === 'name' && node.name === name) return true;
      if (node.k === 'macro' || node.k === 'callblock') continue; // inner macros have their own
      for (const key of Object.keys(node)) {
        if (key !== 'line' && key !== 'k') stack.push(node[key]);
      }
    }
  }
  return false;
}

function macroDef(name: string, params: Param[], body: Stmt[], line: number): MacroDef {
  return {
    name,
    params,
    body,
    catchVarargs: usesName(body, 'varargs'),
    catchKwargs: usesName(body, 'kwargs'),
    line,
  };
}

/**
 * The meta string of a fenced code block (the text after the language): bare flags and
 * `key="value"` pairs, e.g. ```` ```sql runnable title="Orders per day" ````.
 */
export interface CodeMeta {
  flags: Set<string>;
  values: Map<string, string>;
}

const token = /([A-Za-z][\w-]*)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/g;

export function parseCodeMeta(meta: string | null | undefined): CodeMeta {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (const match of (meta ?? '').matchAll(token)) {
    const [, key, doubleQuoted, singleQuoted, bare] = match;
    const value = doubleQuoted ?? singleQuoted ?? bare;
    if (value === undefined) flags.add(key!);
    else values.set(key!, value);
  }
  return { flags, values };
}

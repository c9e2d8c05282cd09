/**
 * Node configs and dbt's precedence: `dbt_project.yml` tree (nearest folder wins) < property file
 * `config:` < in-file `config()`. Most keys overwrite; `tags` and hooks append; a few dict-valued
 * keys merge.
 */

export type NodeConfig = Record<string, unknown>;

const APPEND_KEYS = new Set(['tags', 'pre-hook', 'post-hook']);
const DICT_MERGE_KEYS = new Set(['meta', 'quoting', 'column_types', 'docs', 'contract', 'grants']);
/** Dict-valued configs that may appear in the project tree without a `+`. */
const DICT_CONFIGS = new Set([...DICT_MERGE_KEYS, 'persist_docs', 'merge_update_set_expressions']);

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `pre_hook` → `pre-hook` (dbt accepts both spellings). */
export function normalizeKey(key: string): string {
  return key === 'pre_hook' || key === 'post_hook' ? key.replace('_', '-') : key;
}

/** Applies `over` on top of `base` with dbt's per-key merge rules. */
export function mergeConfig(base: NodeConfig, over: NodeConfig): NodeConfig {
  const out: NodeConfig = { ...base };
  for (const [rawKey, value] of Object.entries(over)) {
    // `__proto__` would set the config object's prototype, not a config
    if (rawKey === '__keywords' || rawKey === '__proto__') continue;
    const key = normalizeKey(rawKey);
    if (APPEND_KEYS.has(key)) {
      const merged = [...asList(out[key]), ...asList(value)];
      out[key] = key === 'tags' ? [...new Set(merged.map(String))] : merged;
    } else if (DICT_MERGE_KEYS.has(key) && isRecord(out[key]) && isRecord(value)) {
      out[key] = { ...(out[key] as Record<string, unknown>), ...value };
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A key of the project tree that is a config rather than a folder (`+tags`, `meta`). */
export function isConfigKey(key: string): boolean {
  return key.startsWith('+') || DICT_CONFIGS.has(key);
}

/** Config entries at one level of the project tree: `+key`, or a non-dict value. */
function levelConfig(level: Record<string, unknown>, nextPart: string | undefined): NodeConfig {
  const config: NodeConfig = {};
  for (const [key, value] of Object.entries(level)) {
    if (key === '__proto__' || key === '+__proto__') continue;
    if (key.startsWith('+')) config[key.slice(1)] = value;
    else if (!isRecord(value)) config[key] = value;
    else if (DICT_CONFIGS.has(key) && key !== nextPart) config[key] = value;
  }
  return config;
}

/**
 * The config the project tree gives a node with this fqn (`[project, ...folders, name]`): each level
 * along the path applies over the one above it.
 */
export function configFromTree(tree: unknown, fqn: string[]): NodeConfig {
  let config: NodeConfig = {};
  if (!isRecord(tree)) return config;
  let level: Record<string, unknown> = tree;
  config = mergeConfig(config, levelConfig(level, fqn[0]));
  for (let i = 0; i < fqn.length; i++) {
    const next = level[fqn[i]!];
    if (!isRecord(next)) break;
    level = next;
    config = mergeConfig(config, levelConfig(level, fqn[i + 1]));
  }
  return config;
}

/** `tags` as a list of strings whatever way they were written. */
export function tagsOf(config: NodeConfig): string[] {
  return asList(config.tags).map(String);
}

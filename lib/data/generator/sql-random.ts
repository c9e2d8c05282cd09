/**
 * Deterministic pseudo-random numbers as SQL expressions. Each value is a pure function of (seed, key,
 * salt) through DuckDB's `hash`, so the data is the same whatever the thread count or row order, in
 * native DuckDB and in DuckDB-WASM. `random()` would give neither.
 */

/** A 64-bit constant per seed (splitmix64), mixed into every hashed key. */
function seedMix(seed: number): string {
  let z = (BigInt(seed) + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  z ^= z >> 31n;
  return `${BigInt.asIntN(64, z)}::BIGINT`;
}

/** One 64-bit hash of (key, salt, seed). */
function hash64(seed: number, key: string, salt: number): string {
  if (!Number.isInteger(salt) || salt < 0 || salt > 255) throw new RangeError(`bad salt ${salt}`);
  return `hash(xor((${key})::BIGINT * 256 + ${salt}, ${seedMix(seed)}))`;
}

/**
 * Uniform in [0, 1): the top 53 bits of a 64-bit hash, exactly representable as a double. `salt`
 * (0–255) tells apart the draws made for one key. The key, salt and seed go into one integer that
 * is hashed once: DuckDB's multi-argument `hash(a, b, c)` combines per-argument hashes so weakly
 * that draws with different salts would come out almost perfectly correlated.
 */
export function uniform(seed: number, key: string, salt: number): string {
  return `((${hash64(seed, key, salt)} >> 11) / 9007199254740992.0)`;
}

/**
 * A 32-hex-digit id like Olist's (which are md5-shaped), from two 64-bit hashes of the key. Several
 * times cheaper than `md5()`, which matters in DuckDB-WASM. `salt` and `salt + 1` are used.
 */
export function hexId(seed: number, key: string, salt: number): string {
  return `printf('%016x%016x', ${hash64(seed, key, salt)}, ${hash64(seed, key, salt + 1)})`;
}

/** Standard normal from two uniforms (Box–Muller); `a` and `b` are SQL expressions in [0, 1). */
export function normal(a: string, b: string): string {
  return `(sqrt(-2.0 * ln(1.0 - ${a})) * cos(2.0 * pi() * ${b}))`;
}

/** Log-normal with the given median and log-scale spread; `z` is a standard normal expression. */
export function logNormal(median: number, sigma: number, z: string): string {
  return `exp(${Math.log(median)} + ${sigma} * ${z})`;
}

/**
 * Picks a value by weight: `CASE WHEN u < c1 THEN v1 WHEN u < c2 THEN v2 … ELSE vn END`, where `u` is a
 * column holding a uniform number (a column, so the hash is computed once, not once per branch).
 */
export function categorical<T>(
  u: string,
  entries: readonly (readonly [T, number])[],
  render: (value: T) => string,
): string {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (entries.length === 0 || total <= 0) throw new Error('categorical needs positive weights');
  let cumulative = 0;
  const branches = entries.slice(0, -1).map(([value, weight]) => {
    cumulative += weight;
    return `WHEN ${u} < ${cumulative / total} THEN ${render(value)}`;
  });
  const last = entries[entries.length - 1]![0];
  return `(CASE ${branches.join(' ')} ELSE ${render(last)} END)`;
}

export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Shards: a run split into N independent processes (e.g. the tasks of a Slurm job array), each computing a
 * deterministic slice of the items, and a merge that reassembles exactly the single-run result.
 *
 * - `parseShard("i/N")`, i = 1…N.
 * - `shardSlice`: shard i of N gets the items k with k mod N = i − 1 (round robin: neighbouring grid points have
 *   similar cost, so every shard gets a fair mix). Items keep their global index, so per-item RNG streams are those of
 *   the single run.
 * - `shardBlock`: a contiguous block instead (toys: streams offset + k stay consecutive).
 * - Partial files: JSON with the command, the content hash of its inputs, the writer's version, the shard i/N, the
 *   slice and the per-item values, plus a sha256 of that payload. They are written atomically by the caller
 *   (src/util/atomic.ts): a killed shard leaves no file. `readPartial` rejects truncated or corrupt files with the
 *   file name; `checkPartials` rejects missing or duplicate shards and mismatched hashes, versions or commands.
 *
 * Generic: knows nothing about what an item is.
 */
import { CevnsfitError, InvalidSpecification } from '../../util/errors.js';
import { readTextFile } from '../../util/host.js';
import { sha256Hex } from '../../util/sha256.js';

/** Shard i of N (1-based). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Parse "i/N" (1 ≤ i ≤ N); errors name `key`. */
export function parseShard(s: string, key = '--shard'): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) throw new InvalidSpecification(`expected i/N with 1 ≤ i ≤ N (e.g. 2/8), got "${s}"`, key);
  return { index, count };
}

/** Indices of shard `s` among `n` items, round robin: k ≡ index − 1 (mod count). */
export function shardSlice(n: number, s: ShardSpec): number[] {
  const out: number[] = [];
  for (let k = s.index - 1; k < n; k += s.count) out.push(k);
  return out;
}

/** Contiguous block [start, end) of shard `s` among `n` items (blocks differ in size by at most one). */
export function shardBlock(n: number, s: ShardSpec): { start: number; end: number } {
  return { start: Math.floor(((s.index - 1) * n) / s.count), end: Math.floor((s.index * n) / s.count) };
}

/** JSON with object keys sorted (a canonical form for hashing). */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Map) return Object.fromEntries([...x.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
    if (x && typeof x === 'object' && !Array.isArray(x)) return Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return x;
  });
}

export { sha256Hex };

/** Content hash of a run's inputs (configs after overrides, result-relevant options): sha256 of canonical JSON. */
export function contentHash(inputs: unknown): string {
  return sha256Hex(canonicalJson(inputs));
}

export const PARTIAL_FORMAT = 'cevnsfit-partial';
export const PARTIAL_FORMAT_VERSION = 1;

/** The payload of a partial result. */
export interface PartialPayload<C = unknown, V = unknown> {
  /** What produced it (e.g. "limit"); merge dispatches on it. */
  readonly command: string;
  /** Everything the merge needs besides the items (identical in every shard). */
  readonly context: C;
  /** Item values by global index. */
  readonly items: ReadonlyArray<{ readonly index: number; readonly value: V }>;
}

/** A partial result file. */
export interface PartialFile<C = unknown, V = unknown> extends PartialPayload<C, V> {
  readonly format: typeof PARTIAL_FORMAT;
  readonly format_version: number;
  readonly version: string;
  readonly config_hash: string;
  readonly shard: ShardSpec;
  /** The slice: how items were dealt, the total count, and this shard's indices. */
  readonly slice: { readonly kind: 'round-robin' | 'block'; readonly total: number; readonly indices: readonly number[] };
  /** sha256 of the canonical JSON of { command, context, items }. */
  readonly payload_sha256: string;
}

/** Build a partial file object (serialise it with JSON.stringify and write it atomically). */
export function makePartial<C, V>(p: PartialPayload<C, V> & { version: string; configHash: string; shard: ShardSpec; slice: PartialFile['slice'] }): PartialFile<C, V> {
  const payload = { command: p.command, context: p.context, items: p.items };
  return {
    format: PARTIAL_FORMAT,
    format_version: PARTIAL_FORMAT_VERSION,
    version: p.version,
    config_hash: p.configHash,
    shard: p.shard,
    slice: p.slice,
    ...payload,
    payload_sha256: sha256Hex(canonicalJson(payload)),
  };
}

/** Read and verify one partial file: clear errors for unreadable, truncated, corrupt or foreign files. */
export function readPartial(file: string): PartialFile {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    throw new CevnsfitError(`${file}: cannot read partial result (${(e as Error).message})`);
  }
  let obj: PartialFile;
  try {
    obj = JSON.parse(text) as PartialFile;
  } catch (e) {
    throw new CevnsfitError(`${file}: truncated or corrupt partial result (not valid JSON: ${(e as Error).message}); re-run this shard`);
  }
  if (!obj || typeof obj !== 'object' || obj.format !== PARTIAL_FORMAT) throw new CevnsfitError(`${file}: not a cevnsfit partial result (expected "format": "${PARTIAL_FORMAT}")`);
  if (obj.format_version !== PARTIAL_FORMAT_VERSION) throw new CevnsfitError(`${file}: partial format version ${obj.format_version}, this cevnsfit reads ${PARTIAL_FORMAT_VERSION}`);
  for (const k of ['version', 'config_hash', 'command', 'payload_sha256'] as const) {
    if (typeof obj[k] !== 'string') throw new CevnsfitError(`${file}: corrupt partial result: "${k}" missing or not a string`);
  }
  if (!obj.shard || !Number.isInteger(obj.shard.index) || !Number.isInteger(obj.shard.count) || !(obj.shard.index >= 1 && obj.shard.index <= obj.shard.count)) {
    throw new CevnsfitError(`${file}: corrupt partial result: "shard" must be {index, count} with 1 ≤ index ≤ count`);
  }
  if (!Array.isArray(obj.items) || !obj.slice || !Array.isArray(obj.slice.indices)) throw new CevnsfitError(`${file}: corrupt partial result: "items" or "slice" missing`);
  const sum = sha256Hex(canonicalJson({ command: obj.command, context: obj.context, items: obj.items }));
  if (sum !== obj.payload_sha256) throw new CevnsfitError(`${file}: corrupt partial result: payload checksum mismatch (expected ${obj.payload_sha256}, got ${sum}); re-run this shard`);
  const got = obj.items.map((it) => it.index);
  if (got.length !== obj.slice.indices.length || got.some((ix, k) => ix !== obj.slice.indices[k])) {
    throw new CevnsfitError(`${file}: incomplete partial result: items do not match the slice of shard ${obj.shard.index}/${obj.shard.count}`);
  }
  return obj;
}

/**
 * Check that `parts` (with their file names) are exactly shards 1…N of one run: same command, config hash, version
 * and N; no shard missing or duplicated; slices disjoint and covering all items. Returns the parts in shard order.
 */
export function checkPartials(parts: ReadonlyArray<{ file: string; partial: PartialFile }>): PartialFile[] {
  if (parts.length === 0) throw new CevnsfitError('merge: no partial results given');
  const ref = parts[0]!;
  const n = ref.partial.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, partial: p } of parts) {
    const what = (k: string, a: unknown, b: unknown) =>
      new CevnsfitError(`merge: ${file} has ${k} ${JSON.stringify(a)} but ${ref.file} has ${JSON.stringify(b)}: the partials come from different runs`);
    if (p.command !== ref.partial.command) throw what('command', p.command, ref.partial.command);
    if (p.config_hash !== ref.partial.config_hash) throw what('config hash', p.config_hash, ref.partial.config_hash);
    if (p.version !== ref.partial.version) throw what('cevnsfit version', p.version, ref.partial.version);
    if (p.shard.count !== n) throw what('shard count', p.shard.count, n);
    if (p.slice.total !== ref.partial.slice.total) throw what('item total', p.slice.total, ref.partial.slice.total);
    const prev = byIndex.get(p.shard.index);
    if (prev !== undefined) throw new CevnsfitError(`merge: duplicate shard ${p.shard.index}/${n} in ${prev} and ${file}`);
    byIndex.set(p.shard.index, file);
  }
  const missing: number[] = [];
  for (let i = 1; i <= n; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) throw new CevnsfitError(`merge: missing shard(s) ${missing.map((i) => `${i}/${n}`).join(', ')}; run them with --shard i/${n}`);
  const total = ref.partial.slice.total;
  const seen = new Uint8Array(total);
  for (const { file, partial: p } of parts) {
    for (const ix of p.slice.indices) {
      if (!(Number.isInteger(ix) && ix >= 0 && ix < total) || seen[ix]) throw new CevnsfitError(`merge: ${file}: item ${ix} is outside the run or in two shards`);
      seen[ix] = 1;
    }
  }
  const uncovered = seen.indexOf(0);
  if (uncovered >= 0) throw new CevnsfitError(`merge: item ${uncovered} of ${total} is in no shard`);
  return [...parts].sort((a, b) => a.partial.shard.index - b.partial.shard.index).map((x) => x.partial);
}

/** Item values of checked partials, by global index. */
export function mergedItems<V>(parts: readonly PartialFile[]): V[] {
  const total = parts[0]!.slice.total;
  const out: V[] = new Array(total);
  for (const p of parts) for (const it of p.items) out[it.index] = it.value as V;
  return out;
}

/**
 * JSON with typed arrays and Maps, for the data embedded in the explorer page: a typed array becomes
 * {"$typed": "Float64Array", "base64": …} (its bytes, little-endian as on every platform a page runs on), a Map
 * {"$map": [[key, value], …]}. decode(encode(x)) reproduces x bit for bit (test/explore/codec.test.ts).
 */

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A JSON-ready copy of `value` (typed arrays base64, Maps as entry lists, non-finite numbers as strings). */
export function encodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new TypeError(`cannot embed a ${name}`);
    return { $typed: name, base64: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  if (Array.isArray(value)) return value.map(encodeValue);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function') out[k] = encodeValue(v);
  return out;
}

/** The inverse of {@link encodeValue}. */
export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const o = value as Record<string, unknown>;
  if (typeof o.$typed === 'string' && typeof o.base64 === 'string') {
    const Ctor = TYPED[o.$typed as TypedName];
    if (!Ctor) throw new TypeError(`unknown typed array ${o.$typed}`);
    const bytes = fromBase64(o.base64);
    return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  }
  if (typeof o.$num === 'string') return Number(o.$num);
  if (Array.isArray(o.$map)) return new Map((o.$map as unknown[][]).map(([k, v]) => [decodeValue(k), decodeValue(v)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = decodeValue(v);
  return out;
}

/** The page's data codec (src/explore/page/codec.ts): typed arrays, Maps and non-finite numbers survive bit for bit. */
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../../src/explore/page/codec.js';

describe('explorer data codec', () => {
  it('round-trips typed arrays (every bit), Maps, nested objects and non-finite numbers through JSON', () => {
    const f = Float64Array.of(0.1, -0, 1e-310, Math.PI, Number.MAX_VALUE, 2 ** -1074);
    const x = { a: f, b: [Int32Array.of(-3, 7), new Uint8Array([1, 2, 255])], m: new Map([['k', Float32Array.of(1.5)]]), n: NaN, i: -Infinity, s: 'µs', u: undefined };
    const y = decodeValue(JSON.parse(JSON.stringify(encodeValue(x)))) as typeof x;
    expect(y.a).toBeInstanceOf(Float64Array);
    expect(new Uint8Array(y.a.buffer)).toEqual(new Uint8Array(f.buffer));
    expect(Object.is(y.a[1], -0)).toBe(true);
    expect(y.b[0]).toEqual(Int32Array.of(-3, 7));
    expect(y.b[1]).toEqual(new Uint8Array([1, 2, 255]));
    expect(y.m).toBeInstanceOf(Map);
    expect(y.m.get('k')).toEqual(Float32Array.of(1.5));
    expect(Number.isNaN(y.n)).toBe(true);
    expect(y.i).toBe(-Infinity);
    expect(y.s).toBe('µs');
    expect('u' in y).toBe(false);
  });

  it('encodes a subarray view by its own bytes only', () => {
    const big = Float64Array.from({ length: 10 }, (_, k) => k);
    const y = decodeValue(JSON.parse(JSON.stringify(encodeValue(big.subarray(3, 5))))) as Float64Array;
    expect(Array.from(y)).toEqual([3, 4]);
  });
});

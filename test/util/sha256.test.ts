/** The plain-TypeScript SHA-256 (src/util/sha256.ts) against node:crypto and the FIPS 180-4 example. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/util/sha256.js';

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 "abc" digest', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('equals node:crypto for empty, multi-block, padding-boundary and non-ASCII strings', () => {
    const cases = ['', 'a'.repeat(55), 'b'.repeat(56), 'c'.repeat(64), 'x'.repeat(1000), 'µs m_A′ → χχ ∑ 🙂', JSON.stringify({ k: [1, 2.5, 'z'] })];
    for (const s of cases) expect(sha256Hex(s), s.slice(0, 20)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
  });
});

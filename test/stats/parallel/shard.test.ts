/**
 * Shards and partial files (src/stats/parallel/shard.ts), at the level of the stats layer: slicing, the canonical
 * JSON behind the content hashes, and the checks of readPartial/checkPartials, each failure with its own file. The
 * merge of whole analyses is test/analyses/shards.test.ts. Expected values are written out by hand (index sets, the
 * canonical string, sha256 from node:crypto), never taken from the code under test.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  checkPartials,
  contentHash,
  makePartial,
  mergedItems,
  parseShard,
  readPartial,
  shardBlock,
  shardSlice,
  type PartialFile,
} from '../../../src/stats/parallel/shard.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cevnsfit-shard-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('slicing', () => {
  it('parseShard accepts i/N with 1 ≤ i ≤ N and names the key otherwise', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2', '-1/3']) expect(() => parseShard(bad, 'shard')).toThrow(/^shard: expected i\/N/);
  });

  it('shardSlice deals round robin: shard i of N gets k ≡ i − 1 (mod N); the shards partition 0…n−1', () => {
    expect(shardSlice(10, { index: 1, count: 3 })).toEqual([0, 3, 6, 9]);
    expect(shardSlice(10, { index: 3, count: 3 })).toEqual([2, 5, 8]);
    expect(shardSlice(2, { index: 3, count: 3 })).toEqual([]);
  });

  it('shardBlock gives contiguous blocks of sizes differing by at most one that tile 0…n−1', () => {
    expect([1, 2, 3].map((index) => shardBlock(10, { index, count: 3 }))).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 10 },
    ]);
    expect(shardBlock(2, { index: 2, count: 4 })).toEqual({ start: 0, end: 1 });
  });
});

describe('canonicalJson and contentHash', () => {
  it('sorts object keys at every depth, keeps array order, writes Maps as sorted objects and typed arrays as arrays', () => {
    const v = { b: 1, a: { d: [3, 1, 2], c: new Map<string, number>([['z', 1], ['y', 2]]) }, t: new Float64Array([0.5, 2]) };
    expect(canonicalJson(v)).toBe('{"a":{"c":{"y":2,"z":1},"d":[3,1,2]},"b":1,"t":[0.5,2]}');
    // a DataView is not a numeric array: it stays an (empty) object
    expect(canonicalJson({ v: new DataView(new ArrayBuffer(2)) })).toBe('{"v":{}}');
    expect(canonicalJson([{ y: 1, x: null }])).toBe('[{"x":null,"y":1}]');
  });

  it('contentHash is sha256 of the canonical form: independent of key order, sensitive to values', () => {
    expect(contentHash({ b: 2, a: 1 })).toBe(sha('{"a":1,"b":2}'));
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1, b: 3 })).not.toBe(contentHash({ a: 1, b: 2 }));
  });
});

/** Shard i of 2 over 5 items (round robin), item value = 10·index. */
function partial(index: number, over: { command?: string; version?: string; hash?: string; count?: number; total?: number; indices?: number[] } = {}): PartialFile<{ tag: string }, number> {
  const count = over.count ?? 2;
  const indices = over.indices ?? shardSlice(over.total ?? 5, { index, count });
  return makePartial({
    command: over.command ?? 'limit',
    context: { tag: 'ctx' },
    items: indices.map((i) => ({ index: i, value: 10 * i })),
    version: over.version ?? '1.2.3',
    configHash: over.hash ?? 'h',
    shard: { index, count },
    slice: { kind: 'round-robin', total: over.total ?? 5, indices },
  });
}

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('makePartial / readPartial', () => {
  it('a written partial reads back unchanged; its checksum is sha256 of the canonical {command, context, items}', () => {
    const p = partial(2);
    expect(p.payload_sha256).toBe(sha('{"command":"limit","context":{"tag":"ctx"},"items":[{"index":1,"value":10},{"index":3,"value":30}]}'));
    expect(readPartial(write('ok.json', p))).toEqual(p);
  });

  it('rejects unreadable, truncated, foreign and corrupt files, naming the file', () => {
    const p = partial(1);
    const cases: Array<[string, unknown, RegExp]> = [
      ['trunc.json', JSON.stringify(p).slice(0, 40), /trunc\.json: truncated or corrupt partial result/],
      ['foreign.json', { ...p, format: 'other' }, /foreign\.json: not a cevnsfit partial result/],
      ['null.json', 'null', /null\.json: not a cevnsfit partial result/],
      ['fv.json', { ...p, format_version: 2 }, /fv\.json: partial format version 2/],
      ['nover.json', { ...p, version: 3 }, /nover\.json: corrupt partial result: "version" missing/],
      ['nohash.json', { ...p, config_hash: undefined }, /"config_hash" missing/],
      ['nocmd.json', { ...p, command: null }, /"command" missing/],
      ['nosum.json', { ...p, payload_sha256: 1 }, /"payload_sha256" missing/],
      ['noshard.json', { ...p, shard: undefined }, /noshard\.json: corrupt partial result: "shard"/],
      ['shard0.json', { ...p, shard: { index: 0, count: 2 } }, /"shard" must be/],
      ['shard3.json', { ...p, shard: { index: 3, count: 2 } }, /"shard" must be/],
      ['shardf.json', { ...p, shard: { index: 1.5, count: 2 } }, /"shard" must be/],
      ['shardc.json', { ...p, shard: { index: 1, count: 2.5 } }, /"shard" must be/],
      ['noitems.json', { ...p, items: {} }, /noitems\.json: corrupt partial result: "items" or "slice" missing/],
      ['noslice.json', { ...p, slice: undefined }, /"items" or "slice" missing/],
      ['noidx.json', { ...p, slice: { ...p.slice, indices: 'x' } }, /"items" or "slice" missing/],
      ['edited.json', { ...p, items: p.items.map((it) => ({ ...it, value: it.value + 1 })) }, /edited\.json: corrupt partial result: payload checksum mismatch/],
      ['ctx.json', { ...p, context: { tag: 'other' } }, /payload checksum mismatch/],
    ];
    for (const [name, content, re] of cases) expect(() => readPartial(write(name, content)), name).toThrow(re);
    expect(() => readPartial(path.join(dir, 'absent.json'))).toThrow(/absent\.json: cannot read partial result/);
  });

  it('rejects items that do not match the slice (one missing, one reordered), with a valid checksum', () => {
    const short = makePartial({ ...partial(1), configHash: 'h', items: [{ index: 0, value: 0 }, { index: 2, value: 20 }] });
    expect(() => readPartial(write('short.json', short))).toThrow(/short\.json: incomplete partial result: items do not match the slice of shard 1\/2/);
    const swapped = makePartial({ ...partial(1), configHash: 'h', items: [{ index: 2, value: 20 }, { index: 0, value: 0 }, { index: 4, value: 40 }] });
    expect(() => readPartial(write('swapped.json', swapped))).toThrow(/incomplete partial result/);
  });
});

describe('checkPartials and mergedItems', () => {
  const named = (...ps: PartialFile[]) => ps.map((p) => ({ file: `s${p.shard.index}.json`, partial: p }));

  it('accepts shards 1…N in any order, returns them in shard order; mergedItems puts values back by index', () => {
    const parts = checkPartials(named(partial(2), partial(1)));
    expect(parts.map((p) => p.shard.index)).toEqual([1, 2]);
    expect(mergedItems<number>(parts)).toEqual([0, 10, 20, 30, 40]);
  });

  it('rejects partials of different runs, naming the key and both files', () => {
    expect(() => checkPartials([])).toThrow(/no partial results/);
    expect(() => checkPartials(named(partial(1), partial(2, { command: 'scan' })))).toThrow(/s2\.json has command "scan" but s1\.json has "limit"/);
    expect(() => checkPartials(named(partial(1), partial(2, { hash: 'g' })))).toThrow(/has config hash "g"/);
    expect(() => checkPartials(named(partial(1), partial(2, { version: '9' })))).toThrow(/has cevnsfit version "9"/);
    expect(() => checkPartials(named(partial(1), partial(2, { count: 3 })))).toThrow(/has shard count 3 but s1\.json has 2/);
    expect(() => checkPartials(named(partial(1), partial(2, { total: 6 })))).toThrow(/has item total 6/);
  });

  it('rejects duplicate and missing shards, overlapping or out-of-range slices and uncovered items', () => {
    expect(() => checkPartials([{ file: 'a.json', partial: partial(1) }, { file: 'b.json', partial: partial(1) }])).toThrow(/duplicate shard 1\/2 in a\.json and b\.json/);
    expect(() => checkPartials(named(partial(2, { count: 3 })))).toThrow(/missing shard\(s\) 1\/3, 3\/3; run them with --shard i\/3/);
    expect(() => checkPartials(named(partial(1, { count: 3 }), partial(2, { count: 3 })))).toThrow(/missing shard\(s\) 3\/3;/);
    expect(() => checkPartials(named(partial(1), partial(2, { indices: [1, 2] })))).toThrow(/s2\.json: item 2 is outside the run or in two shards/);
    expect(() => checkPartials(named(partial(1), partial(2, { indices: [1, 5] })))).toThrow(/item 5 is outside the run/);
    // below the range and between integers: shard 2 of 2 holds 1 and 3; replace 3 by −1 or 1.5
    expect(() => checkPartials(named(partial(1), partial(2, { indices: [1, -1] })))).toThrow(/item -1 is outside the run/);
    expect(() => checkPartials(named(partial(1), partial(2, { indices: [1, 1.5] })))).toThrow(/item 1\.5 is outside the run/);
    expect(() => checkPartials(named(partial(1), partial(2, { indices: [3] })))).toThrow(/item 1 of 5 is in no shard/);
  });
});

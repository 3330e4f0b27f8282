/** Test fixtures shared by the statistics tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { InvalidSpecification } from '../../src/util/errors.js';

const HELLO_WORLD = fileURLToPath(new URL('../../scripts/pyhf-hello-world.json', import.meta.url));

/**
 * pyhf's documented two-bin "hello world" workspace (uncorrelated background): signal [12, 11], background [50, 52]
 * with shapesys uncertainties [3, 7], observed [51, 48], POI mu (scripts/pyhf-hello-world.json, also used by the
 * build's code-cache run and `npm run bench:startup`). A fresh copy each call (tests mutate it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function pyhfHelloWorld(): any {
  return JSON.parse(readFileSync(HELLO_WORLD, 'utf8'));
}

/** Run `f`, require an InvalidSpecification, and return the JSON path it names. */
export function invalidSpecPath(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidSpecification);
    return (e as InvalidSpecification).path;
  }
  throw new Error('expected an InvalidSpecification');
}

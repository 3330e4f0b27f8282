/**
 * Turning zod validation failures into `InvalidSpecification` errors whose path reads like the JSON
 * (`channels[0].samples[1].modifiers[0].data.hi_data`). Shared by the native model spec and the pyhf
 * workspace reader.
 */
import type { z } from 'zod';
import { InvalidSpecification } from '../../util/errors.js';

/** Format a zod issue path as `a.b[0].c`; the empty path is rendered as `(root)` by callers. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Append a key to an already formatted path. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

interface FlatIssue {
  path: string;
  message: string;
}

function flattenIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): FlatIssue[] {
  const full = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({
      path: formatJsonPath([...full, k]),
      message: `unknown key '${k}' (not part of the schema; check the spelling)`,
    }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest (longest path), which is usually the intended one; at equal depth the first
    // branch listed.
    let best: FlatIssue[] = [];
    let bestDepth = -1;
    for (const branch of issue.errors) {
      const flat = branch.flatMap((i) => flattenIssue(i, full));
      const depth = Math.max(...flat.map((f) => f.path.length));
      if (depth > bestDepth) {
        bestDepth = depth;
        best = flat;
      }
    }
    if (best.length > 0) return best;
  }
  return [{ path: formatJsonPath(full), message: issue.message }];
}

/**
 * Parse `input` with `schema`; on failure throw InvalidSpecification naming the first offending path
 * (and listing up to four further problems in the message).
 */
export function parseWithSchema<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const flat = result.error.issues.flatMap((i) => flattenIssue(i, []));
  const first = flat[0] ?? { path: '', message: 'invalid input' };
  let message = `${what}: ${first.message}`;
  if (flat.length > 1) {
    const more = flat
      .slice(1, 5)
      .map((f) => `${f.path || '(root)'}: ${f.message}`)
      .join('; ');
    message += ` (also: ${more}${flat.length > 5 ? `; and ${flat.length - 5} more` : ''})`;
  }
  throw new InvalidSpecification(message, first.path || '(root)');
}

/**
 * Structural validation of a pyhf workspace with pyhf's own JSON schema (compiled at build time into
 * ./generated/pyhfWorkspace.ts by scripts/build-pyhf-validator.mjs, which collects every error of a document), and
 * ajv's errors turned into one InvalidSpecification whose path reads like the JSON
 * (`channels[0].samples[1].modifiers[0].data.hi_data`), naming the first error and listing the next ones.
 * pyhf's schema leaves a modifier's kind to an `anyOf` over the seven types; the errors reported for a modifier are
 * those of the branch its `type` names (an unknown `type` is reported as such).
 */
import { InvalidSpecification } from '../../util/errors.js';
import { joinPath } from '../model/schemaErrors.js';
import { validate } from './generated/pyhfWorkspace.js';
import type { PyhfWorkspace } from './schema.js';

interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

const MODIFIER_TYPES = ['histosys', 'lumi', 'normfactor', 'normsys', 'shapefactor', 'shapesys', 'staterror'];

/** `/channels/0/samples/1` → `channels[0].samples[1]`. */
function toPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(key) ? joinPath(out, Number(key)) : joinPath(out, key);
  }
  return out;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const raw of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function describe(e: AjvError): { path: string; message: string } {
  const path = toPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: joinPath(path, String(e.params.additionalProperty)), message: `unknown key '${String(e.params.additionalProperty)}' (not part of pyhf's schema; check the spelling)` };
    case 'required':
      return { path: joinPath(path, String(e.params.missingProperty)), message: `missing required key '${String(e.params.missingProperty)}'` };
    case 'const':
      return { path, message: `expected ${JSON.stringify(e.params.allowedValue)}` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/** The errors worth reporting: inside a modifier, only those of the branch its `type` names. */
function relevant(errors: readonly AjvError[], input: unknown): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const e of errors) {
    const m = /^(\/channels\/\d+\/samples\/\d+\/modifiers\/\d+)(\/.*)?$/.exec(e.instancePath);
    if (m !== null) {
      const modifier = valueAt(input, m[1]!) as { type?: unknown } | undefined;
      const type = modifier !== null && typeof modifier === 'object' ? modifier.type : undefined;
      if (typeof type !== 'string' || !MODIFIER_TYPES.includes(type)) {
        if (e.keyword === 'anyOf') out.push({ path: joinPath(toPath(m[1]!), 'type'), message: `unknown modifier type ${JSON.stringify(type)} (pyhf has ${MODIFIER_TYPES.join(', ')})` });
        continue;
      }
      if (e.keyword === 'anyOf' || !e.schemaPath.includes(`/modifier/${type}/`)) continue;
    }
    out.push(describe(e));
  }
  return out;
}

/**
 * Validate a parsed workspace JSON against pyhf's schema; throws InvalidSpecification naming the JSON path of the
 * first error, with up to four further errors (and their count beyond that) in the message.
 */
export function parseWorkspace(input: unknown): PyhfWorkspace {
  if (validate(input)) return input as PyhfWorkspace;
  const errors = relevant((validate as unknown as { errors: AjvError[] }).errors ?? [], input);
  const first = errors[0] ?? { path: '', message: 'invalid input' };
  let message = `invalid pyhf workspace: ${first.message}`;
  if (errors.length > 1) {
    // a further error always has a path: an error at the root itself (not an object) is the document's only one
    message += ` (also: ${errors
      .slice(1, 5)
      .map((f) => `${f.path}: ${f.message}`)
      .join('; ')}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''})`;
  }
  throw new InvalidSpecification(message, first.path || '(root)');
}

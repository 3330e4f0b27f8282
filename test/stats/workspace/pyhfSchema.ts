/**
 * Validator for pyhf's own JSON schema of a 1.0.0 workspace (vendored under schemas/pyhf, see
 * SOURCE.md there), with ajv. The schema files are draft-06 and refer to each other by `$id`, so both
 * workspace.json and defs.json are registered; ajv's strict mode is off because pyhf's `bounds` item schema
 * puts `minItems` on a number type (legal JSON Schema, flagged by strict mode).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const dir = new URL('../../../schemas/pyhf/1.0.0/', import.meta.url);
const readJson = (u: URL | string): object => JSON.parse(readFileSync(u, 'utf8')) as object;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const AjvClass = ((Ajv as any).default ?? Ajv) as typeof Ajv;

/** Returns null when `ws` is a valid pyhf 1.0.0 workspace, else ajv's error list as text. */
export function pyhfSchemaErrors(ws: unknown): string | null {
  const ajv = new AjvClass({ strict: false, allErrors: true });
  ajv.addMetaSchema(readJson(require.resolve('ajv/dist/refs/json-schema-draft-06.json')));
  ajv.addSchema(readJson(new URL('defs.json', dir)));
  const validate = ajv.compile(readJson(new URL('workspace.json', dir)));
  if (validate(ws)) return null;
  return ajv.errorsText(validate.errors, { separator: '\n' });
}

/**
 * The same contract checks as `checker`, for the browser apps: a small interpreter of the
 * JSON Schema that our TypeBox types are, instead of TypeBox's compiler (~40 kB gzipped,
 * most of a kiosk's budget). It knows exactly the keywords our schemas use and refuses a
 * schema with any other, so it can never silently pass what TypeBox would reject; a
 * differential test holds the two to the same verdicts on every protocol schema.
 */
import type { Static, TSchema } from 'typebox';
import type { Checked, Checker, ValidationIssue } from './validate.js';

type Schema = Record<string, unknown>;

const KNOWN = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'patternProperties', 'anyOf', 'const', 'items',
  'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minProperties', 'description', 'default', 'title', '~kind', '~optional', '~readonly',
]);

/** RFC 3339 date-time, as TypeBox's "date-time" format accepts it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const regexCache = new Map<string, RegExp>();
const regex = (source: string): RegExp => {
  let r = regexCache.get(source);
  if (!r) { r = new RegExp(source, 'u'); regexCache.set(source, r); }
  return r;
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return typeOf(value) === 'object';
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    case 'undefined': return value === undefined;
    default: throw new Error(`validate-light: unsupported type ${type}`);
  }
}

/** Structural equality for uniqueItems, on JSON values. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function dateTimeValid(s: string): boolean {
  if (!DATE_TIME.test(s)) return false;
  const [y, mo, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [h, mi, sec] = s.slice(11, 19).split(':').map(Number) as [number, number, number];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && sec <= 60;
}

function check(schema: Schema, value: unknown, path: string, issues: ValidationIssue[]): void {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`validate-light: unsupported keyword ${key}`);
  const fail = (message: string) => { issues.push({ path: path || '/', message }); };

  if ('anyOf' in schema) {
    const options = schema['anyOf'] as Schema[];
    if (!options.some((s) => { const sub: ValidationIssue[] = []; check(s, value, path, sub); return sub.length === 0; })) fail('must match one of the allowed shapes');
    return;
  }
  if ('const' in schema && value !== schema['const']) { fail(`must be ${JSON.stringify(schema['const'])}`); return; }
  const type = schema['type'] as string | undefined;
  if (type !== undefined && !isType(value, type)) { fail(`must be ${type}`); return; }

  if (typeof value === 'string') {
    const len = [...value].length;
    if (typeof schema['minLength'] === 'number' && len < schema['minLength']) fail(`must be at least ${schema['minLength']} characters`);
    if (typeof schema['maxLength'] === 'number' && len > schema['maxLength']) fail(`must be at most ${schema['maxLength']} characters`);
    if (typeof schema['pattern'] === 'string' && !regex(schema['pattern']).test(value)) fail(`must match ${schema['pattern']}`);
    if (schema['format'] !== undefined) {
      if (schema['format'] !== 'date-time') throw new Error(`validate-light: unsupported format ${String(schema['format'])}`);
      if (!dateTimeValid(value)) fail('must be a date-time');
    }
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) fail(`must be ≥ ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) fail(`must be ≤ ${schema['maximum']}`);
    if (typeof schema['exclusiveMinimum'] === 'number' && value <= schema['exclusiveMinimum']) fail(`must be > ${schema['exclusiveMinimum']}`);
    if (typeof schema['exclusiveMaximum'] === 'number' && value >= schema['exclusiveMaximum']) fail(`must be < ${schema['exclusiveMaximum']}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) fail(`must have at least ${schema['minItems']} items`);
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) fail(`must have at most ${schema['maxItems']} items`);
    if (schema['uniqueItems'] === true && value.some((v, i) => value.findIndex((w) => same(v, w)) !== i)) fail('must not repeat items');
    const items = schema['items'] as Schema | undefined;
    if (items) value.forEach((v, i) => check(items, v, `${path}/${i}`, issues));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    const patterns = Object.entries((schema['patternProperties'] ?? {}) as Record<string, Schema>);
    if (typeof schema['minProperties'] === 'number' && keys.length < schema['minProperties']) fail(`must have at least ${schema['minProperties']} properties`);
    for (const name of (schema['required'] ?? []) as string[]) if (!Object.hasOwn(object, name)) fail(`must have property ${name}`);
    const required = (schema['required'] ?? []) as string[];
    for (const key of keys) {
      const at = `${path}/${key}`;
      // Own properties only: "toString" or "__proto__" in a payload must not find Object.prototype's.
      const declared = Object.hasOwn(properties, key);
      // An optional property set to undefined counts as absent (as in TypeBox); JSON has no undefined.
      if (object[key] === undefined && declared && !required.includes(key)) continue;
      if (declared) { check(properties[key]!, object[key], at, issues); continue; }
      const matching = patterns.filter(([p]) => regex(p).test(key));
      for (const [, s] of matching) check(s, object[key], at, issues);
      if (matching.length === 0 && schema['additionalProperties'] === false) fail(`must not have additional properties (${key})`);
    }
  }
}

/** Like `checker`, without TypeBox at run time: for code that ships to browsers. */
export function lightChecker<S extends TSchema>(schema: S): Checker<Static<S>> {
  const fn = (value: unknown): Checked<Static<S>> => {
    const issues: ValidationIssue[] = [];
    check(schema as unknown as Schema, value, '', issues);
    return issues.length === 0 ? { ok: true, value: value as Static<S> } : { ok: false, issues };
  };
  return Object.assign(fn, { schema });
}

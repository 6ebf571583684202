import type { TSchema, Static } from 'typebox';
import { Compile } from 'typebox/compile';

export interface ValidationIssue { path: string; message: string }
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface Checker<T> {
  (value: unknown): Checked<T>;
  readonly schema: TSchema;
}

/** Compiles a schema once; the returned function validates and names what is wrong. */
export function checker<S extends TSchema>(schema: S): Checker<Static<S>> {
  const compiled = Compile(schema);
  const check = (value: unknown): Checked<Static<S>> => {
    if (compiled.Check(value)) return { ok: true, value: value as Static<S> };
    const seen = new Set<string>();
    const issues: ValidationIssue[] = [];
    for (const e of compiled.Errors(value)) {
      // TypeBox reports `additionalProperties: false` twice; keep the readable one.
      if (e.keyword === 'boolean') continue;
      const key = `${e.instancePath}|${e.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push({ path: e.instancePath || '/', message: e.message });
    }
    return { ok: false, issues };
  };
  return Object.assign(check, { schema });
}

/** Parses a raw MQTT payload as JSON and validates it. */
export function decodePayload<T>(check: Checker<T>, payload: Uint8Array | string): Checked<T> {
  let value: unknown;
  try {
    value = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload));
  } catch (err) {
    return { ok: false, issues: [{ path: '/', message: `not JSON: ${(err as Error).message}` }] };
  }
  return check(value);
}

export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${i.path} ${i.message}`).join('; ');
}

/**
 * A small run-time checker for records that cross a boundary (imported files, stored records).
 * A spec maps each field to a rule; a rule returns an error message or null.
 */
export type Rule = (value: unknown) => string | null;
export type RecordSpec = Record<string, Rule>;

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

export const isString: Rule = (v) => (typeof v === 'string' && v.length > 0 ? null : `must be a non-empty string, got ${describe(v)}`);
export const isFiniteNumber: Rule = (v) =>
  typeof v === 'number' && Number.isFinite(v) ? null : `must be a finite number, got ${describe(v)}`;
export const isTimestamp: Rule = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : `must be a timestamp (ms since 1970), got ${describe(v)}`;
export const isObject: Rule = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? null : `must be an object, got ${describe(v)}`;
export const isAny: Rule = () => null;

export const oneOf =
  (...allowed: readonly unknown[]): Rule =>
  (v) =>
    allowed.includes(v) ? null : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`;

export const optional =
  (rule: Rule): Rule =>
  (v) =>
    v === undefined ? null : rule(v);

export const nullable =
  (rule: Rule): Rule =>
  (v) =>
    v === null ? null : rule(v);

export const arrayOf =
  (rule: Rule): Rule =>
  (v) => {
    if (!Array.isArray(v)) return `must be an array, got ${describe(v)}`;
    for (let i = 0; i < v.length; i++) {
      const err = rule(v[i]);
      if (err) return `item ${i} ${err}`;
    }
    return null;
  };

export const recordOf =
  (rule: Rule): Rule =>
  (v) => {
    const err = isObject(v);
    if (err) return err;
    for (const [k, item] of Object.entries(v as object)) {
      const e = rule(item);
      if (e) return `field "${k}" ${e}`;
    }
    return null;
  };

/** Every problem with `value` against `spec`, as "field: why" strings (empty when valid). */
export function checkRecord(value: unknown, spec: RecordSpec): string[] {
  const err = isObject(value);
  if (err) return [`record ${err}`];
  const problems: string[] = [];
  for (const [field, rule] of Object.entries(spec)) {
    const e = rule((value as Record<string, unknown>)[field]);
    if (e) problems.push(`${field} ${e}`);
  }
  return problems;
}

import * as v from 'valibot';

/** Building blocks shared by the record schemas (valibot v1). */
export const text = v.string();
export const nonEmpty = v.pipe(v.string(), v.nonEmpty('must not be empty'));
export const finite = v.pipe(v.number(), v.finite('must be a finite number'));
export const nonNegative = v.pipe(v.number(), v.finite('must be a finite number'), v.minValue(0, 'must be ≥ 0'));
export const timestamp = v.pipe(v.number(), v.finite('must be a timestamp (ms since 1970)'), v.minValue(0, 'must be a timestamp (ms since 1970)'));
export const nullableNumber = v.nullable(finite);
export const nullableNonNegative = v.nullable(nonNegative);

/** An absolute URL or a path on this site ("/local-models/x.gguf"). */
export const urlLike = v.pipe(
  v.string(),
  v.nonEmpty('must not be empty'),
  v.check((s) => URL.canParse(s, 'http://app.invalid/'), 'must be a URL'),
);

/**
 * Valibot issues in plain words, written here (a library's own text never reaches a person):
 * "data[0].id: expected a string, got 5", "usage: expected an object, got a string ("12")",
 * "choices[0].delta: missing". Shared by the worker-message, OpenAI and benchmark schemas.
 */
import type { BaseIssue } from 'valibot';

type Issue = BaseIssue<unknown>;

/** Where the issue is: `data[0].id`, `choices[0].delta.content`; empty for the value itself. */
export function issuePath(issue: Issue): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  Array: 'a list',
  Object: 'an object',
  null: 'null',
  undefined: 'nothing',
  Blob: 'a file',
};

/** valibot's `expected` ("number", "(string | null)", "\"stop\"") as words. */
function expectedWords(expected: string | null): string {
  if (!expected) return 'something else';
  const bare = expected.startsWith('(') && expected.endsWith(')') ? expected.slice(1, -1) : expected;
  return bare
    .split(' | ')
    .map((part) => TYPE_WORDS[part] ?? part)
    .join(' or ');
}

/** What a pipe check asked for, from its type and requirement (never its default message). */
function requirementWords(issue: Issue): string {
  const req = (issue as { requirement?: unknown }).requirement;
  switch (issue.type) {
    case 'finite':
      return 'a finite number';
    case 'integer':
      return 'a whole number';
    case 'safe_integer':
      return 'a whole number';
    case 'min_value':
      return typeof req === 'number' ? `a number ≥ ${req}` : 'a larger value';
    case 'gt_value':
      return typeof req === 'number' ? `a number > ${req}` : 'a larger value';
    case 'lt_value':
      return typeof req === 'number' ? `a number < ${req}` : 'a smaller value';
    case 'max_value':
      return typeof req === 'number' ? `a number ≤ ${req}` : 'a smaller value';
    case 'non_empty':
      return 'something, not empty';
    case 'min_length':
      return typeof req === 'number' ? `at least ${req} item${req === 1 ? '' : 's'}` : 'more items';
    case 'max_length':
      return typeof req === 'number' ? `at most ${req} item${req === 1 ? '' : 's'}` : 'fewer items';
    case 'check':
    case 'partial_check':
      // Our own schemas give every check its words; these are ours, not the library's.
      return issue.message;
    default:
      return 'a valid value';
  }
}

/** The received value, short and safe to show: `5`, `NaN`, `a string ("12")`, `a list`. */
export function receivedWords(input: unknown): string {
  if (input === null) return 'null';
  if (input === undefined) return 'nothing';
  if (typeof input === 'number') return Number.isNaN(input) ? 'NaN' : String(input);
  if (typeof input === 'boolean') return String(input);
  if (typeof input === 'string') {
    const clipped = input.length > 24 ? `${input.slice(0, 23)}…` : input;
    return `a string (${JSON.stringify(clipped)})`;
  }
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  return `a ${typeof input}`;
}

/** One issue as "path: expected …, got …" (or "path: missing"). */
export function describeIssue(issue: Issue): string {
  const path = issuePath(issue);
  let why: string;
  if (path && issue.kind === 'schema' && issue.input === undefined && issue.received === 'undefined') why = 'missing';
  else if (issue.kind === 'schema') why = `expected ${expectedWords(issue.expected)}, got ${receivedWords(issue.input)}`;
  else why = `expected ${requirementWords(issue)}, got ${receivedWords(issue.input)}`;
  return path ? `${path}: ${why}` : why;
}

/** The first issue in words, with how many more there are: "data[0].id: expected a string, got 5 (and 2 more problems)". */
export function describeIssues(issues: readonly Issue[]): string {
  if (!issues.length) return 'not in the expected form';
  const more = issues.length - 1;
  return describeIssue(issues[0]) + (more ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '');
}

/**
 * zod's issues as config issues: the file and field path, the value given, what is allowed, and a fix, in plain
 * sentences ("did you mean" for typos of field names and allowed values).
 */
import type { z } from 'zod';
import { type ConfigIssue, formatPath } from '../errors';
import { keysAt } from './schema-keys';
import { closest } from './suggest';

interface LimitIssue {
  readonly code: 'too_small' | 'too_big';
  readonly origin: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
}

/** zod's default "Too small: expected number to be >0" as a plain sentence. */
function limitMessage(issue: LimitIssue): string {
  const small = issue.code === 'too_small';
  const limit = String(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') return `must be ${small ? 'at least' : 'at most'} ${limit} characters long`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return `must have ${small ? 'at least' : 'at most'} ${limit} entries`;
  if (small) return issue.inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
  return issue.inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

export type ParseResult<T> = { readonly data: T; readonly issues: [] } | { readonly issues: ConfigIssue[] };

/** Parses `value` once: its data when valid, else every problem as a config issue of `file` (under `prefix`). */
export function parseWith<S extends z.ZodType>(
  file: string,
  schema: S,
  value: unknown,
  prefix: PropertyKey[] = [],
): ParseResult<z.output<S>> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { data: result.data, issues: [] };
  return { issues: result.error.issues.flatMap((raw) => translate(file, schema, raw, prefix)) };
}

function translate(file: string, schema: z.ZodType, raw: z.core.$ZodIssue, prefix: PropertyKey[]): ConfigIssue[] {
  // perEnvironment() re-raises its inner issues as custom ones carrying the original details in params.
  const params = raw.code === 'custom' ? (raw as { params?: Record<string, unknown> }).params : undefined;
  const issue = (params?.code ? { ...raw, ...params } : raw) as typeof raw;
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      return {
        file,
        path: formatPath([...path, key]),
        message: `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        allowed: known.length ? `fields here: ${known.join(', ')}` : undefined,
        fix: guess ? `rename "${key}" to "${guess}"` : `remove "${key}"`,
      };
    });
  }
  const given = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type' && given === undefined) {
    return [
      { file, path: formatPath(path), message: `is required (expected ${issue.expected})`, fix: 'add this field' },
    ];
  }
  if (issue.code === 'invalid_value') {
    const values = (issue as { values?: readonly unknown[] }).values ?? [];
    const allowed = values.map(String).join(', ');
    if (given === undefined) {
      return [
        {
          file,
          path: formatPath(path),
          message: 'is required',
          allowed,
          fix: 'add this field with one of the allowed values',
        },
      ];
    }
    const guess = typeof given === 'string' ? closest(given, values.map(String)) : undefined;
    return [
      {
        file,
        path: formatPath(path),
        message: 'is not an allowed value',
        given,
        allowed,
        fix: guess ? `use "${guess}"` : 'use one of the allowed values',
      },
    ];
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && /^Too (small|big)/.test(issue.message)) {
    return [{ file, path: formatPath(path), message: limitMessage(issue as unknown as LimitIssue), given }];
  }
  // A custom check may say how to fix it, and that the value must not be printed (a private key): `params`.
  const custom = (issue as { params?: { fix?: unknown; secret?: unknown } }).params;
  const fix = typeof custom?.fix === 'string' ? custom.fix : undefined;
  const message = issue.message.replace(/^Invalid input: /, '');
  if (custom?.secret === true) return [{ file, path: formatPath(path), message, fix }];
  return [{ file, path: formatPath(path), message, given, ...(fix ? { fix } : {}) }];
}

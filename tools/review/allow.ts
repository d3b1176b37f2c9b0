/**
 * The allow-list: deletes/replacements of data-bearing resources that a pull request explicitly accepts. It is a
 * file at the repository root (review-allow.yaml), so adding an entry shows up in the PR diff and needs the same
 * review as the change itself; every entry names the exact stack and address, why, who decided, and until when.
 */
import * as fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

export const DEFAULT_ALLOW_FILE = 'review-allow.yaml';
/** An allowance is for one change, not forever: at most this far in the future. */
export const MAX_ALLOW_DAYS = 90;
export const MIN_REASON_LENGTH = 20;

export type AllowableAction = 'delete' | 'replace';

export interface AllowEntry {
  readonly stack: string;
  readonly address: string;
  readonly actions: readonly AllowableAction[];
  readonly reason: string;
  readonly owner: string;
  /** Last day (UTC, inclusive) on which the entry allows anything, YYYY-MM-DD. */
  readonly expires: string;
  /** 0-based position in the file, for messages. */
  readonly index: number;
}

export interface AllowList {
  readonly file: string;
  readonly entries: readonly AllowEntry[];
}

export class AllowListError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was reviewed:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`,
    );
    this.name = 'AllowListError';
  }
}

const dateSchema = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), {
    message: 'must be a date written YYYY-MM-DD',
  });

const entrySchema = z.strictObject({
  stack: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { message: 'must be one stack name exactly as in the review table (no globs)' }),
  address: z
    .string()
    .min(1, { message: 'must be the resource address exactly as in the review, e.g. aws_s3_bucket.data_bucket' }),
  actions: z
    .array(z.enum(['delete', 'replace']))
    .min(1)
    .optional(),
  reason: z
    .string()
    .trim()
    .min(MIN_REASON_LENGTH, {
      message: `must explain in at least ${MIN_REASON_LENGTH} characters why losing this data is fine`,
    }),
  owner: z.string().trim().min(3, { message: 'must name who decided (an email or GitHub handle)' }),
  expires: dateSchema,
});

const fileSchema = z.strictObject({ allow: z.array(z.unknown()).nullable().optional() });

function days(from: Date, isoDate: string): number {
  const today = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - today) / 86_400_000);
}

/** Parses and validates allow-list text; throws AllowListError listing every problem at once. */
export function parseAllowList(text: string, file: string, today: Date = new Date()): AllowList {
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    throw new AllowListError(file, [`not valid YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  const top = fileSchema.safeParse(doc);
  if (!top.success) {
    throw new AllowListError(file, [
      'must be a mapping with one key, "allow", holding a list of entries (see docs/review.md)',
    ]);
  }
  const problems: string[] = [];
  const entries: AllowEntry[] = [];
  (top.data.allow ?? []).forEach((raw, index) => {
    const result = entrySchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) {
            problems.push(
              `allow[${index}]: unknown field "${key}" (allowed fields: ${Object.keys(entrySchema.shape).join(', ')})`,
            );
          }
          continue;
        }
        const field = issue.path.join('.') || '(entry)';
        const given = (raw as Record<string, unknown> | null)?.[String(issue.path[0])];
        problems.push(
          `allow[${index}].${field}: ${issue.message.replace(/^Invalid input: /, '')}${given !== undefined ? `; given ${JSON.stringify(given)}` : ''}`,
        );
      }
      return;
    }
    const e = result.data;
    const ahead = days(today, e.expires);
    if (ahead > MAX_ALLOW_DAYS) {
      problems.push(
        `allow[${index}].expires: ${e.expires} is ${ahead} days away; an allowance may last at most ${MAX_ALLOW_DAYS} days (it is for one change, remove it once applied)`,
      );
      return;
    }
    entries.push({ ...e, actions: e.actions ?? ['delete', 'replace'], index });
  });
  const seen = new Map<string, number>();
  for (const e of entries) {
    const key = `${e.stack} ${e.address}`;
    if (seen.has(key))
      problems.push(`allow[${e.index}]: duplicates allow[${seen.get(key)}] (${e.stack} ${e.address}); keep one entry`);
    else seen.set(key, e.index);
  }
  if (problems.length > 0) throw new AllowListError(file, problems);
  return { file, entries };
}

/** Reads the allow-list; a missing file is an empty list (nothing allowed). */
export function loadAllowList(file: string, today: Date = new Date()): AllowList {
  if (!fs.existsSync(file)) return { file, entries: [] };
  return parseAllowList(fs.readFileSync(file, 'utf8'), file, today);
}

export function isExpired(entry: AllowEntry, today: Date): boolean {
  return days(today, entry.expires) < 0;
}

/** The entry (not expired) that allows `action` on `address` in `stack`, if any. */
export function findAllowance(
  list: AllowList,
  stack: string,
  address: string,
  action: AllowableAction,
  today: Date,
): AllowEntry | undefined {
  return list.entries.find(
    (e) => e.stack === stack && e.address === address && e.actions.includes(action) && !isExpired(e, today),
  );
}

/**
 * Plan values as a reviewer sees them: unknown parts marked "(known after apply)", sensitive parts redacted (the plan
 * JSON holds them in clear text!), JSON documents (policies) pretty-printed, and a resource rendered as lines that
 * a line diff can compare.
 */
import { isRecord as isJsonObject } from '../../domain/json';

/** A value that is not shown as data: unknown until apply, or sensitive. */
export class Marker {
  constructor(readonly text: string) {}
}
/** A value known only after apply. */
export class UnknownMarker extends Marker {}
export const UNKNOWN = new UnknownMarker('(known after apply)');
export const SENSITIVE = new Marker('(sensitive value)');
/** Both sides are sensitive and the values differ: say that it changes without saying what. */
export const SENSITIVE_CHANGED = new Marker('(sensitive value changed)');

/** `(known after apply)` naming where the value comes from, e.g. `data.aws_iam_policy_document.x.json`. */
export function unknownFrom(references: readonly string[]): Marker {
  return references.length === 0 ? UNKNOWN : new UnknownMarker(`(known after apply: ${references.join(', ')})`);
}

export type DisplayValue = null | boolean | number | string | Marker | DisplayValue[] | { [key: string]: DisplayValue };

/** Turns a string from the plan into what may be shown: itself, or with copies of sensitive values masked. */
export type Redactor = (value: string) => string | Marker;
const showAsIs: Redactor = (v) => v;

/** A JSON object of a plan, not one of the markers above. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return isJsonObject(value) && !(value instanceof Marker);
}

/**
 * Merges a plan value with its unknown and sensitive masks (same shape as the value, `true` where it applies).
 * Sensitivity wins over everything: a sensitive value is never rendered, whatever else is true. `redact` masks
 * strings that copy a sensitive value somewhere else without being marked (an `id` equal to a sensitive name).
 */
export function displayValue(
  value: unknown,
  unknownMask?: unknown,
  sensitiveMask?: unknown,
  redact: Redactor = showAsIs,
): DisplayValue {
  if (sensitiveMask === true) return SENSITIVE;
  if (unknownMask === true) return UNKNOWN;
  if (Array.isArray(value) || Array.isArray(unknownMask)) {
    const items = Array.isArray(value) ? value : [];
    const um = Array.isArray(unknownMask) ? unknownMask : [];
    const sm = Array.isArray(sensitiveMask) ? sensitiveMask : [];
    const length = Math.max(items.length, um.length);
    return Array.from({ length }, (_, i) => displayValue(items[i] ?? null, um[i], sm[i], redact));
  }
  if (isRecord(value) || isRecord(unknownMask)) {
    const obj = isRecord(value) ? value : {};
    const um = isRecord(unknownMask) ? unknownMask : {};
    const sm = isRecord(sensitiveMask) ? sensitiveMask : {};
    const out: Record<string, DisplayValue> = {};
    for (const key of [...new Set([...Object.keys(obj), ...Object.keys(um)])].sort()) {
      out[key] = displayValue(obj[key] ?? null, um[key], sm[key], redact);
    }
    return out;
  }
  if (value === undefined) return null;
  if (typeof value === 'string') return redact(value);
  return value as DisplayValue;
}

export interface ChangeValues {
  readonly before: unknown;
  readonly after: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
}

const sameRaw = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Before and after of an update side by side. Where a value is sensitive (on either side) both sides are masked,
 * and a sensitive value that differs shows as `(sensitive value changed)` instead of two equal masks (which a diff
 * would drop as unchanged).
 */
export function displayPair(
  change: ChangeValues,
  redact: Redactor = showAsIs,
): { before: DisplayValue; after: DisplayValue } {
  const walk = (b: unknown, a: unknown, au: unknown, bs: unknown, as: unknown): [DisplayValue, DisplayValue] => {
    if (bs === true || as === true) {
      const after =
        as === true ? (au === true || sameRaw(b, a) ? SENSITIVE : SENSITIVE_CHANGED) : displayValue(a, au, as, redact);
      return [b === null || b === undefined ? null : SENSITIVE, after];
    }
    if (au === true) return [displayValue(b, undefined, bs, redact), UNKNOWN];
    if (isRecord(b) && (isRecord(a) || isRecord(au))) {
      const aObj = isRecord(a) ? a : {};
      const record = (m: unknown) => (isRecord(m) ? m : {});
      const [bm, am, um] = [record(bs), record(as), record(au)];
      const before: Record<string, DisplayValue> = {};
      const after: Record<string, DisplayValue> = {};
      const keys = [...new Set([...Object.keys(b), ...Object.keys(aObj), ...Object.keys(um)])].sort();
      for (const k of keys) {
        const [x, y] = walk(b[k], aObj[k], um[k], bm[k], am[k]);
        if (k in b) before[k] = x;
        if (k in aObj || k in um) after[k] = y;
      }
      return [before, after];
    }
    if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
      const list = (m: unknown): unknown[] => (Array.isArray(m) ? m : []);
      const [bm, am, um] = [list(bs), list(as), list(au)];
      const pairs = b.map((x, i) => walk(x, a[i], um[i], bm[i], am[i]));
      return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
    }
    return [displayValue(b, undefined, bs, redact), displayValue(a, au, as, redact)];
  };
  const [before, after] = walk(
    change.before,
    change.after,
    change.after_unknown,
    change.before_sensitive,
    change.after_sensitive,
  );
  return { before, after };
}

/** Every string a sensitivity mask covers (whole subtrees where the mask is `true`). */
export function sensitiveStrings(value: unknown, sensitiveMask: unknown, into: Set<string> = new Set()): Set<string> {
  const all = (v: unknown): void => {
    if (typeof v === 'string') into.add(v);
    else if (Array.isArray(v)) v.forEach(all);
    else if (isRecord(v)) Object.values(v).forEach(all);
  };
  if (sensitiveMask === true) all(value);
  else if (Array.isArray(sensitiveMask) && Array.isArray(value))
    sensitiveMask.forEach((m, i) => sensitiveStrings(value[i], m, into));
  else if (isRecord(sensitiveMask) && isRecord(value))
    for (const [k, m] of Object.entries(sensitiveMask)) sensitiveStrings(value[k], m, into);
  return into;
}

/**
 * Sensitive strings shorter than this are masked only where they are marked: a copy elsewhere cannot be told from
 * an unrelated equal value ("dev", "true"), and masking every such value would hide the review.
 */
export const MIN_REDACTED_LENGTH = 6;

/**
 * A Redactor for a set of sensitive strings: a string equal to one is masked entirely, a string containing one
 * (an ARN built from a sensitive name, a policy document quoting it) has each occurrence masked.
 */
export function redactorFor(secrets: Iterable<string>): Redactor {
  const list = [...new Set(secrets)].filter((s) => s.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
  if (list.length === 0) return showAsIs;
  const exact = new Set(list);
  // Inside a JSON document a secret may appear escaped; mask that spelling too.
  const needles = [...new Set(list.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  return (value) => {
    if (exact.has(value)) return SENSITIVE;
    let out = value;
    for (const n of needles) if (out.includes(n)) out = out.split(n).join(SENSITIVE.text);
    return out;
  };
}

/** A string holding a JSON object or array (IAM policies, SCPs, trust documents), parsed; undefined otherwise. */
export function parseJsonDocument(value: string): unknown {
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') && trimmed.endsWith('}')) && !(trimmed.startsWith('[') && trimmed.endsWith(']')))
    return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** Object keys sorted at every level, so two documents that differ only in key order compare equal. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

/** Canonical text of a display value, for equality checks. */
export function canonical(value: DisplayValue): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Marker ? `\u0000${v.text}` : v));
}

export function isEmpty(value: DisplayValue): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * Multi-line rendering: markers bare, JSON documents inside strings as `jsonencode(...)` with sorted keys, lists
 * and objects one element per line (so a line diff shows exactly which element changed).
 */
export function renderValue(value: DisplayValue, indent = ''): string {
  const next = `${indent}  `;
  if (value instanceof Marker) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const doc = parseJsonDocument(value);
    if (doc !== undefined && typeof doc === 'object' && doc !== null) {
      return `jsonencode(${renderValue(sortKeys(doc) as DisplayValue, indent)})`;
    }
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // Short lists of scalars stay on one line (privileges = ["USAGE", "SELECT"]); long ones get a line per element.
    if (value.every((v) => v === null || v instanceof Marker || typeof v !== 'object')) {
      const inline = `[${value.map((v) => renderValue(v)).join(', ')}]`;
      if (inline.length <= 60 && !inline.includes('\n')) return inline;
    }
    return `[\n${value.map((v) => `${next}${renderValue(v, next)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${next}${JSON.stringify(k)}: ${renderValue(v, next)},`).join('\n')}\n${indent}}`;
}

/** One line of text, for tables and summaries: compact, cut at `max` characters. */
export function renderInline(value: DisplayValue, max = 80): string {
  let text: string;
  if (value instanceof Marker) text = value.text;
  else if (typeof value === 'string') {
    const doc = parseJsonDocument(value);
    text = doc !== undefined ? JSON.stringify(sortKeys(doc)) : JSON.stringify(value);
  } else text = JSON.stringify(value, (_k, v: unknown) => (v instanceof Marker ? v.text : v));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface AttributeLinesOptions {
  /** Attributes to leave out (noise). */
  readonly skip?: ReadonlySet<string>;
  /** Only these attributes (e.g. the changed ones). */
  readonly only?: ReadonlySet<string>;
  /**
   * Leave out attributes that are null or empty, and unknown ones unless `keepUnknown` says the configuration sets
   * them (a create's computed `id`, `arn` ... are noise; a configured policy that is unknown is not).
   */
  readonly omitUnset?: boolean;
  readonly keepUnknown?: (attribute: string) => boolean;
  /** Suffix for the first line of an attribute, e.g. "  # forces replacement". */
  readonly annotate?: (attribute: string) => string | undefined;
}

/** A resource's attributes as `name = value` lines (values may span lines), attributes sorted by name. */
export function attributeLines(value: DisplayValue, options: AttributeLinesOptions = {}): string[] {
  if (!isRecord(value)) return value === null ? [] : [renderValue(value)];
  const lines: string[] = [];
  // By name, in the order of Array.prototype.sort on strings (names are unique: never equal).
  for (const [key, v] of Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (options.skip?.has(key)) continue;
    if (options.only && !options.only.has(key)) continue;
    if (options.omitUnset && (isEmpty(v) || (v instanceof UnknownMarker && !options.keepUnknown?.(key)))) continue;
    const [first, ...more] = renderValue(v).split('\n');
    const note = options.annotate?.(key);
    lines.push(`${key} = ${first ?? ''}${note ? `  ${note}` : ''}`, ...more); // split gives a first line, maybe ''
  }
  return lines;
}

/** Top-level attributes whose displayed value differs between before and after. */
export function changedAttributes(before: DisplayValue, after: DisplayValue): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .sort()
    .filter((k) => canonical(b[k] ?? null) !== canonical(a[k] ?? null));
}

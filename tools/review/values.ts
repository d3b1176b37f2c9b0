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
export const UNKNOWN = new Marker('(known after apply)');
export const SENSITIVE = new Marker('(sensitive value)');

export type DisplayValue = null | boolean | number | string | Marker | DisplayValue[] | { [key: string]: DisplayValue };

/** A JSON object of a plan, not one of the markers above. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return isJsonObject(value) && !(value instanceof Marker);
}

/**
 * Merges a plan value with its unknown and sensitive masks (same shape as the value, `true` where it applies).
 * Sensitivity wins over everything: a sensitive value is never rendered, whatever else is true.
 */
export function displayValue(value: unknown, unknownMask?: unknown, sensitiveMask?: unknown): DisplayValue {
  if (sensitiveMask === true) return SENSITIVE;
  if (unknownMask === true) return UNKNOWN;
  if (Array.isArray(value) || Array.isArray(unknownMask)) {
    const items = Array.isArray(value) ? value : [];
    const um = Array.isArray(unknownMask) ? unknownMask : [];
    const sm = Array.isArray(sensitiveMask) ? sensitiveMask : [];
    const length = Math.max(items.length, um.length);
    return Array.from({ length }, (_, i) => displayValue(items[i] ?? null, um[i], sm[i]));
  }
  if (isRecord(value) || isRecord(unknownMask)) {
    const obj = isRecord(value) ? value : {};
    const um = isRecord(unknownMask) ? unknownMask : {};
    const sm = isRecord(sensitiveMask) ? sensitiveMask : {};
    const out: Record<string, DisplayValue> = {};
    for (const key of [...new Set([...Object.keys(obj), ...Object.keys(um)])].sort()) {
      out[key] = displayValue(obj[key] ?? null, um[key], sm[key]);
    }
    return out;
  }
  if (value === undefined) return null;
  return value as DisplayValue;
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
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${next}${JSON.stringify(k)}: ${renderValue(value[k], next)},`).join('\n')}\n${indent}}`;
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
  /** Leave out attributes that are null, empty or unknown (what a create shows as "(known after apply)"). */
  readonly omitUnset?: boolean;
  /** Suffix for the first line of an attribute, e.g. "  # forces replacement". */
  readonly annotate?: (attribute: string) => string | undefined;
}

/** A resource's attributes as `name = value` lines (values may span lines), attributes sorted by name. */
export function attributeLines(value: DisplayValue, options: AttributeLinesOptions = {}): string[] {
  if (!isRecord(value)) return value === null ? [] : [renderValue(value)];
  const lines: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (options.skip?.has(key)) continue;
    if (options.only && !options.only.has(key)) continue;
    if (options.omitUnset && (isEmpty(v) || v === UNKNOWN)) continue;
    const rendered = renderValue(v).split('\n');
    const note = options.annotate?.(key);
    rendered[0] = `${key} = ${rendered[0]}${note ? `  ${note}` : ''}`;
    lines.push(...rendered);
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

/**
 * One resource change as a reviewer reads it: what Terraform will do in words (and why, from action_reason), and its
 * before/after as a line diff with sensitive values masked and unknown values marked.
 */
import type { OutputView, ReviewedChange } from './model';
import { NOISE_ATTRIBUTES } from './resource-kinds';
import { diffLines, formatDiff } from './text-diff';
import {
  attributeLines,
  changedAttributes,
  type DisplayValue,
  displayPair,
  displayValue,
  isEmpty,
  Marker,
  type Redactor,
  renderInline,
  unknownFrom,
  UnknownMarker,
} from './values';

type Action = ReviewedChange['action'];

/** What Terraform will do, in words. */
export function actionWord(c: Pick<ReviewedChange, 'action' | 'createFirst' | 'deposed'>): string {
  if (c.deposed) return 'destroy the deposed object';
  if (c.action === 'replace')
    return c.createFirst
      ? 'replace (create the new one first, then destroy the old)'
      : 'replace (destroy, then create)';
  return ACTION_WORD[c.action];
}

export const ACTION_WORD: Record<Action, string> = {
  create: 'create',
  update: 'update in place',
  replace: 'replace (destroy, then create)',
  delete: 'destroy',
  forget: 'forget (removed from state, not destroyed)',
  read: 'read during apply',
  'no-op': 'no change',
};

/** Terraform's own symbols: `-/+` destroy then create, `+/-` create then destroy. */
export function actionSign(c: Pick<ReviewedChange, 'action' | 'createFirst' | 'movedFrom' | 'importId'>): string {
  if (c.action === 'replace') return c.createFirst ? '+/-' : '-/+';
  if (c.action === 'no-op') return c.importId !== undefined ? '←' : c.movedFrom ? '→' : ' ';
  return ACTION_SIGN[c.action];
}

const ACTION_SIGN: Record<Action, string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  forget: '…',
  read: '<=',
  'no-op': ' ',
};

/** Terraform's action_reason in words. */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'the object is tainted (an earlier apply failed part-way), so Terraform replaces it',
  replace_by_request: 'a replacement was requested (`-replace`)',
  replace_by_triggers: '`replace_triggered_by` in its configuration fired (a resource it names changes)',
  replace_because_cannot_update: 'an attribute that cannot change in place changed',
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'its configuration changed between count/for_each and a single instance',
  delete_because_count_index: 'its count index is gone',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'a `moved` block points at an address that does not exist',
  read_because_config_unknown: 'its configuration refers to values not known until apply',
  read_because_dependency_pending: 'it depends on a change not yet applied',
  read_because_check_nested: 'a check block reads it',
};

export function reasonText(c: ReviewedChange): string | undefined {
  if (c.deposed) {
    return 'an older object of this address, left over from a create-before-destroy replacement that failed part-way; the current object is not affected';
  }
  return c.action_reason ? (REASONS[c.action_reason] ?? c.action_reason) : undefined;
}

/** "moved from …", "import …" and the like: what happens besides (or instead of) the action. */
export function changeExtras(c: ReviewedChange, redact: Redactor): string[] {
  const out: string[] = [];
  if (c.importId !== undefined) {
    const id = redact(c.importId);
    out.push(`import ${id instanceof Marker ? id.text : code(id)}`);
  }
  if (c.movedFrom) out.push(`moved from ${code(c.movedFrom)}`);
  return out;
}

/** The change in one line of words: "update in place, moved from `x`", "import `id` (no change)". */
export function describeChange(c: ReviewedChange, redact: Redactor): string {
  const extras = changeExtras(c, redact);
  if (c.action === 'no-op') return extras.length > 0 ? `${extras.join(', ')} (no other change)` : 'no change';
  return [actionWord(c), ...extras].join(', ');
}

/** Attributes that Snowflake resources mirror from SHOW/DESCRIBE output: computed, large, not decisions. */
const COMPUTED_MIRRORS = new Set(['show_output', 'describe_output', 'parameters']);

function skipFor(type: string): ReadonlySet<string> {
  return type.startsWith('snowflake_') ? new Set([...NOISE_ATTRIBUTES, ...COMPUTED_MIRRORS]) : NOISE_ATTRIBUTES;
}

const isObject = (v: DisplayValue): v is { [key: string]: DisplayValue } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Marker);

/** An unknown top-level attribute says what it comes from when the configuration tells (a data source's json...). */
function nameSources(after: DisplayValue, c: ReviewedChange): DisplayValue {
  if (!isObject(after) || !c.configured) return after;
  const out: { [key: string]: DisplayValue } = {};
  for (const [k, v] of Object.entries(after)) {
    const sources = c.configured[k];
    out[k] = v instanceof UnknownMarker && sources?.length ? unknownFrom(sources) : v;
  }
  return out;
}

/** Before and after as shown: sensitive parts masked (changed ones said to change), unknown parts marked. */
export function sides(c: ReviewedChange, redact: Redactor): { before: DisplayValue; after: DisplayValue } {
  const ch = c.change;
  if (c.action === 'create' || c.action === 'read' || ch.before === null || ch.before === undefined) {
    const after = displayValue(ch.after, ch.after_unknown, ch.after_sensitive, redact);
    return { before: null, after: nameSources(after, c) };
  }
  if (c.action === 'delete' || c.action === 'forget' || ch.after === null || ch.after === undefined) {
    return { before: displayValue(ch.before, undefined, ch.before_sensitive, redact), after: null };
  }
  const pair = displayPair(ch, redact);
  return { before: pair.before, after: nameSources(pair.after, c) };
}

function replaceAttributes(c: ReviewedChange): Set<string> {
  return new Set((c.change.replace_paths ?? []).map((p) => String(p[0])));
}

/** `attr`: before → after for each attribute that forces a replacement. */
export function forcedBy(c: ReviewedChange, redact: Redactor): string | undefined {
  const forces = [...replaceAttributes(c)];
  if (c.action !== 'replace' || forces.length === 0) return undefined;
  const { before, after } = sides(c, redact);
  const at = (v: DisplayValue, k: string): DisplayValue => (isObject(v) ? (v[k] ?? null) : null);
  return forces
    .map((k) => `${code(k)}: ${code(renderInline(at(before, k)))} → ${code(renderInline(at(after, k)))}`)
    .join(', ');
}

/**
 * Before/after of a resource as diff lines. `onlyChanged`: restrict to the changed attributes (for updates);
 * creates and reads leave out unset attributes, and unknown ones unless the configuration sets them — so a new role
 * shows its name and policies, not twenty "(known after apply)", but a policy that is unknown until apply says so.
 */
export function changeDiff(
  c: ReviewedChange,
  redact: Redactor,
  options: { onlyChanged: boolean; context: number },
): string {
  const { before, after } = sides(c, redact);
  const skip = skipFor(c.type);
  const forces = replaceAttributes(c);
  const keepUnknown = (k: string) => (c.configured ? k in c.configured : true);
  // A computed attribute that was unset and is unknown after (a replacement's bucket_prefix, acl...) says nothing.
  const computedNoise = (k: string) =>
    isObject(before) &&
    isObject(after) &&
    isEmpty(before[k] ?? null) &&
    after[k] instanceof UnknownMarker &&
    !keepUnknown(k);
  const only =
    options.onlyChanged && before !== null && after !== null
      ? new Set(changedAttributes(before, after).filter((k) => !computedNoise(k)))
      : undefined;
  const beforeLines = attributeLines(before, { skip, only, omitUnset: after === null });
  const afterLines = attributeLines(after, {
    skip,
    only,
    omitUnset: before === null,
    keepUnknown,
    annotate: (k) => (forces.has(k) ? '# forces replacement' : undefined),
  });
  return formatDiff(diffLines(beforeLines, afterLines), options.context);
}

/** Said instead of an empty diff of an update: Terraform changes something that cannot be shown. */
export const HIDDEN_CHANGE = '_No attribute change can be shown: what changes is sensitive, or only its sensitivity._';

/** The diff of a change as a fenced block, or HIDDEN_CHANGE for an update whose diff is empty; '' for nothing. */
export function diffBlock(
  c: ReviewedChange,
  redact: Redactor,
  options: { onlyChanged: boolean; context: number; maxLines?: number; pointer?: string },
): string {
  let diff = changeDiff(c, redact, options);
  if (diff.trim() === '') return c.action === 'update' || c.action === 'replace' ? HIDDEN_CHANGE : '';
  if (options.maxLines !== undefined && Number.isFinite(options.maxLines)) {
    const lines = diff.split('\n');
    if (lines.length > options.maxLines)
      diff = [
        ...lines.slice(0, options.maxLines),
        `@@ ${lines.length - options.maxLines} more lines: ${options.pointer ?? 'see the full review'} @@`,
      ].join('\n');
  }
  return fence('diff', diff);
}

/** An output's change in one line: `create \`"value"\``, values masked where sensitive. */
export function outputLine(o: OutputView, redact: Redactor): string {
  const show = (v: DisplayValue) => code(renderInline(v, 100));
  let value: string;
  if (o.action === 'update' || o.action === 'replace') {
    const pair = displayPair({ ...o, before: o.before ?? null, after: o.after ?? null }, redact);
    value = `${show(pair.before)} → ${show(pair.after)}`;
  } else if (o.action === 'delete') value = show(displayValue(o.before, undefined, o.before_sensitive, redact));
  else value = show(displayValue(o.after, o.after_unknown, o.after_sensitive, redact));
  const verb = o.action === 'update' || o.action === 'replace' ? 'change' : ACTION_WORD[o.action];
  return `- output ${code(o.name)}: ${verb} ${value}`;
}

/** Inline code whose fence is longer than any backtick run inside. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${text.startsWith('`') ? ' ' : ''}${text}${text.endsWith('`') ? ' ' : ''}${f}`;
}

/** A fenced block whose fence is longer than any backtick run inside (values may contain backticks). */
export function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

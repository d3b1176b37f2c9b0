/**
 * "Access changes": effective access gained or lost, from any source of deltas (AWS policies now, Snowflake grants
 * next), in one security subsection. A source turns its plans into `AccessDelta`s; this file renders them:
 *
 * 1. ⚠️ open to anyone (a bucket policy with Principal `*`, a trust any project may use) — first, always;
 * 2. ❓ access not known until apply (a policy document computed during apply);
 * 3. per principal (sorted by scope, then name): ➕ gained before ➖ lost, one line per target and statement, the
 *    actions of a line collapsed (`s3:Get*` when the whole family changes, by the source's `collapse`).
 *
 * The full list goes to the review artifact; the PR comment caps each principal's lines and the total ("…and N
 * more", pointing to the full review), never capping 1 and 2.
 */
import type { ReviewSection } from './model';
import type { StackPlan } from './plan-json';

/** What a source reads (the review's SectionContext, sections.ts, has this shape). */
export interface AccessChangesContext {
  readonly plans: readonly StackPlan[];
  /** This revision's synth output (stacks/<stack>/cdk.tf.json), when the review was given it. */
  readonly headSynth?: string;
}

export interface AccessDelta {
  /** Which analysis found it: `AWS`, `Snowflake`. */
  readonly source: string;
  readonly change: 'gained' | 'lost' | 'unknown';
  /** `access`: principal → what on target. `assume`: principal may (no longer) assume target (a role). */
  readonly kind: 'access' | 'assume';
  /** Who, as Markdown (`` `acme-dp-telehealth-ci` ``, `**anyone**`, `CircleCI project ``x``, a feature branch`). */
  readonly principal: string;
  /** Where the principal (or, for `assume`, the role) lives: environment and stack, e.g. `dev`, `dev-telehealth-aws`. */
  readonly scope: string;
  readonly stack?: string;
  /** What: an action (`s3:PutObject`) or a privilege (`READ`); empty for `unknown`. */
  readonly what: string;
  /** On what: an ARN, a schema (`DEV_TELEHEALTH.RAW`); for `assume`, the role. */
  readonly target: string;
  /** Why: the statement or grant that allows it (gained), or that allowed it (lost), as Markdown. */
  readonly why?: string;
  /** Open to anyone: listed first and flagged. */
  readonly world?: boolean;
  /** More words for the line (Markdown): what is unknown and why, a caveat. */
  readonly note?: string;
  /** Groups lines under one principal: defaults to `principal` + `scope`. */
  readonly group?: string;
}

export interface AccessDeltaSource {
  readonly name: string;
  readonly deltas: readonly AccessDelta[];
  /** Collapses the `what`s of one line (e.g. every s3 Get action on an object -> `s3:Get*`). Default: as they are. */
  readonly collapse?: (whats: readonly string[], target: string) => string[];
  /** One line on how the source computed its deltas (shown under the heading). */
  readonly method?: string;
  /** Problems that kept part of it from being computed: shown as warnings, never dropped. */
  readonly problems?: readonly string[];
}

export interface AccessCaps {
  /** Lines per principal in the PR comment. */
  readonly perPrincipal: number;
  /** Lines of all principals in the PR comment (world and unknown lines are never capped). */
  readonly total: number;
}

export const DEFAULT_ACCESS_CAPS: AccessCaps = { perPrincipal: 12, total: 150 };
export const ACCESS_CHANGES_TITLE = 'Access changes';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
/** Actions of one line in the PR comment (the full review lists all). */
const COMMENT_WHATS = 8;

function whatList(whats: readonly string[], max: number): string {
  const shown = whats.slice(0, max).map(code).join(', ');
  return whats.length > max ? `${shown} and ${whats.length - max} more` : shown;
}

interface Line {
  readonly group: string;
  readonly text: string;
}

function lineOf(d: AccessDelta, whats: readonly string[], maxWhats: number): string {
  const why = d.why ? ` — ${d.change === 'lost' ? 'was ' : ''}through ${d.why}` : '';
  const note = d.note ? ` ${d.note}` : '';
  const where = `(${d.scope}${d.stack ? ` · \`${d.stack}\`` : ''})`;
  if (d.change === 'unknown')
    return `- ❓ ${d.principal} ${where}: ${d.note ?? 'changes in ways not known until apply'}`;
  const sign = d.world ? '⚠️ ' : '';
  const mark = d.change === 'gained' ? '➕' : '➖';
  const verb = d.change === 'gained' ? 'may now' : 'may no longer';
  if (d.kind === 'assume')
    return `- ${sign}${mark} ${d.principal} ${verb} assume ${code(d.target)} ${where}${why}${note}`;
  return `- ${sign}${mark} ${d.principal} ${where} ${verb} ${whatList(whats, maxWhats)} on ${code(d.target)}${why}${note}`;
}

/** Deltas of one source as lines: one per (principal, change, target, why), the whats collapsed. */
function linesOf(source: AccessDeltaSource, maxWhats: number): { world: string[]; unknown: string[]; lines: Line[] } {
  const world: string[] = [];
  const unknown: string[] = [];
  const lines: Line[] = [];
  const buckets = new Map<string, [AccessDelta, ...AccessDelta[]]>(); // each with the first delta of its line
  for (const d of source.deltas) {
    const key = JSON.stringify([
      d.group ?? `${d.scope} ${d.principal}`,
      d.world ?? false,
      d.change,
      d.kind,
      d.principal,
      d.target,
      d.why,
      d.note,
    ]);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(d);
    else buckets.set(key, [d]);
  }
  const order = (d: AccessDelta) => (d.change === 'gained' ? 0 : d.change === 'lost' ? 1 : 2);
  const sorted = [...buckets.values()].sort(
    ([x], [y]) =>
      (x.group ?? `${x.scope} ${x.principal}`).localeCompare(y.group ?? `${y.scope} ${y.principal}`) ||
      order(x) - order(y) ||
      x.target.localeCompare(y.target),
  );
  for (const ds of sorted) {
    const [d] = ds;
    const whats = [...new Set(ds.map((x) => x.what))].sort();
    const text = lineOf(d, source.collapse ? source.collapse(whats, d.target) : whats, maxWhats);
    if (d.change === 'unknown') unknown.push(text);
    else if (d.world) world.push(text);
    else lines.push({ group: d.group ?? `${d.scope} ${d.principal}`, text });
  }
  return { world, unknown, lines };
}

/** The body, full (caps undefined) or capped for the PR comment. */
function body(sources: readonly AccessDeltaSource[], caps: AccessCaps | undefined, pointer: string): string {
  const out: string[] = [];
  const all = sources.map((s) => linesOf(s, caps ? COMMENT_WHATS : Infinity));
  const world = all.flatMap((x) => x.world);
  const unknown = all.flatMap((x) => x.unknown);
  const lines = all.flatMap((x) => x.lines);
  const gained = sources.flatMap((s) => s.deltas).filter((d) => d.change === 'gained').length;
  const lost = sources.flatMap((s) => s.deltas).filter((d) => d.change === 'lost').length;
  const principals = new Set(lines.map((l) => l.group)).size;
  out.push(
    `Effective access before → after each plan: **${gained} gained, ${lost} lost** (principal, action, resource) for ${principals} principal${principals === 1 ? '' : 's'}${world.length ? `, **${world.length} open to anyone**` : ''}${unknown.length ? `, ${unknown.length} not known until apply` : ''}.`,
  );
  for (const s of sources) if (s.method) out.push('', `_${s.name}: ${s.method}_`);
  for (const s of sources) for (const p of s.problems ?? []) out.push('', `> [!WARNING]\n> ${s.name}: ${p}`);
  if (world.length) out.push('', '**⚠️ Open to anyone**', '', ...world);
  if (unknown.length) out.push('', '**❓ Not known until apply**', '', ...unknown);
  const groups = new Map<string, string[]>();
  for (const l of lines) groups.set(l.group, [...(groups.get(l.group) ?? []), l.text]);
  let budget = caps?.total ?? Infinity;
  let omitted = 0;
  for (const texts of groups.values()) {
    if (budget <= 0) {
      omitted += texts.length;
      continue;
    }
    const take = Math.min(texts.length, caps?.perPrincipal ?? Infinity, budget);
    out.push('', ...texts.slice(0, take));
    if (take < texts.length) out.push(`- …and ${texts.length - take} more for this principal (${pointer})`);
    budget -= take;
  }
  if (omitted) out.push('', `…and ${omitted} more lines of other principals (${pointer}).`);
  if (gained + lost + world.length + unknown.length === 0 && sources.every((s) => !s.problems?.length))
    out.push('', '_No effective access changes._');
  return out.join('\n');
}

/**
 * The "Access changes" subsection from every source's deltas, or undefined when no source has a delta or a problem
 * (nothing security-sensitive changed access).
 */
export function accessChangesSection(
  sources: readonly AccessDeltaSource[],
  caps: AccessCaps = DEFAULT_ACCESS_CAPS,
): ReviewSection | undefined {
  if (sources.every((s) => s.deltas.length === 0 && !s.problems?.length)) return undefined;
  return {
    title: ACCESS_CHANGES_TITLE,
    markdown: body(sources, undefined, 'the full list is in the full review'),
    comment: (pointer: string) => body(sources, caps, pointer),
  };
}

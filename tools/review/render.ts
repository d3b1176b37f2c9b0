/**
 * The review as GitHub Markdown, in this order: verdict; failed plans, blockers, lost deletion protection (what
 * must never be missed); the per-stack table; notes; security-sensitive changes (never folded) with any extra
 * security subsections; Snowflake cost; drift; per-stack details (folded). `fitReview` (fit.ts) fits it into
 * GitHub comments.
 */
import type { WarehouseCost } from './cost';
import { formatMarker } from './marker';
import {
  type Blocker,
  failedStacks,
  openBlockers,
  type Review,
  type ReviewedChange,
  stackHasChanges,
  type StackSummary,
} from './model';
import {
  ACTION_WORD,
  actionSign,
  code,
  describeChange,
  diffBlock,
  forcedBy,
  outputLine,
  reasonText,
} from './render-change';
import { Marker } from './values';

/** GitHub's maximum comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderOptions {
  /** Heading; default "Terraform plan review". */
  readonly title?: string;
  /** Commit the plans were made from (CIRCLE_SHA1), shown so a stale comment is recognisable; in the marker. */
  readonly commit?: string;
  /** The base-branch commit the pull request was merged with for planning (--base-sha). */
  readonly plannedAgainst?: string;
  /** CircleCI pipeline number (newer is larger); in the marker, so an older pipeline never overwrites this. */
  readonly pipeline?: number;
  /** Where the full review is, when the rendered one is shortened (a sentence fragment, Markdown allowed). */
  readonly fullReviewPointer?: string;
  /** Why a shortened rendering is shortened; default "to fit GitHub's comment limit". */
  readonly shortenedBecause?: string;
  /**
   * `comment`: rendered for the PR comment (fitReview), where extra security subsections may use their shorter
   * `comment` body; default `artifact`: the full review.
   */
  readonly target?: 'artifact' | 'comment';
}

/** How much detail to render; fitReview lowers it until the text fits. */
export interface DetailLevel {
  /** Per-stack table: every stack; stacks with changes or findings, grouped by environment; totals per environment. */
  readonly table: 'all' | 'changed' | 'environments';
  /** Per-stack folded details: with attribute diffs, addresses only, or none. */
  readonly details: 'full' | 'list' | 'none';
  /** Max lines of each security diff (Infinity: all); 0 lists the changes without diffs. */
  readonly securityLines: number;
}

export const FULL: DetailLevel = { table: 'all', details: 'full', securityLines: Infinity };
/** For a terminal: tables, blockers, the list of security-sensitive changes and cost, no diffs or details. */
export const SUMMARY: DetailLevel = { table: 'changed', details: 'none', securityLines: 0 };

const DEFAULT_POINTER = 'see the full review (`npm run review -- --out review.md`)';

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function statusOf(s: StackSummary): string {
  if (s.notPlanned)
    return s.notPlanned.status === 'failed'
      ? `❌ plan failed: ${s.notPlanned.reason}`
      : `⏭️ not planned: ${s.notPlanned.reason}`;
  const marks: string[] = [];
  if (s.blocking > 0) marks.push('⛔ blocker');
  if (s.allowed > 0) marks.push('⚠️ allowed destroy');
  if (s.incomplete) marks.push('❌ incomplete');
  if (s.security > 0) marks.push('🔐 security');
  if (s.cost) marks.push('💰 cost');
  if (s.drift > 0) marks.push('🌀 drift');
  if (s.forget > 0) marks.push('… forget');
  if (s.import > 0) marks.push(`📥 ${s.import} import`);
  if (s.move > 0) marks.push(`↪️ ${s.move} moved`);
  if (s.outputs.length > 0) marks.push(`📤 ${plural(s.outputs.length, 'output')}`);
  if (s.source === 'synthesized') marks.push('🧪 from synthesized JSON');
  if (marks.length > 0) return marks.join(' · ');
  return stackHasChanges(s) ? '✅' : '✅ no changes';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

type Count = 'add' | 'change' | 'replace' | 'destroy' | 'import' | 'move';
const total = (stacks: readonly StackSummary[], k: Count) => stacks.reduce((n, s) => n + s[k], 0);

function summaryLine(review: Review): string {
  const changed = review.stacks.filter(stackHasChanges);
  const failed = review.stacks.filter((s) => s.notPlanned?.status === 'failed').length;
  const skipped = review.stacks.filter((s) => s.notPlanned?.status === 'skipped').length;
  const synthesized = review.stacks.filter((s) => s.source === 'synthesized' && !s.notPlanned).length;
  const planned = review.stacks.length - failed - skipped;
  const counts = [
    ...(total(review.stacks, 'import') > 0 ? [`${total(review.stacks, 'import')} to import`] : []),
    `${total(review.stacks, 'add')} to add`,
    `${total(review.stacks, 'change')} to change`,
    `${total(review.stacks, 'replace')} to replace`,
    `${total(review.stacks, 'destroy')} to destroy`,
    ...(total(review.stacks, 'move') > 0 ? [`${total(review.stacks, 'move')} moved`] : []),
  ];
  const outputs = review.stacks.reduce((n, s) => n + s.outputs.length, 0);
  const parts = [`${plural(planned, 'stack')} planned, ${changed.length} with changes: ${counts.join(', ')}`];
  if (outputs > 0) parts.push(`📤 ${plural(outputs, 'output change')}`);
  if (failed > 0) parts.push(`❌ ${plural(failed, 'plan')} failed`);
  if (skipped > 0) parts.push(`⏭️ ${skipped} not planned`);
  if (synthesized > 0) parts.push(`🧪 ${synthesized} from synthesized JSON (not planned by a provider)`);
  if (review.security.length > 0) parts.push(`🔐 ${review.security.length} security-sensitive`);
  const credits = costDelta(review.warehouses);
  if (review.warehouses.length > 0)
    parts.push(
      `💰 ${credits === undefined ? 'warehouse cost changes (partly unknown)' : `${signed(credits)} credits/hour`}`,
    );
  return parts.join(' · ');
}

function verdict(review: Review): string {
  const lines: string[] = [];
  const failed = failedStacks(review).length;
  if (failed > 0) {
    lines.push(
      `❌ **${plural(failed, 'plan')} failed**: this review is incomplete, and the check fails until every stack plans.`,
    );
  }
  const open = openBlockers(review);
  if (open.length > 0) {
    lines.push(
      `⛔ **${plural(open.length, 'blocking change')}**: data-bearing resources would be destroyed. ` +
        `This check fails until the change is reverted or each address is allowed in \`${review.allowFile}\` with a reason.`,
    );
  } else if (review.blockers.length > 0) {
    const allowed = review.blockers.length;
    lines.push(
      `⚠️ **No open blockers**, but ${allowed} destroy/replace of data-bearing resources ${allowed === 1 ? 'is' : 'are'} allowed by \`${review.allowFile}\`: check the reasons below.`,
    );
  } else {
    lines.push(failed > 0 ? 'Of what was planned: no blocking changes.' : '✅ **No blocking changes.**');
  }
  const unprotected = (review.protection ?? []).filter((p) => p.change === 'unprotected').length;
  if (unprotected > 0)
    lines.push(
      `🛡️ **${plural(unprotected, 'resource')} lose${unprotected === 1 ? 's' : ''} \`prevent_destroy\`** (below): check that this is intended.`,
    );
  return lines.join('\n\n');
}

function synthesizedNote(review: Review): string[] {
  const stacks = review.stacks.filter((s) => s.source === 'synthesized' && !s.notPlanned);
  if (stacks.length === 0) return [];
  return [
    `> [!NOTE]\n> ${plural(stacks.length, 'stack was', 'stacks were')} **not planned by a provider** (🧪): ${stacks.length === 1 ? 'its' : 'their'} changes are computed from the synthesized JSON, base revision against this one, because no provider for them is available here (Snowflake offline). Provider defaults, drift and replacements beyond the known ForceNew attributes are not reflected.`,
    '',
  ];
}

const TABLE_HEAD = ['| Stack | Add | Change | Replace | Destroy | Status |', '|---|--:|--:|--:|--:|---|'];

function stackRow(s: StackSummary): string {
  const n = (v: number) => (s.notPlanned ? '—' : String(v));
  return `| \`${s.stack}\` | ${n(s.add)} | ${n(s.change)} | ${n(s.replace)} | ${n(s.destroy)} | ${escapeCell(statusOf(s))} |`;
}

/** The environment a stack belongs to: the part of its name before the first "-" (`organization` is its own). */
export function environmentOf(stack: string): string {
  const dash = stack.indexOf('-');
  return dash < 0 ? stack : stack.slice(0, dash);
}

function byEnvironment(stacks: readonly StackSummary[]): Array<[string, StackSummary[]]> {
  const groups = new Map<string, StackSummary[]>();
  for (const s of stacks) groups.set(environmentOf(s.stack), [...(groups.get(environmentOf(s.stack)) ?? []), s]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const worthListing = (s: StackSummary) => stackHasChanges(s) || !!s.notPlanned || !!s.incomplete || s.drift > 0;

function findings(stacks: readonly StackSummary[]): string {
  const sum = (f: (s: StackSummary) => number) => stacks.reduce((n, s) => n + f(s), 0);
  const marks = [
    [sum((s) => s.blocking), '⛔', 'blocker'],
    [sum((s) => (s.notPlanned?.status === 'failed' || s.incomplete ? 1 : 0)), '❌', 'failed'],
    [sum((s) => s.allowed), '⚠️', 'allowed'],
    [sum((s) => s.security), '🔐', 'security'],
    [sum((s) => (s.cost ? 1 : 0)), '💰', 'cost'],
    [sum((s) => s.drift), '🌀', 'drift'],
    [sum((s) => (s.notPlanned?.status === 'skipped' ? 1 : 0)), '⏭️', 'not planned'],
  ] as const;
  return (
    marks
      .filter(([n]) => n > 0)
      .map(([n, icon, word]) => `${icon} ${n} ${word}`)
      .join(' · ') || '✅'
  );
}

function tableSection(review: Review, level: DetailLevel, pointer: string): string[] {
  if (review.stacks.length === 0)
    return ['_No stack was planned: no synthesized stack differs from the base revision._', ''];
  if (level.table === 'all') return [...TABLE_HEAD, ...review.stacks.map(stackRow), ''];
  if (level.table === 'environments') {
    const rows = byEnvironment(review.stacks).map(([env, stacks]) => {
      const t = (k: Count) => total(stacks, k);
      return `| \`${env}\` | ${stacks.length} | ${stacks.filter(stackHasChanges).length} | ${t('add')} | ${t('change')} | ${t('replace')} | ${t('destroy')} | ${findings(stacks)} |`;
    });
    return [
      '| Environment | Stacks | With changes | Add | Change | Replace | Destroy | Findings |',
      '|---|--:|--:|--:|--:|--:|--:|---|',
      ...rows,
      '',
      `_Per-stack rows: ${pointer}._`,
      '',
    ];
  }
  const out: string[] = [];
  for (const [env, stacks] of byEnvironment(review.stacks)) {
    const listed = stacks.filter(worthListing);
    out.push(`#### \`${env}\`: ${plural(stacks.length, 'stack')}, ${listed.length} with changes or findings`, '');
    if (listed.length > 0) out.push(...TABLE_HEAD, ...listed.map(stackRow), '');
    if (listed.length < stacks.length)
      out.push(`_${plural(stacks.length - listed.length, 'stack')} without changes not listed._`, '');
  }
  return out;
}

function failedSection(review: Review): string[] {
  const failed = failedStacks(review);
  if (failed.length === 0) return [];
  return [
    '### ❌ Plans that failed',
    '',
    'Nothing of these stacks is reviewed (no plan, or a plan that errored); the check fails until they plan:',
    '',
    ...failed.map((s) => `- \`${s.stack}\`: ${escapeCell(s.notPlanned?.reason ?? s.incomplete ?? 'failed')}`),
    '',
  ];
}

/** What keeps the data, for each kind of blocker: a `moved` block only where the address changed. */
function blockerAdvice(b: Blocker): string {
  const c = b.change;
  if (c.deposed) return 'Allow it if the old object is not needed (the current one stays).';
  if (c.action === 'delete') {
    if (b.createdAlike.length > 0) {
      const to = b.createdAlike[0];
      const others =
        b.createdAlike.length > 1 ? ` (other new ${c.type} here: ${b.createdAlike.slice(1).map(code).join(', ')})` : '';
      return `If it was only renamed, a \`moved\` block keeps the object: \`moved { from = ${c.address} to = ${to} }\`${others}.`;
    }
    return 'Revert the removal, or allow it.';
  }
  switch (c.action_reason) {
    case 'replace_because_tainted':
      return `If the object is fine, \`terraform untaint ${c.address}\` keeps it.`;
    case 'replace_by_request':
      return 'Drop the `-replace` option unless the data may go.';
    case 'replace_by_triggers':
      return 'If the data must survive, take the trigger out of `replace_triggered_by`.';
    default:
      return 'Revert the attribute, or allow it.';
  }
}

function blockerLine(b: Blocker, redact: Review['redact']): string {
  const c = b.change;
  const forced = forcedBy(c, redact);
  const reason = reasonText(c) ?? (c.action === 'delete' ? 'no longer in the configuration' : undefined);
  const why = forced ? `forced by ${forced}` : reason;
  const verb = c.action === 'replace' ? (c.createFirst ? 'replace (create first)' : 'replace') : 'destroy';
  const deposed = c.deposed ? ` (deposed object ${code(c.deposed)})` : '';
  const protection = b.wasProtected
    ? ' It had `prevent_destroy` in the base revision: removing the resource block removed the protection with it, so Terraform plans the destroy.'
    : '';
  return `- **${verb}** ${code(c.address)}${deposed} (${c.type}) in \`${c.stack}\`${why ? ` — ${why}` : ''}. ${blockerAdvice(b)}${protection}`;
}

function blockersSection(review: Review): string[] {
  const out: string[] = [];
  const open = openBlockers(review);
  if (open.length > 0) {
    out.push('### ⛔ Blockers', '');
    out.push(
      'Destroying or replacing these loses the data (or account) they hold; each line says why Terraform would do it and what keeps the data. ' +
        `If losing the data is intended, add an entry to \`${review.allowFile}\` (stack, address, reason, owner, expires) in this pull request.`,
      '',
    );
    out.push(...open.map((b) => blockerLine(b, review.redact)), '');
  }
  const allowed = review.blockers.filter((b) => b.allowedBy);
  if (allowed.length > 0) {
    out.push(`### ⚠️ Allowed by \`${review.allowFile}\``, '');
    for (const b of allowed) {
      const e = b.allowedBy!;
      out.push(
        blockerLine(b, review.redact),
        `  - reason: ${e.reason}`,
        `  - owner: ${e.owner} · expires ${e.expires} (entry ${e.index + 1})`,
      );
    }
    out.push('');
  }
  return out;
}

function protectionSection(review: Review): string[] {
  const lost = review.protection ?? [];
  if (lost.length === 0) return [];
  return [
    '### 🛡️ Deletion protection removed',
    '',
    '`lifecycle.prevent_destroy` is set in the base revision but not in this one (no plan can show this: it is compared from the synthesized configuration):',
    '',
    ...lost.map((p) =>
      p.change === 'unprotected'
        ? `- ${code(p.address)} (${p.type}) in \`${p.stack}\`: no longer protected; a later change can destroy it without Terraform refusing.`
        : `- ${code(p.address)} (${p.type}) in \`${p.stack}\`: its resource block is removed, and the protection with it: Terraform plans a plain destroy.`,
    ),
    '',
  ];
}

function allowNotes(review: Review): string[] {
  const out: string[] = [];
  for (const e of review.expiredAllowances) {
    out.push(
      `- ⌛ \`${review.allowFile}\` entry ${e.index + 1} (\`${e.stack}\` ${code(e.address)}) expired on ${e.expires} and allows nothing: remove it.`,
    );
  }
  for (const e of review.unusedAllowances) {
    out.push(
      `- 🧹 \`${review.allowFile}\` entry ${e.index + 1} (\`${e.stack}\` ${code(e.address)}) matches no change in these plans: remove it once applied.`,
    );
  }
  for (const s of review.removedStacks) {
    out.push(
      `- 🗑️ Stack \`${s}\` was removed from the configuration. Removing a stack does **not** destroy its resources: run \`cdktf destroy ${s}\` from the base revision first, or keep them on purpose.`,
    );
  }
  return out.length > 0 ? ['### Notes', '', ...out, ''] : [];
}

function securityItem(c: ReviewedChange, review: Review): string {
  const what =
    c.action === 'read'
      ? `read during apply (${reasonText(c) ?? 'its inputs are not known yet'}); what is known now:`
      : describeChange(c, review.redact);
  const deposed = c.deposed ? ` (deposed object ${code(c.deposed)})` : '';
  return `**${code(c.address)}**${deposed} in \`${c.stack}\` — ${what}`;
}

function securitySection(
  review: Review,
  level: DetailLevel,
  pointer: string,
  target: RenderOptions['target'],
): string[] {
  if (review.security.length === 0 && review.securitySections.length === 0) return [];
  const out = ['### 🔐 Security-sensitive changes', ''];
  if (review.security.length > 0) {
    out.push(
      'IAM roles and policies, trust, OIDC providers, SCPs, Snowflake roles, grants, users and network policies (imports and data sources read during apply too). Before → after:',
      '',
    );
  }
  for (const c of review.security) {
    const item = securityItem(c, review);
    if (level.securityLines === 0) {
      out.push(`- ${item}`);
      continue;
    }
    out.push(item);
    const block = diffBlock(c, review.redact, {
      onlyChanged: false,
      context: 3,
      maxLines: level.securityLines,
      pointer,
    });
    if (block !== '') out.push('', block);
    out.push('');
  }
  if (level.securityLines === 0 && review.security.length > 0) out.push('', `_Before/after of each: ${pointer}._`, '');
  for (const s of review.securitySections) {
    const body = target === 'comment' && s.comment ? s.comment(pointer) : s.markdown;
    // Another analysis may name what Terraform marks sensitive (a role name): masked like everything else.
    const shown = review.redact(body);
    out.push(`#### ${s.title}`, '', (shown instanceof Marker ? shown.text : shown).trimEnd(), '');
  }
  return out;
}

function costDelta(warehouses: readonly WarehouseCost[]): number | undefined {
  let sum = 0;
  for (const w of warehouses) {
    if (w.delta === undefined) return undefined;
    sum += w.delta;
  }
  return sum;
}

function costSection(review: Review): string[] {
  if (review.warehouses.length === 0 && review.monitors.length === 0) return [];
  const out = ['### 💰 Snowflake cost', ''];
  const side = (s?: { size: string; maxClusters: number; credits?: number }) =>
    s ? `${s.size}${s.maxClusters > 1 ? ` × ${s.maxClusters} clusters` : ''} = ${s.credits ?? '?'}` : '—';
  const name = (n: string) => {
    const shown = review.redact(n);
    return shown instanceof Marker ? shown.text : code(shown);
  };
  if (review.warehouses.length > 0) {
    out.push('Credits per hour while running (size × max clusters):', '');
    out.push('| Stack | Warehouse | Change | Before | After | Δ credits/h |', '|---|---|---|--:|--:|--:|');
    for (const w of review.warehouses) {
      out.push(
        `| \`${w.stack}\` | ${name(w.name)} | ${ACTION_WORD[w.action]} | ${side(w.before)} | ${side(w.after)} | ${w.delta === undefined ? '?' : signed(w.delta)} |`,
      );
    }
    const t = costDelta(review.warehouses);
    out.push('', `Net: **${t === undefined ? 'unknown until apply' : `${signed(t)} credits/hour`}** at full use.`, '');
  }
  if (review.monitors.length > 0) {
    out.push('Resource monitor credit quotas:', '');
    out.push('| Stack | Monitor | Change | Before | After | Δ credits |', '|---|---|---|--:|--:|--:|');
    for (const m of review.monitors) {
      const after = m.unknown ? '(known after apply)' : (m.after ?? '—');
      out.push(
        `| \`${m.stack}\` | ${name(m.name)} | ${ACTION_WORD[m.action]} | ${m.before ?? '—'} | ${after} | ${m.delta === undefined ? '?' : signed(m.delta)} |`,
      );
    }
    out.push('');
  }
  return out;
}

function driftSection(review: Review): string[] {
  if (review.drift.length === 0) return [];
  const out = ['### 🌀 Drift (changed outside Terraform)', ''];
  for (const c of review.drift) out.push(`- ${code(c.address)} in \`${c.stack}\`: ${ACTION_WORD[c.action]}`);
  return [...out, ''];
}

function changeLine(c: ReviewedChange, review: Review): string {
  const deposed = c.deposed ? ` (deposed object ${code(c.deposed)})` : '';
  const reason = c.action === 'replace' || c.deposed ? reasonText(c) : undefined;
  return `- \`${actionSign(c)}\` ${code(c.address)}${deposed} — ${describeChange(c, review.redact)}${reason ? `: ${reason}` : ''}`;
}

function stackDetails(s: StackSummary, review: Review, level: DetailLevel): string {
  const counts = `+${s.add} ~${s.change} -/+${s.replace} -${s.destroy}${s.import ? ` ←${s.import}` : ''}${s.move ? ` →${s.move}` : ''}`;
  const body: string[] = [];
  if (s.incomplete) body.push(`❌ ${s.incomplete}`, '');
  if (s.source === 'synthesized') body.push('🧪 Computed from the synthesized JSON, not planned by a provider.', '');
  for (const c of s.changes) {
    body.push(changeLine(c, review));
    if (level.details === 'full' && (c.action === 'update' || c.action === 'replace')) {
      const block = diffBlock(c, review.redact, { onlyChanged: true, context: 8 });
      if (block !== '') body.push('', block, '');
    }
  }
  for (const r of s.reads)
    body.push(`- \`<=\` ${code(r.address)} — read during apply: ${reasonText(r) ?? 'its inputs are not known yet'}`);
  for (const o of s.outputs) body.push(outputLine(o, review.redact));
  while (body[body.length - 1] === '') body.pop();
  return ['<details>', `<summary><code>${s.stack}</code> ${counts}</summary>`, '', ...body, '', '</details>', ''].join(
    '\n',
  );
}

function detailsSection(review: Review, level: DetailLevel, pointer: string): string[] {
  const changed = review.stacks.filter((s) => stackHasChanges(s) || s.incomplete || s.reads.length > 0);
  if (changed.length === 0) return [];
  if (level.details === 'none') return ['### Details per stack', '', `_Left out: ${pointer}._`, ''];
  return ['### Details per stack', '', ...changed.map((s) => stackDetails(s, review, level)), ''];
}

/** The heading lines: marker, title, what was planned. */
export function headerLines(options: RenderOptions, suffix = ''): string[] {
  const marker = formatMarker({ sha: options.commit, pipeline: options.pipeline, part: 1, parts: 1 });
  const out = [marker, `## ${options.title ?? 'Terraform plan review'}${suffix}`, ''];
  if (options.commit) {
    const against = options.plannedAgainst
      ? ` merged with the base branch at \`${options.plannedAgainst.slice(0, 12)}\``
      : '';
    const pipeline = options.pipeline !== undefined ? ` (pipeline ${options.pipeline})` : '';
    out.push(`Plans of commit \`${options.commit.slice(0, 12)}\`${against}${pipeline}.`, '');
  } else if (options.plannedAgainst) {
    out.push(`Planned against the base branch at \`${options.plannedAgainst.slice(0, 12)}\`.`, '');
  }
  return out;
}

/** The review at one detail level (FULL for the artifact). */
export function renderReview(review: Review, options: RenderOptions = {}, level: DetailLevel = FULL): string {
  const pointer = options.fullReviewPointer ?? DEFAULT_POINTER;
  const because = options.shortenedBecause ?? "to fit GitHub's comment limit";
  const shortened = level !== FULL ? [`> [!NOTE]\n> Shortened ${because}: ${pointer}.`, ''] : [];
  const compared = review.protection
    ? 'compared with the base revision'
    : 'not compared with the base revision (no `--base-synth`)';
  return [
    ...headerLines(options),
    verdict(review),
    '',
    summaryLine(review),
    '',
    ...shortened,
    ...synthesizedNote(review),
    ...failedSection(review),
    ...blockersSection(review),
    ...protectionSection(review),
    ...tableSection(review, level, pointer),
    ...allowNotes(review),
    ...securitySection(review, level, pointer, options.target),
    ...costSection(review),
    ...driftSection(review),
    ...detailsSection(review, level, pointer),
    `<sub>Generated by \`npm run review\` from \`terraform show -json\` plans; deletion protection (\`prevent_destroy\`) ${compared}.</sub>`,
    '',
  ].join('\n');
}

/**
 * The review as GitHub Markdown: summary table, blockers first, security changes (never folded), Snowflake cost,
 * then per-stack details folded. `fitReview` shrinks it to GitHub's comment limit: fold, then truncate with a
 * pointer to the full review.
 */
import type { WarehouseCost } from './cost';
import { type Blocker, openBlockers, type Review, type ReviewedChange, type StackSummary } from './model';
import { NOISE_ATTRIBUTES } from './resource-kinds';
import { diffLines, formatDiff } from './text-diff';
import { attributeLines, changedAttributes, type DisplayValue, displayValue, Marker, renderInline } from './values';

/** Hidden marker that identifies the review comment on a pull request (it is updated in place). */
export const REVIEW_MARKER = '<!-- data-platform-plan-review -->';
/** GitHub's maximum comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderOptions {
  /** Heading; default "Terraform plan review". */
  readonly title?: string;
  /** Commit the plans were made from (CIRCLE_SHA1), shown so a stale comment is recognisable. */
  readonly commit?: string;
  /** Where the full review is, when the rendered one is shortened (a sentence fragment, Markdown allowed). */
  readonly fullReviewPointer?: string;
  /** Why a shortened rendering is shortened; default "to fit GitHub's comment limit". */
  readonly shortenedBecause?: string;
}

/** How much detail to render; fitReview lowers it until the text fits. */
export interface DetailLevel {
  /** Per-stack folded details: with attribute diffs, addresses only, or none. */
  readonly details: 'full' | 'list' | 'none';
  /** Max lines of each security diff (Infinity: all); 0 lists the changes without diffs. */
  readonly securityLines: number;
}

export const FULL: DetailLevel = { details: 'full', securityLines: Infinity };
/** For a terminal: tables, blockers, the list of security-sensitive changes and cost, no diffs or details. */
export const SUMMARY: DetailLevel = { details: 'none', securityLines: 0 };
const LEVELS: readonly DetailLevel[] = [
  FULL,
  { details: 'list', securityLines: Infinity },
  { details: 'none', securityLines: Infinity },
  { details: 'none', securityLines: 40 },
  { details: 'none', securityLines: 12 },
  { details: 'none', securityLines: 0 },
];

const ACTION_WORD: Record<ReviewedChange['action'], string> = {
  create: 'create',
  update: 'update in place',
  replace: 'replace (destroy, then create)',
  delete: 'destroy',
  forget: 'forget (removed from state, not destroyed)',
  read: 'read',
  'no-op': 'no change',
};
const ACTION_SIGN: Record<ReviewedChange['action'], string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  forget: '…',
  read: '<=',
  'no-op': ' ',
};

/** Attributes that Snowflake resources mirror from SHOW/DESCRIBE output: computed, large, not decisions. */
const COMPUTED_MIRRORS = new Set(['show_output', 'describe_output', 'parameters']);

function skipFor(type: string): ReadonlySet<string> {
  return type.startsWith('snowflake_') ? new Set([...NOISE_ATTRIBUTES, ...COMPUTED_MIRRORS]) : NOISE_ATTRIBUTES;
}

function sides(c: ReviewedChange): { before: DisplayValue; after: DisplayValue } {
  const before = c.action === 'create' ? null : displayValue(c.change.before, undefined, c.change.before_sensitive);
  const after =
    c.action === 'delete' || c.action === 'forget'
      ? null
      : displayValue(c.change.after, c.change.after_unknown, c.change.after_sensitive);
  return { before, after };
}

function replaceAttributes(c: ReviewedChange): Set<string> {
  return new Set((c.change.replace_paths ?? []).map((p) => String(p[0])));
}

/** A fenced block whose fence is longer than any backtick run inside (values may contain backticks). */
function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${text.startsWith('`') ? ' ' : ''}${text}${text.endsWith('`') ? ' ' : ''}${f}`;
}

/**
 * Before/after of a resource as diff lines. `only`: restrict to these attributes (changed ones, for updates);
 * creates omit unset attributes, so a new role shows its name and policies, not twenty "(known after apply)".
 */
export function changeDiff(c: ReviewedChange, options: { onlyChanged: boolean; context: number }): string {
  const { before, after } = sides(c);
  const skip = skipFor(c.type);
  const forces = replaceAttributes(c);
  const only =
    options.onlyChanged && c.action !== 'create' && c.action !== 'delete'
      ? new Set(changedAttributes(before, after))
      : undefined;
  const beforeLines = attributeLines(before, { skip, only, omitUnset: c.action === 'delete' || c.action === 'forget' });
  const afterLines = attributeLines(after, {
    skip,
    only,
    omitUnset: c.action === 'create',
    annotate: (k) => (forces.has(k) ? '# forces replacement' : undefined),
  });
  return formatDiff(diffLines(beforeLines, afterLines), options.context);
}

function cap(text: string, maxLines: number, pointer: string): string {
  if (!Number.isFinite(maxLines)) return text;
  const lines = text.split('\n');
  if (lines.length <= maxLines) return text;
  return [...lines.slice(0, maxLines), `@@ ${lines.length - maxLines} more lines: ${pointer} @@`].join('\n');
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
  if (marks.length > 0) return marks.join(' · ');
  return s.changes.length > 0 ? '✅' : '✅ no changes';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

function summaryLine(review: Review): string {
  const changed = review.stacks.filter((s) => s.changes.length > 0);
  const failed = review.stacks.filter((s) => s.notPlanned?.status === 'failed').length;
  const skipped = review.stacks.filter((s) => s.notPlanned?.status === 'skipped').length;
  const total = (k: 'add' | 'change' | 'replace' | 'destroy') => review.stacks.reduce((n, s) => n + s[k], 0);
  const parts = [
    `${review.stacks.length - failed - skipped} stack${review.stacks.length - failed - skipped === 1 ? '' : 's'} planned, ${changed.length} with changes: ` +
      `${total('add')} to add, ${total('change')} to change, ${total('replace')} to replace, ${total('destroy')} to destroy`,
  ];
  if (failed > 0) parts.push(`❌ ${failed} plan${failed === 1 ? '' : 's'} failed`);
  if (skipped > 0) parts.push(`⏭️ ${skipped} not planned`);
  if (review.security.length > 0) parts.push(`🔐 ${review.security.length} security-sensitive`);
  const credits = costDelta(review.warehouses);
  if (review.warehouses.length > 0)
    parts.push(
      `💰 ${credits === undefined ? 'warehouse cost changes (partly unknown)' : `${signed(credits)} credits/hour`}`,
    );
  return parts.join(' · ');
}

function verdict(review: Review): string {
  const failed = review.stacks.filter(
    (s) => s.notPlanned?.status === 'failed' || s.incomplete?.startsWith('the plan errored'),
  ).length;
  const prefix =
    failed > 0 ? `❌ **${failed} plan${failed === 1 ? '' : 's'} failed**: this review is incomplete.\n\n` : '';
  return prefix + verdictOfBlockers(review);
}

function verdictOfBlockers(review: Review): string {
  const open = openBlockers(review);
  if (open.length > 0) {
    return (
      `⛔ **${open.length} blocking change${open.length === 1 ? '' : 's'}**: data-bearing resources would be destroyed. ` +
      `This check fails until the change is reverted or each address is allowed in \`${review.allowFile}\` with a reason.`
    );
  }
  const allowed = review.blockers.length;
  if (allowed > 0)
    return `⚠️ **No open blockers**, but ${allowed} destroy/replace of data-bearing resources ${allowed === 1 ? 'is' : 'are'} allowed by \`${review.allowFile}\`: check the reasons below.`;
  return '✅ **No blocking changes.**';
}

function summaryTable(review: Review): string {
  if (review.stacks.length === 0) return '_No stack was planned: no synthesized stack differs from the base revision._';
  const n = (s: StackSummary, v: number) => (s.notPlanned ? '—' : String(v));
  const rows = review.stacks.map(
    (s) =>
      `| \`${s.stack}\` | ${n(s, s.add)} | ${n(s, s.change)} | ${n(s, s.replace)} | ${n(s, s.destroy)} | ${escapeCell(statusOf(s))} |`,
  );
  return ['| Stack | Add | Change | Replace | Destroy | Status |', '|---|--:|--:|--:|--:|---|', ...rows].join('\n');
}

function blockerLine(b: Blocker): string {
  const c = b.change;
  const forces = [...replaceAttributes(c)];
  let why = '';
  if (c.action === 'replace' && forces.length > 0) {
    const { before, after } = sides(c);
    const rec = (v: DisplayValue, k: string): DisplayValue =>
      v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Marker) ? (v[k] ?? null) : null;
    why = ` — forced by ${forces.map((k) => `\`${k}\`: ${code(renderInline(rec(before, k)))} → ${code(renderInline(rec(after, k)))}`).join(', ')}`;
  } else if (c.action === 'delete') {
    why = ' — no longer in the configuration';
  }
  return `- **${c.action === 'replace' ? 'replace' : 'destroy'}** ${code(c.address)} (${c.type}) in \`${c.stack}\`${why}`;
}

function blockersSection(review: Review): string[] {
  const out: string[] = [];
  const open = openBlockers(review);
  if (open.length > 0) {
    out.push('### ⛔ Blockers', '');
    out.push(
      'Destroying or replacing these loses the data (or account) they hold. Revert the change, use a `moved` block if only the address changed, ' +
        `or — if losing the data is intended — add an entry to \`${review.allowFile}\` (stack, address, reason, owner, expires) in this pull request.`,
      '',
    );
    out.push(...open.map(blockerLine), '');
  }
  const allowed = review.blockers.filter((b) => b.allowedBy);
  if (allowed.length > 0) {
    out.push(`### ⚠️ Allowed by \`${review.allowFile}\``, '');
    for (const b of allowed) {
      const e = b.allowedBy!;
      out.push(
        `${blockerLine(b)}`,
        `  - reason: ${e.reason}`,
        `  - owner: ${e.owner} · expires ${e.expires} (entry ${e.index + 1})`,
      );
    }
    out.push('');
  }
  return out;
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

function securitySection(review: Review, level: DetailLevel, pointer: string): string[] {
  if (review.security.length === 0) return [];
  const out = ['### 🔐 Security-sensitive changes', ''];
  out.push(
    'IAM roles and policies, trust, OIDC providers, SCPs, Snowflake roles, grants, users and network policies. Before → after:',
    '',
  );
  for (const c of review.security) {
    out.push(
      `${level.securityLines > 0 ? '' : '- '}**${code(c.address)}** in \`${c.stack}\` — ${ACTION_WORD[c.action]}`,
    );
    if (level.securityLines > 0) {
      const diff = cap(changeDiff(c, { onlyChanged: false, context: 3 }), level.securityLines, pointer);
      if (diff.trim() !== '') out.push('', fence('diff', diff));
      out.push('');
    }
  }
  if (level.securityLines === 0) out.push('', `_Before/after of each: ${pointer}._`, '');
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
  if (review.warehouses.length > 0) {
    out.push('Credits per hour while running (size × max clusters):', '');
    out.push('| Stack | Warehouse | Change | Before | After | Δ credits/h |', '|---|---|---|--:|--:|--:|');
    for (const w of review.warehouses) {
      out.push(
        `| \`${w.stack}\` | \`${w.name}\` | ${ACTION_WORD[w.action]} | ${side(w.before)} | ${side(w.after)} | ${w.delta === undefined ? '?' : signed(w.delta)} |`,
      );
    }
    const total = costDelta(review.warehouses);
    out.push(
      '',
      `Net: **${total === undefined ? 'unknown until apply' : `${signed(total)} credits/hour`}** at full use.`,
      '',
    );
  }
  if (review.monitors.length > 0) {
    out.push('Resource monitor credit quotas:', '');
    out.push('| Stack | Monitor | Change | Before | After | Δ credits |', '|---|---|---|--:|--:|--:|');
    for (const m of review.monitors) {
      const after = m.unknown ? '(known after apply)' : (m.after ?? '—');
      out.push(
        `| \`${m.stack}\` | \`${m.name}\` | ${ACTION_WORD[m.action]} | ${m.before ?? '—'} | ${after} | ${m.delta === undefined ? '?' : signed(m.delta)} |`,
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

function stackDetails(s: StackSummary, level: DetailLevel): string {
  const counts = `+${s.add} ~${s.change} -/+${s.replace} -${s.destroy}`;
  const body: string[] = [];
  if (s.incomplete) body.push(`❌ ${s.incomplete}`, '');
  for (const c of s.changes) {
    const moved = c.previous_address ? ` (moved from ${code(c.previous_address)})` : '';
    body.push(`- \`${ACTION_SIGN[c.action]}\` ${code(c.address)} — ${ACTION_WORD[c.action]}${moved}`);
    if (level.details === 'full' && (c.action === 'update' || c.action === 'replace')) {
      const diff = changeDiff(c, { onlyChanged: true, context: 8 });
      if (diff.trim() !== '') body.push('', fence('diff', diff), '');
    }
  }
  while (body[body.length - 1] === '') body.pop();
  return ['<details>', `<summary><code>${s.stack}</code> ${counts}</summary>`, '', ...body, '', '</details>', ''].join(
    '\n',
  );
}

function detailsSection(review: Review, level: DetailLevel, pointer: string): string[] {
  const changed = review.stacks.filter((s) => s.changes.length > 0 || s.incomplete);
  if (changed.length === 0) return [];
  if (level.details === 'none') return ['### Details per stack', '', `_Left out: ${pointer}._`, ''];
  return ['### Details per stack', '', ...changed.map((s) => stackDetails(s, level)), ''];
}

/** The review at one detail level (FULL for the artifact). */
export function renderReview(review: Review, options: RenderOptions = {}, level: DetailLevel = FULL): string {
  const pointer = options.fullReviewPointer ?? 'see the full review (`npm run review -- --out review.md`)';
  const header = [REVIEW_MARKER, `## ${options.title ?? 'Terraform plan review'}`, ''];
  if (options.commit) header.push(`Plans of commit \`${options.commit.slice(0, 12)}\`.`, '');
  const because = options.shortenedBecause ?? "to fit GitHub's comment limit";
  const shortened = level !== FULL ? [`> [!NOTE]\n> Shortened ${because}: ${pointer}.`, ''] : [];
  return [
    ...header,
    verdict(review),
    '',
    summaryLine(review),
    '',
    ...shortened,
    summaryTable(review),
    '',
    ...blockersSection(review),
    ...allowNotes(review),
    ...securitySection(review, level, pointer),
    ...costSection(review),
    ...driftSection(review),
    ...detailsSection(review, level, pointer),
    '<sub>Generated by `npm run review` from `terraform show -json` plans.</sub>',
    '',
  ].join('\n');
}

/**
 * Truncates Markdown at a line boundary to at most `limit` characters, closing an open code fence and <details>,
 * and appends the pointer.
 */
export function truncateMarkdown(text: string, limit: number, pointer: string): string {
  const tail = (fenceOpen: string | undefined, detailsOpen: number) =>
    `${fenceOpen ? `\n${fenceOpen}` : ''}${'\n</details>'.repeat(detailsOpen)}\n\n> [!WARNING]\n> Truncated at GitHub's comment limit: ${pointer}.\n`;
  const lines = text.split('\n');
  const out: string[] = [];
  let length = 0;
  let fenceOpen: string | undefined;
  let detailsOpen = 0;
  const reserve = tail('`'.repeat(10), 10).length;
  for (const line of lines) {
    if (length + line.length + 1 + reserve > limit) break;
    out.push(line);
    length += line.length + 1;
    const f = /^(`{3,})/.exec(line);
    if (f)
      fenceOpen =
        fenceOpen === undefined
          ? f[1]
          : line.startsWith(fenceOpen) && line.trim() === fenceOpen
            ? undefined
            : fenceOpen;
    if (!fenceOpen) {
      if (line.startsWith('<details>')) detailsOpen++;
      if (line.startsWith('</details>')) detailsOpen = Math.max(0, detailsOpen - 1);
    }
  }
  return `${out.join('\n')}${tail(fenceOpen, detailsOpen)}`;
}

/**
 * The most detailed rendering that fits `limit` characters: full, then details without diffs, then no details,
 * then shorter security diffs, then a hard cut with a pointer to the full review.
 */
export function fitReview(
  review: Review,
  options: RenderOptions = {},
  limit = GITHUB_COMMENT_LIMIT,
): { text: string; level: DetailLevel | 'truncated' } {
  for (const level of LEVELS) {
    const text = renderReview(review, options, level);
    if (text.length <= limit) return { text, level };
  }
  const pointer = options.fullReviewPointer ?? 'see the full review (`npm run review -- --out review.md`)';
  return {
    text: truncateMarkdown(renderReview(review, options, LEVELS[LEVELS.length - 1]), limit, pointer),
    level: 'truncated',
  };
}

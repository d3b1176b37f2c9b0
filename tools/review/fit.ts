/**
 * Fitting the review into GitHub comments (65,536 characters each) without losing what a reviewer must see.
 *
 * 1. One comment, lowering detail step by step: the per-stack table collapses to stacks with changes or findings,
 *    grouped by environment (the first thing to go: rows of unchanged stacks say nothing), then per-stack details
 *    lose their diffs, then the details go, then the table becomes totals per environment.
 * 2. Still too long: the review is split into several comments (as Atlantis does), each marked `part=i/n`, with
 *    code blocks, <details> and tables closed at the cut and reopened in the next part. Failed plans, blockers, lost
 *    deletion protection, every security-sensitive change (with its diff), the extra security subsections and the
 *    cost tables are never dropped. Only if that needs more than `maxParts` comments are the security diffs
 *    shortened (40 lines, 12, then the list of changes without diffs).
 * 3. Beyond HARD_MAX_PARTS comments the last part is cut with a pointer to the full review (the CI artifact).
 * Every shortened part points to the full review.
 */
import { formatMarker, type MarkerInfo, withMarker } from './marker';
import type { Review } from './model';
import { type DetailLevel, FULL, GITHUB_COMMENT_LIMIT, headerLines, type RenderOptions, renderReview } from './render';

/** Default most comments before security diffs are shortened. */
export const DEFAULT_MAX_PARTS = 10;
/** Never more comments than this: the rest is in the artifact. */
export const HARD_MAX_PARTS = 30;

const SINGLE: readonly DetailLevel[] = [
  FULL,
  { table: 'changed', details: 'full', securityLines: Infinity },
  { table: 'changed', details: 'list', securityLines: Infinity },
  { table: 'changed', details: 'none', securityLines: Infinity },
  { table: 'environments', details: 'none', securityLines: Infinity },
];
/** The least detail: when even it needs more than HARD_MAX_PARTS comments, the last is cut. */
const LEAST: DetailLevel = { table: 'environments', details: 'none', securityLines: 0 };
const SPLIT: readonly DetailLevel[] = [
  { table: 'changed', details: 'none', securityLines: Infinity },
  { table: 'environments', details: 'none', securityLines: Infinity },
  { table: 'environments', details: 'none', securityLines: 40 },
  { table: 'environments', details: 'none', securityLines: 12 },
  LEAST,
];

export interface FittedReview {
  /** One comment body per part, each within the limit, each starting with its marker. */
  readonly parts: readonly string[];
  readonly level: DetailLevel;
  /** The last part was cut (more than HARD_MAX_PARTS would have been needed). */
  readonly truncated: boolean;
}

export interface FitOptions {
  readonly limit?: number;
  readonly maxParts?: number;
}

/** The most detailed rendering that fits (see the file comment). */
export function fitReview(review: Review, rendering: RenderOptions = {}, fit: FitOptions = {}): FittedReview {
  // A comment: extra security subsections may use their shorter comment body (capped lists).
  const options: RenderOptions = { ...rendering, target: 'comment' };
  const limit = fit.limit ?? GITHUB_COMMENT_LIMIT;
  const maxParts = fit.maxParts ?? DEFAULT_MAX_PARTS;
  for (const level of SINGLE) {
    const text = renderReview(review, options, level);
    if (text.length <= limit) return { parts: [text], level, truncated: false };
  }
  for (const level of SPLIT) {
    const parts = splitReview(renderReview(review, options, level), options, limit);
    if (parts.length <= maxParts) return { parts, level, truncated: false };
  }
  const level = LEAST;
  const parts = splitReview(renderReview(review, options, level), options, limit);
  if (parts.length <= HARD_MAX_PARTS) return { parts, level, truncated: false };
  const pointer = options.fullReviewPointer ?? 'see the full review (`npm run review -- --out review.md`)';
  const kept = parts.slice(0, HARD_MAX_PARTS - 1);
  const cut = parts[HARD_MAX_PARTS - 1]!; // there are more than HARD_MAX_PARTS parts here
  const info = (i: number): MarkerInfo => ({
    sha: options.commit,
    pipeline: options.pipeline,
    part: i + 1,
    parts: HARD_MAX_PARTS,
  });
  const last = truncateMarkdown(cut, limit, `${pointer} (the review needs more than ${HARD_MAX_PARTS} comments)`);
  const renumber = (p: string) => p.replace(/ \(part (\d+) of \d+\)$/m, ` (part $1 of ${HARD_MAX_PARTS})`);
  return {
    parts: [...kept, last].map((p, i) => withMarker(renumber(p), info(i))),
    level,
    truncated: true,
  };
}

interface OpenState {
  /** The line that opened the code block we are in, e.g. "```diff". */
  fence?: string;
  /** The <summary> lines of the <details> we are in. */
  details: string[];
  /** The header and separator rows of the table we are in. */
  table?: [string, string];
}

function closing(state: OpenState): string[] {
  const out: string[] = [];
  if (state.fence) out.push(state.fence.match(/^`+/)![0]);
  for (let i = 0; i < state.details.length; i++) out.push('</details>');
  return out;
}

function reopening(state: OpenState): string[] {
  const out: string[] = [];
  for (const summary of state.details)
    out.push('<details>', summary.replace('</summary>', ' (continued)</summary>'), '');
  if (state.table && !state.fence) out.push(...state.table);
  if (state.fence) out.push(state.fence);
  return out;
}

function advance(state: OpenState, line: string, previous: string | undefined): void {
  const f = /^(`{3,})/.exec(line);
  if (state.fence) {
    const ticks = state.fence.match(/^`+/)![0];
    if (f && line.trim() === ticks) state.fence = undefined;
    return;
  }
  if (f) {
    state.fence = line;
    return;
  }
  if (line.startsWith('<details>')) state.details.push('<summary></summary>');
  else if (line.startsWith('<summary>') && state.details.length > 0) state.details[state.details.length - 1] = line;
  else if (line.startsWith('</details>')) state.details.pop();
  if (line.startsWith('|')) {
    if (/^\|[-:| ]+\|$/.test(line) && previous?.startsWith('|')) state.table = [previous, line];
  } else state.table = undefined;
}

const clone = (s: OpenState): OpenState => ({ fence: s.fence, details: [...s.details], table: s.table });

/**
 * Splits a rendered review into comments of at most `limit` characters at line boundaries, preferring a blank line
 * between blocks; each part after the first gets the marker (`part=i/n`) and a heading saying it continues.
 */
export function splitReview(text: string, options: RenderOptions, limit: number): string[] {
  const lines = text.split('\n');
  const body = lines.slice(1); // the first line is the marker, rewritten per part
  const continuation = (i: number, n: number) =>
    [
      ...headerLines(options, ` (part ${i} of ${n})`).slice(1),
      `_Continues part ${i - 1}; ${options.fullReviewPointer ?? 'the full review is in the `npm run review -- --out` file'}._`,
      '',
    ].join('\n');
  // Room for the marker and the continuation heading with two-digit part numbers, and for closing tags.
  const markerRoom = formatMarker({ sha: options.commit, pipeline: options.pipeline, part: 99, parts: 99 }).length + 1;
  const budget = limit - markerRoom - continuation(99, 99).length - 200;
  if (budget < 1000) throw new Error(`comment limit ${limit} is too small to split a review into`);

  const parts: string[][] = [];
  let current: string[] = [];
  let size = 0;
  let state: OpenState = { details: [] };
  // The last blank line outside any block in `current`: the preferred place to cut.
  let cut: { index: number; state: OpenState; size: number } | undefined;
  const startPart = (carried: string[], from: OpenState) => {
    current = [...reopening(from), ...carried];
    size = current.reduce((n, l) => n + l.length + 1, 0);
    cut = undefined;
  };
  for (const [i, bodyLine] of body.entries()) {
    let line = bodyLine;
    if (line.length > budget / 2) line = `${line.slice(0, Math.floor(budget / 2) - 1)}…`;
    if (size + line.length + 1 + closing(state).join('\n').length > budget && current.length > 0) {
      if (cut && cut.size > budget / 2) {
        const carried = current.slice(cut.index + 1);
        parts.push([...current.slice(0, cut.index), ...closing(cut.state)]);
        startPart(carried, cut.state);
      } else {
        parts.push([...current, ...closing(state)]);
        startPart([], state);
      }
    }
    const previous = current.at(-1);
    current.push(line);
    size += line.length + 1;
    advance(state, line, previous);
    state = clone(state);
    // A blank line between blocks, not the one between a heading line and its code block.
    if (line === '' && !state.fence && state.details.length === 0 && !/^`{3,}/.test(body[i + 1] ?? ''))
      cut = { index: current.length - 1, state: clone(state), size };
  }
  if (current.some((l) => l.trim() !== '')) parts.push(current);
  const n = parts.length;
  return parts.map((p, i) => {
    const marker = formatMarker({ sha: options.commit, pipeline: options.pipeline, part: i + 1, parts: n });
    const head = i === 0 ? '' : `${continuation(i + 1, n)}\n`;
    return `${marker}\n${head}${p.join('\n').replace(/\n+$/, '')}\n`;
  });
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

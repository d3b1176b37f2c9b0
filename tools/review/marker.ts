/**
 * The hidden first line of every review comment: it identifies the comment (with the token's own user) and says
 * which commit and pipeline it reviews and which part it is, so that
 * - the sticky comment is found again and updated in place, never another user's comment quoting the marker;
 * - an older pipeline never overwrites the review of a newer one: `pipeline` is CircleCI's pipeline number
 *   (`<< pipeline.number >>`, increasing per project; a re-run of a workflow keeps its pipeline's number), compared
 *   as a number. Without a number on either side the newest run wins;
 * - a review split over several comments is replaced part by part.
 *
 *   <!-- data-platform-plan-review sha=<commit> pipeline=<n> part=<i>/<n> -->
 *
 * The bare `<!-- data-platform-plan-review -->` of earlier versions parses as part 1 of 1 without sha or pipeline.
 */
export const REVIEW_MARKER_PREFIX = '<!-- data-platform-plan-review';
/** The marker without attributes (a review rendered with no commit or pipeline). */
export const REVIEW_MARKER = `${REVIEW_MARKER_PREFIX} -->`;

export interface MarkerInfo {
  /** Commit the plans were made from. */
  readonly sha?: string;
  /** CircleCI pipeline number: larger is newer. */
  readonly pipeline?: number;
  /** 1-based part number and the number of parts of this review. */
  readonly part: number;
  readonly parts: number;
}

export function formatMarker(info: MarkerInfo): string {
  const attrs = [
    info.sha ? `sha=${info.sha}` : '',
    info.pipeline !== undefined ? `pipeline=${info.pipeline}` : '',
    info.parts > 1 || info.part > 1 ? `part=${info.part}/${info.parts}` : '',
  ].filter(Boolean);
  return attrs.length === 0 ? REVIEW_MARKER : `${REVIEW_MARKER_PREFIX} ${attrs.join(' ')} -->`;
}

/** The marker of a comment body, if the body starts with one (quoting it further down does not count). */
export function parseMarker(body: string): MarkerInfo | undefined {
  if (!body.startsWith(REVIEW_MARKER_PREFIX)) return undefined;
  const end = body.indexOf('-->');
  const rest = body.slice(REVIEW_MARKER_PREFIX.length, end < 0 ? undefined : end);
  if (end < 0 || (rest !== '' && !/^\s/.test(rest))) return undefined;
  const attrs = new Map(
    rest
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const),
  );
  const part = /^(\d+)\/(\d+)$/.exec(attrs.get('part') ?? '');
  const pipeline = attrs.get('pipeline');
  return {
    sha: attrs.get('sha') || undefined,
    pipeline: pipeline !== undefined && /^\d+$/.test(pipeline) ? Number(pipeline) : undefined,
    part: part ? Number(part[1]) : 1,
    parts: part ? Number(part[2]) : 1,
  };
}

/** Replaces the marker line (the first line) of a rendered part. */
export function withMarker(text: string, info: MarkerInfo): string {
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  const rest = newline < 0 ? '' : text.slice(newline);
  return first.startsWith(REVIEW_MARKER_PREFIX) ? `${formatMarker(info)}${rest}` : `${formatMarker(info)}\n${text}`;
}

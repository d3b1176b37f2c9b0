/**
 * Posts the review as ONE sticky comment (or a few, when it is split: fit.ts) on a pull request, with Octokit.
 *
 * - Ours are only comments written by the token's own user (GET /user) whose body STARTS with the marker
 *   (marker.ts): another user's comment quoting the marker is never touched.
 * - An older pipeline never overwrites a newer review: when a comment of ours carries a larger pipeline number,
 *   nothing is written.
 * - Per part, the newest of ours is updated and the others (duplicates, parts a shorter review no longer needs) are
 *   deleted. Missing parts are created after listing again, and the comments are listed once more at the end, so two
 *   runs at the same time converge on one comment per part (see `reconcile`).
 * - Rate limits (403/429 with retry-after, x-ratelimit-remaining 0 / x-ratelimit-reset) wait and retry through
 *   @octokit/plugin-throttling; 5xx and network errors retry with back-off (@octokit/plugin-retry); every request
 *   has its own timeout, so a server that never answers is reported as a timeout.
 * - Without CIRCLE_PULL_REQUEST, the pull request is found from the commit (GET /repos/{o}/{r}/commits/{sha}/pulls).
 * This module loads the ESM-only Octokit: import it lazily (cli.ts does) so the rest of the review loads anywhere.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import type { GitHubTarget, PullRequestRef } from './github-target';
import { type MarkerInfo, parseMarker } from './marker';

export interface PostOptions {
  readonly target: GitHubTarget;
  /** The comment bodies, in order; each starts with its marker (fit.ts). */
  readonly parts: readonly string[];
  /** Retries of a request that failed with 5xx or a network error; default 3. */
  readonly retries?: number;
  /** Base of the back-off in ms (wait = base × attempt²) and of the rate-limit wait (base × retry-after s); default 1000. */
  readonly retryBaseMs?: number;
  /** Per-request timeout in ms; default 30 000. */
  readonly requestTimeoutMs?: number;
  /** Overall deadline in ms; default 300 000. */
  readonly timeoutMs?: number;
  /** Longest rate-limit wait accepted, in seconds (longer: fail with the reset time); default 120. */
  readonly maxRateLimitWaitSeconds?: number;
  /** Spacing of writes in ms; default the throttling plugin's (1 s between writes, 3 s between new comments, as GitHub asks). */
  readonly writeSpacingMs?: number;
  /** Progress notes (rate-limit waits), one line each. */
  readonly log?: (line: string) => void;
}

export interface PostResult {
  /**
   * `posted`: the review is on the pull request; `newer-exists`: a newer pipeline's review is there, nothing was
   * written (or what this run wrote was taken back); `no-pull-request`: the commit belongs to no open pull request.
   */
  readonly outcome: 'posted' | 'newer-exists' | 'no-pull-request';
  readonly pr?: PullRequestRef;
  /** URL of the first part. */
  readonly url?: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
  /** One sentence for the log. */
  readonly message: string;
}

export class GitHubPostError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GitHubPostError';
  }
}

/** Thrown by the fetch wrapper when one request took longer than its timeout. */
class RequestTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms / 1000} s`);
    this.name = 'RequestTimeout';
  }
}

interface ErrorLike {
  status?: number;
  message?: string;
  name?: string;
  cause?: unknown;
  response?: { data?: { message?: string; errors?: unknown }; headers?: Record<string, string | undefined> };
}

function where(target: GitHubTarget, pr?: PullRequestRef): string {
  const p = pr ?? target.pr;
  if (p) return `${p.owner}/${p.repo}#${p.number} at ${target.baseUrl}`;
  return `${target.commit!.owner}/${target.commit!.repo} at ${target.baseUrl}`;
}

function explain(error: unknown, target: GitHubTarget, attempts: number, pr?: PullRequestRef): GitHubPostError {
  if (error instanceof GitHubPostError) return error;
  const e = error as ErrorLike;
  const at = where(target, pr);
  const said = e.response?.data?.message ?? e.message ?? String(error);
  const timeout = e instanceof RequestTimeout ? e : e.cause instanceof RequestTimeout ? e.cause : undefined;
  if (timeout) {
    return new GitHubPostError(
      `GitHub did not answer within ${timeout.ms / 1000} s (request timeout) for ${at}, ${attempts} attempt${attempts === 1 ? '' : 's'}; try again later (the review is still in the --out file).`,
    );
  }
  if (
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    (e.cause as ErrorLike | undefined)?.name === 'TimeoutError'
  ) {
    return new GitHubPostError(`Posting to ${at} took longer than the overall deadline; try again later.`);
  }
  const headers = e.response?.headers ?? {};
  const limited =
    (e.status === 403 || e.status === 429) &&
    (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(said));
  if (limited) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = reset > 0 ? ` (the limit resets at ${new Date(reset * 1000).toISOString()})` : '';
    const after = headers['retry-after'] ? ` (retry-after ${headers['retry-after']} s)` : '';
    return new GitHubPostError(
      `GitHub rate limit (${e.status} ${said}) for ${at}${when}${after}, longer than this tool waits or after its retries; run the review job again later.`,
      e.status,
    );
  }
  switch (e.status) {
    case 401:
      return new GitHubPostError(
        `GitHub rejected GITHUB_TOKEN (401 ${said}) for ${at}: the token is wrong, expired or revoked. Create a new token and update it in the CircleCI context.`,
        401,
      );
    case 403:
      return new GitHubPostError(
        `GitHub refused (403 ${said}) for ${at}: the token may not comment on this pull request (it needs "Pull requests: write", or classic "repo").`,
        403,
      );
    case 404:
      return new GitHubPostError(
        `GitHub found no pull request ${at} (404 ${said}): check CIRCLE_PULL_REQUEST and GITHUB_API_URL; a private repository also answers 404 when the token cannot see it.`,
        404,
      );
    case 422:
      return new GitHubPostError(
        `GitHub refused the comment body (422 ${said}${e.response?.data?.errors ? `: ${JSON.stringify(e.response.data.errors)}` : ''}) for ${at}; the comment may be too long or the pull request locked.`,
        422,
      );
    default:
      if (e.status !== undefined && e.status >= 500) {
        return new GitHubPostError(
          `GitHub kept failing (HTTP ${e.status} ${said}) for ${at} after ${attempts} attempts; try again later (the review is still in the --out file).`,
          e.status,
        );
      }
      return new GitHubPostError(
        `Posting the review to ${at} failed: ${e.status ? `HTTP ${e.status} ` : ''}${said}`,
        e.status,
      );
  }
}

function client(options: PostOptions) {
  const { target } = options;
  const base = options.retryBaseMs ?? 1000;
  const requestMs = options.requestTimeoutMs ?? 30_000;
  const deadline = AbortSignal.timeout(options.timeoutMs ?? 300_000);
  const maxWait = options.maxRateLimitWaitSeconds ?? 120;
  const log = options.log ?? (() => {});
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount >= 2 || retryAfter > maxWait) return false;
      log(`GitHub ${kind}: waiting ${retryAfter} s before retrying ${request.method} ${request.url}`);
      return true;
    };
  const MyOctokit = Octokit.plugin(retry, throttling);
  return new MyOctokit({
    auth: target.token,
    baseUrl: target.baseUrl,
    userAgent: 'data-platform-plan-review',
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: base,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      retryAfterBaseValue: base,
      // The plugin paces writes as GitHub asks (1 s apart, 3 s between new comments); tests pass their own spacing.
      ...(options.writeSpacingMs !== undefined
        ? {
            write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs }),
            notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs }),
          }
        : {}),
    },
    request: {
      fetch: async (url: string, init: RequestInit = {}) => {
        const timer = AbortSignal.timeout(requestMs);
        try {
          return await fetch(url, {
            ...init,
            signal: AbortSignal.any([deadline, timer, ...(init.signal ? [init.signal] : [])]),
          });
        } catch (e) {
          if (timer.aborted && !deadline.aborted) throw new RequestTimeout(requestMs);
          throw e;
        }
      },
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

type Client = ReturnType<typeof client>;

interface OurComment {
  readonly id: number;
  readonly body: string;
  readonly url: string;
  readonly marker: MarkerInfo;
}

async function ownLogin(octokit: Client): Promise<string> {
  const { data } = await octokit.rest.users.getAuthenticated();
  return data.login;
}

/** The open pull request of a commit: the one whose head is the commit, else the first open one. */
async function pullRequestOf(octokit: Client, target: GitHubTarget): Promise<PullRequestRef | undefined> {
  const { owner, repo, sha } = target.commit!;
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
  const open = data.filter((p) => p.state === 'open');
  const pick = open.find((p) => p.head?.sha === sha) ?? open[0];
  return pick ? { owner, repo, number: pick.number } : undefined;
}

async function listOurs(octokit: Client, pr: PullRequestRef, login: string): Promise<OurComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    per_page: 100,
  });
  const out: OurComment[] = [];
  for (const c of comments) {
    if (c.user?.login !== login || typeof c.body !== 'string') continue;
    const marker = parseMarker(c.body);
    if (marker) out.push({ id: c.id, body: c.body, url: c.html_url, marker });
  }
  return out.sort((a, b) => a.id - b.id);
}

/** A comment of ours from a later pipeline than `mine` (both numbered). */
function newerThan(ours: readonly OurComment[], mine: MarkerInfo): OurComment | undefined {
  if (mine.pipeline === undefined) return undefined;
  return ours.find((c) => c.marker.pipeline !== undefined && c.marker.pipeline > mine.pipeline!);
}

/** Posts (creates, updates, deletes) so that exactly our parts are on the pull request. */
export async function postReview(options: PostOptions): Promise<PostResult> {
  const { target, parts } = options;
  const markers = parts.map((p) => parseMarker(p));
  if (parts.length === 0 || markers.some((m) => !m)) {
    throw new GitHubPostError(
      'every comment body must start with the review marker, or it could never be found again to update',
    );
  }
  const mine = markers[0]!;
  const octokit = client(options);
  const attempts = (options.retries ?? 3) + 1;
  let pr = target.pr;
  try {
    if (!pr) {
      pr = await pullRequestOf(octokit, target);
      if (!pr) {
        const { owner, repo, sha } = target.commit!;
        return {
          outcome: 'no-pull-request',
          created: 0,
          updated: 0,
          unchanged: 0,
          deleted: 0,
          message: `no open pull request in ${owner}/${repo} has commit ${sha.slice(0, 12)} (CIRCLE_PULL_REQUEST is not set either): nothing was posted. Open a pull request for the branch, or re-run the job once it exists.`,
        };
      }
    }
    const login = await ownLogin(octokit);
    const createdByMe = new Set<number>();
    const updated = new Set<number>();
    const deleted = new Set<number>();
    const counts = {
      get created() {
        return createdByMe.size;
      },
      get updated() {
        return [...updated].filter((id) => !createdByMe.has(id)).length;
      },
      get deleted() {
        return deleted.size;
      },
      get unchanged() {
        return Math.max(0, parts.length - this.created - this.updated);
      },
    };
    const newer = (ours: readonly OurComment[]) => {
      const n = newerThan(ours, mine);
      return n
        ? `a newer review (pipeline ${n.marker.pipeline}${n.marker.sha ? `, commit ${n.marker.sha.slice(0, 12)}` : ''}) is already on the pull request than this one (pipeline ${mine.pipeline}); it was left as it is`
        : undefined;
    };
    const result = (outcome: PostResult['outcome'], message: string, url?: string): PostResult => ({
      outcome,
      pr,
      url,
      created: counts.created,
      updated: counts.updated,
      unchanged: outcome === 'posted' ? counts.unchanged : 0,
      deleted: counts.deleted,
      message,
    });

    /** Makes ours match `parts`: per part the newest comment updated, the rest deleted; missing parts listed. */
    const sync = async (ours: readonly OurComment[]): Promise<Map<number, OurComment>> => {
      // Per part the newest comment, preferring one of this pipeline (or unnumbered) over an older pipeline's: when
      // two runs created a part at once, the newer run keeps its own and removes the older run's (which removes
      // its own too, see below), so neither deletes what the other just wrote.
      const keep = new Map<number, OurComment>();
      const older = (c: OurComment) =>
        mine.pipeline !== undefined && c.marker.pipeline !== undefined && c.marker.pipeline < mine.pipeline;
      for (const c of ours) {
        // Not a part of this review (beyond its last, or part=0 in an edited marker): deleted below.
        if (parts[c.marker.part - 1] === undefined) continue;
        const held = keep.get(c.marker.part);
        if (!held || !older(c) || older(held)) keep.set(c.marker.part, c); // sorted by id: newer ids win
      }
      for (const [part, c] of keep) {
        const body = parts[part - 1];
        if (body !== undefined && c.body !== body) {
          await octokit.rest.issues.updateComment({ owner: pr!.owner, repo: pr!.repo, comment_id: c.id, body });
          updated.add(c.id);
        }
      }
      for (const c of ours.filter((o) => keep.get(o.marker.part) !== o)) {
        try {
          await octokit.rest.issues.deleteComment({ owner: pr!.owner, repo: pr!.repo, comment_id: c.id });
          deleted.add(c.id);
        } catch (e) {
          if ((e as ErrorLike).status !== 404) throw e; // 404: another run deleted it already
        }
      }
      return keep;
    };

    let ours = await listOurs(octokit, pr, login);
    const first = newer(ours);
    if (first) return result('newer-exists', first);
    let kept = await sync(ours);
    if (kept.size < parts.length) {
      // Another run may have created the missing parts meanwhile: look again right before creating.
      ours = await listOurs(octokit, pr, login);
      const meanwhile = newer(ours);
      if (meanwhile) return result('newer-exists', meanwhile);
      kept = await sync(ours);
      for (const [i, body] of parts.entries()) {
        if (kept.has(i + 1)) continue;
        const { data } = await octokit.rest.issues.createComment({
          owner: pr.owner,
          repo: pr.repo,
          issue_number: pr.number,
          body,
        });
        createdByMe.add(data.id);
      }
    }
    // Two runs at the same time can both have created a part: look once more and keep one comment per part.
    ours = await listOurs(octokit, pr, login);
    const late = newer(ours);
    if (late) {
      for (const c of ours.filter((o) => createdByMe.has(o.id) && o.marker.pipeline === mine.pipeline)) {
        await octokit.rest.issues.deleteComment({ owner: pr.owner, repo: pr.repo, comment_id: c.id }).catch(() => {});
        deleted.add(c.id);
      }
      return result('newer-exists', late);
    }
    kept = await sync(ours);
    const url = kept.get(1)?.url;
    const did = [
      counts.created ? `created ${counts.created}` : '',
      counts.updated ? `updated ${counts.updated}` : '',
      counts.unchanged ? `${counts.unchanged} unchanged` : '',
      counts.deleted ? `deleted ${counts.deleted} outdated` : '',
    ].filter(Boolean);
    return result(
      'posted',
      `${did.join(', ')} review comment${parts.length === 1 ? '' : `s (${parts.length} parts)`} on ${pr.owner}/${pr.repo}#${pr.number}: ${url ?? ''}`,
      url,
    );
  } catch (error) {
    throw explain(error, target, attempts, pr);
  }
}

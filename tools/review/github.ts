/**
 * Creates or updates the ONE review comment on a pull request (found by its hidden marker) with Octokit.
 * Server errors and rate limits are retried; client errors fail at once with a message that says what to fix.
 * This module loads the ESM-only Octokit: import it lazily (cli.ts does) so the rest of the review loads anywhere.
 */
import { retry } from '@octokit/plugin-retry';
import { Octokit } from '@octokit/rest';
import type { GitHubTarget } from './github-target';

export interface UpsertOptions {
  readonly target: GitHubTarget;
  readonly body: string;
  /** Text that identifies our comment (an HTML comment, invisible on GitHub). */
  readonly marker: string;
  /** Retries of a failed request (5xx, 429, network); default 3. */
  readonly retries?: number;
  /** Base of the retry back-off in ms (wait = base × attempt²); default 1000. Tests use 1. */
  readonly retryBaseMs?: number;
  /** Overall deadline in ms; default 120 000. */
  readonly timeoutMs?: number;
}

export interface UpsertResult {
  readonly action: 'created' | 'updated';
  readonly id: number;
  readonly url: string;
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

function explain(error: unknown, target: GitHubTarget, attempts: number): GitHubPostError {
  const e = error as {
    status?: number;
    message?: string;
    response?: { data?: { message?: string; errors?: unknown } };
    name?: string;
  };
  const { owner, repo, number } = target.pr;
  const where = `${owner}/${repo}#${number} at ${target.baseUrl}`;
  const said = e.response?.data?.message ?? e.message ?? String(error);
  switch (e.status) {
    case 401:
      return new GitHubPostError(
        `GitHub rejected GITHUB_TOKEN (401 ${said}) for ${where}: the token is wrong, expired or revoked. Create a new token and update it in the CircleCI context.`,
        401,
      );
    case 403:
      return new GitHubPostError(
        `GitHub refused (403 ${said}) for ${where}: the token may not comment on this pull request (it needs "Pull requests: write", or classic "repo"), or a rate limit was hit.`,
        403,
      );
    case 404:
      return new GitHubPostError(
        `GitHub found no pull request ${where} (404 ${said}): check CIRCLE_PULL_REQUEST and GITHUB_API_URL; a private repository also answers 404 when the token cannot see it.`,
        404,
      );
    case 422:
      return new GitHubPostError(
        `GitHub refused the comment body (422 ${said}${e.response?.data?.errors ? `: ${JSON.stringify(e.response.data.errors)}` : ''}) for ${where}; the comment may be too long or the pull request locked.`,
        422,
      );
    default:
      if (e.status !== undefined && e.status >= 500) {
        return new GitHubPostError(
          `GitHub kept failing (HTTP ${e.status} ${said}) for ${where} after ${attempts} attempts; try again later (the review is still in the --out file).`,
          e.status,
        );
      }
      if (e.name === 'AbortError' || e.name === 'TimeoutError') {
        return new GitHubPostError(`GitHub did not answer in time for ${where}; try again later.`);
      }
      return new GitHubPostError(
        `Posting the review to ${where} failed: ${e.status ? `HTTP ${e.status} ` : ''}${said}`,
        e.status,
      );
  }
}

export async function upsertReviewComment(options: UpsertOptions): Promise<UpsertResult> {
  const { target, body, marker } = options;
  if (!body.includes(marker))
    throw new GitHubPostError(
      `the comment body lacks the marker ${marker}, so it could never be found again to update`,
    );
  const retries = options.retries ?? 3;
  const RetryingOctokit = Octokit.plugin(retry);
  const octokit = new RetryingOctokit({
    auth: target.token,
    baseUrl: target.baseUrl,
    userAgent: 'data-platform-plan-review',
    retry: { retries, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    request: { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const { owner, repo, number } = target.pr;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 100,
    });
    const existing = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
    if (existing) {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    throw explain(error, target, retries + 1);
  }
}

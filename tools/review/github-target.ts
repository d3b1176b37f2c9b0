/**
 * Where `--post` writes: repository and pull request from CIRCLE_PULL_REQUEST, token from GITHUB_TOKEN, API from
 * GITHUB_API_URL. Kept apart from the Octokit code so it loads (and is tested) without the ESM-only client.
 */

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

export interface GitHubTarget {
  readonly pr: PullRequestRef;
  readonly token: string;
  readonly baseUrl: string;
}

/** `https://github.com/<owner>/<repo>/pull/<n>` (any host, for GitHub Enterprise); undefined if it is not one. */
export function parsePullRequestUrl(url: string): PullRequestRef | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  const m = /^\/([^/]+)\/([^/]+)\/pull\/(\d+)\/?$/.exec(parsed.pathname);
  if (!m) return undefined;
  return { owner: decodeURIComponent(m[1]), repo: decodeURIComponent(m[2]), number: Number(m[3]) };
}

export type TargetResult = { ok: true; target: GitHubTarget } | { ok: false; problems: string[] };

/** Reads the posting target from the environment; every missing or malformed setting is reported at once. */
export function githubTargetFromEnv(env: NodeJS.ProcessEnv): TargetResult {
  const problems: string[] = [];
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) {
    problems.push(
      'GITHUB_TOKEN is not set: --post needs a token that may comment on pull requests (fine-grained: "Pull requests: write"; ' +
        'classic: repo or public_repo). In CircleCI, put it in the context used by the review job.',
    );
  }
  const prUrl = env.CIRCLE_PULL_REQUEST?.trim();
  let pr: PullRequestRef | undefined;
  if (!prUrl) {
    problems.push(
      'CIRCLE_PULL_REQUEST is not set: --post only works for a pull request build (CircleCI sets it when the branch has an open PR). ' +
        'Locally, set it to the PR URL, e.g. https://github.com/<owner>/<repo>/pull/<number>.',
    );
  } else {
    pr = parsePullRequestUrl(prUrl);
    if (!pr)
      problems.push(
        `CIRCLE_PULL_REQUEST is "${prUrl}", which is not a pull request URL (expected https://github.com/<owner>/<repo>/pull/<number>).`,
      );
  }
  const baseUrl = (env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    problems.push(`GITHUB_API_URL is "${env.GITHUB_API_URL}", which is not a URL (default ${DEFAULT_GITHUB_API_URL}).`);
  }
  if (problems.length > 0 || !pr || !token) return { ok: false, problems };
  return { ok: true, target: { pr, token, baseUrl } };
}

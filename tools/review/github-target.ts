/**
 * Where `--post` writes: the token from GITHUB_TOKEN, the API from GITHUB_API_URL, and the pull request from
 * CIRCLE_PULL_REQUEST — or, when CircleCI did not set it (it only does when the PR existed as the pipeline
 * started), the repository (CIRCLE_PROJECT_USERNAME/CIRCLE_PROJECT_REPONAME or CIRCLE_REPOSITORY_URL) and the
 * commit (CIRCLE_SHA1), whose open pull request github.ts looks up. Kept apart from the Octokit code so it loads
 * (and is tested) without the ESM-only client.
 */

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

/** A commit whose pull request is to be found (GET /repos/{owner}/{repo}/commits/{sha}/pulls). */
export interface CommitRef {
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
}

export interface GitHubTarget {
  /** Known from CIRCLE_PULL_REQUEST; otherwise `commit` is set and the pull request is looked up. */
  readonly pr?: PullRequestRef;
  readonly commit?: CommitRef;
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
  const [, owner, repo, number] = /^\/([^/]+)\/([^/]+)\/pull\/(\d+)\/?$/.exec(parsed.pathname) ?? [];
  if (!owner || !repo || !number) return undefined;
  return { owner: decodeURIComponent(owner), repo: decodeURIComponent(repo), number: Number(number) };
}

/** `git@github.com:o/r.git`, `https://github.com/o/r(.git)`, `ssh://git@host/o/r.git` -> {owner, repo}. */
export function parseRepositoryUrl(url: string): { owner: string; repo: string } | undefined {
  const [, owner, repo] =
    /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^:/]+[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(url.trim()) ?? [];
  return owner && repo ? { owner, repo } : undefined;
}

export type TargetResult = { ok: true; target: GitHubTarget } | { ok: false; problems: string[] };

function repositoryFromEnv(env: NodeJS.ProcessEnv): { owner: string; repo: string } | undefined {
  const owner = env.CIRCLE_PROJECT_USERNAME?.trim();
  const repo = env.CIRCLE_PROJECT_REPONAME?.trim();
  if (owner && repo) return { owner, repo };
  return env.CIRCLE_REPOSITORY_URL ? parseRepositoryUrl(env.CIRCLE_REPOSITORY_URL) : undefined;
}

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
  let commit: CommitRef | undefined;
  if (prUrl) {
    pr = parsePullRequestUrl(prUrl);
    if (!pr)
      problems.push(
        `CIRCLE_PULL_REQUEST is "${prUrl}", which is not a pull request URL (expected https://github.com/<owner>/<repo>/pull/<number>).`,
      );
  } else {
    const repository = repositoryFromEnv(env);
    const sha = env.CIRCLE_SHA1?.trim();
    if (repository && sha) commit = { ...repository, sha };
    else {
      problems.push(
        'CIRCLE_PULL_REQUEST is not set, and the pull request cannot be looked up from the commit either: that needs ' +
          `${repository ? '' : 'the repository (CIRCLE_PROJECT_USERNAME and CIRCLE_PROJECT_REPONAME, or CIRCLE_REPOSITORY_URL)'}${!repository && !sha ? ' and ' : ''}${sha ? '' : 'the commit (CIRCLE_SHA1)'}. ` +
          'Locally, set CIRCLE_PULL_REQUEST to the PR URL, e.g. https://github.com/<owner>/<repo>/pull/<number>.',
      );
    }
  }
  const baseUrl = (env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    problems.push(`GITHUB_API_URL is "${env.GITHUB_API_URL}", which is not a URL (default ${DEFAULT_GITHUB_API_URL}).`);
  }
  if (problems.length > 0 || !token || (!pr && !commit)) return { ok: false, problems };
  return { ok: true, target: { pr, commit, token, baseUrl } };
}

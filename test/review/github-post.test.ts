/**
 * `--post` over real HTTP against a local stand-in for the GitHub API (127.0.0.1, ephemeral port; helpers/
 * fake-github.ts). Octokit is ESM-only, so the posting code runs in child processes (tsx), exactly as
 * `npm run review -- --post` runs it. The scenarios run in two driver processes at once (each start of tsx and
 * Octokit costs about a second); every test then checks what its scenario did and what the server holds.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMarker, REVIEW_MARKER, REVIEW_MARKER_PREFIX } from '../../tools/review/index';
import { type FakeComment, type FakeGitHub, startFakeGitHub } from './helpers/fake-github';
import { change, plan, writePlans } from './helpers/plan-builder';
import type { Step } from './helpers/post-driver';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  // Asynchronous on purpose: the fake server lives in this process and must keep answering.
  return new Promise((resolve) => {
    execFile(TSX, args, { cwd: ROOT, env, timeout: 90_000, maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('GITHUB_') || k.startsWith('CIRCLE_') || k.startsWith('DATA_PLATFORM_')) delete env[k];
  return { ...env, ...extra };
}

type Result = {
  ok: boolean;
  outcome?: string;
  url?: string;
  created?: number;
  updated?: number;
  deleted?: number;
  unchanged?: number;
  status?: number;
  message?: string;
  log: string[];
  ms: number;
  concurrent?: Result[];
};

let github: FakeGitHub;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-post-'));
const marked = (text: string, pipeline?: number) =>
  `${REVIEW_MARKER_PREFIX}${pipeline !== undefined ? ` pipeline=${pipeline}` : ''} -->\n${text}`;
const bodies = (pr: number) => (github.comments.get(pr) ?? []).map((c) => c.body);
const ours = (pr: number) => (github.comments.get(pr) ?? []).filter((c) => (c.user ?? 'review-bot') === 'review-bot');
const QUOTE = `${REVIEW_MARKER} quoted by a human: why does the review say this?`;

/** Comments on the server before anything runs, by pull request. */
const SEED: Record<number, FakeComment[]> = {
  // 150 unrelated comments (the review lands on the second page of 100), a human's comment that starts with the
  // marker, and one of ours that only mentions it further down.
  7: [
    ...Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `unrelated comment ${i}`, user: 'someone-else' })),
    { id: 200, body: QUOTE, user: 'someone-else' },
    { id: 201, body: `a note by the bot that mentions ${REVIEW_MARKER} in passing` },
  ],
  // Two review comments of ours from earlier runs (a duplicate left by an older version).
  9: [
    { id: 300, body: marked('old review A') },
    { id: 301, body: 'unrelated', user: 'someone-else' },
    { id: 302, body: marked('old review B') },
  ],
  12: [{ id: 400, body: marked('review of pipeline 12', 12) }],
  // One of ours whose marker was edited to part 0: no part of any review.
  71: [{ id: 700, body: `${REVIEW_MARKER_PREFIX} part=0/2 -->\nedited by hand` }],
};

/** Sequences of driver steps; each sequence runs in order, the sequences at the same time. */
const FAST: Record<string, Step> = {
  create: { token: 'good', pr: 7, bodies: ['first review'] },
  update: { token: 'good', pr: 7, bodies: ['second review'] },
  again: { token: 'good', pr: 7, bodies: ['second review'] },
  duplicates: { token: 'good', pr: 9, bodies: ['new review'] },
  older: { token: 'good', pr: 12, bodies: ['review of pipeline 11'], pipeline: 11, sha: 'aaaa' },
  newer: { token: 'good', pr: 12, bodies: ['review of pipeline 13'], pipeline: 13, sha: 'bbbb' },
  threeParts: { token: 'good', pr: 20, bodies: ['part one', 'part two', 'part three'], pipeline: 1 },
  oneLater: { token: 'good', pr: 20, bodies: ['all in one'], pipeline: 2 },
  partZero: { token: 'good', pr: 71, bodies: ['the review'] },
  ...Object.fromEntries(
    [0, 3, 15].map((delayMs) => [
      `race${delayMs}`,
      {
        concurrent: [
          { token: 'good', pr: 30 + delayMs, bodies: ['from pipeline 40'], pipeline: 40 },
          { token: 'good', pr: 30 + delayMs, bodies: ['from pipeline 41'], pipeline: 41, delayMs },
        ],
      },
    ]),
  ),
  raceUnnumbered: {
    concurrent: [
      { token: 'good', pr: 50, bodies: ['run a'] },
      { token: 'good', pr: 50, bodies: ['run b'] },
    ],
  },
  byCommit: { token: 'good', commit: 'c0ffee01', bodies: ['found by commit'] },
  noPullRequest: { token: 'good', commit: 'c0ffee02', bodies: ['x'] },
};
const SLOW: Record<string, Step> = {
  badToken: { token: 'bad', pr: 7, bodies: ['x'] },
  notFound: { token: 'good', pr: 404, bodies: ['x'] },
  invalid: { token: 'good', pr: 422, bodies: ['x'] },
  flaky: { token: 'good', pr: 503, bodies: ['after two 503s'] },
  broken: { token: 'good', pr: 500, bodies: ['x'] },
  secondary: { token: 'good', pr: 429, bodies: ['after a secondary rate limit'], options: { retryBaseMs: 1000 } },
  primary: { token: 'good', pr: 403, bodies: ['after the rate limit reset'], options: { retryBaseMs: 1000 } },
  tooLong: { token: 'good', pr: 4290, bodies: ['x'], options: { maxRateLimitWaitSeconds: 60 } },
  silent: { token: 'good', pr: 408, bodies: ['x'], options: { requestTimeoutMs: 300, retries: 1 } },
};
let R: Record<string, Result> = {};

async function drive(steps: Record<string, Step>): Promise<Record<string, Result>> {
  const names = Object.keys(steps);
  const { code, stdout, stderr } = await run(
    [
      'test/review/helpers/post-driver.ts',
      JSON.stringify({ baseUrl: github.url, scenarios: names.map((n) => steps[n]) }),
    ],
    cleanEnv({}),
  );
  expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(names.length);
  return Object.fromEntries(names.map((n, i) => [n, JSON.parse(lines[i]) as Result]));
}

beforeAll(async () => {
  github = await startFakeGitHub();
  for (const [pr, comments] of Object.entries(SEED)) github.comments.set(Number(pr), structuredClone(comments));
  github.commitPulls.set('c0ffee01', [
    { number: 60, state: 'closed', head: { sha: 'c0ffee01' } },
    { number: 61, state: 'open', head: { sha: 'c0ffee01' } },
  ]);
  github.commitPulls.set('c0ffee02', [{ number: 62, state: 'closed', head: { sha: 'c0ffee02' } }]);
  const [fast, slow] = await Promise.all([drive(FAST), drive(SLOW)]);
  R = { ...fast, ...slow };
}, 90_000);
afterAll(async () => {
  await github.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the sticky comment: ours only, the newest kept, older pipelines never overwrite newer ones', () => {
  test('creates the comment (after paging through 150 others) and updates that same one next time', () => {
    expect(R.create).toMatchObject({ ok: true, outcome: 'posted', created: 1, updated: 0, deleted: 0 });
    expect(R.update).toMatchObject({ ok: true, outcome: 'posted', created: 0, updated: 1, deleted: 0 });
    expect(R.update.url).toBe(R.create.url);
    const reviews = bodies(7).filter((b) => parseMarker(b) !== undefined);
    expect(reviews).toEqual([QUOTE, `${REVIEW_MARKER}\nsecond review`]);
  });

  test("never touches another user's comment that starts with the marker, nor ours that only quotes it", () => {
    const byId = new Map(github.comments.get(7)!.map((c) => [c.id, c]));
    expect(byId.get(200)).toEqual({ id: 200, body: QUOTE, user: 'someone-else' });
    expect(byId.get(201)?.body).toBe(`a note by the bot that mentions ${REVIEW_MARKER} in passing`);
    expect(github.comments.get(7)).toHaveLength(153);
  });

  test('an unchanged review is not written again', () => {
    expect(R.again).toMatchObject({ ok: true, outcome: 'posted', created: 0, updated: 0, unchanged: 1 });
  });

  test('with two comments of ours, the newest is updated and the other deleted', () => {
    expect(R.duplicates).toMatchObject({ ok: true, outcome: 'posted', updated: 1, deleted: 1, created: 0 });
    expect(github.comments.get(9)!.map((c) => [c.id, c.body])).toEqual([
      [301, 'unrelated'],
      [302, `${REVIEW_MARKER}\nnew review`],
    ]);
  });

  test('an older pipeline leaves a newer review alone; a newer one replaces it, with sha and pipeline in the marker', () => {
    expect(R.older).toMatchObject({ ok: true, outcome: 'newer-exists', created: 0, updated: 0, deleted: 0 });
    expect(R.older.message).toContain('a newer review (pipeline 12) is already on the pull request');
    expect(R.newer).toMatchObject({ ok: true, outcome: 'posted', updated: 1 });
    expect(bodies(12)).toEqual([`${REVIEW_MARKER_PREFIX} sha=bbbb pipeline=13 -->\nreview of pipeline 13`]);
    expect(parseMarker(bodies(12)[0])).toEqual({ sha: 'bbbb', pipeline: 13, part: 1, parts: 1 });
  });

  test('a review split over three comments is posted part by part; a later one-part review deletes parts 2 and 3', () => {
    expect(R.threeParts).toMatchObject({ ok: true, outcome: 'posted', created: 3 });
    expect(R.oneLater).toMatchObject({ ok: true, outcome: 'posted', updated: 1, deleted: 2 });
    expect(bodies(20)).toEqual([`${REVIEW_MARKER_PREFIX} pipeline=2 -->\nall in one`]);
  });

  test('a comment of ours marked part 0 is no part: it is deleted and the review created', () => {
    expect(R.partZero).toMatchObject({ ok: true, outcome: 'posted', created: 1, updated: 0, deleted: 1 });
    expect(bodies(71)).toEqual([`${REVIEW_MARKER}\nthe review`]);
  });
});

describe('two runs at the same time (no comment yet: both list, both may create)', () => {
  test.each([0, 3, 15])("end with exactly one comment, the newer pipeline's (second run %d ms later)", (delayMs) => {
    expect(R[`race${delayMs}`].concurrent!.map((r) => r.ok)).toEqual([true, true]);
    expect(bodies(30 + delayMs)).toEqual([`${REVIEW_MARKER_PREFIX} pipeline=41 -->\nfrom pipeline 41`]);
  });

  test('without pipeline numbers they still converge on one comment', () => {
    expect(R.raceUnnumbered.concurrent!.map((r) => r.ok)).toEqual([true, true]);
    expect(ours(50)).toHaveLength(1);
  });
});

describe('failures: rate limits are waited for, a silent server times out, client errors fail at once', () => {
  test('401, 404 and 422 fail at once (no retries) with messages that say what to fix', () => {
    expect(R.badToken).toMatchObject({ ok: false, status: 401 });
    expect(R.badToken.message).toMatch(/rejected GITHUB_TOKEN \(401 Bad credentials\).*wrong, expired or revoked/);
    expect(R.notFound).toMatchObject({ ok: false, status: 404 });
    expect(R.notFound.message).toMatch(
      /no pull request acme\/infra#404 .*check CIRCLE_PULL_REQUEST and GITHUB_API_URL/,
    );
    expect(R.invalid).toMatchObject({ ok: false, status: 422 });
    expect(R.invalid.message).toMatch(/refused the comment body \(422 Validation Failed.*body is too long/);
    expect(github.requests.filter((r) => r.status === 404 && r.path.includes('/404/')).length).toBe(1);
  });

  test('5xx are retried quickly: two 503s then success; a persistent 500 fails after all attempts', () => {
    expect(R.flaky).toMatchObject({ ok: true, outcome: 'posted', created: 1 });
    // list ×3 (two 503s), list again before creating, create, list once more after
    expect(
      github.requests.filter((r) => r.path === '/repos/acme/infra/issues/503/comments').map((r) => r.status),
    ).toEqual([503, 503, 200, 200, 201, 200]);
    expect(R.broken).toMatchObject({ ok: false, status: 500 });
    expect(R.broken.message).toMatch(/kept failing \(HTTP 500 Server Error\) .* after 4 attempts/);
    expect(github.requests.filter((r) => r.path === '/repos/acme/infra/issues/500/comments').length).toBe(4);
  });

  test('a 429 with retry-after is waited for (at least that long) and retried', () => {
    expect(R.secondary).toMatchObject({ ok: true, outcome: 'posted', created: 1 });
    const calls = github.requests.filter((r) => r.path === '/repos/acme/infra/issues/429/comments');
    expect(calls.slice(0, 2).map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(950);
    expect(R.secondary.log.join('\n')).toMatch(/secondary rate limit: waiting 1 s before retrying GET/);
  });

  test('a 403 with x-ratelimit-remaining 0 waits until x-ratelimit-reset and is retried', () => {
    expect(R.primary).toMatchObject({ ok: true, outcome: 'posted', created: 1 });
    const calls = github.requests.filter((r) => r.path === '/repos/acme/infra/issues/403/comments');
    expect(calls.slice(0, 2).map((c) => c.status)).toEqual([403, 200]);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(950);
    expect(R.primary.log.join('\n')).toMatch(/GitHub rate limit: waiting \d s before retrying GET/);
  });

  test('a rate limit longer than the tool waits fails at once, saying when to try again', () => {
    expect(R.tooLong).toMatchObject({ ok: false, status: 429 });
    expect(R.tooLong.message).toMatch(
      /GitHub rate limit \(429 .*\(retry-after 3600 s\).*run the review job again later/,
    );
    expect(R.tooLong.ms).toBeLessThan(5000);
  });

  test('a server that never answers is reported as a request timeout, after the retries', () => {
    expect(R.silent).toMatchObject({ ok: false });
    expect(R.silent.message).toMatch(
      /GitHub did not answer within 0.3 s \(request timeout\) for acme\/infra#408 .*2 attempts/,
    );
    expect(R.silent.ms).toBeLessThan(5000);
    expect(github.requests.filter((r) => r.path.includes('/issues/408/')).length).toBe(2);
  });
});

describe('without CIRCLE_PULL_REQUEST the pull request is found from the commit', () => {
  test('the open pull request whose head is the commit gets the comment', () => {
    expect(R.byCommit).toMatchObject({ ok: true, outcome: 'posted', created: 1 });
    expect(bodies(61)).toEqual([`${REVIEW_MARKER}\nfound by commit`]);
    expect(bodies(60)).toEqual([]);
  });

  test('a commit of no open pull request: nothing posted, and it says so', () => {
    expect(R.noPullRequest).toMatchObject({ ok: true, outcome: 'no-pull-request', created: 0 });
    expect(R.noPullRequest.message).toBe(
      'no open pull request in acme/infra has commit c0ffee02 (CIRCLE_PULL_REQUEST is not set either): nothing was posted. Open a pull request for the branch, or re-run the job once it exists.',
    );
  });
});

describe('npm run review -- --post (the real CLI, in a child process)', () => {
  const args = () => [
    'tools/review.ts',
    '--plans',
    writePlans(path.join(work, 'plans'), {
      'dev-telehealth-aws': plan([
        change('aws_s3_bucket.data', ['delete'], { bucket: 'acme-dp-dev-telehealth-data' }, null),
      ]),
    }),
    '--out',
    path.join(work, 'review.md'),
    '--post',
    '--allow',
    path.join(work, 'none.yaml'),
  ];

  test('posts to the PR from CIRCLE_PULL_REQUEST with commit, pipeline and base commit, updates it next run, still exits 2', async () => {
    const env = cleanEnv({
      GITHUB_TOKEN: 'good',
      GITHUB_API_URL: github.url,
      CIRCLE_PULL_REQUEST: 'https://github.com/acme/infra/pull/8',
      CIRCLE_SHA1: 'abcdef1234567890abcdef1234567890abcdef12',
      DATA_PLATFORM_PIPELINE_NUMBER: '77',
      DATA_PLATFORM_PLANNED_AGAINST: '0123456789abcdef0123456789abcdef01234567',
    });
    const first = await run(args(), env);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(
      /created 1 review comment on acme\/infra#8: https:\/\/github.com\/acme\/infra\/pull\/8#issuecomment-\d+/,
    );
    const second = await run([...args(), '--pipeline', '78'], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('updated 1 review comment');
    const comments = github.comments.get(8)!;
    expect(comments).toHaveLength(1);
    expect(parseMarker(comments[0].body)).toEqual({
      sha: 'abcdef1234567890abcdef1234567890abcdef12',
      pipeline: 78,
      part: 1,
      parts: 1,
    });
    expect(comments[0].body).toContain('aws_s3_bucket.data');
    expect(comments[0].body).toContain(
      'Plans of commit `abcdef123456` merged with the base branch at `0123456789ab` (pipeline 78).',
    );
    // The older pipeline's run again: it says so and leaves the comment alone; its exit code is the review's.
    const stale = await run(args(), env);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('a newer review (pipeline 78, commit abcdef123456) is already on the pull request');
    expect(parseMarker(github.comments.get(8)![0].body)?.pipeline).toBe(78);
  });

  test('without CIRCLE_PULL_REQUEST: finds the PR of CIRCLE_SHA1 in CIRCLE_PROJECT_USERNAME/REPONAME, or says there is none', async () => {
    github.commitPulls.set('feedface00', [{ number: 70, state: 'open', head: { sha: 'feedface00' } }]);
    const env = (sha: string) =>
      cleanEnv({
        GITHUB_TOKEN: 'good',
        GITHUB_API_URL: github.url,
        CIRCLE_PROJECT_USERNAME: 'acme',
        CIRCLE_PROJECT_REPONAME: 'infra',
        CIRCLE_SHA1: sha,
      });
    const [found, none] = await Promise.all([run(args(), env('feedface00')), run(args(), env('feedface99'))]);
    expect(found.code).toBe(2);
    expect(found.stderr).toContain('created 1 review comment on acme/infra#70');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('review --post: no open pull request in acme/infra has commit feedface99');
  });
});

/**
 * `--post` over real HTTP against a local stand-in for the GitHub API (127.0.0.1, ephemeral port). Octokit is
 * ESM-only, so the posting code runs in child processes (tsx), exactly as `npm run review -- --post` runs it.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REVIEW_MARKER } from '../../tools/review/index';
import { type FakeGitHub, startFakeGitHub } from './helpers/fake-github';
import { change, plan, writePlans } from './helpers/plan-builder';

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
  for (const k of Object.keys(env)) if (k.startsWith('GITHUB_') || k.startsWith('CIRCLE_')) delete env[k];
  return { ...env, ...extra };
}

let github: FakeGitHub;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-post-'));

beforeAll(async () => {
  github = await startFakeGitHub();
  // 150 other comments first, so the review comment lands on the second page of 100.
  github.comments.set(
    7,
    Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `unrelated comment ${i}` })),
  );
});
afterAll(async () => {
  await github.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('upsertReviewComment against the GitHub API stand-in', () => {
  type Result = { ok: boolean; action?: string; id?: number; status?: number; message?: string; ms: number };
  let results: Result[];

  beforeAll(async () => {
    const scenarios = [
      { token: 'good', pr: 7, body: 'first review' },
      { token: 'good', pr: 7, body: 'second review' },
      { token: 'bad', pr: 7, body: 'x' },
      { token: 'good', pr: 404, body: 'x' },
      { token: 'good', pr: 422, body: 'x' },
      { token: 'good', pr: 503, body: 'after two 503s' },
      { token: 'good', pr: 500, body: 'x' },
    ];
    const { code, stdout, stderr } = await run(
      ['test/review/helpers/post-driver.ts', JSON.stringify({ baseUrl: github.url, scenarios })],
      cleanEnv({}),
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    results = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Result);
    expect(results).toHaveLength(scenarios.length);
  });

  test('the first post creates the comment (after paging through 150 others), the second updates the same one', () => {
    expect(results[0]).toMatchObject({ ok: true, action: 'created' });
    expect(results[1]).toMatchObject({ ok: true, action: 'updated', id: results[0].id });
    const ours = github.comments.get(7)!.filter((c) => c.body.includes(REVIEW_MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0].body).toContain('second review');
    // Both runs read page 2 of the comments: the marker was found there, not re-created.
    expect(
      github.requests.filter(
        (r) => r.method === 'GET' && r.status === 200 && r.path === '/repos/acme/infra/issues/7/comments',
      ).length,
    ).toBe(4);
  });

  test('401, 404 and 422 fail at once (no retries) with messages that say what to fix', () => {
    expect(results[2]).toMatchObject({ ok: false, status: 401 });
    expect(results[2].message).toMatch(/rejected GITHUB_TOKEN \(401 Bad credentials\).*wrong, expired or revoked/);
    expect(results[3]).toMatchObject({ ok: false, status: 404 });
    expect(results[3].message).toMatch(
      /no pull request acme\/infra#404 .*check CIRCLE_PULL_REQUEST and GITHUB_API_URL/,
    );
    expect(results[4]).toMatchObject({ ok: false, status: 422 });
    expect(results[4].message).toMatch(/refused the comment body \(422 Validation Failed.*body is too long/);
    expect(github.requests.filter((r) => r.status === 404 && r.path.includes('/404/')).length).toBe(1);
  });

  test('5xx are retried quickly: two 503s then success; a persistent 500 fails after all attempts with a clear message', () => {
    expect(results[5]).toMatchObject({ ok: true, action: 'created' });
    expect(
      github.requests.filter((r) => r.path === '/repos/acme/infra/issues/503/comments').map((r) => r.status),
    ).toEqual([503, 503, 200, 201]);
    expect(results[6]).toMatchObject({ ok: false, status: 500 });
    expect(results[6].message).toMatch(/kept failing \(HTTP 500 Server Error\) .* after 4 attempts/);
    expect(github.requests.filter((r) => r.path === '/repos/acme/infra/issues/500/comments').length).toBe(4);
    expect(results[5].ms + results[6].ms).toBeLessThan(5000);
  });
});

describe('npm run review -- --post (the real CLI, in a child process)', () => {
  test('posts the review to the PR from CIRCLE_PULL_REQUEST, updates it on the next run, and still exits 2 on a blocker', async () => {
    const dir = writePlans(path.join(work, 'plans'), {
      'dev-telehealth-aws': plan([
        change('aws_s3_bucket.data', ['delete'], { bucket: 'acme-dp-dev-telehealth-data' }, null),
      ]),
    });
    const env = cleanEnv({
      GITHUB_TOKEN: 'good',
      GITHUB_API_URL: github.url,
      CIRCLE_PULL_REQUEST: 'https://github.com/acme/infra/pull/8',
      CIRCLE_SHA1: 'abcdef1234567890',
    });
    const args = [
      'tools/review.ts',
      '--plans',
      dir,
      '--out',
      path.join(work, 'review.md'),
      '--post',
      '--allow',
      path.join(work, 'none.yaml'),
    ];
    const first = await run(args, env);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(
      /created the review comment https:\/\/github.com\/acme\/infra\/pull\/8#issuecomment-\d+/,
    );
    const second = await run(args, env);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('updated the review comment');
    const comments = github.comments.get(8)!;
    expect(comments).toHaveLength(1);
    expect(comments[0].body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(comments[0].body).toContain('aws_s3_bucket.data');
    expect(comments[0].body).toContain('`abcdef123456`');
  });
});

/**
 * The deployed-revision record (tools/deploy/revision.ts, `npm run deploy-revision`): a real git repository with a
 * line of commits and a side branch; the record in a file store, and in S3 through the real AWS SDK against a
 * loopback stand-in for S3 (no cloud call).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDeployRevisionCli } from '../../tools/deploy-revision';
import { checkDeployAllowed, FileRevisionStore, RECORD_FORMAT, RevisionError } from '../../tools/deploy/revision';
import { S3RevisionStore, storeFromUrl } from '../../tools/deploy/s3-store';

const made: string[] = [];
const tmp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** main: c1 - c2 - c3; side: c1 - s1 (not an ancestor of c3). */
function repository() {
  const repo = tmp('dp-rev-git-');
  git(repo, 'init', '-q', '-b', 'main');
  const commit = (name: string) => {
    fs.writeFileSync(path.join(repo, 'f.txt'), name);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', name);
    return git(repo, 'rev-parse', 'HEAD');
  };
  const c1 = commit('c1');
  const c2 = commit('c2');
  const c3 = commit('c3');
  git(repo, 'checkout', '-q', '-b', 'side', c1);
  const s1 = commit('s1');
  git(repo, 'checkout', '-q', 'main');
  return { repo, c1, c2, c3, s1 };
}

const record = (environment: string, revision: string) => ({
  format: RECORD_FORMAT,
  environment,
  revision,
  deployedAt: '2026-12-01T10:00:00.000Z',
  stacks: [],
});

describe('checkDeployAllowed', () => {
  const { repo, c1, c2, c3, s1 } = repository();

  it('allows the first deploy when the plans were made without a record', async () => {
    const store = new FileRevisionStore(tmp('dp-rev-'));
    expect(
      await checkDeployAllowed(store, { environment: 'dev', commit: c2, plannedBase: 'none', repoRoot: repo }),
    ).toMatchObject({
      ok: true,
      message: expect.stringMatching(/no deployed revision recorded for dev .*first deploy/),
    });
  });

  it('allows a descendant of the recorded revision when the plans were made against it', async () => {
    const store = new FileRevisionStore(tmp('dp-rev-'));
    await store.write(record('dev', c1));
    expect(
      (await checkDeployAllowed(store, { environment: 'dev', commit: c3, plannedBase: c1, repoRoot: repo })).ok,
    ).toBe(true);
  });

  it('refuses an old hold once a newer commit deployed the environment', async () => {
    const store = new FileRevisionStore(tmp('dp-rev-'));
    await store.write(record('staging', c3));
    const result = await checkDeployAllowed(store, {
      environment: 'staging',
      commit: c2,
      plannedBase: c1,
      repoRoot: repo,
    });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      new RegExp(
        `staging was deployed from ${c3.slice(0, 12)} .* not an ancestor of ${c2.slice(0, 12)}: a newer .* must not overwrite it`,
      ),
    );
    // A commit on another line of history is refused too.
    expect((await checkDeployAllowed(store, { environment: 'staging', commit: s1, repoRoot: repo })).ok).toBe(false);
  });

  it('refuses plans made against another deployed revision than the recorded one', async () => {
    const store = new FileRevisionStore(tmp('dp-rev-'));
    await store.write(record('prod', c2));
    const result = await checkDeployAllowed(store, {
      environment: 'prod',
      commit: c3,
      plannedBase: c1,
      repoRoot: repo,
    });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/after these plans were made against .*Re-run this workflow from the start/);
    const none = await checkDeployAllowed(store, {
      environment: 'prod',
      commit: c3,
      plannedBase: 'none',
      repoRoot: repo,
    });
    expect(none.message).toMatch(/after these plans were made against no recorded revision/);
  });

  it('says plainly when git cannot compare (a recorded commit missing from the clone)', async () => {
    const store = new FileRevisionStore(tmp('dp-rev-'));
    await store.write(record('dev', 'f'.repeat(40)));
    await expect(checkDeployAllowed(store, { environment: 'dev', commit: c3, repoRoot: repo })).rejects.toThrow(
      /cannot compare ffffffffffff with .*Both commits must be in this clone/,
    );
  });
});

describe('npm run deploy-revision', () => {
  const { repo, c1, c3 } = repository();
  const run = async (argv: string[], store: string) => {
    const out: string[] = [];
    const errors: string[] = [];
    const code = await runDeployRevisionCli([...argv, '--store', `file://${store}`], {
      cwd: repo,
      env: { ...process.env, CIRCLE_BUILD_URL: 'https://circleci.example/job/7' },
      out: (l) => out.push(l),
      error: (l) => errors.push(l),
    });
    return { code, out: out.join('\n'), errors: errors.join('\n') };
  };

  it('records, shows and checks a revision through the CLI, with the documented record format', async () => {
    const store = tmp('dp-rev-cli-');
    const stacks = path.join(store, 'applied.txt');
    fs.writeFileSync(stacks, 'dev-platform-aws\ndev-telehealth-aws\n');
    expect((await run(['show', '--env', 'dev'], store)).out).toBe('');
    expect((await run(['record', '--env', 'dev', '--commit', 'HEAD~2', '--stacks-file', stacks], store)).code).toBe(0);
    const saved = JSON.parse(fs.readFileSync(path.join(store, 'dev.json'), 'utf8'));
    expect(saved).toEqual({
      format: 'data-platform-deployed-revision/1',
      environment: 'dev',
      revision: c1,
      deployedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      stacks: ['dev-platform-aws', 'dev-telehealth-aws'],
      source: expect.objectContaining({ jobUrl: 'https://circleci.example/job/7' }),
    });
    expect((await run(['show', '--env', 'dev'], store)).out).toBe(c1);
    expect((await run(['check', '--env', 'dev', '--commit', c3, '--planned-base', c1], store)).code).toBe(0);
    const refused = await run(['check', '--env', 'dev', '--commit', c3, '--planned-base', 'none'], store);
    expect(refused.code).toBe(1);
    expect(refused.errors).toMatch(/^REFUSED: dev was deployed from/);
  });

  it('usage errors exit 2; a record that is not one exits 1', async () => {
    const store = tmp('dp-rev-cli-');
    expect((await run(['show'], store)).code).toBe(2);
    expect((await run(['record', '--env', 'dev'], store)).errors).toMatch(/record needs --commit <sha>/);
    expect((await run(['frobnicate', '--env', 'dev'], store)).code).toBe(2);
    fs.writeFileSync(path.join(store, 'dev.json'), '{"revision": 1}');
    const bad = await run(['show', '--env', 'dev'], store);
    expect(bad.code).toBe(1);
    expect(bad.errors).toMatch(/dev\.json: not a deployed-revision record/);
  });
});

describe('S3 store (real AWS SDK, loopback stand-in for S3)', () => {
  const objects = new Map<string, string>();
  const requests: string[] = [];
  let server: http.Server;
  let endpoint: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const key = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
      requests.push(
        `${req.method} ${key} ${req.headers.authorization?.startsWith('AWS4-HMAC-SHA256') ? 'signed' : 'unsigned'}`,
      );
      if (req.method === 'PUT') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          objects.set(key, Buffer.concat(chunks).toString('utf8'));
          res.writeHead(200, { ETag: '"1"' }).end();
        });
      } else if (objects.has(key)) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(objects.get(key));
      } else {
        res
          .writeHead(404, { 'Content-Type': 'application/xml' })
          .end(
            '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
          );
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads nothing before the first deploy, then writes and reads the record next to the state', async () => {
    const store = new S3RevisionStore({
      bucket: 'acme-dp-terraform-state',
      prefix: 'data-platform/deployed',
      region: 'eu-west-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    });
    expect(store.location('prod')).toBe('s3://acme-dp-terraform-state/data-platform/deployed/prod.json');
    expect(await store.read('prod')).toBeUndefined();
    await store.write(record('prod', 'a'.repeat(40)));
    expect(await store.read('prod')).toEqual(record('prod', 'a'.repeat(40)));
    expect(requests).toEqual([
      'GET /acme-dp-terraform-state/data-platform/deployed/prod.json signed',
      'PUT /acme-dp-terraform-state/data-platform/deployed/prod.json signed',
      'GET /acme-dp-terraform-state/data-platform/deployed/prod.json signed',
    ]);
  });

  it('parses store locations', () => {
    expect(storeFromUrl('s3://bucket/a/b/', 'eu-west-1').location('dev')).toBe('s3://bucket/a/b/dev.json');
    expect(storeFromUrl('file:///tmp/records', 'eu-west-1').location('dev')).toBe('/tmp/records/dev.json');
    expect(() => storeFromUrl('s3:/bucket', 'eu-west-1')).toThrow(RevisionError);
  });
});

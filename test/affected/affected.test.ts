/**
 * `npm run affected` on a temporary git repository made from this working tree (node_modules linked in): a base
 * commit, then edits to the working tree of that copy. Expected stacks are derived independently of the tool: a
 * value unique to the edit is searched as text in the base's synthesized stacks; every stack containing it (and
 * only those) must come out.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackNames } from '../../config';
import { compareSynthOutputs, normalizeStackJson } from '../../tools/affected/index';
import { runAffected } from '../../tools/affected';
import { LIVE, repoSources, synthesize, validated } from '../review/helpers/synth';

const ROOT = path.resolve(__dirname, '../..');
const SKIP = new Set(['node_modules', '.git', 'cdktf.out', '.cache', 'coverage']);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'affected-test-'));
const repo = path.join(work, 'repo');
const config = validated(repoSources());
let baseStacks: string;

const git = (...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd: repo, stdio: 'pipe' },
  );

beforeAll(() => {
  fs.cpSync(ROOT, repo, {
    recursive: true,
    filter: (src) =>
      !(path.dirname(src) === ROOT && SKIP.has(path.basename(src))) && path.basename(src) !== '.terraform',
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  git('init', '-q');
  fs.appendFileSync(path.join(repo, '.git', 'info', 'exclude'), 'node_modules\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  // The oracle: the base synthesized in process (same sources as the copy's commit, same mode as the tool runs in).
  baseStacks = synthesize(repoSources(), path.join(work, 'oracle'), LIVE);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Resets the copy's working tree to the base commit (keeps node_modules, which is excluded). */
function reset(): void {
  git('checkout', '-q', '--', '.');
  git('clean', '-q', '-fd');
}

function edit(file: string, from: string, to: string): void {
  const full = path.join(repo, file);
  const text = fs.readFileSync(full, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(full, text.split(from).join(to));
}

/** Stacks whose synthesized base JSON contains `needle` outside cdktf metadata. */
function stacksContaining(needle: string): string[] {
  return fs
    .readdirSync(baseStacks)
    .filter((s) =>
      JSON.stringify(
        normalizeStackJson(JSON.parse(fs.readFileSync(path.join(baseStacks, s, 'cdk.tf.json'), 'utf8'))),
      ).includes(needle),
    )
    .sort();
}

async function affected(args: string[] = []): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAffected(['--base', 'HEAD', ...args], {
    cwd: repo,
    out: (l) => out.push(l),
    error: (l) => err.push(l),
    env: { ...process.env, DATA_PLATFORM_MODE: 'live' },
  });
  return { code, out, err };
}

test('no change: nothing is printed, every stack is unchanged', async () => {
  reset();
  const json = path.join(work, 'none.json');
  const r = await affected(['--json', json]);
  expect(r.code).toBe(0);
  expect(r.out).toEqual([]);
  const summary = JSON.parse(fs.readFileSync(json, 'utf8'));
  expect(summary.unchanged).toEqual(fs.readdirSync(baseStacks).sort());
});

test("a change to one team's file yields only that team's stacks, and every stack that really changes", async () => {
  reset();
  // The team whose cost center is unique, so a text search finds exactly the stacks it reaches.
  const team = config.teams.find(
    (t) =>
      config.teams.filter((o) => o.costCenter === t.costCenter).length === 1 &&
      t.costCenter !== config.platform.costCenter,
  )!;
  const expected = stacksContaining(`"${team.costCenter}"`);
  expect(expected.length).toBeGreaterThan(0);
  edit(team.file, `'${team.costCenter}'`, `'${team.costCenter}-NEW'`);
  const r = await affected();
  expect(r.code).toBe(0);
  expect(r.out).toEqual(expected);
  // --base-out keeps the base's synthesis (what `npm run review -- --base-synth` reads): the base, not the edit.
  const baseOut = path.join(work, 'base-out');
  const kept = await affected(['--base-out', baseOut]);
  expect(kept.out).toEqual(expected);
  for (const stack of expected) {
    const json = fs.readFileSync(path.join(baseOut, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    expect(json).toContain(`"${team.costCenter}"`);
    expect(json).not.toContain(`${team.costCenter}-NEW`);
  }
  const own = new Set(
    team.environmentNames.flatMap((e) => [stackNames.teamAws(e, team.name), stackNames.teamSnowflake(e, team.name)]),
  );
  for (const stack of r.out) expect(own.has(stack)).toBe(true);
});

test('a change to environment config yields exactly the stacks whose synthesized JSON it changes', async () => {
  reset();
  const env = config.environments[1] ?? config.environments[0];
  const expected = stacksContaining(env.aws.accountId);
  expect(expected.length).toBeGreaterThan(0);
  edit('config/environments.ts', `'${env.aws.accountId}'`, `'${env.aws.accountId.slice(0, 10)}99'`);
  const r = await affected();
  expect(r.out).toEqual(expected);
  // Other environments' stacks are untouched.
  for (const other of config.environments.filter((e) => e.name !== env.name)) {
    expect(r.out.filter((s) => s.startsWith(`${other.name}-`))).toEqual([]);
  }
});

test('an added team lists its new stacks; a removed team is flagged on stderr and kept out of the plain list', async () => {
  reset();
  const readers = new Set(config.teams.flatMap((t) => t.reads.map((r) => r.team)));
  const gone = config.teams.find((t) => !readers.has(t.name))!;
  fs.rmSync(path.join(repo, gone.file));
  fs.writeFileSync(
    path.join(repo, 'config/teams/zeta.ts'),
    "import { defineTeam } from '../define';\n\nexport default defineTeam({\n  name: 'zeta',\n  description: 'A test team.',\n  owners: ['zeta@example.com'],\n  costCenter: 'CC-9999',\n  snowflake: { schemas: [{ name: 'MAIN' }] },\n});\n",
  );
  const json = path.join(work, 'team.json');
  const r = await affected(['--json', json]);
  expect(r.code).toBe(0);
  const summary = JSON.parse(fs.readFileSync(json, 'utf8'));
  const envs = config.environments.map((e) => e.name);
  expect(summary.added).toEqual(
    envs.flatMap((e) => [stackNames.teamAws(e, 'zeta'), stackNames.teamSnowflake(e, 'zeta')]).sort(),
  );
  const removed = gone.environmentNames
    .flatMap((e) => [stackNames.teamAws(e, gone.name), stackNames.teamSnowflake(e, gone.name)])
    .sort();
  expect(summary.removed).toEqual(removed);
  for (const s of summary.added) expect(r.out).toContain(s);
  for (const s of removed) {
    expect(r.out).not.toContain(s);
    expect(r.err.join('\n')).toContain(`removed: ${s} (its config is gone; its resources still exist`);
  }
  expect(r.out).toEqual([...summary.added, ...summary.changed].sort());
});

test('an unknown base ref is an error that says how to fix it', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAffected(['--base', 'no-such-branch'], {
    cwd: repo,
    out: (l) => out.push(l),
    error: (l) => err.push(l),
  });
  expect(code).toBe(1);
  expect(err.join('\n')).toContain('"no-such-branch" is not a commit');
  expect(err.join('\n')).toContain('git fetch origin main');
  expect(await runAffected([], { cwd: repo, out: () => {}, error: () => {} })).toBe(2);
});

test('cdktf metadata ("//") never makes a stack differ; configuration does', () => {
  const dir = (name: string, json: unknown) => {
    const d = path.join(work, 'cmp', name, 'stacks', 'x');
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'cdk.tf.json'), JSON.stringify(json));
    return path.join(work, 'cmp', name);
  };
  const a = dir('a', { '//': { metadata: { version: '1' } }, resource: { t: { r: { '//': { path: 'a/b' }, v: 1 } } } });
  const b = dir('b', {
    resource: { t: { r: { v: 1, '//': { path: 'moved/elsewhere' } } } },
    '//': { metadata: { version: '2' } },
  });
  const c = dir('c', { resource: { t: { r: { v: 2 } } } });
  expect(compareSynthOutputs(a, b)).toEqual({ added: [], changed: [], removed: [], unchanged: ['x'] });
  expect(compareSynthOutputs(a, c).changed).toEqual(['x']);
});

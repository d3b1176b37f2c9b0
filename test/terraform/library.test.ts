/** The terraform library without running terraform: CLI config, environment, concurrency, stack selection, CLI args. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPlanCli } from '../../tools/plan';
import { redactIndex } from '../../tools/plan';
import {
  dealShard,
  findTerraform,
  parseShard,
  qualifyProviderSource,
  runBounded,
  selectStacks,
  type SynthesizedStack,
  TerraformNotFoundError,
  terraformEnv,
  tokenRefresher,
  withCacheLock,
  writeCliConfig,
} from '../../tools/terraform';

const made: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-tf-lib-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

describe('CLI config', () => {
  const dir = tmp();
  const env = {
    ...process.env,
    TF_PLUGIN_MIRROR: '/srv/mirror',
    DATA_PLATFORM_TF_CACHE: dir,
    TF_PLUGIN_CACHE_DIR: '/elsewhere',
  };

  it('installs hashicorp providers only from the mirror, through a shared plugin cache', () => {
    const paths = writeCliConfig(env);
    const text = fs.readFileSync(paths.cliConfigFile, 'utf8');
    expect(paths.cliConfigFile).toBe(path.join(dir, 'terraformrc'));
    expect(text).toContain('path    = "/srv/mirror"');
    expect(text).toMatch(/filesystem_mirror \{[^}]*include = \["registry.terraform.io\/hashicorp\/\*"\]/);
    expect(text).toMatch(/direct \{[^}]*exclude = \["registry.terraform.io\/hashicorp\/\*"\]/);
    expect(text).toContain(`plugin_cache_dir = ${JSON.stringify(path.join(dir, 'plugin-cache'))}`);
    expect(text).toContain('plugin_cache_may_break_dependency_lock_file = true');
    expect(fs.statSync(paths.pluginCacheDir).isDirectory()).toBe(true);
  });

  it('points terraform child processes at it, without prompts or version checks, ignoring a foreign plugin cache', () => {
    const child = terraformEnv(env);
    expect(child).toMatchObject({
      TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc'),
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0',
    });
    expect(child.TF_PLUGIN_CACHE_DIR).toBeUndefined();
    expect(child.PATH).toBe(process.env.PATH);
  });

  it('uses /opt/tf-plugins when TF_PLUGIN_MIRROR is not set', () => {
    const { TF_PLUGIN_MIRROR: _unused, ...rest } = env;
    expect(fs.readFileSync(writeCliConfig(rest).cliConfigFile, 'utf8')).toContain('"/opt/tf-plugins"');
  });
});

describe('findTerraform', () => {
  it('fails with a message saying terraform is not on PATH when it is missing', () => {
    const empty = tmp();
    expect(() => findTerraform({ PATH: empty })).toThrow(TerraformNotFoundError);
    expect(() => findTerraform({ PATH: empty })).toThrow(/terraform is not on PATH/);
  });

  it('finds an executable named terraform on PATH', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'terraform'), '#!/bin/sh\n', { mode: 0o755 });
    expect(findTerraform({ PATH: `/nonexistent${path.delimiter}${dir}` })).toBe(path.join(dir, 'terraform'));
  });
});

describe('runBounded', () => {
  it('keeps at most N calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await runBounded([30, 5, 20, 1, 10], 2, async (ms, i) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight -= 1;
      return i;
    });
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('rejects a concurrency that is not a positive integer', async () => {
    await expect(runBounded([1], 0, async () => 1)).rejects.toThrow(/positive integer/);
  });
});

describe('withCacheLock', () => {
  it('serialises holders across callers and breaks a lock left by a dead process', async () => {
    const dir = tmp();
    const paths = { mirror: '', cacheRoot: dir, cliConfigFile: '', pluginCacheDir: '' };
    // A lock whose owner no longer exists (pid far above any real one).
    fs.mkdirSync(path.join(dir, 'plugin-cache.lock'));
    fs.writeFileSync(path.join(dir, 'plugin-cache.lock', 'owner'), '999999999');
    const order: string[] = [];
    const hold = (name: string) =>
      withCacheLock(paths, async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`${name}-`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect(order.join(' ')).toMatch(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/);
    expect(fs.existsSync(path.join(dir, 'plugin-cache.lock'))).toBe(false);
  });
});

describe('stack selection', () => {
  const stack = (name: string): SynthesizedStack => ({
    name,
    dir: `/x/${name}`,
    dependencies: [],
    mode: 'offline',
    providers: [],
  });
  const all = ['organization', 'dev-platform-aws', 'dev-platform-snowflake', 'dev-a-aws', 'prod-a-aws'].map(stack);

  it('takes exact names and minimatch globs, in manifest order, without duplicates', () => {
    const { stacks, unmatched } = selectStacks(all, ['dev-*-aws', 'organization', 'dev-a-aws']);
    expect(stacks.map((s) => s.name)).toEqual(['organization', 'dev-platform-aws', 'dev-a-aws']);
    expect(unmatched).toEqual([]);
  });

  it('reports patterns that match nothing', () => {
    expect(selectStacks(all, ['*-aws', 'staging-*']).unmatched).toEqual(['staging-*']);
  });

  it('qualifies provider sources the way terraform does', () => {
    expect(qualifyProviderSource('aws')).toBe('registry.terraform.io/hashicorp/aws');
    expect(qualifyProviderSource('Snowflake-Labs/snowflake')).toBe('registry.terraform.io/snowflake-labs/snowflake');
  });
});

describe('npm run plan arguments', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const errors: string[] = [];
    const code = await runPlanCli(argv, { log: (l) => out.push(l), error: (l) => errors.push(l) });
    return { code, out: out.join('\n'), errors: errors.join('\n') };
  };

  it('--help documents every option and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const option of [
      '--no-synth',
      '--concurrency N',
      '--outdir DIR',
      '--plans DIR',
      '--shard I/N',
      '--redacted-index FILE',
    ])
      expect(out).toContain(option);
  });

  it.each([
    [['--concurrency', '0'], /--concurrency must be a whole number of at least 1, got "0"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--outdir'], /--outdir/],
    [['--shard', '5/4'], /--shard: a shard is "i\/n" with 1 <= i <= n/],
    [['--shard', 'two'], /--shard: a shard is "i\/n"/],
  ])('rejects %j with exit 2 and the usage line', async (argv, message) => {
    const { code, errors } = await run(argv);
    expect(code).toBe(2);
    expect(errors).toMatch(message);
    expect(errors).toContain('usage: npm run plan --');
  });

  it('exits 2 and lists the stacks when a pattern matches none', async () => {
    const outdir = tmp();
    fs.mkdirSync(path.join(outdir, 'stacks', 'dev-a-aws'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'dev-a-aws', 'cdk.tf.json'), '{"terraform":{"backend":{"local":{}}}}');
    fs.writeFileSync(
      path.join(outdir, 'manifest.json'),
      JSON.stringify({ stacks: { 'dev-a-aws': { name: 'dev-a-aws', workingDirectory: 'stacks/dev-a-aws' } } }),
    );
    const errors: string[] = [];
    const code = await runPlanCli(['--no-synth', '--outdir', outdir, 'prod-*'], {
      log: () => {},
      error: (l) => errors.push(l),
    });
    expect(code).toBe(2);
    expect(errors.join('\n')).toMatch(/No synthesized stack matches "prod-\*"[\s\S]*dev-a-aws/);
  });
});

describe('shards (npm run plan -- --shard i/n)', () => {
  const stack = (name: string, kind: 'aws' | 'snowflake') =>
    ({
      name,
      dir: `/nowhere/${name}`,
      dependencies: [],
      mode: 'offline',
      providers: [
        { name: kind, source: `registry.terraform.io/${kind === 'aws' ? 'hashicorp/aws' : 'snowflakedb/snowflake'}` },
      ],
    }) as SynthesizedStack;
  const stacks = [
    ...Array.from({ length: 7 }, (_, i) => stack(`dev-t${i}-aws`, 'aws')),
    ...Array.from({ length: 5 }, (_, i) => stack(`dev-t${i}-snowflake`, 'snowflake')),
  ].reverse();

  it('deals every stack to exactly one shard, sizes within one, per kind too, the same on every call', () => {
    const shards = [1, 2, 3].map((index) => dealShard(stacks, { index, count: 3 }));
    const names = shards.flat().map((s) => s.name);
    expect(names.sort()).toEqual(stacks.map((s) => s.name).sort());
    expect(shards.map((s) => s.length)).toEqual([4, 4, 4]);
    for (const s of shards) {
      const aws = s.filter((x) => x.name.endsWith('-aws')).length;
      expect(aws === 2 || aws === 3).toBe(true);
    }
    expect(dealShard([...stacks].reverse(), { index: 2, count: 3 })).toEqual(shards[1]);
  });

  it('parses i/n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b']) expect(() => parseShard(bad)).toThrow(/a shard is "i\/n"/);
  });
});

describe('redacted plan index (CI artifact)', () => {
  it('keeps status, changes and a one-line reason; drops file names', () => {
    const redacted = redactIndex([
      {
        stack: 's',
        status: 'failed',
        error: 's.error.txt',
        reason: `terraform plan: Invalid value${'x'.repeat(400)}\nsecret detail`,
        durationMs: 5,
        dependencies: ['organization'],
        shard: '1/2',
      },
      {
        stack: 't',
        status: 'planned',
        json: 't.json',
        plan: 't.tfplan',
        hasChanges: true,
        applyable: true,
        durationMs: 1,
        dependencies: [],
      },
    ]);
    const text = JSON.stringify(redacted);
    expect(text).not.toMatch(/\.tfplan|\.json|error\.txt|secret detail/);
    expect(redacted[0]).toMatchObject({ stack: 's', status: 'failed', shard: '1/2' });
    expect((redacted[0] as { reason: string }).reason).toHaveLength(300);
    expect(redacted[1]).toMatchObject({ stack: 't', status: 'planned', hasChanges: true });
  });
});

describe('OIDC token refresh between stacks', () => {
  const dir = tmp();
  const file = path.join(dir, 'token');
  const jwt = (n: number) => `eyJhbGciOiJSUzI1NiJ9.eyJuIjo${n}fQ.c2ln`;
  const env = (command: string) => ({
    AWS_WEB_IDENTITY_TOKEN_FILE: file,
    DATA_PLATFORM_OIDC_REFRESH_COMMAND: command,
    PATH: process.env.PATH,
  });

  it('rewrites the token file when it is older than 45 minutes, not before, and once for concurrent callers', async () => {
    fs.writeFileSync(file, `${jwt(1)}\n`);
    const counter = path.join(dir, 'calls');
    const command = `echo x >> ${counter}; echo ${jwt(2)}`;
    const now = fs.statSync(file).mtimeMs;
    expect(await tokenRefresher(env(command), () => now + 44 * 60_000).refreshIfDue()).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${jwt(1)}\n`);
    const refresher = tokenRefresher(env(command), () => now + 46 * 60_000);
    expect(await Promise.all([refresher.refreshIfDue(), refresher.refreshIfDue()])).toEqual([true, true]);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${jwt(2)}\n`);
    expect(fs.readFileSync(counter, 'utf8')).toBe('x\n');
  });

  it('does nothing without a command (a person, offline), and fails clearly when the command prints no token', async () => {
    expect(await tokenRefresher({ AWS_WEB_IDENTITY_TOKEN_FILE: file }).refreshIfDue()).toBe(false);
    fs.utimesSync(file, new Date(0), new Date(0));
    await expect(tokenRefresher(env('echo not-a-token')).refreshIfDue()).rejects.toThrow(/printed no token/);
    await expect(tokenRefresher(env('exit 3')).refreshIfDue()).rejects.toThrow(/exit 3 failed/);
  });
});

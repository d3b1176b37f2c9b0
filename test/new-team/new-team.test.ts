/**
 * `npm run new-team`: a scaffolded team is valid, loads back, and synthesizes into its stacks; every refusal exits
 * non-zero, explains itself and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../config';
import { synthesizePlatform } from '../../stacks/synth';
import { accessReportOf, formatRefusal } from '../../tools/access-report/report';
import { runNewTeam } from '../../tools/new-team/scaffold';
import { DEFAULT_REPOSITORY, DEFAULT_SCHEMAS, DEFAULT_WAREHOUSE, teamDefaults } from '../../tools/new-team/template';
import { capture, listTree, REPO_ROOT, tempConfigCopy } from './helpers';

const OFFLINE = { mode: 'offline', awsAuth: 'assume-role' } as const;
/** The example's environments and the Snowflake prefix of each (dev and staging share an account), written out. */
const PREFIX = { dev: 'DEV_', staging: 'STAGING_', prod: '' } as const;
const ENVS = Object.keys(PREFIX) as (keyof typeof PREFIX)[];

// Copies are made in beforeAll, not while collecting, so a filtered run (-t) leaves none behind.
describe('new-team scaffolds a team', () => {
  let tmp: ReturnType<typeof tempConfigCopy>;
  const io = capture();
  let reportFile: string;
  let code: number;

  beforeAll(() => {
    tmp = tempConfigCopy();
    reportFile = path.join(tmp.root, 'access.md');
    code = runNewTeam(
      [
        'growth',
        '--owner',
        'jane.doe@example.com',
        '--reads',
        'data-integration.CURATED',
        '--config-dir',
        tmp.configDir,
      ],
      { ...io.deps, accessReportFile: reportFile },
    );
  });
  afterAll(() => tmp.cleanup());

  it('writes config/teams/<name>.ts, which the real loader accepts', () => {
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const loaded = loadConfig(tmp.configDir);
    expect(loaded.ok ? [] : loaded.issues).toEqual([]);
    if (!loaded.ok) return;
    const team = loaded.config.teams.find((t) => t.name === 'growth')!;
    expect(team.file).toMatch(/teams\/growth\.ts$/);
    expect(team.owners).toEqual(['jane.doe@example.com']);
    expect(team.reads).toEqual([{ team: 'data-integration', schema: 'CURATED' }]);
    expect(team.schemas.map((s) => s.name)).toEqual(DEFAULT_SCHEMAS.map((s) => s.name));
    for (const env of ENVS) {
      const here = loaded.config.environments.find((e) => e.name === env)!.teams.find((t) => t.name === 'growth')!;
      // One small warehouse; production (prod, deletion-protected) gets a larger quota.
      expect(here.snowflake.warehouses).toEqual([
        expect.objectContaining({
          key: DEFAULT_WAREHOUSE,
          name: `${PREFIX[env]}GROWTH_${DEFAULT_WAREHOUSE}`,
          size: 'XSMALL',
          monthlyCreditQuota: env === 'prod' ? 50 : 10,
        }),
      ]);
      // Empty until the team has keys and CircleCI projects: no service users, no CI role.
      expect(here.snowflake.serviceUsers).toEqual([]);
      expect(here.aws.ciRole.circleciProjectIds).toEqual([]);
      expect(here.aws.repositories.map((r) => r.repositoryName)).toEqual([`growth/${DEFAULT_REPOSITORY}`]);
      expect(here.aws.dataBucket?.bucketName).toBe(`acme-dp-${env}-growth-data`);
    }
  });

  it('writes exactly the value it validated (the template renders every field faithfully)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const written = require(path.join(tmp.configDir, 'teams', 'growth.ts')).default;
    const loaded = loadConfig(tmp.configDir);
    if (!loaded.ok) throw new Error('config invalid');
    const expected = teamDefaults(
      { name: 'growth', owners: ['jane.doe@example.com'], reads: ['data-integration.CURATED'] },
      ['prod'],
    );
    expect(written).toEqual(expected);
  });

  it('explains every field in a comment', () => {
    const text = fs.readFileSync(path.join(tmp.configDir, 'teams', 'growth.ts'), 'utf8');
    const lines = text.split('\n');
    // Every field line (`key: value`) is preceded by a comment line, except entries inside lists and objects
    // whose field the comment above the list already explains.
    for (const field of [
      'name',
      'description',
      'owners',
      'costCenter',
      'schemas',
      'warehouses',
      'reads',
      'serviceUsers',
      'members',
      'ecrRepositories',
      'dataBucket',
      'circleciProjectIds',
      'autoSuspendSeconds',
    ]) {
      const at = lines.findIndex((l) => new RegExp(`^\\s*${field}: `).test(l));
      expect({ field, found: at >= 0 }).toEqual({ field, found: true });
      expect({ field, previous: lines[at - 1].trim().startsWith('//') }).toEqual({ field, previous: true });
    }
    expect(text).toContain('rsaPublicKey'); // the commented service-user example
    expect(text).toContain("import { defineTeam } from '../define';");
  });

  it('tells how to make a key pair outside the repository, the private key encrypted, and git ignores key files', () => {
    const text = fs.readFileSync(path.join(tmp.configDir, 'teams', 'growth.ts'), 'utf8');
    const commands = text.split('\n').filter((l) => /openssl /.test(l));
    expect(commands.join('\n')).toContain('openssl pkcs8 -topk8 -v2 aes256 -out ~/.snowflake/growth_svc.p8');
    expect(commands.join('\n')).toContain('-pubout -outform DER | openssl base64 -A');
    expect(text).not.toContain('-nocrypt');
    // Every file an openssl command writes is outside the repository (under ~/).
    for (const out of commands.flatMap((l) => [...l.matchAll(/-out (\S+)/g)].map((m) => m[1])))
      expect(out.startsWith('~/')).toBe(true);
    // Should a key file land in the repository anyway, git ignores it.
    const ignored = execFileSync('git', ['check-ignore', 'growth_svc.p8', 'key.pem', 'config/teams/x.key'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(ignored.trim().split('\n')).toEqual(['growth_svc.p8', 'key.pem', 'config/teams/x.key']);
  });

  it('prints, per environment, the real names, and the next steps', () => {
    for (const env of ENVS) {
      const t = `${PREFIX[env]}GROWTH`;
      for (const name of [
        `${env}-growth-aws`,
        `${env}-growth-snowflake`,
        `database:      ${t} with schemas RAW, STAGING, MARTS`,
        `${t}_TEAM`,
        `${t}_PIPELINE`,
        `owner roles:   ${t}_RAW_OWNER, ${t}_STAGING_OWNER, ${t}_MARTS_OWNER`,
        `${t}_${DEFAULT_WAREHOUSE}`,
        `s3://acme-dp-${env}-growth-data`,
        `${PREFIX[env]}DATA_INTEGRATION.CURATED_READ`,
      ]) {
        expect(io.stdout).toContain(name);
      }
    }
    expect(io.stdout).toContain(`growth/${DEFAULT_REPOSITORY}`);
    expect(io.stdout).toMatch(/CI role:\s+none/);
    expect(io.stdout).toMatch(/pull request/);
    expect(io.stdout).toMatch(/review comment/);
  });

  it('keeps the access report in step when asked to', () => {
    const loaded = loadConfig(tmp.configDir);
    if (!loaded.ok) throw new Error('config invalid');
    const report = accessReportOf(loaded.config);
    if (!report.ok) throw new Error(formatRefusal(report));
    expect(fs.readFileSync(reportFile, 'utf8')).toBe(report.markdown);
    expect(fs.readFileSync(reportFile, 'utf8')).toContain('GROWTH_TEAM');
  });

  it("synthesizes the new team's stacks (offline)", () => {
    const loaded = loadConfig(tmp.configDir);
    if (!loaded.ok) throw new Error('config invalid');
    const outdir = path.join(tmp.root, 'cdktf.out');
    const { stacks } = synthesizePlatform({ config: loaded.config, options: OFFLINE, outdir });
    const names = stacks.map((s) => s.stackName);
    for (const env of ENVS) {
      for (const stack of [`${env}-growth-aws`, `${env}-growth-snowflake`]) {
        expect(names).toContain(stack);
        const file = path.join(outdir, 'stacks', stack, 'cdk.tf.json');
        expect(fs.existsSync(file)).toBe(true);
        expect(JSON.parse(fs.readFileSync(file, 'utf8')).terraform).toBeDefined();
      }
      // The workspace is really in them: the database and the bucket.
      const text = (stack: string) => fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
      expect(text(`${env}-growth-snowflake`)).toContain(JSON.stringify(`${PREFIX[env]}GROWTH`));
      expect(text(`${env}-growth-aws`)).toContain(JSON.stringify(`acme-dp-${env}-growth-data`));
    }
    // The other teams are untouched by the addition.
    expect(names).toContain('prod-telehealth-aws');
  });
});

describe('new-team refuses', () => {
  let tmp: ReturnType<typeof tempConfigCopy>;
  let before: string[];
  beforeAll(() => {
    tmp = tempConfigCopy();
    before = listTree(tmp.configDir);
  });
  afterAll(() => tmp.cleanup());

  const run = (...argv: string[]) => {
    const io = capture();
    const code = runNewTeam([...argv, '--config-dir', tmp.configDir], { ...io.deps, defaultOwner: () => undefined });
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  afterEach(() => {
    // Nothing written, whatever the refusal.
    expect(listTree(tmp.configDir)).toEqual(before);
  });

  it.each([
    ['Growth', /must start with a lowercase letter/],
    ['9lives', /must start with a lowercase letter/],
    ['growth_team', /must start with a lowercase letter/],
    ['a--b', /must not end with "-" or contain "--"/],
    ['platform', /reserved/],
  ])('an invalid name: %s', (name, message) => {
    const r = run(name, '--owner', 'a@example.com');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`"${name}" is not a valid team name`);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Nothing was written.');
  });

  it('a name whose generated AWS names are too long (from the real validator)', () => {
    const name = `a${'b'.repeat(50)}`;
    const r = run(name, '--owner', 'a@example.com');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/S3 bucket name ".*" \d+ characters long, over the limit of 63/);
  });

  it('an existing team', () => {
    const r = run('telehealth', '--owner', 'a@example.com');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('team "telehealth" already exists');
    expect(r.stderr).toMatch(/edit .*teams\/telehealth\.ts instead/);
  });

  it('a name that collides with an existing team once "-" is dropped (from the real validator)', () => {
    const r = run('dataintegration', '--owner', 'a@example.com');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('collides with team "data-integration"');
  });

  it.each([
    ['nope.CURATED', 'names team "nope", which does not exist'],
    ['data-integration.NOPE', 'names schema "NOPE", which team "data-integration" does not have'],
    ['data-integration.curated', 'names schema "curated"'],
    ['CURATED', 'is not a dataset name'],
  ])('an unknown dataset: %s', (dataset, message) => {
    const r = run('growth', '--owner', 'a@example.com', '--reads', dataset);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    // It lists what can be read.
    expect(r.stderr).toContain('data-integration.CURATED');
    expect(r.stderr).toContain('product-analytics.METRICS');
  });

  it('an owner that is not an email (from the real validator)', () => {
    const r = run('growth', '--owner', 'jane');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/owners\[0\]: must be an email address/);
  });

  it('no owner at all', () => {
    const r = run('growth');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--owner');
  });

  it.each([
    [[], 'expected <name>'],
    [['a', 'b'], 'too many arguments: b'],
    [['growth', '--colour', 'red'], "Unknown option '--colour'"],
    [['growth', '--owner'], "Option '--owner' argument is ambiguous"],
  ])('a bad command line: %j', (argv, message) => {
    const r = run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: npm run new-team');
  });

  it('to write on --dry-run, but prints what would be created', () => {
    const r = run('growth', '--owner', 'a@example.com', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run');
    expect(r.stdout).toContain('prod-growth-snowflake');
  });
});

describe('new-team on an invalid configuration', () => {
  let tmp: ReturnType<typeof tempConfigCopy>;
  beforeAll(() => {
    tmp = tempConfigCopy();
  });
  afterAll(() => tmp.cleanup());

  it('refuses and shows the existing problems first', () => {
    fs.writeFileSync(
      path.join(tmp.configDir, 'teams', 'broken.ts'),
      "import { defineTeam } from '../define';\nexport default defineTeam({ name: 'broken', description: 'x', owners: [], costCenter: 'CC-1', snowflake: { schemas: [] } });\n",
    );
    const before = listTree(tmp.configDir);
    const io = capture();
    const code = runNewTeam(['growth', '--owner', 'a@example.com', '--config-dir', tmp.configDir], io.deps);
    expect(code).toBe(1);
    expect(io.stderr).toContain('the existing configuration');
    expect(io.stderr).toMatch(/broken\.ts:2:\d+ › owners: needs at least one owner/);
    expect(listTree(tmp.configDir)).toEqual(before);
  });

  it('refuses a directory that is not a config directory', () => {
    const io = capture();
    const code = runNewTeam(
      ['growth', '--owner', 'a@example.com', '--config-dir', path.join(tmp.root, 'nowhere')],
      io.deps,
    );
    expect(code).toBe(1);
    expect(io.stderr).toContain('environments.ts is missing');
  });
});

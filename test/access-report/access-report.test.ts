/**
 * The access report: the model follows the platform's role model for any config, the Markdown and Mermaid are
 * well-formed, the committed docs/access.md matches the config, and --check / --render behave as documented.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticRsaPublicKey } from '../../bench/synthetic-keys';
import { type ConfigSources, loadConfig, type PlatformConfig, readConfigSources, validateConfig } from '../../config';
import { renderAccessReport, REPORT_FILE } from '../../tools/access-report/markdown';
import { environmentDiagram, nodeId } from '../../tools/access-report/mermaid';
import { buildAccessModel, type EnvironmentAccess } from '../../tools/access-report/model';
import { renderDiagram } from '../../tools/access-report/render';
import { REPO_ROOT, runAccessReport, staleness } from '../../tools/access-report/run';

const KEY = syntheticRsaPublicKey('access-report/producer/LOADER');
const PROJECT = '0b3f2a1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c';

/** The repository's environments and platform with small, purpose-built teams. */
function fixture(): PlatformConfig {
  const { sources } = readConfigSources();
  const team = (name: string, value: Record<string, unknown>) => ({
    file: `config/teams/${name}.ts`,
    value: { name, description: `${name} team`, owners: [`${name}@example.com`], costCenter: 'CC-1', ...value },
  });
  const withTeams: ConfigSources = {
    ...sources,
    teams: [
      team('producer', {
        snowflake: {
          schemas: [{ name: 'RAW' }, { name: 'SHARED' }, { name: 'PUBLIC_METRICS', publishToBi: true }],
          warehouses: [{ name: 'WH' }],
          serviceUsers: [{ name: 'LOADER', rsaPublicKey: KEY, comment: 'loads' }],
          members: ['ANA@EXAMPLE.COM'],
        },
        aws: { ecrRepositories: [{ name: 'loader' }], dataBucket: {}, circleciProjectIds: [PROJECT] },
      }),
      team('consumer', {
        snowflake: { schemas: [{ name: 'WORK' }], reads: ['producer.SHARED'], members: ['BEN@EXAMPLE.COM'] },
        aws: { ecrRepositories: [{ name: 'app' }] },
      }),
      team('sandbox', { environments: ['dev'], snowflake: { schemas: [{ name: 'PLAY' }] } }),
    ],
  };
  const result = validateConfig(withTeams);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

const config = fixture();
const model = buildAccessModel(config);
const envOf = (name: string): EnvironmentAccess => model.environments.find((e) => e.name === name)!;
/** Snowflake prefixes of the repository's environments, written out: dev and staging share an account. */
const PREFIX: Record<string, string> = { dev: 'DEV_', staging: 'STAGING_', prod: '' };

describe('access model', () => {
  it('has one entry per environment, with the teams deployed there', () => {
    expect(model.environments.map((e) => e.name)).toEqual(config.environments.map((e) => e.name));
    expect(envOf('dev').teams).toEqual(['consumer', 'producer', 'sandbox']);
    expect(envOf('prod').teams).toEqual(['consumer', 'producer']);
  });

  it.each(['dev', 'prod'])(
    "gives each team role and pipeline role the team's WRITE roles, under SYSADMIN (%s)",
    (envName) => {
      const db = `${PREFIX[envName]}PRODUCER`;
      const roles = envOf(envName).roles.filter((r) => r.team === 'producer');
      expect(roles.map((r) => r.name)).toEqual([`${db}_TEAM`, `${db}_PIPELINE`]);
      for (const role of roles) {
        expect(role.writes).toEqual([`${db}.RAW_WRITE`, `${db}.SHARED_WRITE`, `${db}.PUBLIC_METRICS_WRITE`]);
        // WRITE does not include READ: the roles hold their own READ roles beside it, and each schema's owner.
        expect(role.reads).toEqual([`${db}.RAW_READ`, `${db}.SHARED_READ`, `${db}.PUBLIC_METRICS_READ`]);
        expect(role.owns).toEqual([`${db}_RAW_OWNER`, `${db}_SHARED_OWNER`, `${db}_PUBLIC_METRICS_OWNER`]);
        expect(role.grantedTo).toEqual(['SYSADMIN']);
      }
      expect(roles[0].users).toEqual(['ANA@EXAMPLE.COM']);
      expect(roles[1].users).toEqual([`${db}_LOADER`]);
    },
  );

  it("grants a read dataset's READ role to both roles of the reader, and only that schema", () => {
    const env = envOf('staging');
    const consumer = { teamRole: 'STAGING_CONSUMER_TEAM', pipelineRole: 'STAGING_CONSUMER_PIPELINE' };
    const readRole = 'STAGING_PRODUCER.SHARED_READ';
    expect(env.crossTeamReads).toEqual([
      {
        reader: 'consumer',
        producer: 'producer',
        dataset: 'producer.SHARED',
        readRole,
        grantedTo: [consumer.teamRole, consumer.pipelineRole],
      },
    ]);
    for (const role of env.roles.filter((r) => r.team === 'consumer'))
      expect(role.reads).toEqual(['STAGING_CONSUMER.WORK_READ', readRole]);
    const schema = (s: string) => env.schemas.find((x) => x.team === 'producer' && x.schema === s)!;
    expect(schema('SHARED').readers).toEqual([consumer.teamRole, consumer.pipelineRole]);
    expect(schema('RAW').readers).toEqual([]);
  });

  it("lists the platform's administration roles, held only by the deploy user, the object admin owning every schema", () => {
    for (const [env, p] of Object.entries(PREFIX)) {
      const admins = envOf(env).roles.filter((r) => r.kind === 'admin');
      const deployUser = config.environments.find((e) => e.name === env)!.snowflake.deployUser.name;
      expect(admins.map((r) => [r.name, r.users, r.grantedTo])).toEqual([
        [`${p}PLATFORM_ADMIN`, [deployUser], ['SYSADMIN']],
        [`${p}PLATFORM_USERADMIN`, [deployUser], ['USERADMIN']],
      ]);
      expect(admins[0].owns).toEqual(envOf(env).schemas.map((s) => s.ownerRole));
    }
  });

  it('publishes BI schemas to the BI reader role, which the platform BI users hold', () => {
    for (const [env, p] of Object.entries(PREFIX)) {
      const access = envOf(env);
      const bi = access.roles.find((r) => r.kind === 'bi')!;
      expect(bi.name).toBe(`${p}BI_READER`);
      expect(bi.users).toEqual([`${p}LOOKER`]);
      expect(bi.reads).toEqual([`${p}PRODUCER.PUBLIC_METRICS_READ`]);
      expect(access.schemas.find((s) => s.schema === 'PUBLIC_METRICS')!.readers).toEqual([`${p}BI_READER`]);
      expect(access.serviceUsers.filter((u) => u.kind === 'bi').map((u) => [u.user, u.role])).toEqual([
        [`${p}LOOKER`, `${p}BI_READER`],
      ]);
    }
  });

  it('gives a CI role only to teams with CircleCI projects, reaching their repositories and bucket', () => {
    const ci = envOf('prod').ci;
    expect(ci.find((c) => c.team === 'producer')).toEqual({
      team: 'producer',
      role: 'acme-dp-producer-ci',
      oidcProvider:
        'arn:aws:iam::333333333333:oidc-provider/oidc.circleci.com/org/67683ad4-0030-4295-8d78-98f14a533081',
      circleciProjectIds: [PROJECT],
      ecrRepositories: ['producer/loader'],
      bucket: 'acme-dp-prod-producer-data',
    });
    const consumer = ci.find((c) => c.team === 'consumer')!;
    expect(consumer.role).toBeUndefined();
    expect(consumer.bucket).toBeUndefined();
  });
});

describe('Mermaid diagram', () => {
  const diagram = environmentDiagram(envOf('dev'));

  it('only links nodes and boxes it declares', () => {
    const declared = new Set<string>();
    for (const line of diagram.split('\n').map((l) => l.trim())) {
      const sub = /^subgraph (\w+)/.exec(line);
      if (sub) declared.add(sub[1]);
      const node = /^(\w+)[[(]/.exec(line);
      if (node) declared.add(node[1]);
    }
    const edges = diagram
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /(-->|==>|\.->)/.test(l));
    expect(edges.length).toBeGreaterThan(5);
    for (const edge of edges) {
      const from = /^(\w+)/.exec(edge)![1];
      const to = /(\w+)$/.exec(edge)![1];
      expect({ edge, from: declared.has(from), to: declared.has(to) }).toEqual({ edge, from: true, to: true });
    }
  });

  it('draws the cross-team read and the BI publication as READ edges to the schema', () => {
    const producerDb = 'DEV_PRODUCER';
    expect(diagram).toContain(`${nodeId('roles', 'consumer')} -. READ .-> ${nodeId('schema', producerDb, 'SHARED')}`);
    expect(diagram).toContain(
      `${nodeId('role', 'DEV_BI_READER')} -. READ .-> ${nodeId('schema', producerDb, 'PUBLIC_METRICS')}`,
    );
    expect(diagram).toContain(`${nodeId('roles', 'producer')} ==> ${nodeId('schema', producerDb, 'RAW')}`);
    expect(diagram).toContain(`${nodeId('ci', 'producer')} -- push/pull --> ${nodeId('ecr', 'producer/loader')}`);
  });

  it('makes node ids Mermaid accepts from any name', () => {
    const names = ['team/a.b-c', 'team/a-b.c', 'team/a_b_c', 'JANE.DOE@EXAMPLE.COM', 'end'];
    const ids = names.map((n) => nodeId('ecr', n));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z]\w*$/);
    expect(new Set(ids).size).toBe(names.length);
    expect(nodeId('schema', 'A_B', 'C')).not.toBe(nodeId('schema', 'A', 'B_C'));
  });
});

describe('docs/access.md', () => {
  it('matches the configuration (run `npm run access-report` when this fails)', () => {
    const loaded = loadConfig();
    if (!loaded.ok) throw new Error('config is invalid; see npm run synth');
    const file = path.join(REPO_ROOT, REPORT_FILE);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const diff = staleness(committed, renderAccessReport(loaded.config));
    if (diff)
      throw new Error(`${REPORT_FILE} is stale (${diff}).\nRun \`npm run access-report\` and commit the result.`);
  });

  it('has a section, tables and one Mermaid diagram per environment', () => {
    const md = renderAccessReport(config);
    expect(md.match(/^```mermaid$/gm)).toHaveLength(config.environments.length);
    for (const env of config.environments) {
      expect(md).toContain(`## Environment ${env.name}`);
      expect(md).toContain(`### CI roles, ECR repositories and buckets (${env.name})`);
    }
    expect(md).toContain('config/naming.ts'); // says where it comes from
    expect(renderAccessReport(fixture())).toBe(md); // deterministic
  });
});

describe('npm run access-report', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-report-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runAccessReport(argv, { log: (l) => out.push(l), error: (l) => err.push(l), renderTools: {} });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  it('--check fails on a stale or missing report and says how to fix it, then passes once written', () => {
    const out = path.join(dir, 'access.md');
    let r = run('--check', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('npm run access-report');
    expect(fs.existsSync(out)).toBe(false);

    expect(run('--out', out).code).toBe(0);
    expect(run('--check', '--out', out).code).toBe(0);

    fs.appendFileSync(out, 'edited by hand\n');
    r = run('--check', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('edited by hand');
  });

  it('--render without mmdc or a browser writes the report, explains what is missing, and exits 1', () => {
    const out = path.join(dir, 'render.md');
    const r = run('--render', '--out', out, '--image', path.join(dir, 'a.svg'));
    expect(r.code).toBe(1);
    expect(fs.existsSync(out)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'a.svg'))).toBe(false);
    expect(r.stderr).toContain('mmdc');
    expect(r.stderr).toContain('apt-get install -y chromium');
  });

  it('explains a missing browser when mmdc is there', () => {
    const result = renderDiagram('flowchart LR\n  a --> b', path.join(dir, 'b.svg'), { mmdc: '/bin/true' });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('No browser was found') });
  });

  it('rejects unknown arguments with the usage', () => {
    const r = run('--colour');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--colour'");
    expect(r.stderr).toContain('usage: npm run access-report');
  });
});

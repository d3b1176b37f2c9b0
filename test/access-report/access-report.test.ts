/**
 * The access report, evaluated from synthesized stacks: on a purpose-built config the model shows exactly the
 * access written out below (an independent statement, not the evaluator's or the constructs' formulas); evaluated
 * access agrees with the role model's promises for that config and the example org; dropping any one grant of the
 * example org's synthesized JSON (or adding one) makes that check fail; the Markdown and Mermaid are well-formed;
 * the committed docs/access.md is fresh; --check / --render behave as documented.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticRsaPublicKey } from '../../bench/synthetic-keys';
import { type ConfigSources, loadConfig, type PlatformConfig, readConfigSources, validateConfig } from '../../config';
import { disagreements } from '../../tools/access-report/intent';
import { renderAccessReport, REPORT_FILE } from '../../tools/access-report/markdown';
import { environmentDiagram, nodeId } from '../../tools/access-report/mermaid';
import { type AccessModel, buildAccessModel, type EnvironmentAccess } from '../../tools/access-report/model';
import { renderDiagram } from '../../tools/access-report/render';
import { accessReportOf, formatRefusal } from '../../tools/access-report/report';
import { REPO_ROOT, runAccessReport, staleness } from '../../tools/access-report/run';
import { type StackJson, synthesizeForReport } from '../../tools/access-report/synthesize';

const KEY = syntheticRsaPublicKey('access-report/producer/LOADER');
const PROJECT = '0b3f2a1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
const ANALYST_PROJECT = '1c4f3b2d-9e5f-4a6b-8c7d-8e9f0a1b2c3d';

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
        snowflake: { schemas: [{ name: 'WORK' }], reads: ['producer.SHARED'], members: ['Ben.Lee@example.com'] },
        aws: { ecrRepositories: [{ name: 'app' }] },
      }),
      // CircleCI projects but nothing in AWS to reach: no CI role may exist (the report once claimed one).
      team('analyst', {
        snowflake: { schemas: [{ name: 'SCRATCH' }] },
        aws: { circleciProjectIds: [ANALYST_PROJECT] },
      }),
      team('sandbox', { environments: ['dev'], snowflake: { schemas: [{ name: 'PLAY' }] } }),
    ],
  };
  const result = validateConfig(withTeams);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

const config = fixture();
const synthesized = synthesizeForReport(config);
const model = buildAccessModel(config, synthesized);
const envOf = (m: AccessModel, name: string): EnvironmentAccess => m.environments.find((e) => e.name === name)!;
/** Snowflake prefixes of the repository's environments, written out: dev and staging share an account. */
const PREFIX: Record<string, string> = { dev: 'DEV_', staging: 'STAGING_', prod: '' };
const ACCOUNT_ID: Record<string, string> = { dev: '111111111111', staging: '222222222222', prod: '333333333333' };

describe('access model (evaluated from the synthesized stacks)', () => {
  it('has one entry per environment, with the teams deployed there, and nothing it could not read', () => {
    expect(model.problems).toEqual([]);
    expect(model.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(envOf(model, 'dev').teams).toEqual(['analyst', 'consumer', 'producer', 'sandbox']);
    expect(envOf(model, 'prod').teams).toEqual(['analyst', 'consumer', 'producer']);
  });

  it.each(['dev', 'prod'])(
    "gives the team's own roles READ, WRITE and OWN on its schemas, and nobody else WRITE (%s)",
    (e) => {
      const p = PREFIX[e]!;
      const own = [`${p}PRODUCER_PIPELINE`, `${p}PRODUCER_TEAM`];
      const env = envOf(model, e);
      for (const schema of ['RAW', 'SHARED', 'PUBLIC_METRICS']) {
        const row = env.schemas.find((s) => s.name === `${p}PRODUCER.${schema}`)!;
        expect(row.team).toBe('producer');
        expect(row.roles.WRITE).toEqual(own);
        expect(row.roles.OWN).toEqual([`${p}PLATFORM_ADMIN`, `${p}PRODUCER_${schema}_OWNER`, ...own].sort());
        expect(row.systemRoles.OWN).toEqual(['ACCOUNTADMIN', 'SYSADMIN']);
        expect(row.databaseRoles.READ).toEqual([`${p}PRODUCER.${schema}_READ`]);
        expect(row.databaseRoleSets).toEqual([
          { roles: [`${p}PRODUCER.${schema}_READ`, `${p}PRODUCER.${schema}_WRITE`], levels: ['READ', 'WRITE'] },
        ]);
      }
    },
  );

  it('lets a reader team read exactly the dataset it lists, with both its roles, and people read as their role', () => {
    const env = envOf(model, 'staging');
    const reader = ['STAGING_CONSUMER_PIPELINE', 'STAGING_CONSUMER_TEAM'];
    const schema = (name: string) => env.schemas.find((s) => s.name === `STAGING_PRODUCER.${name}`)!;
    expect(schema('SHARED').roles.READ).toEqual(
      ['STAGING_PRODUCER_PIPELINE', 'STAGING_PRODUCER_TEAM', ...reader].sort(),
    );
    expect(schema('SHARED').readByOtherTeams).toEqual([{ team: 'consumer', roles: reader }]);
    expect(schema('RAW').roles.READ).toEqual(['STAGING_PRODUCER_PIPELINE', 'STAGING_PRODUCER_TEAM']);
    const consumerTeam = env.roles.find((r) => r.name === 'STAGING_CONSUMER_TEAM')!;
    expect([...consumerTeam.access]).toEqual([
      ['STAGING_CONSUMER.WORK', ['READ', 'WRITE', 'OWN']],
      ['STAGING_PRODUCER.SHARED', ['READ']],
    ]);
    // A member's name is taken exactly as written (quoted), and reads what its role reads.
    const ben = env.users.find((u) => u.name === 'Ben.Lee@example.com')!;
    expect(ben.roles).toEqual(['STAGING_CONSUMER_TEAM']);
    expect(ben.stack).toBeUndefined();
    expect(ben.access.get('STAGING_PRODUCER.SHARED')).toEqual(['READ']);
    expect(ben.access.has('STAGING_PRODUCER.RAW')).toBe(false);
  });

  it('publishes BI schemas to the BI reader role only, held by the BI users', () => {
    for (const [e, p] of Object.entries(PREFIX)) {
      const env = envOf(model, e);
      const published = env.schemas.find((s) => s.name === `${p}PRODUCER.PUBLIC_METRICS`)!;
      expect(published.readByPlatform).toEqual([`${p}BI_READER`]);
      expect(published.users.READ).toContain(`${p}LOOKER`);
      const bi = env.roles.find((r) => r.name === `${p}BI_READER`)!;
      expect([...bi.access]).toEqual([[`${p}PRODUCER.PUBLIC_METRICS`, ['READ']]]);
      expect(bi.grantedTo).toEqual(['SYSADMIN', `user:${p}LOOKER`]);
    }
  });

  it("holds the platform's administration roles by the deploy user only; the user admin is not under SYSADMIN", () => {
    for (const [e, p] of Object.entries(PREFIX)) {
      const env = envOf(model, e);
      const deployUser = `${p || 'PROD_'}TERRAFORM_DEPLOYER`;
      const admin = env.roles.find((r) => r.name === `${p}PLATFORM_ADMIN`)!;
      const userAdmin = env.roles.find((r) => r.name === `${p}PLATFORM_USERADMIN`)!;
      expect(admin.grantedTo).toEqual(['SYSADMIN', `user:${deployUser}`]);
      expect(userAdmin.grantedTo).toEqual(['USERADMIN', `user:${deployUser}`]);
      expect(userAdmin.access.size).toBe(0);
      expect(userAdmin.accountPrivileges).toEqual(['CREATE NETWORK POLICY', 'CREATE ROLE', 'CREATE USER']);
      expect(env.identities).toEqual([deployUser, 'TERRAFORM_ACCOUNTADMIN']);
    }
  });

  it('shows a CI role only where the synthesized IAM has one: its projects, repositories and bucket (TLS only)', () => {
    for (const e of ['dev', 'prod']) {
      const ci = envOf(model, e).ci;
      const producer = ci.find((c) => c.team === 'producer')!;
      expect(producer).toMatchObject({
        name: 'acme-dp-producer-ci',
        arn: `arn:aws:iam::${ACCOUNT_ID[e]}:role/acme-dp-producer-ci`,
        assumableBy: [{ project: PROJECT, refs: e === 'prod' ? 'refs/heads/main' : 'any branch or tag' }],
        anyProject: false,
        repositories: [{ name: 'producer/loader', pull: true, push: true }],
        buckets: [{ name: `acme-dp-${e}-producer-data`, read: true, write: true, tlsOnly: true }],
      });
      // consumer lists no projects; analyst lists one but has nothing in AWS: neither has a role.
      expect(ci.filter((c) => c.team).map((c) => c.team)).toEqual(['producer']);
      const plan = ci.find((c) => c.name === 'acme-dp-platform-plan')!;
      expect({ repositories: plan.repositories, buckets: plan.buckets }).toEqual({ repositories: [], buckets: [] });
    }
  });
});

const example = loadConfig();
if (!example.ok) throw new Error('config is invalid; see npm run synth');
/** The example org, synthesized once for the intent checks and the staleness check. */
const exampleStacks = synthesizeForReport(example.config);

describe('evaluated access against the role model (intent)', () => {
  const check = (stacks: ReadonlyMap<string, StackJson>) => {
    try {
      return disagreements(example.config, buildAccessModel(example.config, stacks));
    } catch (e) {
      return [`the model could not be built: ${(e as Error).message}`];
    }
  };
  const without = (stack: string, type: string, name: string) => {
    const json = structuredClone(exampleStacks.get(stack)!);
    delete json.resource[type][name];
    return new Map([...exampleStacks, [stack, json]]);
  };

  it('agrees for the purpose-built config and for the example org', () => {
    expect(disagreements(config, model)).toEqual([]);
    expect(check(exampleStacks)).toEqual([]);
  });

  it('fails, naming who lost what, when the grant of a dataset read is dropped', () => {
    const stack = exampleStacks.get('dev-telehealth-snowflake')!;
    const [name] = Object.entries(stack.resource.snowflake_grant_database_role as Record<string, StackJson>).find(
      ([, g]) =>
        g.database_role_name === 'DEV_DATA_INTEGRATION.CURATED_READ' && g.parent_role_name === 'DEV_TELEHEALTH_TEAM',
    )!;
    expect(check(without('dev-telehealth-snowflake', 'snowflake_grant_database_role', name))).toEqual([
      'dev: READ on schema DEV_DATA_INTEGRATION.CURATED: intended but not granted: DEV_TELEHEALTH_TEAM',
    ]);
  });

  it('fails when a grant gives more than the role model promises', () => {
    const json = structuredClone(exampleStacks.get('dev-telehealth-snowflake')!);
    json.resource.snowflake_grant_database_role['extra'] = {
      database_role_name: 'DEV_DATA_INTEGRATION.RAW_READ',
      parent_role_name: 'DEV_TELEHEALTH_PIPELINE',
    };
    expect(check(new Map([...exampleStacks, ['dev-telehealth-snowflake', json]]))).toEqual([
      'dev: READ on schema DEV_DATA_INTEGRATION.RAW: granted but not intended: DEV_TELEHEALTH_PIPELINE',
    ]);
  });

  // Every grant of these stacks is load-bearing: dropping any one of them must be noticed. (The platform's plan and
  // deploy roles' state policies are not in the report; test/access proves them by evaluation.)
  const dropped = [
    'dev-platform-snowflake',
    'dev-telehealth-snowflake',
    'dev-product-analytics-snowflake',
    'dev-telehealth-aws',
  ];
  const grants = dropped.flatMap((stack) =>
    Object.entries((exampleStacks.get(stack)!.resource ?? {}) as Record<string, Record<string, unknown>>)
      .filter(([type]) => /^(snowflake_grant_|aws_iam_role_policy|aws_s3_bucket_policy)/.test(type))
      .flatMap(([type, byName]) => Object.keys(byName).map((name) => ({ stack, type, name }))),
  );

  it('covers a realistic number of grants', () => {
    expect(grants.length).toBeGreaterThan(80);
  });

  it.each(grants)('fails when $stack $type $name is dropped', ({ stack, type, name }) => {
    expect(check(without(stack, type, name)).length).toBeGreaterThan(0);
  });

  it('refuses to write a report that disagrees, listing the disagreements', () => {
    const refusal = formatRefusal({ ok: false, reason: 'r', problems: ['dev: x', 'prod: y'] });
    expect(refusal).toBe('access-report: no report was written: r:\n  - dev: x\n  - prod: y');
  });
});

describe('Mermaid diagram', () => {
  const diagram = environmentDiagram(envOf(model, 'dev'));

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
    const pair = nodeId('roles', 'DEV_CONSUMER_PIPELINE'); // the consumer's TEAM and PIPELINE roles share a node
    expect(diagram).toContain(`${pair}["DEV_CONSUMER_PIPELINE<br/>DEV_CONSUMER_TEAM"]`);
    expect(diagram).toContain(`${pair} -. READ .-> ${nodeId('schema', 'DEV_PRODUCER.SHARED')}`);
    expect(diagram).toContain(
      `${nodeId('roles', 'DEV_BI_READER')} -. READ .-> ${nodeId('schema', 'DEV_PRODUCER.PUBLIC_METRICS')}`,
    );
    expect(diagram).toContain(
      `${nodeId('roles', 'DEV_PRODUCER_PIPELINE')} ==> ${nodeId('schema', 'DEV_PRODUCER.RAW')}`,
    );
    expect(diagram).toContain(
      `${nodeId('ci', 'acme-dp-producer-ci')} -- pull/push --> ${nodeId('ecr', 'producer/loader')}`,
    );
    expect(diagram).not.toContain('PLATFORM_ADMIN');
    expect(diagram).not.toContain('analyst-ci');
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
  it('matches the access the synthesized stacks grant (run `npm run access-report` when this fails)', () => {
    const report = accessReportOf(example.config, exampleStacks);
    if (!report.ok) throw new Error(formatRefusal(report));
    const file = path.join(REPO_ROOT, REPORT_FILE);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const diff = staleness(committed, report.markdown);
    if (diff)
      throw new Error(`${REPORT_FILE} is stale (${diff}).\nRun \`npm run access-report\` and commit the result.`);
  });

  it('has a section, tables and one Mermaid diagram per environment, and says how it is computed', () => {
    const md = renderAccessReport(model);
    expect(md.match(/^```mermaid$/gm)).toHaveLength(config.environments.length);
    for (const env of config.environments) {
      expect(md).toContain(`## Environment ${env.name}`);
      expect(md).toContain(`### CI roles, ECR repositories and buckets (${env.name})`);
    }
    expect(md).toContain('## How this is computed');
    expect(md).toContain('synthesized');
    expect(renderAccessReport(buildAccessModel(config, synthesizeForReport(fixture())))).toBe(md); // deterministic
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

/**
 * The Snowflake-specific config rules: the account's edition against retention, clusters and materialized views;
 * deploy users per environment; user names kept exactly as Snowflake lists them; notify users; schema workloads;
 * owner role names. Each case starts from the example (config/), changes one thing and validates.
 */
import { type ConfigIssue, type ConfigSources, readConfigSources, validateConfig } from '../../config';

type Sources = { -readonly [K in keyof ConfigSources]: any };
const example = readConfigSources().sources;
const ENV = 'config/environments.ts';
const PLATFORM = 'config/platform.ts';
const DI = 'config/teams/data-integration.ts';
const PA = 'config/teams/product-analytics.ts';

const envs = (s: Sources) => s.environments.value;
const team = (s: Sources, name: string) => s.teams.find((t: any) => t.value.name === name)!.value;

function issuesOf(mutate: (s: Sources) => void): ConfigIssue[] {
  const sources = structuredClone(example) as Sources;
  mutate(sources);
  const result = validateConfig(sources);
  return result.ok ? [] : result.issues;
}
/** The issues as `file › path: message`, for readable comparisons. */
const lines = (issues: readonly ConfigIssue[]) => issues.map((i) => `${i.file} › ${i.path}: ${i.message}`);

describe('Snowflake edition', () => {
  it('the example is valid: Standard for the shared non-prod account, Enterprise for prod', () => {
    expect(issuesOf(() => {})).toEqual([]);
    expect([envs(example as Sources).dev.snowflake.edition, envs(example as Sources).prod.snowflake.edition]).toEqual([
      'STANDARD',
      'ENTERPRISE',
    ]);
  });

  it('rejects more than 1 day of Time Travel on Standard, naming the protection level, the days and the fix', () => {
    const issues = issuesOf((s) => void (envs(s).prod.snowflake.edition = 'STANDARD'));
    const retention = issues.find((i) => i.path === 'prod.protection')!;
    expect(retention).toMatchObject({ file: ENV, given: 'strict' });
    expect(retention.message).toBe(
      `"strict" keeps 7 days of Time Travel (${PLATFORM} protectionLevels.strict), but edition STANDARD (prod.snowflake.edition) allows at most 1`,
    );
    expect(retention.allowed).toContain('edition ENTERPRISE');
    expect(retention.fix).toMatch(/declare the account as ENTERPRISE/);
  });

  it("rejects a team's multi-cluster warehouse in a Standard environment (and only the team's own value)", () => {
    const issues = issuesOf((s) => void (envs(s).prod.snowflake.edition = 'STANDARD'));
    expect(lines(issues.filter((i) => i.file === DI))).toEqual([
      `${DI} › snowflake.warehouses[1].maxClusterCount: is 2 in prod, but edition STANDARD (prod.snowflake.edition) has single-cluster warehouses only`,
    ]);
    expect(issues.find((i) => i.file === DI)).toMatchObject({ given: { default: 1, prod: 2 } });
    // dev and staging are Standard and the default there is 1: nothing to report for them.
    expect(issuesOf((s) => void (team(s, 'data-integration').snowflake.warehouses[1].maxClusterCount = 1))).toEqual([]);
  });

  it("rejects an environment's default cluster count above 1 on Standard, on the environment", () => {
    const issues = issuesOf((s) => void (envs(s).dev.defaults.maxClusterCount = 3));
    expect(lines(issues)).toEqual([
      `${ENV} › dev.defaults.maxClusterCount: needs multi-cluster warehouses, which edition STANDARD (dev.snowflake.edition) does not have`,
    ]);
  });

  it('rejects materialized views in a schema of a team deployed to a Standard environment, once per field', () => {
    const issues = issuesOf(
      (s) => void (team(s, 'product-analytics').snowflake.schemas[1].workloads = ['materialized-views']),
    );
    expect(lines(issues)).toEqual([
      `${PA} › snowflake.schemas[1].workloads: "materialized-views" needs edition ENTERPRISE, but the team deploys to dev, whose account has edition STANDARD (dev.snowflake.edition)`,
    ]);
    // Deployed only to prod (Enterprise), the same schema is valid.
    expect(
      issuesOf((s) => {
        const t = team(s, 'telehealth');
        t.environments = ['prod'];
        t.snowflake.reads = [];
        t.snowflake.schemas[1].workloads = ['materialized-views'];
      }),
    ).toEqual([]);
  });

  it('rejects two editions for one account (dev and staging share ACME_NONPROD)', () => {
    const issues = issuesOf((s) => void (envs(s).staging.snowflake.edition = 'ENTERPRISE'));
    expect(issues).toEqual([
      expect.objectContaining({
        file: ENV,
        path: 'staging.snowflake.edition',
        given: 'ENTERPRISE',
        allowed: 'STANDARD',
        message: expect.stringContaining(
          'differs from environment "dev", which shares the Snowflake account ACMEORG.ACME_NONPROD',
        ),
      }),
    ]);
  });

  it('rejects an edition Snowflake does not have, listing those it has', () => {
    const issues = issuesOf((s) => void (envs(s).dev.snowflake.edition = 'Enterprise'));
    expect(issues[0]).toMatchObject({ file: ENV, path: 'dev.snowflake.edition' });
    expect(issues[0].allowed).toBe('STANDARD, ENTERPRISE, BUSINESS_CRITICAL');
  });
});

describe('deploy users', () => {
  it('is one user per environment: dev and staging (one account) cannot share one', () => {
    const issues = issuesOf((s) => void (envs(s).staging.snowflake.deployUser.name = 'DEV_TERRAFORM_DEPLOYER'));
    expect(lines(issues)).toEqual([
      `${ENV} › staging.snowflake.deployUser.name: is also the deploy user of environment "dev" in the same Snowflake account ACMEORG.ACME_NONPROD: each environment needs its own, holding only its own administration roles`,
    ]);
  });

  it('is never the account-admin user', () => {
    const issues = issuesOf((s) => void (envs(s).prod.snowflake.deployUser.name = 'TERRAFORM_ACCOUNTADMIN'));
    expect(lines(issues)).toEqual([
      `${ENV} › prod.snowflake.deployUser.name: is the account-admin user of ACMEORG.ACME_PROD: the deploy user must not hold ACCOUNTADMIN`,
    ]);
  });

  it('has a public key, never a private one', () => {
    const issues = issuesOf(
      (s) => void (envs(s).dev.snowflake.deployUser.rsaPublicKey = '-----BEGIN PRIVATE KEY-----'),
    );
    expect(issues.find((i) => i.path === 'dev.snowflake.deployUser.rsaPublicKey')?.message).toMatch(/PRIVATE KEY/);
  });

  it('moved from config/platform.ts to each environment', () => {
    const issues = issuesOf((s) => void (s.platform.value.snowflake.deployUser = 'TERRAFORM_DEPLOYER'));
    expect(issues).toEqual([
      expect.objectContaining({
        file: PLATFORM,
        path: 'snowflake.deployUser',
        message: expect.stringContaining('unknown field'),
      }),
    ]);
  });
});

describe('user names (members, notify users)', () => {
  it('keeps the exact case Snowflake lists: lower-case SSO names are valid', () => {
    expect(
      issuesOf((s) => {
        team(s, 'telehealth').snowflake.members = ['ada.nwosu@example.com', 'Ada.Nwosu+ops@Example.com'];
        team(s, 'telehealth').snowflake.notifyUsers = ['ada.nwosu@example.com'];
      }),
    ).toEqual([]);
  });

  it.each([
    ['a double quote', '"ADA"'],
    ['a single quote', "o'brien@example.com"],
    ['whitespace', 'ada nwosu@example.com'],
    ['a backslash', 'ada\\nwosu'],
    ['nothing', ''],
  ])('rejects a member name with %s', (_what, name) => {
    const issues = issuesOf((s) => void (team(s, 'telehealth').snowflake.members = [name]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'config/teams/telehealth.ts', path: 'snowflake.members[0]', given: name });
  });

  it('explains the rule: the name exactly as SHOW USERS lists it', () => {
    const [issue] = issuesOf((s) => void (team(s, 'telehealth').snowflake.members = ['"ADA"']));
    expect(issue.message).toContain('exactly as SHOW USERS lists it (case-sensitive)');
  });

  it('rejects a notify user listed twice, in the platform or a team', () => {
    expect(
      lines(
        issuesOf((s) => {
          s.platform.value.guardrails.resourceMonitor.notifyUsers = ['OPS', 'OPS'];
          team(s, 'product-analytics').snowflake.notifyUsers = ['LI.WEI@EXAMPLE.COM', 'LI.WEI@EXAMPLE.COM'];
        }),
      ),
    ).toEqual([
      `${PLATFORM} › guardrails.resourceMonitor.notifyUsers[1]: is listed twice`,
      `${PA} › snowflake.notifyUsers[1]: is listed twice`,
    ]);
  });

  it('rejects notify users when no monitor notifies anyone (no notify thresholds)', () => {
    const issues = issuesOf((s) => void (s.platform.value.guardrails.resourceMonitor.notifyPercents = []));
    expect(issues.map((i) => `${i.file} › ${i.path}`)).toEqual([
      `${PLATFORM} › guardrails.resourceMonitor.notifyUsers`,
      `${PA} › snowflake.notifyUsers`,
    ]);
    expect(issues[0].message).toContain('guardrails.resourceMonitor.notifyPercents is empty');
  });
});

describe('schema workloads and owner roles', () => {
  it('rejects an unknown workload, listing the known ones', () => {
    const [issue] = issuesOf((s) => void (team(s, 'data-integration').snowflake.schemas[0].workloads = ['dbt']));
    expect(issue).toMatchObject({ file: DI, path: 'snowflake.schemas[0].workloads[0]', given: 'dbt' });
    expect(issue.allowed).toBe('ingestion, transformation, external-tables, materialized-views');
  });

  it('rejects a schema whose owner role name another team generates', () => {
    // Team "data" with schema INTEGRATION_RAW and team "data-integration" with schema RAW both make
    // <P>DATA_INTEGRATION_RAW_OWNER.
    const issues = issuesOf((s) => {
      const t = structuredClone(team(s, 'telehealth'));
      t.name = 'data';
      t.snowflake.schemas = [{ name: 'INTEGRATION_RAW' }];
      t.snowflake.reads = [];
      t.snowflake.warehouses = [{ name: 'WH' }];
      t.snowflake.serviceUsers = [];
      t.aws = {};
      s.teams.push({ file: 'config/teams/data.ts', value: t });
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: DI,
        path: 'snowflake.schemas[0].name',
        message: 'generates the name "DEV_DATA_INTEGRATION_RAW_OWNER", which team "data" also has',
      }),
    );
  });
});

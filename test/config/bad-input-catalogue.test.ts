/**
 * Every way the config can be wrong, in one table. Each case starts from the real example (read from config/),
 * changes one thing in memory, and runs `npm run synth` as a function (runSynth) into an output directory that
 * holds a stale stack: the run must exit 1, name the file, the field path and what is wrong, and leave no stack
 * output behind. Two cases run the real CLI (`npm run synth`'s command) on a copied config directory.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ConfigSources, readConfigSources, validateConfig } from '../../config';
import { GUARDRAIL_RULES } from '../../constructs/guardrails';
import { runSynth } from '../../stacks/synth';

type Sources = { -readonly [K in keyof ConfigSources]: any };
const { sources: example, issues: loadIssues } = readConfigSources();

const ENV = 'config/environments.ts';
const PLATFORM = 'config/platform.ts';
const DI = 'config/teams/data-integration.ts';
const PA = 'config/teams/product-analytics.ts';
const TH = 'config/teams/telehealth.ts';

const envs = (s: Sources) => s.environments.value;
const platform = (s: Sources) => s.platform.value;
const team = (s: Sources, name: string) => s.teams.find((t: any) => t.value.name === name)!.value;
const addTeam = (s: Sources, file: string, value: any) => s.teams.push({ file, value });
const copyOf = (s: Sources, name: string) => structuredClone(team(s, name));

const PUBLIC_KEY = (example.teams[0].value as any).snowflake.serviceUsers[0].rsaPublicKey as string;
const PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
const PRIVATE_BODY =
  'MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCRONxil7g7rqk+XQYJQM6CYitGJ3nOEt2D1Rk7x5NPjNTbL1bqCj2TmSZ8PmX0';
const PUBLIC_PEM = `-----BEGIN PUBLIC KEY-----\n${PUBLIC_KEY}\n-----END PUBLIC KEY-----`;
const long = (n: number) => 'a'.repeat(n);

interface Case {
  readonly name: string;
  readonly file: string;
  /** The field path as printed, after "›". */
  readonly path: string;
  readonly fragment: string;
  readonly mutate: (s: Sources) => void;
}

const CASES: Case[] = [
  // ------------------------------------------------------------------------------------------- environments
  {
    name: 'unknown field (typo) in an environment',
    file: ENV,
    path: 'dev.aws.acountId',
    fragment: 'unknown field "acountId" (did you mean "accountId"?)',
    mutate: (s) => {
      const aws = envs(s).dev.aws;
      aws.acountId = aws.accountId;
      delete aws.accountId;
    },
  },
  {
    name: 'missing required field in an environment',
    file: ENV,
    path: 'staging.protection',
    fragment: 'is required',
    mutate: (s) => void delete envs(s).staging.protection,
  },
  {
    name: 'environment name with upper case',
    file: ENV,
    path: 'Dev',
    fragment: 'environment name must start with a lowercase letter',
    mutate: (s) => {
      envs(s).Dev = envs(s).dev;
      delete envs(s).dev;
    },
  },
  {
    name: 'reserved environment name',
    file: ENV,
    path: 'platform',
    fragment: 'is reserved',
    mutate: (s) => {
      envs(s).platform = envs(s).dev;
      delete envs(s).dev;
    },
  },
  {
    name: 'environment name too long for generated names',
    file: ENV,
    path: 'development-eu',
    fragment: 'at most 12 characters',
    mutate: (s) => {
      envs(s)['development-eu'] = envs(s).dev;
      delete envs(s).dev;
    },
  },
  {
    name: 'protection level not allowed',
    file: ENV,
    path: 'prod.protection',
    fragment: 'is not an allowed value',
    mutate: (s) => void (envs(s).prod.protection = 'paranoid'),
  },
  {
    name: 'account email not an email',
    file: ENV,
    path: 'dev.aws.accountEmail',
    fragment: 'must be an email address',
    mutate: (s) => void (envs(s).dev.aws.accountEmail = 'aws-dev-at-example.com'),
  },
  {
    name: 'account id not 12 digits',
    file: ENV,
    path: 'prod.aws.accountId',
    fragment: 'must be a 12-digit AWS account id',
    mutate: (s) => void (envs(s).prod.aws.accountId = '3333-3333-3333'),
  },
  {
    name: 'duplicate account ids',
    file: ENV,
    path: 'staging.aws.accountId',
    fragment: 'is also the account of environment "dev"',
    mutate: (s) => void (envs(s).staging.aws.accountId = envs(s).dev.aws.accountId),
  },
  {
    name: 'workload environment in the management account',
    file: ENV,
    path: 'dev.aws.accountId',
    fragment: 'is the management account',
    mutate: (s) => void (envs(s).dev.aws.accountId = platform(s).aws.managementAccountId),
  },
  {
    name: 'region outside the allow-list',
    file: ENV,
    path: 'prod.aws.region',
    fragment: "is not in the platform's allowed regions",
    mutate: (s) => void (envs(s).prod.aws.region = 'us-east-1'),
  },
  {
    name: 'lowercase Snowflake identifier',
    file: ENV,
    path: 'dev.snowflake.accountName',
    fragment: 'unquoted Snowflake identifier in upper case',
    mutate: (s) => void (envs(s).dev.snowflake.accountName = 'acme_nonprod'),
  },
  {
    name: 'quoted Snowflake identifier',
    file: ENV,
    path: 'prod.snowflake.organizationName',
    fragment: 'unquoted Snowflake identifier in upper case',
    mutate: (s) => void (envs(s).prod.snowflake.organizationName = '"ACMEORG"'),
  },
  {
    name: 'invalid default warehouse size',
    file: ENV,
    path: 'dev.defaults.warehouseSize',
    fragment: 'is not an allowed value',
    mutate: (s) => void (envs(s).dev.defaults.warehouseSize = 'HUGE'),
  },
  {
    name: 'default quota <= 0',
    file: ENV,
    path: 'dev.defaults.monthlyCreditQuota',
    fragment: 'must be greater than 0',
    mutate: (s) => void (envs(s).dev.defaults.monthlyCreditQuota = 0),
  },
  {
    name: 'CI setting of an environment not a boolean',
    file: ENV,
    path: 'prod.ci.deployFromMainOnly',
    fragment: 'expected boolean',
    mutate: (s) => void (envs(s).prod.ci = { deployFromMainOnly: 'yes' }),
  },
  {
    name: "unknown field (typo) in an environment's registry settings",
    file: ENV,
    path: 'dev.ecr.requireImmutableTag',
    fragment: 'unknown field "requireImmutableTag" (did you mean "requireImmutableTags"?)',
    mutate: (s) => void (envs(s).dev.ecr = { requireImmutableTag: false }),
  },
  {
    name: 'stack names of an environment and a team collide',
    file: 'config/teams/integration.ts',
    path: 'name',
    fragment:
      'makes the stack name "dev-data-integration-aws", which team "data-integration" in environment "dev" also makes',
    mutate: (s) => {
      envs(s)['dev-data'] = {
        ...structuredClone(envs(s).dev),
        aws: { ...envs(s).dev.aws, accountId: '444444444444', accountEmail: 'aws-dev-data@example.com' },
        snowflake: { ...envs(s).dev.snowflake, accountName: 'ACME_DEVDATA' },
      };
      const t = copyOf(s, 'telehealth');
      t.name = 'integration';
      t.environments = ['dev-data'];
      delete t.aws.dataBucket;
      addTeam(s, 'config/teams/integration.ts', t);
    },
  },

  // ------------------------------------------------------------------------------------------- platform
  {
    name: 'unknown field (typo) in the platform',
    file: PLATFORM,
    path: 'namePrefx',
    fragment: 'unknown field "namePrefx" (did you mean "namePrefix"?)',
    mutate: (s) => {
      platform(s).namePrefx = platform(s).namePrefix;
      delete platform(s).namePrefix;
    },
  },
  {
    name: 'missing required platform field',
    file: PLATFORM,
    path: 'stateBackend',
    fragment: 'is required',
    mutate: (s) => void delete platform(s).stateBackend,
  },
  {
    name: 'platform CircleCI project id not a UUID',
    file: PLATFORM,
    path: 'circleci.projectId',
    fragment: 'must be a lowercase UUID',
    mutate: (s) => void (platform(s).circleci.projectId = 'data-platform-infra'),
  },
  {
    name: 'state bucket name S3 would reject',
    file: PLATFORM,
    path: 'stateBackend.bucket',
    fragment: 'must be a valid S3 bucket name',
    mutate: (s) => void (platform(s).stateBackend.bucket = 'Acme_State'),
  },
  {
    name: 'resource monitor thresholds not ascending',
    file: PLATFORM,
    path: 'guardrails.resourceMonitor',
    fragment: 'strictly ascending',
    mutate: (s) => void (platform(s).guardrails.resourceMonitor.notifyPercents = [90, 75]),
  },
  {
    name: 'unknown environment key in a per-environment value',
    file: PLATFORM,
    path: 'snowflake.biWarehouse.size.prd',
    fragment: '"prd" is not an environment (did you mean "prod"?)',
    mutate: (s) => void (platform(s).snowflake.biWarehouse.size = { default: 'XSMALL', prd: 'SMALL' }),
  },
  {
    name: 'per-environment value missing an environment, no default',
    file: PLATFORM,
    path: 'snowflake.biWarehouse.monthlyCreditQuota',
    fragment: 'has no value for prod',
    mutate: (s) => void (platform(s).snowflake.biWarehouse.monthlyCreditQuota = { dev: 5, staging: 10 }),
  },
  {
    name: 'platform quota <= 0',
    file: PLATFORM,
    path: 'snowflake.biWarehouse.monthlyCreditQuota.prod',
    fragment: 'must be greater than 0',
    mutate: (s) => void (platform(s).snowflake.biWarehouse.monthlyCreditQuota = { default: 20, prod: -1 }),
  },
  {
    name: 'private key pasted as a BI user key',
    file: PLATFORM,
    path: 'snowflake.biServiceUsers[0].rsaPublicKey',
    fragment: 'contains a PRIVATE KEY',
    mutate: (s) => void (platform(s).snowflake.biServiceUsers[0].rsaPublicKey = PRIVATE_PEM),
  },
  {
    name: 'private key pasted in a comment',
    file: PLATFORM,
    path: 'snowflake.biServiceUsers[0].comment',
    fragment: 'contains a PRIVATE KEY',
    mutate: (s) => void (platform(s).snowflake.biServiceUsers[0].comment = `key: ${PRIVATE_PEM}`),
  },
  {
    name: 'suppression of an unknown rule (typo)',
    file: PLATFORM,
    path: 'suppressions[0].rule',
    fragment: 'is not a known guardrail rule (did you mean "s3-versioning"?)',
    mutate: (s) =>
      void (platform(s).suppressions = [
        { rule: 's3-versoning', path: '**', reason: 'Scratch buckets hold nothing worth keeping' },
      ]),
  },
  {
    name: 'suppression with a short reason',
    file: PLATFORM,
    path: 'suppressions[0].reason',
    fragment: 'at least 20 characters',
    mutate: (s) => void (platform(s).suppressions = [{ rule: 's3-versioning', path: '**', reason: 'not needed' }]),
  },
  {
    name: 'suppression without a reason',
    file: PLATFORM,
    path: 'suppressions[0].reason',
    fragment: 'is required',
    mutate: (s) => void (platform(s).suppressions = [{ rule: 's3-versioning', path: '**' }]),
  },
  {
    name: 'suppression of an unsuppressible rule',
    file: PLATFORM,
    path: 'suppressions[0].rule',
    fragment: 'cannot be suppressed',
    mutate: (s) =>
      void (platform(s).suppressions = [
        { rule: 'deletion-protection', path: 'prod-*/**', reason: 'We need to recreate the production database' },
      ]),
  },

  // ------------------------------------------------------------------------------------------- teams
  {
    name: 'unknown field (typo) in a team',
    file: TH,
    path: 'snowflake.warehouse',
    fragment: 'unknown field "warehouse" (did you mean "warehouses"?)',
    mutate: (s) => {
      const sf = team(s, 'telehealth').snowflake;
      sf.warehouse = sf.warehouses;
      delete sf.warehouses;
    },
  },
  {
    name: 'missing required team field',
    file: PA,
    path: 'description',
    fragment: 'is required',
    mutate: (s) => void delete team(s, 'product-analytics').description,
  },
  {
    name: 'team name with invalid characters',
    file: TH,
    path: 'name',
    fragment: 'must start with a lowercase letter',
    mutate: (s) => void (team(s, 'telehealth').name = 'Tele_Health'),
  },
  {
    name: 'team name does not match its file',
    file: TH,
    path: 'name',
    fragment: 'must match the file name',
    mutate: (s) => void (team(s, 'telehealth').name = 'tele-health'),
  },
  {
    name: 'duplicate team names',
    file: 'config/teams/telehealth-copy.ts',
    path: 'name',
    fragment: 'is also the name of the team in config/teams/telehealth.ts',
    mutate: (s) => addTeam(s, 'config/teams/telehealth-copy.ts', copyOf(s, 'telehealth')),
  },
  {
    name: 'near-duplicate team names',
    file: 'config/teams/dataintegration.ts',
    path: 'name',
    fragment: 'collides with team "data-integration"',
    mutate: (s) => {
      const t = copyOf(s, 'telehealth');
      t.name = 'dataintegration';
      addTeam(s, 'config/teams/dataintegration.ts', t);
    },
  },
  {
    name: 'reserved team name',
    file: 'config/teams/platform.ts',
    path: 'name',
    fragment: 'is reserved',
    mutate: (s) => {
      const t = copyOf(s, 'telehealth');
      t.name = 'platform';
      addTeam(s, 'config/teams/platform.ts', t);
    },
  },
  {
    name: 'owner not an email',
    file: TH,
    path: 'owners[0]',
    fragment: 'must be an email address',
    mutate: (s) => void (team(s, 'telehealth').owners = ['Ada Nwosu']),
  },
  {
    name: "unknown environment in a team's environments",
    file: TH,
    path: 'environments[1]',
    fragment: 'is not a configured environment',
    mutate: (s) => void (team(s, 'telehealth').environments = ['dev', 'qa']),
  },
  {
    name: 'unknown environment key in a warehouse size',
    file: DI,
    path: 'snowflake.warehouses[0].size.prd',
    fragment: '"prd" is not an environment (did you mean "prod"?)',
    mutate: (s) =>
      void (team(s, 'data-integration').snowflake.warehouses[0].size = { default: 'XSMALL', prd: 'SMALL' }),
  },
  {
    name: 'per-environment quota missing prod, no default',
    file: DI,
    path: 'snowflake.warehouses[1].monthlyCreditQuota',
    fragment: 'has no value for prod',
    mutate: (s) =>
      void (team(s, 'data-integration').snowflake.warehouses[1].monthlyCreditQuota = { dev: 5, staging: 10 }),
  },
  {
    name: 'invalid warehouse size',
    file: DI,
    path: 'snowflake.warehouses[1].size.prod',
    fragment: 'is not an allowed value',
    mutate: (s) =>
      void (team(s, 'data-integration').snowflake.warehouses[1].size = { default: 'XSMALL', prod: 'MEGA' }),
  },
  {
    name: 'warehouse quota <= 0',
    file: TH,
    path: 'snowflake.warehouses[0].monthlyCreditQuota',
    fragment: 'must be greater than 0',
    mutate: (s) => void (team(s, 'telehealth').snowflake.warehouses[0].monthlyCreditQuota = 0),
  },
  {
    name: 'auto-suspend above the guardrail',
    file: PA,
    path: 'snowflake.warehouses[0].autoSuspendSeconds',
    fragment: 'is above the platform guardrail',
    mutate: (s) => void (team(s, 'product-analytics').snowflake.warehouses[0].autoSuspendSeconds = 3600),
  },
  {
    name: 'lowercase schema name',
    file: DI,
    path: 'snowflake.schemas[0].name',
    fragment: 'unquoted Snowflake identifier in upper case',
    mutate: (s) => void (team(s, 'data-integration').snowflake.schemas[0].name = 'raw'),
  },
  {
    name: 'quoted warehouse name',
    file: TH,
    path: 'snowflake.warehouses[0].name',
    fragment: 'unquoted Snowflake identifier in upper case',
    mutate: (s) => void (team(s, 'telehealth').snowflake.warehouses[0].name = '"App"'),
  },
  {
    name: 'Snowflake identifier over 64 characters',
    file: TH,
    path: 'snowflake.schemas[1].name',
    fragment: 'must be at most 64 characters',
    mutate: (s) => void (team(s, 'telehealth').snowflake.schemas[1].name = `M${'X'.repeat(64)}`),
  },
  {
    name: 'duplicate schema',
    file: DI,
    path: 'snowflake.schemas[2].name',
    fragment: 'is declared twice',
    mutate: (s) => void (team(s, 'data-integration').snowflake.schemas[2].name = 'RAW'),
  },
  {
    name: 'read of an unknown team',
    file: PA,
    path: 'snowflake.reads[0]',
    fragment: 'names a team that does not exist',
    mutate: (s) => void (team(s, 'product-analytics').snowflake.reads = ['data-integratoin.CURATED']),
  },
  {
    name: 'read of an unknown schema',
    file: TH,
    path: 'snowflake.reads[1]',
    fragment: 'names a schema that team "product-analytics" does not have',
    mutate: (s) => void (team(s, 'telehealth').snowflake.reads[1] = 'product-analytics.GOLD'),
  },
  {
    name: "read of the team's own data",
    file: TH,
    path: 'snowflake.reads[0]',
    fragment: "is the team's own data",
    mutate: (s) => void (team(s, 'telehealth').snowflake.reads[0] = 'telehealth.EVENTS'),
  },
  {
    name: 'read that is not "<team>.<SCHEMA>"',
    file: PA,
    path: 'snowflake.reads[0]',
    fragment: 'must name a dataset as "<team>.<SCHEMA>"',
    mutate: (s) => void (team(s, 'product-analytics').snowflake.reads = ['CURATED']),
  },
  {
    name: 'private key (PEM) pasted as a service user key',
    file: TH,
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment: 'contains a PRIVATE KEY',
    mutate: (s) => void (team(s, 'telehealth').snowflake.serviceUsers[0].rsaPublicKey = PRIVATE_PEM),
  },
  {
    name: 'private key body pasted without its header',
    file: DI,
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment: 'is the body of a PRIVATE KEY',
    mutate: (s) => void (team(s, 'data-integration').snowflake.serviceUsers[0].rsaPublicKey = PRIVATE_BODY),
  },
  {
    name: 'private key pasted into a team description',
    file: PA,
    path: 'description',
    fragment: 'contains a PRIVATE KEY',
    mutate: (s) => void (team(s, 'product-analytics').description = `dbt key ${PRIVATE_PEM}`),
  },
  {
    name: 'public key with PEM header lines',
    file: PA,
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment: 'without the -----BEGIN/END PUBLIC KEY----- lines',
    mutate: (s) => void (team(s, 'product-analytics').snowflake.serviceUsers[0].rsaPublicKey = PUBLIC_PEM),
  },
  {
    name: "service user default warehouse not the team's",
    file: DI,
    path: 'snowflake.serviceUsers[0].defaultWarehouse',
    fragment: "is not one of this team's warehouses",
    mutate: (s) => void (team(s, 'data-integration').snowflake.serviceUsers[0].defaultWarehouse = 'ANALYTICS'),
  },
  {
    name: 'CircleCI project id not a UUID',
    file: TH,
    path: 'aws.circleciProjectIds[1]',
    fragment: 'must be a lowercase UUID',
    mutate: (s) => void (team(s, 'telehealth').aws.circleciProjectIds[1] = 'call-quality'),
  },
  {
    name: 'repository name ECR would reject',
    file: TH,
    path: 'aws.ecrRepositories[0].name',
    fragment: 'ECR repository rules',
    mutate: (s) => void (team(s, 'telehealth').aws.ecrRepositories[0].name = 'Call_Quality'),
  },
  {
    name: 'generated S3 bucket name over 63 characters',
    file: 'config/teams/customer-experience-research-and-insights-lab.ts',
    path: 'name',
    fragment: 'S3 bucket name',
    mutate: (s) => {
      const t = copyOf(s, 'telehealth');
      t.name = 'customer-experience-research-and-insights-lab';
      t.snowflake.reads = [];
      addTeam(s, 'config/teams/customer-experience-research-and-insights-lab.ts', t);
    },
  },
  {
    name: 'generated IAM role name over 64 characters',
    file: `config/teams/${long(56)}.ts`,
    path: 'name',
    fragment: 'IAM role name',
    mutate: (s) => {
      const t = copyOf(s, 'product-analytics');
      t.name = long(56);
      addTeam(s, `config/teams/${long(56)}.ts`, t);
    },
  },
  {
    name: 'generated ECR repository name over 256 characters',
    file: TH,
    path: 'aws.ecrRepositories[1].name',
    fragment: 'ECR repository name',
    mutate: (s) => void (team(s, 'telehealth').aws.ecrRepositories[1].name = long(250)),
  },
  {
    name: 'generated Snowflake identifier over 255 characters',
    file: `config/teams/${long(250)}.ts`,
    path: 'name',
    fragment: 'Snowflake identifier',
    mutate: (s) => {
      const t = copyOf(s, 'product-analytics');
      t.name = long(250);
      addTeam(s, `config/teams/${long(250)}.ts`, t);
    },
  },
  {
    name: 'team suppression of an unsuppressible rule',
    file: TH,
    path: 'suppressions[0].rule',
    fragment: 'cannot be suppressed',
    mutate: (s) =>
      void (team(s, 'telehealth').suppressions = [
        { rule: 'iam-no-admin-wildcard', path: '**', reason: 'Our CI role needs to do everything' },
      ]),
  },
];

function seededOutdir(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bad-input-'));
  fs.mkdirSync(path.join(outdir, 'stacks', 'old-stack'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'stacks', 'old-stack', 'cdk.tf.json'), '{}');
  fs.writeFileSync(path.join(outdir, 'manifest.json'), '{}');
  return outdir;
}

describe('bad input catalogue', () => {
  it('starts from a valid example with enough cases', () => {
    expect(loadIssues).toEqual([]);
    const result = validateConfig(example, { rules: GUARDRAIL_RULES });
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(CASES.length).toBeGreaterThanOrEqual(35);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const sources = structuredClone(example) as Sources;
    c.mutate(sources);
    const outdir = seededOutdir();
    const errors: string[] = [];
    const logs: string[] = [];
    try {
      const code = await runSynth({
        load: () => validateConfig(sources, { rules: GUARDRAIL_RULES }),
        options: { mode: 'offline', awsAuth: 'assume-role' },
        outdir,
        log: (l) => logs.push(l),
        error: (l) => errors.push(l),
      });
      const printed = errors.join('\n');
      expect(code).toBe(1);
      expect(logs).toEqual([]);
      // One line names the file and the field, and says what is wrong.
      const line = printed.split('\n').find((l) => l.startsWith(`✖ ${c.file} › ${c.path}: `) && l.includes(c.fragment));
      expect({ line, printed: line ? '' : printed }).toEqual({ line: expect.any(String), printed: '' });
      expect(printed).toMatch(/^Invalid configuration: \d+ problems? in \d+ files?\. Nothing was synthesized\./);
      // The stale output is gone: nothing that could be mistaken for this run's result.
      expect(fs.existsSync(path.join(outdir, 'stacks'))).toBe(false);
      expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('bad input through the real CLI (npm run synth)', () => {
  const repo = path.resolve(__dirname, '..', '..');
  // Inside the repository, so the copied config files resolve zod and our modules from node_modules.
  const work = path.join(repo, '.cache', `test-bad-input-${process.pid}`);
  const configDir = path.join(work, 'config');

  beforeAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    fs.cpSync(path.join(repo, 'config'), configDir, { recursive: true });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function cli(teamFile: string, source: string) {
    const outdir = path.join(work, 'out');
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(path.join(outdir, 'stacks', 'old-stack'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'old-stack', 'cdk.tf.json'), '{}');
    fs.writeFileSync(path.join(configDir, 'teams', teamFile), source);
    try {
      execFileSync('npm', ['run', '--silent', 'synth'], {
        cwd: repo,
        env: {
          ...process.env,
          DATA_PLATFORM_CONFIG_DIR: configDir,
          CDKTF_OUTDIR: outdir,
          DATA_PLATFORM_MODE: 'offline',
        },
        encoding: 'utf8',
        stdio: 'pipe',
      });
      return { code: 0, stderr: '', stacks: fs.existsSync(path.join(outdir, 'stacks')) };
    } catch (e: any) {
      return { code: e.status as number, stderr: String(e.stderr), stacks: fs.existsSync(path.join(outdir, 'stacks')) };
    } finally {
      fs.rmSync(path.join(configDir, 'teams', teamFile), { force: true });
    }
  }

  const header = "import { defineTeam } from '../define';\n\nexport default defineTeam(";

  it('a team file with a typo and a pasted private key: exit 1, file and fields named, no stack output', () => {
    const team = {
      name: 'ml-platform',
      description: 'Feature store',
      owners: ['ml@example.com'],
      costCenter: 'CC-4004',
      snowflake: {
        schemas: [{ name: 'FEATURES' }],
        warehouses: [{ name: 'TRAIN', autoSuspendSecond: 60 }],
        serviceUsers: [{ name: 'TRAINER', rsaPublicKey: PRIVATE_PEM, defaultWarehouse: 'TRAIN' }],
      },
    };
    const result = cli('ml-platform.ts', `${header}${JSON.stringify(team, null, 2)} as any);\n`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('✖ .cache/');
    expect(result.stderr).toMatch(
      /config\/teams\/ml-platform\.ts › snowflake\.warehouses\[0\]\.autoSuspendSecond: unknown field "autoSuspendSecond" \(did you mean "autoSuspendSeconds"\?\)/,
    );
    expect(result.stderr).toMatch(
      /config\/teams\/ml-platform\.ts › snowflake\.serviceUsers\[0\]\.rsaPublicKey: contains a PRIVATE KEY/,
    );
    expect(result.stacks).toBe(false);
  });

  it('a team file that does not compile: exit 1, the file named, no stack output', () => {
    const result = cli('broken.ts', `${header}{ name: 'broken', \n`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/config\/teams\/broken\.ts: could not be loaded/);
    expect(result.stacks).toBe(false);
  });
});

/**
 * The first cases of the catalogue: one wrong value at a time in each file (typos, missing fields, names, references,
 * limits, private keys in the obvious places, suppressions). The classes of issue 13 have their own tables.
 */
import { addTeam, type Case, copyOf, DI, ENV, envs, long, PA, PLATFORM, platform, TH, team } from './harness';
import { example } from './harness';

const PUBLIC_KEY = (example.teams[0].value as any).snowflake.serviceUsers[0].rsaPublicKey as string;
/** A private key that is no key at all: its PEM header and the first bytes of a PKCS#8 body (test material). */
export const PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
/** The first 84 bytes of a PKCS#8 body, not a key (test material): only its structure says what it was cut from. */
const PRIVATE_BODY =
  'MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCRONxil7g7rqk+XQYJQM6CYitGJ3nOEt2D1Rk7x5NPjNTbL1bqCj2TmSZ8PmX0';
const PUBLIC_PEM = `-----BEGIN PUBLIC KEY-----\n${PUBLIC_KEY}\n-----END PUBLIC KEY-----`;

export const BASIC_CASES: Case[] = [
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
    fragment: 'must be at least 1 credit',
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
    fragment: 'must be at least 1 credit',
    mutate: (s) => void (platform(s).snowflake.biWarehouse.monthlyCreditQuota = { default: 20, prod: -1 }),
  },
  {
    name: 'private key pasted as a BI user key',
    file: PLATFORM,
    path: 'snowflake.biServiceUsers[0].rsaPublicKey',
    fragment: 'is a PRIVATE KEY (PEM)',
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
    fragment: 'at least 20 visible characters',
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
    fragment: 'must be at least 1 credit',
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
    fragment: 'is a PRIVATE KEY (PEM)',
    mutate: (s) => void (team(s, 'telehealth').snowflake.serviceUsers[0].rsaPublicKey = PRIVATE_PEM),
  },
  {
    name: 'private key body pasted without its header',
    file: DI,
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment: 'is a PRIVATE KEY (PKCS#8)',
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

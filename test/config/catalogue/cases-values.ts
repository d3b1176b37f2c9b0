/**
 * Values that a pattern alone let through: whole credit quotas in a sane range, at most 5 notify thresholds, IPv4
 * ranges parsed strictly (and /0 only with a reason), required text that says something visible, suppression paths
 * that name a construct, AWS regions from AWS's list, Snowflake keywords and built-in schemas as unprefixed names.
 */
import {
  addTeam,
  type Case,
  copyOf,
  DI,
  ENV,
  envs,
  PA,
  PLATFORM,
  platform,
  type Sources,
  TH,
  team,
  uniqueKey,
} from './harness';

const svc = (s: Sources) => team(s, 'telehealth').snowflake.serviceUsers[0];
const IPS = 'snowflake.serviceUsers[0].allowedIpList';

const ip = (name: string, value: string, fragment: string): Case => ({
  name: `network policy address: ${name}`,
  file: TH,
  path: `${IPS}[0]`,
  fragment,
  mutate: (s) => void (svc(s).allowedIpList = [value]),
});

const suppressionPath = (name: string, file: string, value: string): Case => ({
  name: `suppression path that names no construct: ${name}`,
  file,
  path: 'suppressions[0].path',
  fragment: 'names no construct',
  mutate: (s) => {
    const target = file === PLATFORM ? platform(s) : team(s, 'telehealth');
    target.suppressions = [
      { rule: 'ecr-immutable-tags', path: value, reason: 'Load-test images are re-tagged; agreed in INFRA-231' },
    ];
  },
});

const reason = (name: string, value: string, fragment: string): Case => ({
  name: `suppression reason: ${name}`,
  file: TH,
  path: 'suppressions[0].reason',
  fragment,
  mutate: (s) =>
    void (team(s, 'telehealth').suppressions = [
      { rule: 'ecr-immutable-tags', path: 'staging-telehealth-aws/workspace/ecr-*/repository', reason: value },
    ]),
});

export const VALUE_CASES: Case[] = [
  // ------------------------------------------------------------------------------------------- credits
  {
    name: 'fractional warehouse credit quota',
    file: TH,
    path: 'snowflake.warehouses[0].monthlyCreditQuota.default',
    fragment: 'must be a whole number of credits',
    mutate: (s) =>
      void (team(s, 'telehealth').snowflake.warehouses[0].monthlyCreditQuota = { default: 12.5, prod: 60 }),
  },
  {
    name: 'fractional default credit quota of an environment',
    file: ENV,
    path: 'staging.defaults.monthlyCreditQuota',
    fragment: 'must be a whole number of credits',
    mutate: (s) => void (envs(s).staging.defaults.monthlyCreditQuota = 7.5),
  },
  {
    name: 'absurdly large BI credit quota',
    file: PLATFORM,
    path: 'snowflake.biWarehouse.monthlyCreditQuota.prod',
    fragment: 'must be at most 100000 credits a month',
    mutate: (s) => void (platform(s).snowflake.biWarehouse.monthlyCreditQuota = { default: 20, prod: 3e9 }),
  },
  {
    name: 'more notify thresholds than Snowflake allows',
    file: PLATFORM,
    path: 'guardrails.resourceMonitor.notifyPercents',
    fragment: 'must have at most 5 entries: Snowflake allows 5 notify thresholds',
    mutate: (s) => void (platform(s).guardrails.resourceMonitor.notifyPercents = [50, 60, 70, 75, 80, 90]),
  },

  // ------------------------------------------------------------------------------------------- IPv4
  ip('a part over 255', '999.1.1.1/32', '"999.1.1.1" is not one'),
  ip('prefix length over 32', '203.0.113.10/33', 'has the prefix length /33'),
  ip('host bits set', '10.0.0.1/24', 'has host bits set: 10.0.0.1/24 is inside the network 10.0.0.0/24'),
  ip('IPv6', '2001:db8::/32', 'is an IPv6 address'),
  ip('short form', '127.1', '"127.1" is not one'),
  ip('leading zero (octal to some parsers)', '010.0.0.1', '"010.0.0.1" is not one'),
  ip('leading space', ' 203.0.113.10', 'must be an IPv4 address'),
  ip('prefix length with a leading zero', '203.0.113.0/024', 'has the prefix length "/024"'),
  ip('newline after the address', '203.0.113.10\n', '"203.0.113.10\\n" is not one'),
  ip('newline after the prefix length (once a crash)', '203.0.113.0/24\n', 'has the prefix length "/24\\n"'),
  {
    name: 'network policy with an empty address list',
    file: TH,
    path: IPS,
    fragment: 'must list at least one address',
    mutate: (s) => void (svc(s).allowedIpList = []),
  },
  {
    name: 'network policy open to every address (0.0.0.0/0) without a reason',
    file: TH,
    path: `${IPS}[1]`,
    fragment: 'allows every IPv4 address',
    mutate: (s) => void (svc(s).allowedIpList = ['203.0.113.10/32', '0.0.0.0/0']),
  },
  {
    name: 'allowAnyIp without a /0 to allow',
    file: TH,
    path: 'snowflake.serviceUsers[0].allowAnyIp',
    fragment: 'is set, but allowedIpList has no /0 range',
    mutate: (s) => void (svc(s).allowAnyIp = { reason: 'The vendor rotates its egress addresses weekly' }),
  },
  {
    name: 'allowAnyIp with a reason of spaces',
    file: TH,
    path: 'snowflake.serviceUsers[0].allowAnyIp.reason',
    fragment: 'must have at least 20 visible characters (it has 0)',
    mutate: (s) => {
      svc(s).allowedIpList = ['0.0.0.0/0'];
      svc(s).allowAnyIp = { reason: ' '.repeat(30) };
    },
  },

  // ------------------------------------------------------------------------------------------- required text
  {
    name: 'team description of spaces',
    file: PA,
    path: 'description',
    fragment: 'must not be empty or only whitespace',
    mutate: (s) => void (team(s, 'product-analytics').description = '     '),
  },
  {
    name: 'team description of no-break and ideographic spaces',
    file: PA,
    path: 'description',
    fragment: 'must not be empty or only whitespace',
    mutate: (s) => void (team(s, 'product-analytics').description = '\u00a0\u3000\u2003'),
  },
  {
    name: 'team description with a zero-width space',
    file: DI,
    path: 'description',
    fragment: 'contains invisible characters (U+200B)',
    mutate: (s) => void (team(s, 'data-integration').description = 'Ingests source\u200b systems.'),
  },
  {
    name: 'environment description of tabs and newlines',
    file: ENV,
    path: 'prod.description',
    fragment: 'must not be empty or only whitespace',
    mutate: (s) => void (envs(s).prod.description = '\t\n\t'),
  },
  {
    name: 'schema comment of spaces',
    file: DI,
    path: 'snowflake.schemas[0].comment',
    fragment: 'must not be empty or only whitespace',
    mutate: (s) => void (team(s, 'data-integration').snowflake.schemas[0].comment = '  '),
  },
  {
    name: 'warehouse comment that is one invisible character',
    file: TH,
    path: 'snowflake.warehouses[0].comment',
    fragment: 'contains invisible characters (U+2060)',
    mutate: (s) => void (team(s, 'telehealth').snowflake.warehouses[0].comment = '\u2060'),
  },
  {
    name: 'AWS account name of spaces',
    file: ENV,
    path: 'dev.aws.accountName',
    fragment: 'must not be empty or only whitespace',
    mutate: (s) => void (envs(s).dev.aws.accountName = '   '),
  },
  reason('25 zero-width spaces', '\u200b'.repeat(25), 'must explain why, in at least 20 visible characters'),
  reason(
    'right-to-left override inside',
    'Agreed with \u202edata-infra in INFRA-231',
    'contains invisible characters (U+202E)',
  ),
  reason('30 spaces', ' '.repeat(30), 'must explain why, in at least 20 visible characters'),
  {
    name: 'suppression rule of spaces',
    file: TH,
    path: 'suppressions[0].rule',
    fragment: 'must not be empty or only whitespace',
    mutate: (s) =>
      void (team(s, 'telehealth').suppressions = [
        { rule: '  ', path: 'staging-telehealth-aws/workspace/ci-role', reason: 'Agreed with data-infra in INFRA-231' },
      ]),
  },
  suppressionPath('"*"', PLATFORM, '*'),
  suppressionPath('"**"', TH, '**'),
  suppressionPath('every prod stack', PLATFORM, 'prod-*/**'),
  suppressionPath('a whole stack', TH, 'staging-telehealth-aws'),
  suppressionPath('a stack and wildcards', TH, 'staging-telehealth-aws/**/*'),

  // ------------------------------------------------------------------------------------------- regions
  {
    name: 'environment region typo',
    file: ENV,
    path: 'prod.aws.region',
    fragment: 'is not an AWS region (did you mean "eu-west-1"?)',
    mutate: (s) => void (envs(s).prod.aws.region = 'eu-wset-1'),
  },
  {
    name: 'management region that does not exist',
    file: PLATFORM,
    path: 'aws.managementRegion',
    fragment: 'is not an AWS region',
    mutate: (s) => void (platform(s).aws.managementRegion = 'us-east-7'),
  },
  {
    name: 'allowed region typo',
    file: PLATFORM,
    path: 'aws.allowedRegions[1]',
    fragment: 'is not an AWS region (did you mean "eu-central-1"?)',
    mutate: (s) => void (platform(s).aws.allowedRegions = ['eu-west-1', 'eu-centrel-1']),
  },
  {
    name: 'state bucket region in upper case',
    file: PLATFORM,
    path: 'stateBackend.region',
    fragment: 'is not an AWS region (did you mean "eu-west-1"?)',
    mutate: (s) => void (platform(s).stateBackend.region = 'EU-WEST-1'),
  },
  {
    name: 'region of a partition the platform does not build for',
    file: PLATFORM,
    path: 'aws.allowedRegions[1]',
    fragment: 'is in the partition aws-iso',
    mutate: (s) => void (platform(s).aws.allowedRegions = ['eu-west-1', 'us-iso-east-1']),
  },

  // ------------------------------------------------------------------------------------------- Snowflake names
  {
    name: 'schema named like a Snowflake keyword',
    file: DI,
    path: 'snowflake.schemas[2].name',
    fragment: 'is a Snowflake reserved keyword',
    mutate: (s) => void (team(s, 'data-integration').snowflake.schemas[2].name = 'SELECT'),
  },
  {
    name: 'schema PUBLIC',
    file: TH,
    path: 'snowflake.schemas[1].name',
    fragment: 'is a schema every Snowflake database already has',
    mutate: (s) => void (team(s, 'telehealth').snowflake.schemas[1].name = 'PUBLIC'),
  },
  {
    name: 'schema INFORMATION_SCHEMA',
    file: TH,
    path: 'snowflake.schemas[1].name',
    fragment: 'is a schema every Snowflake database already has',
    mutate: (s) => void (team(s, 'telehealth').snowflake.schemas[1].name = 'INFORMATION_SCHEMA'),
  },
  {
    name: 'BI user named like a keyword (unprefixed in prod)',
    file: PLATFORM,
    path: 'snowflake.biServiceUsers[0].name',
    fragment: 'is a Snowflake reserved keyword, and environment "prod" uses it unprefixed',
    mutate: (s) => void (platform(s).snowflake.biServiceUsers[0].name = 'GRANT'),
  },
  {
    name: 'deploy user named like a keyword',
    file: ENV,
    path: 'prod.snowflake.deployUser.name',
    fragment: 'is a Snowflake reserved keyword',
    mutate: (s) => void (envs(s).prod.snowflake.deployUser.name = 'SELECT'),
  },
  {
    name: 'team whose prod database name is a keyword',
    file: 'config/teams/group.ts',
    path: 'name',
    fragment: 'makes the database name "GROUP" in environment "prod", a Snowflake reserved keyword',
    mutate: (s) => {
      const t = copyOf(s, 'product-analytics');
      t.name = 'group';
      t.snowflake.serviceUsers[0].rsaPublicKey = uniqueKey('group');
      t.aws.circleciProjectIds = [];
      addTeam(s, 'config/teams/group.ts', t);
    },
  },
  {
    name: 'GitHub owner that GitHub would not allow',
    file: PLATFORM,
    path: 'github.owner',
    fragment: 'must be a GitHub user or organization name',
    mutate: (s) => void (platform(s).github.owner = 'acme corp'),
  },
];

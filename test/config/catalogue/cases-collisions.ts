/**
 * Collisions across teams and with the platform: one CircleCI project for two owners, one public key for two users
 * (compared decoded), a user named like the deploy user, the state bucket named like a generated bucket, and S3's
 * naming rules for the state bucket.
 */
import {
  addTeam,
  type Case,
  copyOf,
  DI,
  envs,
  PA,
  PLATFORM,
  platform,
  type Sources,
  TH,
  team,
  uniqueKey,
} from './harness';

/** A copy of a team under another name, with keys and CircleCI projects of its own (so only the case's change collides). */
function freshTeam(s: Sources, base: string, name: string): any {
  const t = copyOf(s, base);
  t.name = name;
  for (const [i, u] of t.snowflake.serviceUsers.entries()) u.rsaPublicKey = uniqueKey(`${name}/${i}`);
  t.aws.circleciProjectIds = t.aws.circleciProjectIds.map(
    (_: string, i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  t.snowflake.reads = [];
  return t;
}

const bucket = (name: string, value: string, fragment: string): Case => ({
  name: `state bucket name: ${name}`,
  file: PLATFORM,
  path: 'stateBackend.bucket',
  fragment: `must be a valid S3 bucket name: it ${fragment}`,
  mutate: (s) => void (platform(s).stateBackend.bucket = value),
});

export const COLLISION_CASES: Case[] = [
  // ------------------------------------------------------------------------------------------- CircleCI projects
  {
    name: 'the same CircleCI project id in two teams',
    file: PA,
    path: 'aws.circleciProjectIds[0]',
    fragment:
      'is also a project of team "data-integration" (config/teams/data-integration.ts › aws.circleciProjectIds)',
    mutate: (s) =>
      void (team(s, 'product-analytics').aws.circleciProjectIds = [
        team(s, 'data-integration').aws.circleciProjectIds[0],
      ]),
  },
  {
    name: "a team's CircleCI project id is the platform's own",
    file: TH,
    path: 'aws.circleciProjectIds[1]',
    fragment: "is this repository's own project (config/platform.ts › circleci.projectId)",
    mutate: (s) => void (team(s, 'telehealth').aws.circleciProjectIds[1] = platform(s).circleci.projectId),
  },

  // ------------------------------------------------------------------------------------------- public keys
  {
    name: 'the same public key in two teams',
    file: PA,
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment: 'is the same public key as service user INGEST_SVC of team "data-integration"',
    mutate: (s) =>
      void (team(s, 'product-analytics').snowflake.serviceUsers[0].rsaPublicKey = team(
        s,
        'data-integration',
      ).snowflake.serviceUsers[0].rsaPublicKey),
  },
  {
    name: 'a copied team file keeps the original team keys',
    file: 'config/teams/telehealth-eu.ts',
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment: 'is the same public key as service user EVENTS_LOADER of team "telehealth"',
    mutate: (s) => {
      const t = copyOf(s, 'telehealth');
      t.name = 'telehealth-eu';
      addTeam(s, 'config/teams/telehealth-eu.ts', t);
    },
  },
  {
    name: "a BI user's key on a team's service user",
    file: TH,
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment:
      'is the same public key as BI user LOOKER (config/platform.ts › snowflake.biServiceUsers[0].rsaPublicKey)',
    mutate: (s) =>
      void (team(s, 'telehealth').snowflake.serviceUsers[0].rsaPublicKey =
        platform(s).snowflake.biServiceUsers[0].rsaPublicKey),
  },
  {
    name: 'the rotation key is the same as the current key',
    file: DI,
    path: 'snowflake.serviceUsers[0].rsaPublicKey2',
    fragment: 'is the same key as rsaPublicKey of this user',
    mutate: (s) => {
      const u = team(s, 'data-integration').snowflake.serviceUsers[0];
      u.rsaPublicKey2 = u.rsaPublicKey;
    },
  },

  // ------------------------------------------------------------------------------------------- reserved users
  {
    name: "a team's service user generates a deploy user's name (dev shares its account: DEV_ prefix)",
    file: 'config/teams/terraform.ts',
    path: 'snowflake.serviceUsers[0].name',
    fragment: 'generates the name "DEV_TERRAFORM_DEPLOYER", which a user the pipeline signs in as in environment "dev"',
    mutate: (s) => {
      const t = freshTeam(s, 'product-analytics', 'terraform');
      t.snowflake.serviceUsers[0].name = 'DEPLOYER';
      addTeam(s, 'config/teams/terraform.ts', t);
    },
  },
  {
    name: 'a BI user named like the prod deploy user (prod has no prefix)',
    file: PLATFORM,
    path: 'snowflake.biServiceUsers[0].name',
    fragment:
      'generates the name "PROD_TERRAFORM_DEPLOYER", which a user the pipeline signs in as in environment "prod"',
    mutate: (s) => void (platform(s).snowflake.biServiceUsers[0].name = 'PROD_TERRAFORM_DEPLOYER'),
  },
  {
    name: "a deploy user renamed to a team's service user",
    file: DI,
    path: 'snowflake.serviceUsers[0].name',
    fragment:
      'generates the name "DATA_INTEGRATION_INGEST_SVC", which a user the pipeline signs in as in environment "prod"',
    mutate: (s) => void (envs(s).prod.snowflake.deployUser.name = 'DATA_INTEGRATION_INGEST_SVC'),
  },
  {
    name: "a team's service user with a deploy user's public key",
    file: TH,
    path: 'snowflake.serviceUsers[0].rsaPublicKey',
    fragment: 'is the same public key as deploy user PROD_TERRAFORM_DEPLOYER of environment "prod"',
    mutate: (s) =>
      void (team(s, 'telehealth').snowflake.serviceUsers[0].rsaPublicKey =
        envs(s).prod.snowflake.deployUser.rsaPublicKey),
  },

  // ------------------------------------------------------------------------------------------- buckets
  {
    name: "the state bucket named like a team's data bucket",
    file: TH,
    path: 'name',
    fragment: 'generates the name "acme-dp-prod-telehealth-data", which the Terraform state bucket',
    mutate: (s) => void (platform(s).stateBackend.bucket = 'acme-dp-prod-telehealth-data'),
  },
  bucket('two adjacent periods', 'acme..state', 'must not contain two adjacent periods'),
  bucket('formatted as an IP address', '192.168.5.4', 'must not be formatted as an IP address'),
  bucket('reserved prefix xn--', 'xn--acme-state', 'must not start with "xn--"'),
  bucket('reserved prefix sthree-', 'sthree-acme-state', 'must not start with "sthree-"'),
  bucket('reserved suffix -s3alias', 'acme-state-s3alias', 'must not end with "-s3alias"'),
  bucket('reserved suffix --table-s3', 'acme-state--table-s3', 'must not end with "--table-s3"'),
  bucket('"-" next to "."', 'acme.-state', 'must not have "-" next to "."'),
  bucket('ends with "-"', 'acme-state-', 'must begin and end with a lowercase letter or digit'),
  bucket('too long', `acme-${'s'.repeat(60)}`, 'must be 3 to 63 characters long (it is 65)'),
  bucket(
    'like an account-regional namespace bucket',
    'acme-123456789012-eu-west-1-an',
    'must not end like an account-regional namespace bucket',
  ),
  {
    name: 'a name prefix S3 reserves for every generated bucket',
    file: PLATFORM,
    path: 'namePrefix',
    fragment: 'must not start with xn--, sthree-, amzn-s3-demo-',
    mutate: (s) => void (platform(s).namePrefix = 'xn--acme'),
  },
];

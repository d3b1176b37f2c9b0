/**
 * The documented template of a new team file. `teamDefaults` is the value the template writes, and
 * `renderTeamFile` writes that same value as TypeScript with a comment on every field, so what the validator checks
 * before writing is exactly what lands in the file (a test loads the rendered file and compares).
 */
import { type PlatformConfig, type TeamInput, teamAwsNames } from '../../config';
import { CREDITS_PER_HOUR, WAREHOUSE_SIZES } from '../../domain/snowflake-warehouses';

/** Schemas every new team starts with: the usual ELT layers (raw -> staging -> marts). */
export const DEFAULT_SCHEMAS = [
  { name: 'RAW', comment: 'Landed as-is from sources' },
  { name: 'STAGING', comment: 'Cleaned, typed and joined; intermediate models' },
  { name: 'MARTS', comment: 'Finished models that people and other teams use' },
] as const;
export const DEFAULT_WAREHOUSE = 'TRANSFORM';
export const DEFAULT_REPOSITORY = 'jobs';
export const DEFAULT_COST_CENTER = 'unassigned';

export interface NewTeamRequest {
  readonly name: string;
  readonly owners: readonly string[];
  readonly reads: readonly string[];
  readonly description?: string;
  readonly costCenter?: string;
}

/**
 * Small, cheap quotas: XSMALL burns 1 credit per running hour. Production environments (those with deletion
 * protection) get more room for real workloads.
 */
function defaultQuota(productionEnvironments: readonly string[]): number | Record<string, number> {
  if (productionEnvironments.length === 0) return 10;
  return { default: 10, ...Object.fromEntries(productionEnvironments.map((e) => [e, 50])) };
}

/** The environments whose data is deletion-protected: the new team's production. */
export function productionEnvironments(config: PlatformConfig): string[] {
  return config.environments.filter((e) => e.protection.preventDestroy).map((e) => e.name);
}

export function teamDefaults(request: NewTeamRequest, productionEnvironments: readonly string[]): TeamInput {
  return {
    name: request.name,
    description: request.description ?? `Workspace of the ${request.name} team.`,
    owners: [...request.owners],
    costCenter: request.costCenter ?? DEFAULT_COST_CENTER,
    snowflake: {
      schemas: DEFAULT_SCHEMAS.map((s) => ({ name: s.name, comment: s.comment, publishToBi: false })),
      warehouses: [
        {
          name: DEFAULT_WAREHOUSE,
          comment: 'Default warehouse of the team and its pipelines',
          size: 'XSMALL',
          monthlyCreditQuota: defaultQuota(productionEnvironments),
          autoSuspendSeconds: 60,
        },
      ],
      reads: [...request.reads],
      serviceUsers: [],
      members: [],
    },
    aws: {
      ecrRepositories: [{ name: DEFAULT_REPOSITORY }],
      dataBucket: { noncurrentVersionExpirationDays: 30 },
      circleciProjectIds: [],
    },
  };
}

/** A TypeScript literal of a JSON-like value, on one line, with single-quoted strings. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k));
    return `{ ${entries.map(([k, v]) => `${key(k)}: ${literal(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot write ${String(value)} into a team file`);
}

/** Facts of the platform and of the new team the comments quote, so they stay true when the platform changes. */
export interface TemplateFacts {
  readonly environmentNames: readonly string[];
  /** The team's database in each environment it is deployed to, in environment order. */
  readonly databases: readonly (readonly [env: string, database: string])[];
  /** The team's bucket and repository names with `<env>`/`<name>` placeholders. */
  readonly bucketPattern: string;
  readonly repositoryPattern: string;
  readonly maxAutoSuspendSeconds: number;
  readonly notifyPercents: readonly number[];
  readonly suspendPercent: number;
  readonly biUsers: readonly string[];
}

/** The facts for team `teamName` of a validated configuration that contains it. */
export function templateFacts(config: PlatformConfig, teamName: string): TemplateFacts {
  const { platform } = config;
  const patterns = teamAwsNames(platform.namePrefix, '<env>', teamName);
  return {
    environmentNames: config.environments.map((e) => e.name),
    databases: config.environments.flatMap((e) =>
      e.teams.filter((t) => t.name === teamName).map((t) => [e.name, t.snowflake.database] as const),
    ),
    bucketPattern: patterns.dataBucket,
    repositoryPattern: patterns.ecrRepository('<name>'),
    maxAutoSuspendSeconds: platform.guardrails.maxAutoSuspendSeconds,
    notifyPercents: platform.guardrails.resourceMonitor.notifyPercents,
    suspendPercent: platform.guardrails.resourceMonitor.suspendPercent,
    biUsers: config.environments[0]?.snowflake.biUsers.map((u) => u.key) ?? [],
  };
}

/** Renders `team` (as built by `teamDefaults`) into the text of config/teams/<name>.ts. */
export function renderTeamFile(team: TeamInput, facts: TemplateFacts): string {
  const sf = team.snowflake;
  const aws = team.aws ?? {};
  const databases = facts.databases.map(([env, database]) => `${database} in ${env}`);
  const warehouseLines = (sf.warehouses ?? []).flatMap((w) => [
    '      {',
    `        name: ${literal(w.name)},`,
    ...(w.comment ? [`        comment: ${literal(w.comment)},`] : []),
    `        size: ${literal(w.size)},`,
    `        monthlyCreditQuota: ${literal(w.monthlyCreditQuota)},`,
    `        // Idle seconds before the warehouse suspends and stops costing; the platform allows at most ${facts.maxAutoSuspendSeconds}.`,
    `        autoSuspendSeconds: ${literal(w.autoSuspendSeconds)},`,
    '      },',
  ]);
  const list = (items: readonly unknown[] | undefined, indent: string) =>
    items && items.length ? ['[', ...items.map((i) => `${indent}  ${literal(i)},`), `${indent}]`].join('\n') : '[]';
  const sizes = WAREHOUSE_SIZES.slice(0, 4)
    .map((s) => `${s} ${CREDITS_PER_HOUR[s]}`)
    .join(', ');
  const lastEnvironment = facts.environmentNames[facts.environmentNames.length - 1];

  return `/**
 * ${team.name}: ${team.description}
 * Created by \`npm run new-team\`. Every field is explained below; docs/onboarding-tools.md has the whole guide.
 * The review comment on your pull request lists exactly what this file creates in each environment.
 */
import { defineTeam } from '../define';

export default defineTeam({
  // Used in every generated name (stacks, database, roles, bucket) and must match this file's name.
  // Renaming a team later replaces all of its resources, including the data in them.
  name: ${literal(team.name)},
  // One sentence on what the team does; reviewers and the access report (docs/access.md) show it.
  description: ${literal(team.description)},
  // Emails of the people accountable for this workspace.
  owners: ${literal(team.owners)},
  // Cost center tagged on every AWS resource of the team, so its costs are charged to it. Ask finance if unsure.
  costCenter: ${literal(team.costCenter)},
  // Environments the team is deployed to. Left out: all of them (${facts.environmentNames.join(', ')}). To start small:
  // environments: ['${facts.environmentNames[0]}'],
  snowflake: {
    // Schemas of the team's database (${databases.join(', ')}).
    // Each schema gets two database roles, <SCHEMA>_READ and <SCHEMA>_WRITE, and an owner role that owns every object
    // created in it; the team's roles hold all three, so people and pipelines can replace each other's tables.
    // workloads: what a schema holds besides tables and views: 'ingestion' (stages, file formats, pipes, streams,
    // tasks, sequences), 'transformation' (dynamic tables, functions, procedures, streams, tasks, sequences),
    // 'external-tables', 'materialized-views' (Enterprise edition only), e.g. { name: 'RAW', workloads: ['ingestion'] }.
    // publishToBi: true grants the schema's READ role to the platform's BI reader role${facts.biUsers.length ? ` (BI users: ${facts.biUsers.join(', ')})` : ''}.
    schemas: [
${(sf.schemas ?? []).map((s) => `      ${literal(s)},`).join('\n')}
    ],
    // Warehouses (compute). size and monthlyCreditQuota take one value, or one per environment: { default: 10, ${lastEnvironment}: 50 }.
    // Credits per running hour: ${sizes}, doubling with each size above.
    // Each warehouse has a resource monitor: it notifies at ${facts.notifyPercents.join('% and ')}% of the monthly credit quota and suspends the warehouse at ${facts.suspendPercent}%.
    warehouses: [
${warehouseLines.join('\n')}
    ],
    // Datasets of other teams this team reads, as '<team>.<SCHEMA>' (e.g. 'data-integration.CURATED'): your roles get
    // that schema's READ role. \`npm run access-report\` lists every dataset in docs/access.md.
    reads: ${list(sf.reads, '    ')},
    // Service users for pipelines and tools: key-pair authentication only, and they get the team's PIPELINE role.
    // Make the key pair outside the repository, the private key encrypted (you choose its passphrase):
    //   mkdir -p ~/.snowflake && openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 aes256 -out ~/.snowflake/${team.name}_svc.p8
    // then paste the one-line public key this prints as rsaPublicKey:
    //   openssl rsa -in ~/.snowflake/${team.name}_svc.p8 -pubout -outform DER | openssl base64 -A
    // Never commit the private key (*.p8, *.pem and *.key are git-ignored, and synth refuses private keys anywhere).
    //   { name: 'LOADER_SVC', comment: 'Nightly loader', rsaPublicKey: 'MIIBIjANBgkqhkiG9w0BAQEFAAOC...IDAQAB' },
    // A service user's default warehouse is the first warehouse above unless it sets defaultWarehouse.
    serviceUsers: ${list(sf.serviceUsers, '    ')},
    // Existing Snowflake users (from SSO) who get the team's TEAM role, exactly as SHOW USERS lists them (case
    // matters: SSO users are often lower case, e.g. 'jane.doe@example.com').
    members: ${list(sf.members, '    ')},
  },
  aws: {
    // Container image repositories, created in ECR as '${facts.repositoryPattern}' in every environment's account.
    ecrRepositories: ${literal(aws.ecrRepositories ?? [])},
    // The team's S3 bucket, '${facts.bucketPattern}'; old object versions expire after the days below.
    // Delete this field to have no bucket.
    dataBucket: ${literal(aws.dataBucket)},
    // CircleCI project ids (Project Settings > Overview) whose pipelines may assume the team's CI role, which can
    // push/pull the repositories above and read/write the bucket. Empty: no CI role is created.
    //   circleciProjectIds: ['0b3f2a1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c'],
    circleciProjectIds: ${list(aws.circleciProjectIds, '    ')},
  },
});
`;
}

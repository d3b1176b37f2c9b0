/**
 * Who can access what, per environment, derived from the validated config and the naming functions of
 * config/naming.ts (the same ones the stacks use). Deterministic, needs no synthesized output, and so stays
 * independent of how the constructs implement the role model.
 *
 * The role model it describes:
 * - per team and schema, database roles <SCHEMA>_READ and <SCHEMA>_WRITE in the team's database;
 * - account roles <TEAM>_TEAM (human members) and <TEAM>_PIPELINE (service users) each hold the team's WRITE roles
 *   and the READ roles of the datasets in `snowflake.reads`; both are granted to SYSADMIN;
 * - READ roles of schemas with `publishToBi` are granted to <P>BI_READER, which the platform's BI users hold;
 * - the team's CI role (AWS IAM, assumed by its CircleCI projects through OIDC) pushes/pulls the team's ECR
 *   repositories and reads/writes its data bucket.
 */
import {
  circleciOidc,
  type PlatformConfig,
  platformSnowflakeNames,
  teamAwsNames,
  teamSnowflakeNames,
} from '../../config';

/** The role every team's account roles are granted to, so account administrators can manage them. */
export const SYSADMIN = 'SYSADMIN';

export interface SchemaAccess {
  readonly team: string;
  readonly database: string;
  readonly schema: string;
  readonly publishToBi: boolean;
  /** Database role names, as inside the database (`RAW_READ`); fully qualified: `<database>.<role>`. */
  readonly readRole: string;
  readonly writeRole: string;
  /** Account roles holding the WRITE role. */
  readonly writers: readonly string[];
  /** Account roles holding the READ role: readers from other teams, and the BI reader role. */
  readonly readers: readonly string[];
}

export interface AccountRoleAccess {
  readonly name: string;
  readonly kind: 'team' | 'pipeline' | 'bi';
  /** The team the role belongs to; absent for the platform's BI reader role. */
  readonly team?: string;
  /** Users holding the role: SSO members, service users or BI users. */
  readonly users: readonly string[];
  /** Roles the role is granted to (role hierarchy). */
  readonly grantedTo: readonly string[];
  /** Database roles the role holds, fully qualified (`DATABASE.ROLE`). */
  readonly writes: readonly string[];
  readonly reads: readonly string[];
}

export interface CrossTeamRead {
  readonly reader: string;
  readonly producer: string;
  /** `<team>.<SCHEMA>` as written in config. */
  readonly dataset: string;
  readonly readRole: string;
  readonly grantedTo: readonly string[];
}

export interface ServiceUserAccess {
  readonly user: string;
  readonly kind: 'team' | 'bi';
  /** Owning team, or absent for platform BI users. */
  readonly team?: string;
  readonly role: string;
  readonly comment?: string;
}

export interface CiAccess {
  readonly team: string;
  /** The IAM role name, or undefined when the team lists no CircleCI projects (then no role exists). */
  readonly role?: string;
  readonly oidcProvider: string;
  readonly circleciProjectIds: readonly string[];
  readonly ecrRepositories: readonly string[];
  readonly bucket?: string;
}

export interface EnvironmentAccess {
  readonly name: string;
  readonly protection: string;
  readonly snowflakeAccount: string;
  readonly awsAccountId: string;
  readonly awsRegion: string;
  readonly teams: readonly string[];
  readonly schemas: readonly SchemaAccess[];
  readonly roles: readonly AccountRoleAccess[];
  readonly crossTeamReads: readonly CrossTeamRead[];
  readonly serviceUsers: readonly ServiceUserAccess[];
  readonly ci: readonly CiAccess[];
}

export interface AccessModel {
  readonly environments: readonly EnvironmentAccess[];
}

export function buildAccessModel(config: PlatformConfig): AccessModel {
  return { environments: config.environments.map((env) => environmentAccess(config, env.name)) };
}

function environmentAccess(config: PlatformConfig, envName: string): EnvironmentAccess {
  const env = config.environments.find((e) => e.name === envName)!;
  const { platform } = config;
  const teams = config.teams.filter((t) => t.environmentNames.includes(env.name));
  const p = platformSnowflakeNames(env.snowflakePrefix);
  const names = new Map(teams.map((t) => [t.name, teamSnowflakeNames(env.snowflakePrefix, t.name)]));
  const qualified = (team: string, schema: string, level: 'READ' | 'WRITE') => {
    const n = names.get(team)!;
    return `${n.database}.${n.accessRole(schema, level)}`;
  };
  const biUsers = platform.snowflake.biServiceUsers.map((u) => p.biUser(u.name));

  // Who reads each dataset: the readers' two account roles, and the BI reader role for published schemas.
  const readersOf = new Map<string, string[]>();
  const crossTeamReads: CrossTeamRead[] = [];
  for (const team of teams) {
    const n = names.get(team.name)!;
    for (const dataset of team.snowflake.reads) {
      const [producer, schema] = dataset.split('.');
      if (!names.has(producer)) continue; // validation guarantees the producer is deployed wherever the reader is
      const grantedTo = [n.teamRole, n.pipelineRole];
      readersOf.set(dataset, [...(readersOf.get(dataset) ?? []), ...grantedTo]);
      crossTeamReads.push({
        reader: team.name,
        producer,
        dataset,
        readRole: qualified(producer, schema, 'READ'),
        grantedTo,
      });
    }
  }

  const schemas: SchemaAccess[] = [];
  const roles: AccountRoleAccess[] = [];
  const serviceUsers: ServiceUserAccess[] = [];
  const biReads: string[] = [];
  for (const team of teams) {
    const n = names.get(team.name)!;
    for (const s of team.snowflake.schemas) {
      const readers = [...(readersOf.get(`${team.name}.${s.name}`) ?? []), ...(s.publishToBi ? [p.biReaderRole] : [])];
      if (s.publishToBi) biReads.push(qualified(team.name, s.name, 'READ'));
      schemas.push({
        team: team.name,
        database: n.database,
        schema: s.name,
        publishToBi: s.publishToBi,
        readRole: n.accessRole(s.name, 'READ'),
        writeRole: n.accessRole(s.name, 'WRITE'),
        writers: [n.teamRole, n.pipelineRole],
        readers,
      });
    }
    const writes = team.snowflake.schemas.map((s) => qualified(team.name, s.name, 'WRITE'));
    const reads = team.snowflake.reads
      .filter((d) => names.has(d.split('.')[0]))
      .map((d) => qualified(d.split('.')[0], d.split('.')[1], 'READ'));
    const svc = team.snowflake.serviceUsers.map((u) => n.serviceUser(u.name));
    roles.push({
      name: n.teamRole,
      kind: 'team',
      team: team.name,
      users: [...team.snowflake.members],
      grantedTo: [SYSADMIN],
      writes,
      reads,
    });
    roles.push({
      name: n.pipelineRole,
      kind: 'pipeline',
      team: team.name,
      users: svc,
      grantedTo: [SYSADMIN],
      writes,
      reads,
    });
    for (const u of team.snowflake.serviceUsers) {
      serviceUsers.push({
        user: n.serviceUser(u.name),
        kind: 'team',
        team: team.name,
        role: n.pipelineRole,
        comment: u.comment,
      });
    }
  }
  roles.push({ name: p.biReaderRole, kind: 'bi', users: biUsers, grantedTo: [], writes: [], reads: biReads });
  for (const u of platform.snowflake.biServiceUsers) {
    serviceUsers.push({ user: p.biUser(u.name), kind: 'bi', role: p.biReaderRole, comment: u.comment });
  }

  const oidc = circleciOidc(platform.circleci.organizationId);
  const ci: CiAccess[] = teams.map((team) => {
    const aws = teamAwsNames(platform.namePrefix, env.name, team.name);
    return {
      team: team.name,
      role: team.aws.circleciProjectIds.length ? aws.ciRole : undefined,
      oidcProvider: oidc.providerArn(env.aws.accountId),
      circleciProjectIds: [...team.aws.circleciProjectIds],
      ecrRepositories: team.aws.ecrRepositories.map((r) => aws.ecrRepository(r.name)),
      bucket: team.aws.dataBucket ? aws.dataBucket : undefined,
    };
  });

  return {
    name: env.name,
    protection: env.protection,
    snowflakeAccount: `${env.snowflake.organizationName}.${env.snowflake.accountName}`,
    awsAccountId: env.aws.accountId,
    awsRegion: env.aws.region,
    teams: teams.map((t) => t.name),
    schemas,
    roles,
    crossTeamReads,
    serviceUsers,
    ci,
  };
}

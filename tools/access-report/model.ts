/**
 * Who can access what, per environment, derived from the resolved config (config/model.ts: the same names the
 * stacks build). Deterministic, needs no synthesized output, and so stays independent of how the constructs
 * implement the role model.
 *
 * The role model it describes (docs/snowflake.md):
 * - per team and schema, database roles <SCHEMA>_READ and <SCHEMA>_WRITE in the team's database (WRITE holds only
 *   write privileges, its holders also hold READ), and an account role <TEAM>_<SCHEMA>_OWNER that owns every object
 *   of the schema;
 * - account roles <TEAM>_TEAM (human members) and <TEAM>_PIPELINE (service users) each hold the READ, WRITE and
 *   OWNER roles of the team's schemas and the READ roles of the datasets in `snowflake.reads`; both are granted to
 *   SYSADMIN;
 * - READ roles of schemas with `publishToBi` are granted to <P>BI_READER, which the platform's BI users hold;
 * - the platform's <P>PLATFORM_ADMIN (objects, under SYSADMIN; every OWNER role is granted to it) and
 *   <P>PLATFORM_USERADMIN (users and roles, under USERADMIN) are held by the environment's deploy user;
 * - the team's CI role (AWS IAM, assumed by its CircleCI projects through OIDC) pushes/pulls the team's ECR
 *   repositories and reads/writes its data bucket.
 */
import type { EnvironmentConfig, PlatformConfig } from '../../config';
import { SYSADMIN, USERADMIN } from '../../domain/snowflake-roles';

/** The role every team's account roles are granted to, so account administrators can manage them. */
export { SYSADMIN };

export interface SchemaAccess {
  readonly team: string;
  readonly database: string;
  readonly schema: string;
  readonly publishToBi: boolean;
  /** Database role names, as inside the database (`RAW_READ`); fully qualified: `<database>.<role>`. */
  readonly readRole: string;
  readonly writeRole: string;
  /** The account role that owns every object in the schema. */
  readonly ownerRole: string;
  /** Object types the schema holds (tables and views, and those of its workloads). */
  readonly objectTypes: readonly string[];
  /** Account roles holding the WRITE role (and READ and OWNER). */
  readonly writers: readonly string[];
  /** Account roles holding the READ role: readers from other teams, and the BI reader role. */
  readonly readers: readonly string[];
}

export interface AccountRoleAccess {
  readonly name: string;
  readonly kind: 'team' | 'pipeline' | 'bi' | 'admin';
  /** The team the role belongs to; absent for the platform's BI reader role. */
  readonly team?: string;
  /** Users holding the role: SSO members, service users or BI users. */
  readonly users: readonly string[];
  /** Roles the role is granted to (role hierarchy). */
  readonly grantedTo: readonly string[];
  /** Database roles the role holds, fully qualified (`DATABASE.ROLE`). */
  readonly writes: readonly string[];
  readonly reads: readonly string[];
  /** Schema owner roles the role holds. */
  readonly owns: readonly string[];
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
  return { environments: config.environments.map(environmentAccess) };
}

function environmentAccess(env: EnvironmentConfig): EnvironmentAccess {
  const teams = env.teams;
  const p = env.snowflake;
  const byName = new Map(teams.map((t) => [t.name, t]));
  const qualified = (database: string, role: string) => `${database}.${role}`;
  const biUsers = p.biUsers.map((u) => u.name);

  // Who reads each dataset: the readers' two account roles, and the BI reader role for published schemas.
  const readersOf = new Map<string, string[]>();
  const crossTeamReads: CrossTeamRead[] = [];
  for (const team of teams) {
    const n = team.snowflake;
    for (const read of n.reads) {
      if (!byName.has(read.dataset.team)) continue; // validation guarantees the producer is deployed wherever the reader is
      const grantedTo = [n.teamRole, n.pipelineRole];
      readersOf.set(read.key, [...(readersOf.get(read.key) ?? []), ...grantedTo]);
      crossTeamReads.push({
        reader: team.name,
        producer: read.dataset.team,
        dataset: read.key,
        readRole: qualified(read.database, read.readRole),
        grantedTo,
      });
    }
  }

  const schemas: SchemaAccess[] = [];
  const roles: AccountRoleAccess[] = [];
  const serviceUsers: ServiceUserAccess[] = [];
  const biReads: string[] = [];
  const allOwners: string[] = [];
  for (const team of teams) {
    const n = team.snowflake;
    for (const s of n.schemas) {
      const readers = [...(readersOf.get(`${team.name}.${s.name}`) ?? []), ...(s.publishToBi ? [p.biReaderRole] : [])];
      if (s.publishToBi) biReads.push(qualified(n.database, s.readRole));
      schemas.push({
        team: team.name,
        database: n.database,
        schema: s.name,
        publishToBi: s.publishToBi,
        readRole: s.readRole,
        writeRole: s.writeRole,
        ownerRole: s.ownerRole,
        objectTypes: s.objectTypes,
        writers: [n.teamRole, n.pipelineRole],
        readers,
      });
    }
    const writes = n.schemas.map((s) => qualified(n.database, s.writeRole));
    const reads = [
      ...n.schemas.map((s) => qualified(n.database, s.readRole)),
      ...n.reads.filter((r) => byName.has(r.dataset.team)).map((r) => qualified(r.database, r.readRole)),
    ];
    const owns = n.schemas.map((s) => s.ownerRole);
    allOwners.push(...owns);
    const svc = n.serviceUsers.map((u) => u.name);
    roles.push({
      name: n.teamRole,
      kind: 'team',
      team: team.name,
      users: [...n.members],
      grantedTo: [SYSADMIN],
      writes,
      reads,
      owns,
    });
    roles.push({
      name: n.pipelineRole,
      kind: 'pipeline',
      team: team.name,
      users: svc,
      grantedTo: [SYSADMIN],
      writes,
      reads,
      owns,
    });
    for (const u of n.serviceUsers) {
      serviceUsers.push({ user: u.name, kind: 'team', team: team.name, role: n.pipelineRole, comment: u.comment });
    }
  }
  roles.push({
    name: p.biReaderRole,
    kind: 'bi',
    users: biUsers,
    grantedTo: [SYSADMIN],
    writes: [],
    reads: biReads,
    owns: [],
  });
  // The platform's administration roles, held only by the environment's deploy user. PLATFORM_ADMIN holds every
  // schema's OWNER role (the schema owner must, for future ownership grants), so it reaches all team data.
  const deployUsers = [p.deployUser.name];
  roles.push(
    {
      name: p.adminRole,
      kind: 'admin',
      users: deployUsers,
      grantedTo: [SYSADMIN],
      writes: [],
      reads: [],
      owns: allOwners,
    },
    {
      name: p.userAdminRole,
      kind: 'admin',
      users: deployUsers,
      grantedTo: [USERADMIN],
      writes: [],
      reads: [],
      owns: [],
    },
  );
  for (const u of p.biUsers) {
    serviceUsers.push({ user: u.name, kind: 'bi', role: p.biReaderRole, comment: u.comment });
  }

  const ci: CiAccess[] = teams.map((team) => ({
    team: team.name,
    role: team.aws.ciRole.circleciProjectIds.length ? team.aws.ciRole.roleName : undefined,
    oidcProvider: env.aws.oidcProviderArn,
    circleciProjectIds: [...team.aws.ciRole.circleciProjectIds],
    ecrRepositories: team.aws.repositories.map((r) => r.repositoryName),
    bucket: team.aws.dataBucket?.bucketName,
  }));

  return {
    name: env.name,
    protection: env.protection.level,
    snowflakeAccount: p.account,
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

import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { WAREHOUSE_PRIVILEGES } from '../../domain/snowflake-privileges';
import { type AccessRoleGrant, AccessRoleGrants } from '../snowflake/access-role-grants';
import { propError } from '../snowflake/errors';
import { FunctionalRole } from '../snowflake/functional-role';
import { MonitoredWarehouse } from '../snowflake/monitored-warehouse';
import { SchemaOwner } from '../snowflake/schema-owner';
import { ServiceUser } from '../snowflake/service-user';
import { TeamDatabase, type TeamDatabaseSchema } from '../snowflake/team-database';

export interface WorkspaceSchema extends TeamDatabaseSchema {
  /** Grant this schema's READ role to `biReaderRole` (BI tools read it). Default: false. */
  readonly publishToBi?: boolean;
  /** The schema's owner account role (SchemaOwner). Default: `<database>_<name>_OWNER`. */
  readonly ownerRoleName?: string;
}

export interface WorkspaceWarehouse {
  /** Warehouse name, unique in the account; its construct ID is `warehouse-<name>`. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** Resource monitor name. Default: `<name>_MONITOR`. */
  readonly monitorName?: string;
  /** Warehouse size (domain/snowflake-warehouses.ts WAREHOUSE_SIZES). Default: XSMALL. */
  readonly size?: string;
  /** Credits per calendar month. Must be > 0. */
  readonly monthlyCreditQuota: number;
  /** Default: 60. */
  readonly autoSuspendSeconds?: number;
  /** Default: 1. */
  readonly maxClusterCount?: number;
  /** Default: 3600. */
  readonly statementTimeoutSeconds?: number;
}

export interface WorkspaceServiceUser {
  /** User name, unique in the account; its construct ID is `user-<name>`. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** RSA public key body (one line). */
  readonly rsaPublicKey: string;
  /** Second key for rotation. Default: none. */
  readonly rsaPublicKey2?: string;
  /** Full name of one of `warehouses`. Default: the first warehouse. */
  readonly defaultWarehouse?: string;
  /** IP allow-list; creates and attaches a network policy. Default: none. */
  readonly allowedIpList?: readonly string[];
  /** Name of that network policy. Default: `<name>_POLICY`. */
  readonly networkPolicyName?: string;
}

/** Thresholds of every warehouse's resource monitor, in percent of its monthly quota. */
export interface MonitorThresholds {
  /** Default: 75, 90. */
  readonly notifyPercents?: readonly number[];
  /** Default: 100. */
  readonly suspendPercent?: number;
  /** Default: 110. */
  readonly suspendImmediatePercent?: number;
  /** Users emailed at the notify thresholds, by exact name. Default: none. */
  readonly notifyUsers?: readonly string[];
}

export interface TeamSnowflakeWorkspaceProps {
  /** One line about the team, used in object comments. Default: none. */
  readonly description?: string;
  /** The team's database name, unique in the account. */
  readonly database: string;
  /** Time Travel of the database, in days. Default: the account's (1 day). */
  readonly dataRetentionTimeInDays?: number;
  /** `lifecycle.prevent_destroy` on the database and its schemas. Default: true. */
  readonly preventDestroy?: boolean;
  /** The team's schemas, each with READ and WRITE access roles. At least one. */
  readonly schemas: readonly WorkspaceSchema[];
  /** Account role for the team's people (`members`). */
  readonly teamRole: string;
  /** Account role for the team's service users (their default role). */
  readonly pipelineRole: string;
  /** Existing Snowflake users who get the team role. Default: none. */
  readonly members?: readonly string[];
  /** Roles the team and pipeline roles are granted to. Default: SYSADMIN. */
  readonly parentRoles?: readonly string[];
  /** Other teams' READ roles both functional roles get (key e.g. `data-integration.CURATED`). Default: none. */
  readonly reads?: readonly AccessRoleGrant[];
  /** Warehouses, each with its monitor; the team and pipeline roles get USAGE and OPERATE. Default: none. */
  readonly warehouses?: readonly WorkspaceWarehouse[];
  /** Monitor thresholds for every warehouse. Default: MonitorThresholds' defaults. */
  readonly monitorThresholds?: MonitorThresholds;
  /** Service users; their default role is `pipelineRole`. Default: none. */
  readonly serviceUsers?: readonly WorkspaceServiceUser[];
  /** Existing account role that gets the READ role of every `publishToBi` schema. Required if any schema is published. */
  readonly biReaderRole?: string;
  /**
   * The role the stack's default provider runs as (object administration): it owns the database, the schemas and
   * their database roles, and the warehouses once created; every schema's owner role is granted to it.
   */
  readonly platformAdminRole: string;
  /** `enable_query_acceleration` of every warehouse (MonitoredWarehouseProps). Default: unset. */
  readonly enableQueryAcceleration?: boolean;
  /**
   * Provider running as the identity-administration role: it creates the account roles and the service users and
   * grants those roles. Default: the stack's default provider.
   */
  readonly userAdminProvider?: TerraformProvider;
  /**
   * Provider running as ACCOUNTADMIN, for what only an account administrator may do: resource monitors, warehouses
   * (assigning a monitor), handing each warehouse to `platformAdminRole`, EXECUTE TASK. Default: the stack's default
   * provider.
   */
  readonly accountAdminProvider?: TerraformProvider;
}

/**
 * A team's Snowflake workspace: its database with READ and WRITE access roles and an OWNER role per schema, a TEAM
 * role for people and a PIPELINE role for service users (both holding every schema's READ, WRITE and OWNER roles and
 * the READ roles of the datasets they read, both under SYSADMIN), monitored warehouses, key-pair service users, and
 * the READ grants it publishes to BI.
 */
export class TeamSnowflakeWorkspace extends Construct {
  readonly database: TeamDatabase;
  readonly teamRole: FunctionalRole;
  readonly pipelineRole: FunctionalRole;
  /** The schema owner roles, by schema name. */
  readonly owners: ReadonlyMap<string, SchemaOwner>;
  readonly warehouses: ReadonlyMap<string, MonitoredWarehouse>;
  readonly serviceUsers: ReadonlyMap<string, ServiceUser>;

  constructor(scope: Construct, id: string, props: TeamSnowflakeWorkspaceProps) {
    super(scope, id);
    const about = props.description ? `: ${props.description}` : '';
    const published = props.schemas.filter((s) => s.publishToBi).map((s) => s.name);
    if (published.length > 0 && !props.biReaderRole) {
      throw propError(this, {
        prop: 'biReaderRole',
        problem: 'is missing, but schemas are published to BI',
        given: published,
        allowed: 'the name of the platform BI reader role',
        fix: 'pass biReaderRole or set publishToBi: false',
      });
    }
    const warehouseNames = (props.warehouses ?? []).map((w) => w.name);
    for (const user of props.serviceUsers ?? []) {
      const wanted = user.defaultWarehouse ?? warehouseNames[0];
      if (wanted === undefined || !warehouseNames.includes(wanted)) {
        throw propError(this, {
          prop: `serviceUsers[${user.name}].defaultWarehouse`,
          problem: 'is not one of the workspace warehouses',
          given: wanted ?? null,
          allowed: warehouseNames.join(', ') || '(no warehouses declared)',
          fix: 'declare the warehouse or name one of the listed',
        });
      }
    }

    this.database = new TeamDatabase(this, 'database', {
      name: props.database,
      comment: props.description,
      schemas: props.schemas,
      dataRetentionTimeInDays: props.dataRetentionTimeInDays,
      preventDestroy: props.preventDestroy,
    });
    const schemas = [...this.database.schemas.values()];
    const accessRoles = schemas.flatMap((s) => [s.readRole, s.writeRole]);
    // READ and WRITE side by side (WRITE does not include READ). The WRITE grant keeps the schema name as its key,
    // the construct ID it always had, so existing grants keep their addresses.
    const holds: AccessRoleGrant[] = [
      ...schemas.flatMap((s) => [
        { key: `${s.node.id}-READ`, ...s.read },
        { key: s.node.id, ...s.write },
      ]),
      ...(props.reads ?? []),
    ];
    const functional = (id: string, name: string, comment: string, users?: readonly string[]) =>
      new FunctionalRole(this, id, {
        name,
        comment,
        parentRoles: props.parentRoles,
        databaseRoles: holds,
        users,
        provider: props.userAdminProvider,
        dependsOn: accessRoles,
      });
    this.teamRole = functional('team-role', props.teamRole, `People of the team${about}`, props.members);
    this.pipelineRole = functional('pipeline-role', props.pipelineRole, `Service users of the team${about}`);
    const functionalRoles = [this.teamRole.role, this.pipelineRole.role];

    const owners = new Map<string, SchemaOwner>();
    for (const s of schemas) {
      const declared = props.schemas.find((x) => x.name === s.node.id);
      owners.set(
        s.node.id,
        new SchemaOwner(this, `owner-${s.node.id}`, {
          name: declared?.ownerRoleName ?? `${props.database}_${s.node.id}_OWNER`,
          comment: `Owns every object in ${s.qualifiedName}; held by the team's roles`,
          database: props.database,
          schema: s.node.id,
          objectTypes: s.objectTypes,
          schemaOwnerRole: props.platformAdminRole,
          holders: [props.teamRole, props.pipelineRole],
          roleProvider: props.userAdminProvider,
          accountAdminProvider: props.accountAdminProvider,
          dependsOn: [s.schema, ...functionalRoles],
        }),
      );
    }
    this.owners = owners;
    const ownerRoles = [...owners.values()];

    const warehouses = new Map<string, MonitoredWarehouse>();
    for (const w of props.warehouses ?? []) {
      warehouses.set(
        w.name,
        // Kind prefix: a warehouse and a user may share a name in Snowflake, not a construct ID here.
        new MonitoredWarehouse(this, `warehouse-${w.name}`, {
          ...w,
          ...props.monitorThresholds,
          enableQueryAcceleration: props.enableQueryAcceleration,
          provider: props.accountAdminProvider,
          ownerRole: props.platformAdminRole,
          grants: [
            ...[props.teamRole, props.pipelineRole].map((role) => ({
              role,
              privileges: WAREHOUSE_PRIVILEGES.functional,
            })),
            // Dynamic tables refresh and tasks run as their owner, on a warehouse it may use.
            ...ownerRoles.map((o) => ({ role: o.name, privileges: WAREHOUSE_PRIVILEGES.owner })),
          ],
          dependsOn: [...functionalRoles, ...ownerRoles.map((o) => o.role.role)],
        }),
      );
    }
    this.warehouses = warehouses;

    const users = new Map<string, ServiceUser>();
    for (const u of props.serviceUsers ?? []) {
      users.set(
        u.name,
        new ServiceUser(this, `user-${u.name}`, {
          ...u,
          defaultRole: props.pipelineRole,
          defaultWarehouse: u.defaultWarehouse ?? warehouseNames[0],
          provider: props.userAdminProvider,
          dependsOn: [this.pipelineRole.role],
        }),
      );
    }
    this.serviceUsers = users;

    if (props.biReaderRole && published.length > 0) {
      new AccessRoleGrants(this, 'bi-reader', {
        accountRole: props.biReaderRole,
        databaseRoles: published.map((name) => ({ key: name, ...this.database.schema(name).read })),
        dependsOn: published.map((name) => this.database.schema(name).readRole),
      });
    }
  }
}

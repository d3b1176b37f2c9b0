import type { Construct } from 'constructs';
import { TeamSnowflakeWorkspace } from '../constructs/workspace/team-snowflake-workspace';
import type { EnvironmentConfig, PlatformSettings, TeamEnvironmentConfig } from '../config';
import { EDITION_LIMITS } from '../domain/snowflake-editions';
import { SCHEMA_OBJECT_TYPES } from '../domain/snowflake-privileges';
import { ACCOUNTADMIN } from '../domain/snowflake-roles';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { snowflakeProvider } from './providers';

export interface TeamSnowflakeStackProps {
  readonly platform: PlatformSettings;
  readonly environment: EnvironmentConfig;
  readonly team: TeamEnvironmentConfig;
  readonly options: SynthOptions;
}

/**
 * A team's Snowflake side in one environment: database, access and owner roles, team roles, warehouses, users,
 * grants. Three providers: the deploy user as the object-administration role (default) and as the
 * identity-administration role (`useradmin`), and the account-admin user as ACCOUNTADMIN (`accountadmin`).
 */
export class TeamSnowflakeStack extends PlatformStack {
  readonly workspace: TeamSnowflakeWorkspace;

  constructor(scope: Construct, props: TeamSnowflakeStackProps) {
    const { platform, environment: env, team } = props;
    super(scope, team.stacks.snowflake, { mode: props.options.mode, stateBackend: platform.stateBackend });
    const sf = env.snowflake;
    const account = { organizationName: sf.organizationName, accountName: sf.accountName };
    // Objects (database, schemas, database roles, their grants, warehouse grants) as the object-administration role,
    // never as the team's own roles.
    snowflakeProvider(this, 'snowflake', { ...account, user: sf.deployUser.name, role: sf.adminRole });
    // Account roles, service users, network policies and role grants as the identity-administration role.
    const userAdmin = snowflakeProvider(this, 'snowflake-useradmin', {
      ...account,
      user: sf.deployUser.name,
      role: sf.userAdminRole,
      alias: 'useradmin',
    });
    // Only ACCOUNTADMIN may create resource monitors and assign them to warehouses (and grant EXECUTE TASK): another
    // user, with its own key, so the deploy user never holds ACCOUNTADMIN.
    const accountAdmin = snowflakeProvider(this, 'snowflake-accountadmin', {
      ...account,
      user: sf.accountAdminUser,
      role: ACCOUNTADMIN,
      alias: 'accountadmin',
      privateKey: 'account-admin-variable',
    });

    const t = team.snowflake;
    this.workspace = new TeamSnowflakeWorkspace(this, 'workspace', {
      description: team.description,
      database: t.database,
      dataRetentionTimeInDays: env.protection.dataRetentionTimeInDays,
      preventDestroy: env.protection.preventDestroy,
      schemas: t.schemas.map((s) => ({
        name: s.name,
        comment: s.comment,
        publishToBi: s.publishToBi,
        readRoleName: s.readRole,
        writeRoleName: s.writeRole,
        ownerRoleName: s.ownerRole,
        objectTypes: s.objectTypes.map((name) => SCHEMA_OBJECT_TYPES[name]),
      })),
      teamRole: t.teamRole,
      pipelineRole: t.pipelineRole,
      members: t.members,
      // The producer's READ role in this environment, keyed by the dataset as written in config.
      reads: t.reads.map((r) => ({ key: r.key, database: r.database, role: r.readRole })),
      warehouses: t.warehouses.map((w) => ({
        name: w.name,
        comment: w.comment,
        monitorName: w.monitorName,
        size: w.size,
        monthlyCreditQuota: w.monthlyCreditQuota,
        maxClusterCount: w.maxClusterCount,
        autoSuspendSeconds: w.autoSuspendSeconds,
        statementTimeoutSeconds: w.statementTimeoutSeconds,
      })),
      monitorThresholds: { ...platform.guardrails.resourceMonitor, notifyUsers: t.monitorNotifyUsers },
      enableQueryAcceleration: EDITION_LIMITS[sf.edition].queryAcceleration ? false : undefined,
      serviceUsers: t.serviceUsers.map((u) => ({
        name: u.name,
        comment: u.comment,
        rsaPublicKey: u.rsaPublicKey,
        rsaPublicKey2: u.rsaPublicKey2,
        defaultWarehouse: u.defaultWarehouse,
        allowedIpList: u.allowedIpList,
        networkPolicyName: u.networkPolicyName,
      })),
      // The platform stack creates these roles; it is deployed first (stacks/app.ts).
      biReaderRole: sf.biReaderRole,
      platformAdminRole: sf.adminRole,
      userAdminProvider: userAdmin,
      accountAdminProvider: accountAdmin,
    });
  }
}

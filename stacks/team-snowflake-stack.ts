import type { Construct } from 'constructs';
import { TeamSnowflakeWorkspace } from '../constructs/workspace/team-snowflake-workspace';
import type { EnvironmentConfig, PlatformSettings, TeamEnvironmentConfig } from '../config';
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

/** A team's Snowflake side in one environment: database, access roles, team roles, warehouses, users, grants. */
export class TeamSnowflakeStack extends PlatformStack {
  readonly workspace: TeamSnowflakeWorkspace;

  constructor(scope: Construct, props: TeamSnowflakeStackProps) {
    const { platform, environment: env, team } = props;
    super(scope, team.stacks.snowflake, { mode: props.options.mode, stateBackend: platform.stateBackend });
    const account = {
      organizationName: env.snowflake.organizationName,
      accountName: env.snowflake.accountName,
      user: platform.snowflake.deployUser,
    };
    // Team objects are owned by the platform admin role, never by the team's own roles.
    snowflakeProvider(this, 'snowflake', { ...account, role: env.snowflake.adminRole });
    // Only ACCOUNTADMIN may create resource monitors and assign them to warehouses.
    const accountAdmin = snowflakeProvider(this, 'snowflake-accountadmin', {
      ...account,
      role: ACCOUNTADMIN,
      alias: 'accountadmin',
    });

    const sf = team.snowflake;
    this.workspace = new TeamSnowflakeWorkspace(this, 'workspace', {
      description: team.description,
      database: sf.database,
      dataRetentionTimeInDays: env.protection.dataRetentionTimeInDays,
      preventDestroy: env.protection.preventDestroy,
      schemas: sf.schemas.map((s) => ({
        name: s.name,
        comment: s.comment,
        publishToBi: s.publishToBi,
        readRoleName: s.readRole,
        writeRoleName: s.writeRole,
      })),
      teamRole: sf.teamRole,
      pipelineRole: sf.pipelineRole,
      members: sf.members,
      // The producer's READ role in this environment, keyed by the dataset as written in config.
      reads: sf.reads.map((r) => ({ key: r.key, database: r.database, role: r.readRole })),
      warehouses: sf.warehouses.map((w) => ({
        name: w.name,
        comment: w.comment,
        monitorName: w.monitorName,
        size: w.size,
        monthlyCreditQuota: w.monthlyCreditQuota,
        maxClusterCount: w.maxClusterCount,
        autoSuspendSeconds: w.autoSuspendSeconds,
        statementTimeoutSeconds: w.statementTimeoutSeconds,
      })),
      monitorThresholds: platform.guardrails.resourceMonitor,
      serviceUsers: sf.serviceUsers.map((u) => ({
        name: u.name,
        comment: u.comment,
        rsaPublicKey: u.rsaPublicKey,
        rsaPublicKey2: u.rsaPublicKey2,
        defaultWarehouse: u.defaultWarehouse,
        allowedIpList: u.allowedIpList,
        networkPolicyName: u.networkPolicyName,
      })),
      // The platform stack creates this role; it is deployed first (stacks/app.ts).
      biReaderRole: env.snowflake.biReaderRole,
      accountAdminProvider: accountAdmin,
    });
  }
}

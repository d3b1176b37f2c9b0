import type { Construct } from 'constructs';
import { TeamSnowflakeWorkspace } from '../constructs/workspace/team-snowflake-workspace';
import {
  type EnvironmentConfig,
  forEnvironment,
  type PlatformConfig,
  platformSnowflakeNames,
  stackNames,
  type TeamConfig,
  teamSnowflakeNames,
} from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { snowflakeProvider } from './providers';

export interface TeamSnowflakeStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly team: TeamConfig;
  readonly options: SynthOptions;
}

/** A team's Snowflake side in one environment: database, access roles, team roles, warehouses, users, grants. */
export class TeamSnowflakeStack extends PlatformStack {
  readonly workspace: TeamSnowflakeWorkspace;

  constructor(scope: Construct, props: TeamSnowflakeStackProps) {
    const { platform } = props.config;
    const { environment: env, team } = props;
    super(scope, stackNames.teamSnowflake(env.name, team.name), {
      mode: props.options.mode,
      stateBackend: platform.stateBackend,
    });
    const platformNames = platformSnowflakeNames(env.snowflakePrefix);
    const account = {
      organizationName: env.snowflake.organizationName,
      accountName: env.snowflake.accountName,
      user: platform.snowflake.deployUser,
    };
    // Team objects are owned by the platform admin role, never by the team's own roles.
    snowflakeProvider(this, 'snowflake', { ...account, role: platformNames.adminRole });
    // Only ACCOUNTADMIN may create resource monitors and assign them to warehouses.
    const accountAdmin = snowflakeProvider(this, 'snowflake-accountadmin', {
      ...account,
      role: 'ACCOUNTADMIN',
      alias: 'accountadmin',
    });

    const names = teamSnowflakeNames(env.snowflakePrefix, team.name);
    const protection = platform.protectionLevels[env.protection];
    const sf = team.snowflake;
    const warehouses = sf.warehouses.map((w) => ({
      name: names.warehouse(w.name),
      comment: w.comment,
      monitorName: names.monitor(w.name),
      size: forEnvironment(w.size, env.name) ?? env.defaults.warehouseSize,
      monthlyCreditQuota: forEnvironment(w.monthlyCreditQuota, env.name) ?? env.defaults.monthlyCreditQuota,
      maxClusterCount: forEnvironment(w.maxClusterCount, env.name) ?? env.defaults.maxClusterCount,
      autoSuspendSeconds: w.autoSuspendSeconds,
      statementTimeoutSeconds: w.statementTimeoutSeconds,
    }));

    this.workspace = new TeamSnowflakeWorkspace(this, 'workspace', {
      description: team.description,
      database: names.database,
      dataRetentionTimeInDays: protection.dataRetentionTimeInDays,
      preventDestroy: protection.preventDestroy,
      schemas: sf.schemas.map((s) => ({
        name: s.name,
        comment: s.comment,
        publishToBi: s.publishToBi,
        readRoleName: names.accessRole(s.name, 'READ'),
        writeRoleName: names.accessRole(s.name, 'WRITE'),
      })),
      teamRole: names.teamRole,
      pipelineRole: names.pipelineRole,
      members: sf.members,
      // "<team>.<SCHEMA>" (validated in config/validate.ts) -> the producer's database and READ role in this environment.
      reads: sf.reads.map((ref) => {
        const [producer, schema] = ref.split('.');
        const producerNames = teamSnowflakeNames(env.snowflakePrefix, producer);
        return { key: ref, database: producerNames.database, role: producerNames.accessRole(schema, 'READ') };
      }),
      warehouses,
      monitorThresholds: platform.guardrails.resourceMonitor,
      serviceUsers: sf.serviceUsers.map((u) => ({
        name: names.serviceUser(u.name),
        comment: u.comment,
        rsaPublicKey: u.rsaPublicKey,
        rsaPublicKey2: u.rsaPublicKey2,
        // Default: the workspace picks the team's first warehouse.
        defaultWarehouse: u.defaultWarehouse ? names.warehouse(u.defaultWarehouse) : undefined,
        allowedIpList: u.allowedIpList,
        networkPolicyName: u.allowedIpList ? names.networkPolicy(u.name) : undefined,
      })),
      // The platform stack creates this role; it is deployed first (stacks/app.ts).
      biReaderRole: platformNames.biReaderRole,
      accountAdminProvider: accountAdmin,
    });
  }
}

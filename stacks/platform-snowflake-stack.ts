import type { Construct } from 'constructs';
import { FunctionalRole } from '../constructs/snowflake/functional-role';
import { MonitoredWarehouse } from '../constructs/snowflake/monitored-warehouse';
import { ServiceUser } from '../constructs/snowflake/service-user';
import {
  type EnvironmentConfig,
  forEnvironment,
  type PlatformConfig,
  platformSnowflakeNames,
  stackNames,
} from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { snowflakeProvider } from './providers';

export interface PlatformSnowflakeStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly options: SynthOptions;
}

/**
 * What the platform admin role needs to build team workspaces, and why (docs/snowflake.md):
 * databases, the TEAM/PIPELINE account roles, service users, and the network policies it attaches to them (attaching
 * a policy at CREATE USER needs ownership of the policy). No MANAGE GRANTS: schemas are managed-access, so their
 * owner defines the future grants, and warehouse grants are made by ACCOUNTADMIN, which owns the warehouses.
 */
export const PLATFORM_ADMIN_PRIVILEGES = [
  'CREATE DATABASE',
  'CREATE ROLE',
  'CREATE USER',
  'CREATE NETWORK POLICY',
] as const;

/** An environment's Snowflake platform: the platform role hierarchy, the shared BI warehouse, BI service users. */
export class PlatformSnowflakeStack extends PlatformStack {
  readonly names: ReturnType<typeof platformSnowflakeNames>;

  constructor(scope: Construct, props: PlatformSnowflakeStackProps) {
    const { platform } = props.config;
    const env = props.environment;
    super(scope, stackNames.platformSnowflake(env.name), {
      mode: props.options.mode,
      stateBackend: platform.stateBackend,
    });
    this.names = platformSnowflakeNames(env.snowflakePrefix);
    // Creating roles, granting account privileges and assigning monitors need ACCOUNTADMIN: platform team only.
    snowflakeProvider(this, 'snowflake', {
      organizationName: env.snowflake.organizationName,
      accountName: env.snowflake.accountName,
      user: platform.snowflake.deployUser,
      role: 'ACCOUNTADMIN',
    });

    new FunctionalRole(this, 'platform-admin-role', {
      name: this.names.adminRole,
      comment:
        'Owns team databases, schemas, access roles, team roles and service users (Terraform team stacks run as it)',
      accountPrivileges: PLATFORM_ADMIN_PRIVILEGES,
      // The team stacks' provider uses this role, so the deploy user must hold it.
      users: [platform.snowflake.deployUser],
    });
    const biReader = new FunctionalRole(this, 'bi-reader-role', {
      name: this.names.biReaderRole,
      comment: 'BI tools: READ roles of the schemas teams publish to BI (granted by the team stacks)',
    });
    const snowflake = platform.snowflake;
    const biWarehouse = new MonitoredWarehouse(this, 'bi-warehouse', {
      name: this.names.biWarehouse,
      comment: 'Shared warehouse of the BI tools',
      monitorName: this.names.biMonitor,
      size: forEnvironment(snowflake.biWarehouse.size, env.name) ?? env.defaults.warehouseSize,
      monthlyCreditQuota:
        forEnvironment(snowflake.biWarehouse.monthlyCreditQuota, env.name) ?? env.defaults.monthlyCreditQuota,
      ...platform.guardrails.resourceMonitor,
      grantTo: [this.names.biReaderRole],
      // BI tools query; auto-resume starts the warehouse, they need not operate it.
      grantPrivileges: ['USAGE'],
      dependsOn: [biReader.role],
    });
    for (const user of snowflake.biServiceUsers) {
      new ServiceUser(this, `bi-user-${user.name}`, {
        name: this.names.biUser(user.name),
        comment: user.comment,
        rsaPublicKey: user.rsaPublicKey,
        defaultRole: this.names.biReaderRole,
        defaultWarehouse: biWarehouse.name,
        dependsOn: [biReader.role],
      });
    }
  }
}

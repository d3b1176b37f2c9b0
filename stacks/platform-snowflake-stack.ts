import type { Construct } from 'constructs';
import { FunctionalRole } from '../constructs/snowflake/functional-role';
import { MonitoredWarehouse } from '../constructs/snowflake/monitored-warehouse';
import { ServiceUser } from '../constructs/snowflake/service-user';
import type { EnvironmentConfig, PlatformSettings } from '../config';
import { ACCOUNTADMIN } from '../domain/snowflake-roles';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { snowflakeProvider } from './providers';

export interface PlatformSnowflakeStackProps {
  readonly platform: PlatformSettings;
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
  constructor(scope: Construct, props: PlatformSnowflakeStackProps) {
    const { platform, environment: env } = props;
    super(scope, env.stacks.platformSnowflake, { mode: props.options.mode, stateBackend: platform.stateBackend });
    const sf = env.snowflake;
    // Creating roles, granting account privileges and assigning monitors need ACCOUNTADMIN: platform team only.
    snowflakeProvider(this, 'snowflake', {
      organizationName: sf.organizationName,
      accountName: sf.accountName,
      user: platform.snowflake.deployUser,
      role: ACCOUNTADMIN,
    });

    new FunctionalRole(this, 'platform-admin-role', {
      name: sf.adminRole,
      comment:
        'Owns team databases, schemas, access roles, team roles and service users (Terraform team stacks run as it)',
      accountPrivileges: PLATFORM_ADMIN_PRIVILEGES,
      // The team stacks' provider uses this role, so the deploy user must hold it.
      users: [platform.snowflake.deployUser],
    });
    const biReader = new FunctionalRole(this, 'bi-reader-role', {
      name: sf.biReaderRole,
      comment: 'BI tools: READ roles of the schemas teams publish to BI (granted by the team stacks)',
    });
    const biWarehouse = new MonitoredWarehouse(this, 'bi-warehouse', {
      name: sf.biWarehouse.name,
      comment: 'Shared warehouse of the BI tools',
      monitorName: sf.biWarehouse.monitorName,
      size: sf.biWarehouse.size,
      monthlyCreditQuota: sf.biWarehouse.monthlyCreditQuota,
      ...platform.guardrails.resourceMonitor,
      grantTo: [sf.biReaderRole],
      // BI tools query; auto-resume starts the warehouse, they need not operate it.
      grantPrivileges: ['USAGE'],
      dependsOn: [biReader.role],
    });
    for (const user of sf.biUsers) {
      new ServiceUser(this, `bi-user-${user.key}`, {
        name: user.name,
        comment: user.comment,
        rsaPublicKey: user.rsaPublicKey,
        defaultRole: sf.biReaderRole,
        defaultWarehouse: biWarehouse.name,
        dependsOn: [biReader.role],
      });
    }
  }
}

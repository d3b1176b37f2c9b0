import type { Construct } from 'constructs';
import { AdminRole } from '../constructs/snowflake/admin-role';
import { FunctionalRole } from '../constructs/snowflake/functional-role';
import { MonitoredWarehouse } from '../constructs/snowflake/monitored-warehouse';
import { ServiceUser } from '../constructs/snowflake/service-user';
import type { EnvironmentConfig, PlatformSettings } from '../config';
import { EDITION_LIMITS } from '../domain/snowflake-editions';
import { WAREHOUSE_PRIVILEGES } from '../domain/snowflake-privileges';
import { ACCOUNTADMIN, SYSADMIN, USERADMIN } from '../domain/snowflake-roles';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { snowflakeProvider } from './providers';

export interface PlatformSnowflakeStackProps {
  readonly platform: PlatformSettings;
  readonly environment: EnvironmentConfig;
  readonly options: SynthOptions;
}

/**
 * Object administration (`<P>PLATFORM_ADMIN`, under SYSADMIN): team databases; team stacks run as it, so it owns
 * databases, schemas, database roles and (handed over once created) warehouses. No CREATE WAREHOUSE: warehouses are
 * created as ACCOUNTADMIN, the only role that may assign a resource monitor.
 */
export const PLATFORM_ADMIN_PRIVILEGES = ['CREATE DATABASE'] as const;

/**
 * Identity administration (`<P>PLATFORM_USERADMIN`, under USERADMIN, not SYSADMIN): the team's account roles, service
 * users, and the network policies attached to them (a user created with a policy needs its creator to own it).
 */
export const PLATFORM_USERADMIN_PRIVILEGES = ['CREATE ROLE', 'CREATE USER', 'CREATE NETWORK POLICY'] as const;

/**
 * An environment's Snowflake platform, applied as ACCOUNTADMIN by the account-admin user: the two administration
 * roles and the environment's deploy user (which holds only those two), the BI reader role, the shared BI warehouse
 * and its monitor, BI service users. Only one provider: its deploy user cannot log in before this stack created it.
 */
export class PlatformSnowflakeStack extends PlatformStack {
  constructor(scope: Construct, props: PlatformSnowflakeStackProps) {
    const { platform, environment: env } = props;
    super(scope, env.stacks.platformSnowflake, { mode: props.options.mode, stateBackend: platform.stateBackend });
    const sf = env.snowflake;
    snowflakeProvider(this, 'snowflake', {
      organizationName: sf.organizationName,
      accountName: sf.accountName,
      user: sf.accountAdminUser,
      role: ACCOUNTADMIN,
      privateKey: 'account-admin-variable',
    });

    const admin = new AdminRole(this, 'platform-admin-role', {
      name: sf.adminRole,
      comment: 'Objects: owns team databases, schemas, access roles and warehouses (team stacks run as it)',
      parentRole: SYSADMIN,
      accountPrivileges: PLATFORM_ADMIN_PRIVILEGES,
    });
    // Secondary roles NONE: a session is authorized by the role the provider names, never by the user's other roles.
    const deployUser = new ServiceUser(this, 'deploy-user', {
      name: sf.deployUser.name,
      comment: `Terraform deploy user of ${env.name}: holds only ${sf.adminRole} and ${sf.userAdminRole}`,
      rsaPublicKey: sf.deployUser.rsaPublicKey,
      rsaPublicKey2: sf.deployUser.rsaPublicKey2,
      defaultRole: sf.adminRole,
      // Dropping it would lock this environment's pipeline out.
      preventDestroy: true,
      dependsOn: [admin.role],
    });
    new AdminRole(this, 'platform-useradmin-role', {
      name: sf.userAdminRole,
      comment: 'Identities: owns team account roles, service users and network policies (team stacks use it for those)',
      parentRole: USERADMIN,
      accountPrivileges: PLATFORM_USERADMIN_PRIVILEGES,
      users: [sf.deployUser.name],
      usersDependOn: [deployUser.user],
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
      notifyUsers: sf.biWarehouse.notifyUsers,
      enableQueryAcceleration: EDITION_LIMITS[sf.edition].queryAcceleration ? false : undefined,
      ownerRole: sf.adminRole,
      grants: [{ role: sf.biReaderRole, privileges: WAREHOUSE_PRIVILEGES.biReader }],
      dependsOn: [biReader.role, admin.role],
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

/**
 * Snowflake: warehouses capped by monitors and auto-suspend, no admin-role grants from teams, ACCOUNTADMIN in team
 * stacks only for what needs it, no passwords.
 */
import { blocks, isTrue, literal, quote, resources, snowflakeName, strings } from '../attributes';
import { TASK_OWNER_ACCOUNT_PRIVILEGES } from '../../../domain/snowflake-privileges';
import { ACCOUNTADMIN, SNOWFLAKE_ADMIN_ROLES } from '../../../domain/snowflake-roles';
import type { ElementView, Rule, Violation } from '../types';

function label(e: ElementView, what: string): string {
  const name = literal(e.config.name);
  return name ? `${what} ${quote(name)}` : `${what} ${e.address}`;
}

export const snowflakeWarehouseMonitor: Rule = {
  id: 'snowflake-warehouse-monitor',
  level: 'error',
  description: 'Every Snowflake warehouse has a resource monitor, so its monthly credits are capped.',
  fix: "create a snowflake_resource_monitor with the warehouse's credit quota and set resource_monitor on the warehouse",
  check: ({ stack }) =>
    resources(stack, 'snowflake_warehouse')
      .filter((w) => typeof w.config.resource_monitor !== 'string' || w.config.resource_monitor.trim() === '')
      .map((w) => ({ element: w, message: `${label(w, 'warehouse')} has no resource_monitor` })),
};

export const snowflakeWarehouseAutoSuspend: Rule = {
  id: 'snowflake-warehouse-auto-suspend',
  level: 'error',
  description:
    "Every Snowflake warehouse sets auto_suspend, between 1 second and the stack's limit (maxAutoSuspendSeconds, default 600).",
  fix: 'set auto_suspend (seconds) on the warehouse; 60 suits most workloads',
  check: ({ stack }) => {
    const max = stack.context.maxAutoSuspendSeconds ?? 600;
    const out: Violation[] = [];
    for (const w of resources(stack, 'snowflake_warehouse')) {
      const value = w.config.auto_suspend;
      if (typeof value !== 'number')
        out.push({
          element: w,
          message: `${label(w, 'warehouse')} does not set auto_suspend (Snowflake's default may be "never")`,
        });
      else if (value < 1 || value > max)
        out.push({
          element: w,
          message: `${label(w, 'warehouse')} has auto_suspend ${value}, allowed 1 to ${max} seconds`,
        });
    }
    return out;
  },
};

/** [resource type, attributes naming a role that receives or is the granted role]. */
const GRANT_ROLE_ATTRIBUTES: Array<[string, string[]]> = [
  ['snowflake_grant_account_role', ['role_name', 'parent_role_name']],
  ['snowflake_grant_database_role', ['parent_role_name']],
  ['snowflake_grant_privileges_to_account_role', ['account_role_name']],
  ['snowflake_grant_ownership', ['account_role_name']],
  ['snowflake_grant_application_role', ['parent_account_role_name']],
];

export const snowflakeNoAdminRoleGrants: Rule = {
  id: 'snowflake-no-admin-role-grants',
  level: 'error',
  unsuppressible: true,
  description: `Team stacks grant nothing to or from ${SNOWFLAKE_ADMIN_ROLES.join(', ')}, and never grant the platform's administration roles: a team must not gain or hand out account administration.`,
  fix: "grant to the team's own roles; account-level roles are wired only in the platform stack",
  check: ({ stack }) => {
    if (stack.context.team === undefined) return [];
    const out: Violation[] = [];
    for (const [type, attributes] of GRANT_ROLE_ATTRIBUTES) {
      for (const grant of resources(stack, type)) {
        for (const attribute of attributes) {
          const role = snowflakeName(grant.config[attribute]);
          if (role && SNOWFLAKE_ADMIN_ROLES.includes(role))
            out.push({ element: grant, message: `${type}.${attribute} is ${role}` });
        }
      }
    }
    // The platform roles may receive grants (schema owner roles sit under the object-administration role), but a
    // team stack never hands one of them to anyone.
    const platformRoles = (stack.context.snowflakePlatformRoleNames ?? []).map((r) => r.toUpperCase());
    for (const grant of resources(stack, 'snowflake_grant_account_role')) {
      const role = snowflakeName(grant.config.role_name);
      if (role && platformRoles.includes(role))
        out.push({
          element: grant,
          message: `grants the platform role ${role} (snowflake_grant_account_role.role_name)`,
        });
    }
    return out;
  },
};

/** What a team stack may do as ACCOUNTADMIN, by resource type: each returns why an instance is not allowed, if it is not. */
const ACCOUNTADMIN_ALLOWED: Record<string, (config: Readonly<Record<string, unknown>>) => string | undefined> = {
  snowflake_resource_monitor: () => undefined,
  snowflake_warehouse: () => undefined,
  snowflake_grant_ownership: (c) => {
    const on = blocks(c.on)[0];
    return on?.object_type === 'WAREHOUSE' ? undefined : 'transfers ownership of something other than a warehouse';
  },
  snowflake_grant_privileges_to_account_role: (c) => {
    const extra = strings(c.privileges).filter((p) => !TASK_OWNER_ACCOUNT_PRIVILEGES.includes(p.toUpperCase()));
    if (!isTrue(c.on_account)) return 'grants privileges on something other than the account';
    return extra.length ? `grants ${extra.join(', ')} (only ${TASK_OWNER_ACCOUNT_PRIVILEGES.join(', ')})` : undefined;
  },
};

export const snowflakeAccountAdminScope: Rule = {
  id: 'snowflake-accountadmin-scope',
  level: 'error',
  unsuppressible: true,
  description: `In team stacks, a Snowflake provider running as ${ACCOUNTADMIN} manages only what needs it: resource monitors, warehouses (assigning a monitor), handing a warehouse to the platform (ownership), ${TASK_OWNER_ACCOUNT_PRIVILEGES.join(', ')}.`,
  fix: 'create it with the default provider (object administration) or the useradmin provider (roles and users)',
  check: ({ stack }) => {
    if (stack.context.team === undefined) return [];
    const roleOf = new Map<string, string | undefined>();
    for (const p of stack.elements.filter((e) => e.kind === 'provider' && e.type === 'snowflake')) {
      const alias = literal(p.config.alias);
      roleOf.set(alias ? `snowflake.${alias}` : 'snowflake', snowflakeName(p.config.role));
    }
    const out: Violation[] = [];
    for (const e of stack.elements.filter((x) => x.kind === 'resource' && x.type.startsWith('snowflake_'))) {
      const provider = literal(e.config.provider) ?? 'snowflake';
      if (roleOf.get(provider) !== ACCOUNTADMIN) continue;
      const allowed = ACCOUNTADMIN_ALLOWED[e.type];
      const why = allowed ? allowed(e.config) : 'is not a resource type that needs ACCOUNTADMIN';
      if (why) out.push({ element: e, message: `${e.type} on provider ${provider} (${ACCOUNTADMIN}) ${why}` });
    }
    return out;
  },
};

export const snowflakeServiceUserNoPassword: Rule = {
  id: 'snowflake-service-user-no-password',
  level: 'error',
  unsuppressible: true,
  description: 'Snowflake users created here (service identities) have no password: key-pair authentication only.',
  fix: 'remove the password; use snowflake_service_user with rsa_public_key (people sign in through SSO)',
  check: ({ stack }) =>
    ['snowflake_service_user', 'snowflake_legacy_service_user', 'snowflake_user'].flatMap((type) =>
      resources(stack, type)
        .filter((u) => u.config.password !== undefined && u.config.password !== null && u.config.password !== '')
        .map((u) => ({ element: u, message: `${label(u, 'user')} (${type}) sets a password` })),
    ),
};

export const snowflakeDatabaseRetention: Rule = {
  id: 'snowflake-database-retention',
  level: 'error',
  description: 'Snowflake databases keep Time Travel for at least the days the stack requires (minDataRetentionDays).',
  fix: 'set data_retention_time_in_days on the database to at least the required days',
  check: ({ stack }) => {
    const min = stack.context.minDataRetentionDays;
    if (min === undefined) return [];
    return resources(stack, 'snowflake_database')
      .filter(
        (d) => typeof d.config.data_retention_time_in_days !== 'number' || d.config.data_retention_time_in_days < min,
      )
      .map((d) => ({
        element: d,
        message: `${label(d, 'database')} has data_retention_time_in_days ${quote(d.config.data_retention_time_in_days ?? '(unset)')}, needs at least ${min}`,
      }));
  },
};

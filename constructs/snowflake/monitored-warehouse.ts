import { GrantOwnership } from '@cdktf/provider-snowflake/lib/grant-ownership';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { ResourceMonitor } from '@cdktf/provider-snowflake/lib/resource-monitor';
import { Warehouse } from '@cdktf/provider-snowflake/lib/warehouse';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { WAREHOUSE_PRIVILEGES } from '../../domain/snowflake-privileges';
import { DEFAULT_WAREHOUSE_SIZE, isWarehouseSize, WAREHOUSE_SIZES } from '../../domain/snowflake-warehouses';
import { propError } from './errors';
import { identifier } from './identifiers';

/** Privileges one account role gets on the warehouse. */
export interface WarehouseGrant {
  readonly role: string;
  /** Default: WAREHOUSE_PRIVILEGES.functional (USAGE, OPERATE, MONITOR). */
  readonly privileges?: readonly string[];
}

export interface MonitoredWarehouseProps {
  /** Warehouse name, unique in the account. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** One of WAREHOUSE_SIZES (domain/snowflake-warehouses.ts). Default: XSMALL. */
  readonly size?: string;
  /** Credits the warehouse may use per calendar month; the monitor acts on percentages of it. Must be > 0. */
  readonly monthlyCreditQuota: number;
  /** Idle seconds before the warehouse suspends itself. Default: 60. */
  readonly autoSuspendSeconds?: number;
  /** Clusters a multi-cluster warehouse may scale out to (1-10; above 1 needs Enterprise edition). Default: 1. */
  readonly maxClusterCount?: number;
  /** Seconds after which a running statement is cancelled. Default: 3600. */
  readonly statementTimeoutSeconds?: number;
  /** Resource monitor name. Default: `<name>_MONITOR`. */
  readonly monitorName?: string;
  /** Percentages of the quota at which users in `notifyUsers` (and admins with notifications on) are told. Default: 75, 90. */
  readonly notifyPercents?: readonly number[];
  /** Percentage at which the warehouse suspends after running statements finish. Default: 100. */
  readonly suspendPercent?: number;
  /** Percentage at which the warehouse suspends and cancels running statements. Default: 110. */
  readonly suspendImmediatePercent?: number;
  /**
   * Users emailed at the notify thresholds, by their exact name (SHOW USERS; case matters). They must have verified
   * email addresses. Default: none (only account administrators who enabled notifications).
   */
  readonly notifyUsers?: readonly string[];
  /**
   * `enable_query_acceleration`. Unset, Snowflake's default applies (off); set it only where the edition has the
   * query acceleration service (Enterprise and above). Default: unset.
   */
  readonly enableQueryAcceleration?: boolean;
  /** Privileges on the warehouse, per account role. Default: none. */
  readonly grants?: readonly WarehouseGrant[];
  /**
   * Provider for the monitor and the warehouse. Only ACCOUNTADMIN may create resource monitors and assign them to
   * warehouses, so this provider must run as ACCOUNTADMIN. Default: the stack's default provider.
   */
  readonly provider?: TerraformProvider;
  /**
   * The role that owns the warehouse: ownership is transferred to it once created (current grants copied), so the
   * warehouse is not owned by ACCOUNTADMIN. Default: the role `provider` runs as keeps it.
   */
  readonly ownerRole?: string;
  /**
   * Provider for the `grants`: it runs as `ownerRole` (the owner grants on the warehouse). Default: the stack's
   * default provider when `ownerRole` is set, else `provider`.
   */
  readonly grantProvider?: TerraformProvider;
  /** Resources that must exist before the grants (the granted roles, when created in the same stack). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A warehouse that cannot run away with credits: auto-suspend, auto-resume, created suspended, a statement timeout,
 * and its own resource monitor (quota per calendar month, notify, suspend and suspend-immediately triggers).
 */
export class MonitoredWarehouse extends Construct {
  readonly monitor: ResourceMonitor;
  readonly warehouse: Warehouse;
  /** The transfer of the warehouse to `ownerRole`, when set. */
  readonly ownership?: GrantOwnership;
  readonly name: string;

  constructor(scope: Construct, id: string, props: MonitoredWarehouseProps) {
    super(scope, id);
    this.name = props.name;
    const size = props.size ?? DEFAULT_WAREHOUSE_SIZE;
    const autoSuspendSeconds = props.autoSuspendSeconds ?? 60;
    const maxClusterCount = props.maxClusterCount ?? 1;
    const notifyPercents = [...(props.notifyPercents ?? [75, 90])];
    const suspendPercent = props.suspendPercent ?? 100;
    const suspendImmediatePercent = props.suspendImmediatePercent ?? 110;
    this.validate(props, size, autoSuspendSeconds, maxClusterCount, [
      ...notifyPercents,
      suspendPercent,
      suspendImmediatePercent,
    ]);

    const monitorName = props.monitorName ?? `${props.name}_MONITOR`;
    this.monitor = new ResourceMonitor(this, 'monitor', {
      provider: props.provider,
      name: monitorName,
      creditQuota: props.monthlyCreditQuota,
      // No frequency and no start_timestamp: Snowflake's default schedule, which resets the used credits at the start
      // of each calendar month (12:00 AM UTC). MONTHLY + IMMEDIATELY would reset on the day of the month the monitor
      // was created, and a fixed start date must lie in the future whenever a monitor is created.
      notifyTriggers: notifyPercents,
      suspendTrigger: suspendPercent,
      suspendImmediateTrigger: suspendImmediatePercent,
      notifyUsers: props.notifyUsers?.length ? props.notifyUsers.map(identifier) : undefined,
    });
    this.warehouse = new Warehouse(this, 'warehouse', {
      provider: props.provider,
      name: props.name,
      comment: props.comment,
      warehouseSize: size,
      autoSuspend: autoSuspendSeconds,
      // The binding types these as strings ("true"/"false"/"default"); "default" (unset) sends nothing.
      autoResume: 'true',
      enableQueryAcceleration:
        props.enableQueryAcceleration === undefined ? undefined : String(props.enableQueryAcceleration),
      initiallySuspended: true,
      minClusterCount: 1,
      maxClusterCount,
      statementTimeoutInSeconds: props.statementTimeoutSeconds ?? 3600,
      resourceMonitor: identifier(monitorName),
      dependsOn: [this.monitor],
    });
    if (props.ownerRole) {
      this.ownership = new GrantOwnership(this, 'ownership', {
        provider: props.provider,
        accountRoleName: identifier(props.ownerRole),
        // COPY keeps the grants made before the transfer (none are, but a hand-made one would otherwise be revoked).
        outboundPrivileges: 'COPY',
        on: { objectType: 'WAREHOUSE', objectName: identifier(props.name) },
        dependsOn: [this.warehouse],
      });
    }

    const grantProvider = props.grantProvider ?? (props.ownerRole ? undefined : props.provider);
    const seen = new Set<string>();
    for (const g of props.grants ?? []) {
      if (seen.has(g.role)) {
        throw propError(this, {
          prop: 'grants',
          problem: `lists ${g.role} twice`,
          given: (props.grants ?? []).map((x) => x.role),
          allowed: 'each role once',
          fix: 'merge its privileges into one entry',
        });
      }
      seen.add(g.role);
      new GrantPrivilegesToAccountRole(this, `grant-${g.role}`, {
        provider: grantProvider,
        accountRoleName: identifier(g.role),
        privileges: [...(g.privileges ?? WAREHOUSE_PRIVILEGES.functional)],
        onAccountObject: { objectType: 'WAREHOUSE', objectName: identifier(props.name) },
        dependsOn: [this.ownership ?? this.warehouse, ...(props.dependsOn ?? [])],
      });
    }
  }

  private validate(
    props: MonitoredWarehouseProps,
    size: string,
    autoSuspendSeconds: number,
    maxClusterCount: number,
    thresholds: number[],
  ): void {
    if (!isWarehouseSize(size)) {
      throw propError(this, {
        prop: 'size',
        problem: 'is not a warehouse size',
        given: size,
        allowed: WAREHOUSE_SIZES.join(', '),
        fix: 'use one of the allowed sizes',
      });
    }
    if (!(props.monthlyCreditQuota > 0)) {
      throw propError(this, {
        prop: 'monthlyCreditQuota',
        problem: 'must be greater than 0 (0 means no quota at all in Snowflake)',
        given: props.monthlyCreditQuota,
        allowed: 'a positive number of credits',
        fix: 'set the credits per month this warehouse may use',
      });
    }
    if (!Number.isInteger(autoSuspendSeconds) || autoSuspendSeconds < 1) {
      throw propError(this, {
        prop: 'autoSuspendSeconds',
        problem: 'must be a positive whole number (0 would never suspend)',
        given: autoSuspendSeconds,
        allowed: 'integer >= 1, usually 60',
        fix: 'use 60',
      });
    }
    if (!Number.isInteger(maxClusterCount) || maxClusterCount < 1 || maxClusterCount > 10) {
      throw propError(this, {
        prop: 'maxClusterCount',
        problem: 'is out of range',
        given: maxClusterCount,
        allowed: 'integer 1 to 10',
        fix: 'use 1 unless the warehouse needs to scale out',
      });
    }
    // Each above the one before it (the first has none).
    if (thresholds.some((t, i) => !Number.isInteger(t) || t < 1 || t <= (thresholds[i - 1] ?? -Infinity))) {
      throw propError(this, {
        prop: 'notifyPercents/suspendPercent/suspendImmediatePercent',
        problem: 'must be positive whole percentages, strictly ascending',
        given: thresholds,
        allowed: 'notify < suspend < suspendImmediate, e.g. 75, 90, 100, 110',
        fix: 'reorder the thresholds',
      });
    }
  }
}

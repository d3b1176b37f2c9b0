import { GrantOwnership } from '@cdktf/provider-snowflake/lib/grant-ownership';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { ResourceMonitor } from '@cdktf/provider-snowflake/lib/resource-monitor';
import { Warehouse } from '@cdktf/provider-snowflake/lib/warehouse';
import { MonitoredWarehouse, type MonitoredWarehouseProps } from '../../constructs/snowflake/monitored-warehouse';
import { WAREHOUSE_SIZES } from '../../domain/snowflake-warehouses';
import { synth } from './synth';

const build = (props: Partial<MonitoredWarehouseProps> = {}) =>
  synth(
    (scope) =>
      new MonitoredWarehouse(scope, 'DEV_SALES_ETL', { name: 'DEV_SALES_ETL', monthlyCreditQuota: 20, ...props }),
  );

describe('MonitoredWarehouse', () => {
  it('creates a resource monitor with the quota and the default thresholds', () => {
    expect(build().json).toHaveResourceWithProperties(ResourceMonitor, {
      name: 'DEV_SALES_ETL_MONITOR',
      credit_quota: 20,
      notify_triggers: [75, 90],
      suspend_trigger: 100,
      suspend_immediate_trigger: 110,
    });
  });

  it("resets on calendar months: Snowflake's default schedule, so no frequency and no start timestamp", () => {
    // MONTHLY + a start resets on the start's day of the month (docs: "relative to the specified start date"); a
    // fixed date must be in the future whenever a monitor is created. Neither may appear.
    const [monitor] = build().list(ResourceMonitor.tfResourceType);
    expect(Object.keys(monitor)).not.toContain('frequency');
    expect(Object.keys(monitor)).not.toContain('start_timestamp');
    expect(Object.keys(monitor)).not.toContain('end_timestamp');
  });

  it('notifies the named users by their exact names (quoted, case kept)', () => {
    const [monitor] = build({ notifyUsers: ['jane.doe@example.com', 'OPS'] }).list(ResourceMonitor.tfResourceType);
    expect(monitor.notify_users).toEqual(['"jane.doe@example.com"', 'OPS']);
    expect(Object.keys(build().list(ResourceMonitor.tfResourceType)[0])).not.toContain('notify_users');
  });

  it('leaves query acceleration unset unless asked (Standard edition has none)', () => {
    expect(Object.keys(build().list(Warehouse.tfResourceType)[0])).not.toContain('enable_query_acceleration');
    expect(build({ enableQueryAcceleration: false }).list(Warehouse.tfResourceType)[0].enable_query_acceleration).toBe(
      'false',
    );
  });

  it('creates a small, self-suspending warehouse assigned to its monitor by default', () => {
    const s = build();
    expect(s.json).toHaveResourceWithProperties(Warehouse, {
      name: 'DEV_SALES_ETL',
      warehouse_size: 'XSMALL',
      auto_suspend: 60,
      auto_resume: 'true',
      initially_suspended: true,
      min_cluster_count: 1,
      max_cluster_count: 1,
      statement_timeout_in_seconds: 3600,
      resource_monitor: 'DEV_SALES_ETL_MONITOR',
    });
    const monitorId = Object.keys(s.of(ResourceMonitor.tfResourceType))[0];
    expect(s.list(Warehouse.tfResourceType)[0].depends_on).toEqual([`${ResourceMonitor.tfResourceType}.${monitorId}`]);
  });

  it('takes size, limits, thresholds and names from props', () => {
    const s = build({
      size: 'MEDIUM',
      autoSuspendSeconds: 120,
      maxClusterCount: 3,
      statementTimeoutSeconds: 600,
      monitorName: 'M',
      notifyPercents: [50],
      suspendPercent: 80,
      suspendImmediatePercent: 95,
      notifyUsers: ['A.B@X.COM'],
    });
    expect(s.json).toHaveResourceWithProperties(Warehouse, {
      warehouse_size: 'MEDIUM',
      auto_suspend: 120,
      max_cluster_count: 3,
      statement_timeout_in_seconds: 600,
      resource_monitor: 'M',
    });
    expect(s.json).toHaveResourceWithProperties(ResourceMonitor, {
      name: 'M',
      notify_triggers: [50],
      suspend_trigger: 80,
      suspend_immediate_trigger: 95,
      notify_users: ['"A.B@X.COM"'],
    });
  });

  it('passes every size the config allows to the provider unchanged', () => {
    for (const size of WAREHOUSE_SIZES) {
      expect(build({ size }).list(Warehouse.tfResourceType)[0].warehouse_size).toBe(size);
    }
  });

  it('grants USAGE, OPERATE and MONITOR to the given roles by default, or the given privileges', () => {
    const s = build({ grants: [{ role: 'TEAM' }, { role: 'OWNER', privileges: ['USAGE'] }] });
    const grants = s.list(GrantPrivilegesToAccountRole.tfResourceType);
    expect(grants.map((g) => [g.account_role_name, g.privileges]).sort()).toEqual([
      ['OWNER', ['USAGE']],
      ['TEAM', ['USAGE', 'OPERATE', 'MONITOR']],
    ]);
    for (const g of grants)
      expect(g.on_account_object).toEqual({ object_type: 'WAREHOUSE', object_name: 'DEV_SALES_ETL' });
    expect(() => build({ grants: [{ role: 'TEAM' }, { role: 'TEAM' }] })).toThrow(/grants lists TEAM twice/);
  });

  it('creates monitor and warehouse with the given (ACCOUNTADMIN) provider, and its grants too when it keeps it', () => {
    const s = synth((scope) => {
      const admin = new SnowflakeProvider(scope, 'admin', { alias: 'accountadmin', role: 'ACCOUNTADMIN' });
      new MonitoredWarehouse(scope, 'wh', {
        name: 'WH',
        monthlyCreditQuota: 5,
        grants: [{ role: 'R' }],
        provider: admin,
      });
    });
    for (const type of [ResourceMonitor, Warehouse, GrantPrivilegesToAccountRole]) {
      expect(s.list(type.tfResourceType).map((r) => r.provider)).toEqual(['snowflake.accountadmin']);
    }
    expect(s.list(GrantOwnership.tfResourceType)).toEqual([]);
  });

  it('hands the warehouse to its owner role (current grants copied), which then grants on it', () => {
    const s = synth((scope) => {
      const admin = new SnowflakeProvider(scope, 'admin', { alias: 'accountadmin', role: 'ACCOUNTADMIN' });
      new MonitoredWarehouse(scope, 'wh', {
        name: 'WH',
        monthlyCreditQuota: 5,
        grants: [{ role: 'R' }],
        provider: admin,
        ownerRole: 'PLATFORM_ADMIN',
      });
    });
    const [ownership] = s.list(GrantOwnership.tfResourceType);
    expect(ownership).toMatchObject({
      account_role_name: 'PLATFORM_ADMIN',
      outbound_privileges: 'COPY',
      on: { object_type: 'WAREHOUSE', object_name: 'WH' },
      provider: 'snowflake.accountadmin',
    });
    expect(ownership.depends_on).toEqual([
      `${Warehouse.tfResourceType}.${Object.keys(s.of(Warehouse.tfResourceType))[0]}`,
    ]);
    const [grant] = s.list(GrantPrivilegesToAccountRole.tfResourceType);
    // The owner (the stack's default provider) grants, after the transfer.
    expect(grant.provider).toBeUndefined();
    expect(grant.depends_on).toEqual([
      `${GrantOwnership.tfResourceType}.${Object.keys(s.of(GrantOwnership.tfResourceType))[0]}`,
    ]);
  });

  it.each<[string, Partial<MonitoredWarehouseProps>, RegExp]>([
    ['an unknown size', { size: 'HUGE' }, /size is not a warehouse size \(given: "HUGE"; allowed: XSMALL, SMALL/],
    ['a zero quota', { monthlyCreditQuota: 0 }, /monthlyCreditQuota must be greater than 0/],
    ['auto-suspend 0 (never)', { autoSuspendSeconds: 0 }, /autoSuspendSeconds must be a positive whole number/],
    ['11 clusters', { maxClusterCount: 11 }, /maxClusterCount is out of range/],
    ['thresholds out of order', { notifyPercents: [75, 120] }, /strictly ascending \(given: \[75,120,100,110\]/],
  ])('rejects %s with a message naming the construct and the fix', (_what, props, message) => {
    expect(() => build(props)).toThrow(message);
    expect(() => build(props)).toThrow(/DEV_SALES_ETL: .*Fix: /);
  });
});

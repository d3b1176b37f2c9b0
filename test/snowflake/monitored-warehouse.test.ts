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
  it('creates a monthly resource monitor with the quota and the default thresholds', () => {
    expect(build().json).toHaveResourceWithProperties(ResourceMonitor, {
      name: 'DEV_SALES_ETL_MONITOR',
      credit_quota: 20,
      frequency: 'MONTHLY',
      start_timestamp: 'IMMEDIATELY',
      notify_triggers: [75, 90],
      suspend_trigger: 100,
      suspend_immediate_trigger: 110,
    });
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

  it('grants USAGE and OPERATE to the given roles, or the given privileges', () => {
    const s = build({ grantTo: ['TEAM', 'PIPELINE'] });
    const grants = s.list(GrantPrivilegesToAccountRole.tfResourceType);
    expect(grants.map((g) => g.account_role_name).sort()).toEqual(['PIPELINE', 'TEAM']);
    for (const g of grants) {
      expect(g).toMatchObject({
        privileges: ['USAGE', 'OPERATE'],
        on_account_object: { object_type: 'WAREHOUSE', object_name: 'DEV_SALES_ETL' },
      });
    }
    expect(
      build({ grantTo: ['BI'], grantPrivileges: ['USAGE'] }).list(GrantPrivilegesToAccountRole.tfResourceType)[0]
        .privileges,
    ).toEqual(['USAGE']);
  });

  it('creates monitor, warehouse and grants with the given (ACCOUNTADMIN) provider', () => {
    const s = synth((scope) => {
      const admin = new SnowflakeProvider(scope, 'admin', { alias: 'accountadmin', role: 'ACCOUNTADMIN' });
      new MonitoredWarehouse(scope, 'wh', { name: 'WH', monthlyCreditQuota: 5, grantTo: ['R'], provider: admin });
    });
    for (const type of [ResourceMonitor, Warehouse, GrantPrivilegesToAccountRole]) {
      expect(s.list(type.tfResourceType).map((r) => r.provider)).toEqual(['snowflake.accountadmin']);
    }
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

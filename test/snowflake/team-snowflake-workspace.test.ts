import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { ServiceUser } from '@cdktf/provider-snowflake/lib/service-user';
import {
  TeamSnowflakeWorkspace,
  type TeamSnowflakeWorkspaceProps,
} from '../../constructs/workspace/team-snowflake-workspace';
import { PUBLIC_KEY, synth } from './synth';

const props: TeamSnowflakeWorkspaceProps = {
  description: 'Sales analytics',
  database: 'DEV_SALES',
  schemas: [{ name: 'RAW' }, { name: 'MARTS', publishToBi: true }],
  teamRole: 'DEV_SALES_TEAM',
  pipelineRole: 'DEV_SALES_PIPELINE',
  members: ['ANA@EXAMPLE.COM'],
  reads: [{ key: 'finance.LEDGER', database: 'DEV_FINANCE', role: 'LEDGER_READ' }],
  warehouses: [
    { name: 'DEV_SALES_ETL', monthlyCreditQuota: 20 },
    { name: 'DEV_SALES_ADHOC', monthlyCreditQuota: 5, size: 'SMALL' },
  ],
  serviceUsers: [
    { name: 'DEV_SALES_LOADER', rsaPublicKey: PUBLIC_KEY },
    { name: 'DEV_SALES_DBT', rsaPublicKey: PUBLIC_KEY, defaultWarehouse: 'DEV_SALES_ADHOC' },
  ],
  biReaderRole: 'DEV_BI_READER',
};

const build = (overrides: Partial<TeamSnowflakeWorkspaceProps> = {}, withProvider = false) =>
  synth((scope) => {
    const admin = withProvider
      ? new SnowflakeProvider(scope, 'admin', { alias: 'accountadmin', role: 'ACCOUNTADMIN' })
      : undefined;
    new TeamSnowflakeWorkspace(scope, 'workspace', { ...props, accountAdminProvider: admin, ...overrides });
  });

const roleGrants = (s: ReturnType<typeof synth>, accountRole: string) =>
  s
    .list(GrantDatabaseRole.tfResourceType)
    .filter((g) => g.parent_role_name === accountRole)
    .map((g) => g.database_role_name)
    .sort();

describe('TeamSnowflakeWorkspace', () => {
  const s = build();

  it('gives team and pipeline roles the WRITE roles of every schema and the READ roles they were granted', () => {
    const expected = ['DEV_FINANCE.LEDGER_READ', 'DEV_SALES.MARTS_WRITE', 'DEV_SALES.RAW_WRITE'];
    expect(roleGrants(s, 'DEV_SALES_TEAM')).toEqual(expected);
    expect(roleGrants(s, 'DEV_SALES_PIPELINE')).toEqual(expected);
  });

  it('grants both functional roles to SYSADMIN, members only the team role, service users only the pipeline role', () => {
    const grants = s.list(GrantAccountRole.tfResourceType);
    const to = (role: string) =>
      grants
        .filter((g) => g.role_name === role)
        .map((g) => g.parent_role_name ?? `user:${g.user_name}`)
        .sort();
    expect(to('DEV_SALES_TEAM')).toEqual(['SYSADMIN', 'user:"ANA@EXAMPLE.COM"']);
    expect(to('DEV_SALES_PIPELINE')).toEqual(['SYSADMIN', 'user:DEV_SALES_DBT', 'user:DEV_SALES_LOADER']);
  });

  it('grants USAGE and OPERATE on every warehouse to both functional roles', () => {
    const grants = s
      .list(GrantPrivilegesToAccountRole.tfResourceType)
      .map((g) => `${g.on_account_object.object_name}>${g.account_role_name}:${g.privileges}`);
    expect(grants.sort()).toEqual([
      'DEV_SALES_ADHOC>DEV_SALES_PIPELINE:USAGE,OPERATE',
      'DEV_SALES_ADHOC>DEV_SALES_TEAM:USAGE,OPERATE',
      'DEV_SALES_ETL>DEV_SALES_PIPELINE:USAGE,OPERATE',
      'DEV_SALES_ETL>DEV_SALES_TEAM:USAGE,OPERATE',
    ]);
  });

  it('gives service users the pipeline role and their warehouse, the first one by default', () => {
    const users = s
      .list(ServiceUser.tfResourceType)
      .map((u) => [u.name, u.default_role, u.default_warehouse])
      .sort();
    expect(users).toEqual([
      ['DEV_SALES_DBT', 'DEV_SALES_PIPELINE', 'DEV_SALES_ADHOC'],
      ['DEV_SALES_LOADER', 'DEV_SALES_PIPELINE', 'DEV_SALES_ETL'],
    ]);
  });

  it('publishes only the READ role of publishToBi schemas to the BI reader role', () => {
    expect(roleGrants(s, 'DEV_BI_READER')).toEqual(['DEV_SALES.MARTS_READ']);
    expect(roleGrants(build({ schemas: [{ name: 'RAW' }], biReaderRole: undefined }), 'DEV_BI_READER')).toEqual([]);
  });

  it('creates monitors, warehouses and their grants with the ACCOUNTADMIN provider, everything else with the default', () => {
    const withAdmin = build({}, true);
    const doc = JSON.parse(withAdmin.json).resource as Record<string, Record<string, { provider?: string }>>;
    const byAlias = new Map<string, Set<string>>();
    for (const [type, resources] of Object.entries(doc)) {
      for (const r of Object.values(resources)) {
        const key = r.provider ?? 'default';
        byAlias.set(key, new Set([...(byAlias.get(key) ?? []), type]));
      }
    }
    expect([...byAlias.get('snowflake.accountadmin')!].sort()).toEqual([
      'snowflake_grant_privileges_to_account_role',
      'snowflake_resource_monitor',
      'snowflake_warehouse',
    ]);
    expect(byAlias.get('default')).not.toContain('snowflake_warehouse');
    expect(byAlias.get('default')).toContain('snowflake_database');
  });

  it('allows a warehouse and a service user with the same name (distinct objects in Snowflake)', () => {
    const same = build({
      warehouses: [{ name: 'DEV_SALES_LOAD', monthlyCreditQuota: 1 }],
      serviceUsers: [{ name: 'DEV_SALES_LOAD', rsaPublicKey: PUBLIC_KEY }],
    });
    expect(same.list('snowflake_warehouse').map((w) => w.name)).toEqual(['DEV_SALES_LOAD']);
    expect(same.list(ServiceUser.tfResourceType).map((u) => u.name)).toEqual(['DEV_SALES_LOAD']);
  });

  it('rejects published schemas without a BI reader role, and a default warehouse it does not have', () => {
    expect(() => build({ biReaderRole: undefined })).toThrow(
      /biReaderRole is missing, but schemas are published to BI \(given: \["MARTS"\]/,
    );
    expect(() => build({ serviceUsers: [{ name: 'U', rsaPublicKey: PUBLIC_KEY, defaultWarehouse: 'NOPE' }] })).toThrow(
      /serviceUsers\[U\]\.defaultWarehouse is not one of the workspace warehouses \(given: "NOPE"; allowed: DEV_SALES_ETL, DEV_SALES_ADHOC\)/,
    );
    expect(() => build({ warehouses: [] })).toThrow(/allowed: \(no warehouses declared\)/);
  });
});

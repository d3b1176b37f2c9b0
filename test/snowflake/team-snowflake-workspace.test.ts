import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import { GrantOwnership } from '@cdktf/provider-snowflake/lib/grant-ownership';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { ServiceUser } from '@cdktf/provider-snowflake/lib/service-user';
import {
  TeamSnowflakeWorkspace,
  type TeamSnowflakeWorkspaceProps,
} from '../../constructs/workspace/team-snowflake-workspace';
import { SCHEMA_OBJECT_TYPES as T } from '../../domain/snowflake-privileges';
import { PUBLIC_KEY, type Resource, synth } from './synth';

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
  platformAdminRole: 'DEV_PLATFORM_ADMIN',
};

const build = (overrides: Partial<TeamSnowflakeWorkspaceProps> = {}, withProviders = false) =>
  synth((scope) => {
    const admin = withProviders
      ? new SnowflakeProvider(scope, 'admin', { alias: 'accountadmin', role: 'ACCOUNTADMIN' })
      : undefined;
    const users = withProviders
      ? new SnowflakeProvider(scope, 'users', { alias: 'useradmin', role: 'DEV_PLATFORM_USERADMIN' })
      : undefined;
    new TeamSnowflakeWorkspace(scope, 'workspace', {
      ...props,
      accountAdminProvider: admin,
      userAdminProvider: users,
      ...overrides,
    });
  });

const roleGrants = (s: ReturnType<typeof synth>, accountRole: string) =>
  s
    .list(GrantDatabaseRole.tfResourceType)
    .filter((g) => g.parent_role_name === accountRole)
    .map((g) => g.database_role_name)
    .sort();

describe('TeamSnowflakeWorkspace', () => {
  const s = build();

  it('gives team and pipeline roles READ and WRITE of every schema and the READ roles they were granted', () => {
    const expected = [
      'DEV_FINANCE.LEDGER_READ',
      'DEV_SALES.MARTS_READ',
      'DEV_SALES.MARTS_WRITE',
      'DEV_SALES.RAW_READ',
      'DEV_SALES.RAW_WRITE',
    ];
    expect(roleGrants(s, 'DEV_SALES_TEAM')).toEqual(expected);
    expect(roleGrants(s, 'DEV_SALES_PIPELINE')).toEqual(expected);
  });

  it('grants no database role to a database role anywhere (BCR-2371 would drop it from state)', () => {
    const grants = s.list(GrantDatabaseRole.tfResourceType);
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.filter((g) => g.parent_database_role_name !== undefined)).toEqual([]);
    expect(grants.every((g) => typeof g.parent_role_name === 'string')).toBe(true);
  });

  it('has one owner role per schema, held by the team, the pipeline and the platform admin role', () => {
    const owners = (schema: string) =>
      s
        .list(GrantAccountRole.tfResourceType)
        .filter((g) => g.role_name === `DEV_SALES_${schema}_OWNER`)
        .map((g) => g.parent_role_name)
        .sort();
    for (const schema of ['RAW', 'MARTS'])
      expect(owners(schema)).toEqual(['DEV_PLATFORM_ADMIN', 'DEV_SALES_PIPELINE', 'DEV_SALES_TEAM']);
    expect(
      s
        .list(GrantOwnership.tfResourceType)
        .filter((g) => g.on.future)
        .map((g) => `${g.account_role_name}:${g.on.future.object_type_plural}@${g.on.future.in_schema}`)
        .sort(),
    ).toEqual([
      'DEV_SALES_MARTS_OWNER:TABLES@DEV_SALES.MARTS',
      'DEV_SALES_MARTS_OWNER:VIEWS@DEV_SALES.MARTS',
      'DEV_SALES_RAW_OWNER:TABLES@DEV_SALES.RAW',
      'DEV_SALES_RAW_OWNER:VIEWS@DEV_SALES.RAW',
    ]);
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

  it('grants USAGE, OPERATE and MONITOR on every warehouse to both functional roles, USAGE to the owner roles', () => {
    const grants = s
      .list(GrantPrivilegesToAccountRole.tfResourceType)
      .filter((g) => g.on_account_object?.object_type === 'WAREHOUSE')
      .map((g) => `${g.on_account_object.object_name}>${g.account_role_name}:${g.privileges}`);
    expect(grants.sort()).toEqual(
      ['DEV_SALES_ADHOC', 'DEV_SALES_ETL']
        .flatMap((w) => [
          `${w}>DEV_SALES_MARTS_OWNER:USAGE`,
          `${w}>DEV_SALES_PIPELINE:USAGE,OPERATE,MONITOR`,
          `${w}>DEV_SALES_RAW_OWNER:USAGE`,
          `${w}>DEV_SALES_TEAM:USAGE,OPERATE,MONITOR`,
        ])
        .sort(),
    );
  });

  it('hands every warehouse to the platform admin role', () => {
    expect(
      s
        .list(GrantOwnership.tfResourceType)
        .filter((g) => g.on.object_type)
        .map((g) => [g.on.object_name, g.account_role_name])
        .sort(),
    ).toEqual([
      ['DEV_SALES_ADHOC', 'DEV_PLATFORM_ADMIN'],
      ['DEV_SALES_ETL', 'DEV_PLATFORM_ADMIN'],
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

  it('uses ACCOUNTADMIN for monitors, warehouses and their hand-over; the user admin for roles and users; else the default', () => {
    const withProviders = build({ schemas: [{ name: 'RAW', objectTypes: [T.TABLES, T.TASKS] }] }, true);
    const doc = JSON.parse(withProviders.json).resource as Record<string, Record<string, Resource>>;
    const byProvider = new Map<string, Set<string>>();
    for (const [type, resources] of Object.entries(doc)) {
      for (const r of Object.values(resources)) {
        const what =
          type === 'snowflake_grant_ownership'
            ? `${type}:${r.on.object_type ?? 'future'}`
            : type === 'snowflake_grant_privileges_to_account_role'
              ? `${type}:${r.on_account ? 'account' : (r.on_account_object?.object_type ?? 'schema')}`
              : type;
        const key = r.provider ?? 'default';
        byProvider.set(key, new Set([...(byProvider.get(key) ?? []), what]));
      }
    }
    expect([...byProvider.get('snowflake.accountadmin')!].sort()).toEqual([
      'snowflake_grant_ownership:WAREHOUSE',
      'snowflake_grant_privileges_to_account_role:account',
      'snowflake_resource_monitor',
      'snowflake_warehouse',
    ]);
    expect([...byProvider.get('snowflake.useradmin')!].sort()).toEqual([
      'snowflake_account_role',
      'snowflake_grant_account_role',
      'snowflake_service_user',
    ]);
    expect([...byProvider.get('default')!].sort()).toEqual([
      'snowflake_database',
      'snowflake_database_role',
      'snowflake_grant_database_role',
      'snowflake_grant_ownership:future',
      'snowflake_grant_privileges_to_account_role:DATABASE',
      'snowflake_grant_privileges_to_account_role:WAREHOUSE',
      'snowflake_grant_privileges_to_account_role:schema',
      'snowflake_grant_privileges_to_database_role',
      'snowflake_schema',
    ]);
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

import { AccountRole } from '@cdktf/provider-snowflake/lib/account-role';
import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantOwnership } from '@cdktf/provider-snowflake/lib/grant-ownership';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { SchemaOwner, type SchemaOwnerProps } from '../../constructs/snowflake/schema-owner';
import { SCHEMA_OBJECT_TYPES } from '../../domain/snowflake-privileges';
import { synth } from './synth';

const T = SCHEMA_OBJECT_TYPES;
const base: SchemaOwnerProps = {
  name: 'DEV_SALES_RAW_OWNER',
  database: 'DEV_SALES',
  schema: 'RAW',
  objectTypes: [T.TABLES, T.VIEWS],
  schemaOwnerRole: 'DEV_PLATFORM_ADMIN',
  holders: ['DEV_SALES_TEAM', 'DEV_SALES_PIPELINE'],
};
const build = (props: Partial<SchemaOwnerProps> = {}, providers = false) =>
  synth((scope) => {
    const roleProvider = providers
      ? new SnowflakeProvider(scope, 'u', { alias: 'useradmin', role: 'DEV_PLATFORM_USERADMIN' })
      : undefined;
    const accountAdminProvider = providers
      ? new SnowflakeProvider(scope, 'a', { alias: 'accountadmin', role: 'ACCOUNTADMIN' })
      : undefined;
    new SchemaOwner(scope, 'owner', { ...base, roleProvider, accountAdminProvider, ...props });
  });

describe('SchemaOwner', () => {
  const s = build();

  it('is an account role held by the schema owner (so future ownership applies) and by the people and pipelines', () => {
    expect(s.list(AccountRole.tfResourceType).map((r) => r.name)).toEqual(['DEV_SALES_RAW_OWNER']);
    expect(
      s
        .list(GrantAccountRole.tfResourceType)
        .map((g) => `${g.role_name}->${g.parent_role_name}`)
        .sort(),
    ).toEqual([
      'DEV_SALES_RAW_OWNER->DEV_PLATFORM_ADMIN',
      'DEV_SALES_RAW_OWNER->DEV_SALES_PIPELINE',
      'DEV_SALES_RAW_OWNER->DEV_SALES_TEAM',
    ]);
  });

  it('may use the database and create each of its object types in the schema, and nothing else', () => {
    const privileges = s.list(GrantPrivilegesToAccountRole.tfResourceType);
    expect(privileges.map((g) => [g.on_account_object ?? g.on_schema, g.privileges])).toEqual([
      [{ object_type: 'DATABASE', object_name: 'DEV_SALES' }, ['USAGE']],
      [{ schema_name: 'DEV_SALES.RAW' }, ['USAGE', 'CREATE TABLE', 'CREATE VIEW']],
    ]);
    for (const g of privileges) expect(g.account_role_name).toBe('DEV_SALES_RAW_OWNER');
  });

  it('owns every future object of its types in the schema, whoever creates it, once the schema owner holds it', () => {
    const ownership = s.list(GrantOwnership.tfResourceType);
    expect(ownership.map((g) => [g.account_role_name, g.on])).toEqual([
      ['DEV_SALES_RAW_OWNER', { future: { object_type_plural: 'TABLES', in_schema: 'DEV_SALES.RAW' } }],
      ['DEV_SALES_RAW_OWNER', { future: { object_type_plural: 'VIEWS', in_schema: 'DEV_SALES.RAW' } }],
    ]);
    const toSchemaOwner = Object.entries(s.of(GrantAccountRole.tfResourceType)).find(
      ([, g]) => g.parent_role_name === 'DEV_PLATFORM_ADMIN',
    )![0];
    for (const g of ownership) {
      expect(g.depends_on).toContain(`${GrantAccountRole.tfResourceType}.${toSchemaOwner}`);
      expect(Object.keys(g.on)).toEqual(['future']);
    }
  });

  it('gets EXECUTE TASK from the account admin provider when it owns tasks, and only then', () => {
    expect(s.list(GrantPrivilegesToAccountRole.tfResourceType).filter((g) => g.on_account)).toEqual([]);
    const tasks = build({ objectTypes: [T.TABLES, T.TASKS] }, true);
    expect(tasks.list(GrantPrivilegesToAccountRole.tfResourceType).filter((g) => g.on_account)).toEqual([
      expect.objectContaining({
        account_role_name: 'DEV_SALES_RAW_OWNER',
        privileges: ['EXECUTE TASK'],
        provider: 'snowflake.accountadmin',
      }),
    ]);
    expect(tasks.list(AccountRole.tfResourceType)[0].provider).toBe('snowflake.useradmin');
    // The schema owner (the default provider) grants on its schema and the future ownership.
    for (const type of [GrantOwnership.tfResourceType])
      for (const g of tasks.list(type)) expect(g.provider).toBeUndefined();
  });

  it('rejects no object types, and the schema owner among the holders', () => {
    expect(() => build({ objectTypes: [] })).toThrow(/objectTypes is empty: the owner could create nothing/);
    expect(() => build({ holders: ['DEV_PLATFORM_ADMIN'] })).toThrow(
      /holders lists the schema owner DEV_PLATFORM_ADMIN/,
    );
  });
});

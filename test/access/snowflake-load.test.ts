/**
 * The loader on both shapes it reads: synthesized cdk.tf.json (blocks are objects) and `terraform show -json` plans
 * (blocks are lists of one, unset blocks empty lists, values known only after apply absent and flagged in
 * `after_unknown`, nested the same way). Plans here are written by hand in the shape Terraform 1.11 writes (no
 * Snowflake provider binary exists here to produce one). Rule under test: a grant resource is either read into a
 * grant or reported as a problem naming the attribute — never silently dropped.
 */
import {
  loadSnowflakeGrants,
  snowflakeStackFromPlan,
  snowflakeStackFromSynthesized,
  type SnowflakeStack,
} from '../../tools/access/snowflake';

const SNOWFLAKE = 'registry.terraform.io/snowflakedb/snowflake';

interface Change {
  address: string;
  type: string;
  name: string;
  mode: 'managed';
  provider_name: string;
  change: { actions: string[]; before: unknown; after: unknown; after_unknown: unknown };
}
function rc(
  address: string,
  after: Record<string, unknown> | null,
  afterUnknown: unknown = {},
  before: unknown = null,
) {
  const [type, name] = address.split('.') as [string, string];
  const actions = before === null ? ['create'] : after === null ? ['delete'] : ['update'];
  return {
    address,
    type,
    name,
    mode: 'managed',
    provider_name: SNOWFLAKE,
    change: { actions, before, after, after_unknown: afterUnknown },
  } satisfies Change;
}
const planOf = (...changes: Change[]) => ({
  format_version: '1.2',
  configuration: {
    provider_config: {
      snowflake: {
        name: 'snowflake',
        full_name: SNOWFLAKE,
        expressions: {
          organization_name: { constant_value: 'ORG' },
          account_name: { constant_value: 'ACC' },
          user: { constant_value: 'DEPLOYER' },
          role: { constant_value: 'ADMIN' },
        },
      },
      'snowflake.useradmin': {
        name: 'snowflake',
        alias: 'useradmin',
        expressions: { user: { constant_value: 'DEPLOYER' }, role: { constant_value: 'USER_ADMIN' } },
      },
    },
  },
  resource_changes: changes,
});

/** A future SELECT grant as the provider's plan writes it: every block a list, unset ones empty. */
const futureSelect = (inSchema: unknown) => ({
  database_role_name: 'DB.R',
  privileges: ['SELECT'],
  all_privileges: false,
  on_database: null,
  on_schema: [],
  on_schema_object: [
    {
      all: [],
      future: [{ in_schema: inSchema, in_database: null, object_type_plural: 'TABLES' }],
      object_name: null,
      object_type: null,
    },
  ],
  with_grant_option: false,
  always_apply: false,
});

describe('synthesized JSON', () => {
  it('reads every kind of grant and object, blocks as objects', () => {
    const stack = snowflakeStackFromSynthesized('s', {
      provider: { snowflake: [{ organization_name: 'org', account_name: 'acc', user: 'DEPLOYER', role: 'ADMIN' }] },
      resource: {
        snowflake_schema: { s: { database: 'DB', name: 'S' } },
        snowflake_grant_privileges_to_database_role: { f: futureSelectSynth() },
        snowflake_grant_ownership: {
          o: { account_role_name: 'O', on: { future: { in_schema: '"DB"."S"', object_type_plural: 'TABLES' } } },
          w: { account_role_name: 'O', on: { object_type: 'WAREHOUSE', object_name: 'WH' } },
          u: { account_role_name: 'O', on: { object_type: 'USER', object_name: 'li.wei@example.com' } },
        },
        snowflake_grant_account_role: { u: { role_name: 'T', user_name: '"li.wei@example.com"' } },
        snowflake_resource_monitor: { m: { name: 'M' } },
      },
    })!;
    expect(stack.account).toBe('ORG.ACC');
    const model = loadSnowflakeGrants([stack]);
    expect(model.problems).toEqual([]);
    const g = model.accounts.get('ORG.ACC')!;
    expect(g.schemas.has('DB.S')).toBe(true);
    expect(g.privilegeGrants.map((x) => [x.grantee.name, x.privileges.join(), x.target])).toEqual([
      ['DB.R', 'SELECT', { kind: 'schema-objects', scope: 'future', objectType: 'TABLES', schema: 'DB.S' }],
      ['O', 'OWNERSHIP', { kind: 'schema-objects', scope: 'future', objectType: 'TABLES', schema: 'DB.S' }],
      ['O', 'OWNERSHIP', { kind: 'account-object', objectType: 'WAREHOUSE', name: 'WH' }],
      // A user's name is one part, dots included, whether quoted or not.
      ['O', 'OWNERSHIP', { kind: 'account-object', objectType: 'USER', name: '"li.wei@example.com"' }],
    ]);
    expect(g.roleGrants.map((x) => x.to)).toEqual([{ kind: 'user', name: '"li.wei@example.com"' }]);
    expect(g.identities.map((i) => [i.user, i.role])).toEqual([['DEPLOYER', 'ADMIN']]);
  });

  it('reports references and names the provider refuses, and what is missing', () => {
    const model = loadSnowflakeGrants([
      snowflakeStackFromSynthesized('s', {
        provider: { snowflake: [{ organization_name: 'ORG', account_name: 'ACC' }] },
        resource: {
          snowflake_grant_account_role: {
            ref: { role_name: '${snowflake_account_role.x.name}', parent_role_name: 'SYSADMIN' },
            nowhere: { role_name: 'R' },
          },
          snowflake_grant_database_role: { quote: { database_role_name: 'DB."a""b"', parent_role_name: 'T' } },
          snowflake_grant_privileges_to_account_role: {
            short: { account_role_name: 'R', privileges: ['USAGE'], on_schema: { schema_name: 'S' } },
            none: { account_role_name: 'R', on_account: true },
          },
        },
      })!,
    ]);
    expect(model.problems).toEqual([
      's snowflake_grant_account_role.ref: `role_name` is a reference (${snowflake_account_role.x.name}), not a literal name',
      's snowflake_grant_account_role.nowhere: grants to neither `user_name` nor `parent_role_name`',
      's snowflake_grant_database_role.quote: `database_role_name` is not a name the provider accepts: "DB.\\"a\\"\\"b\\"" (`DB.NAME`; no double quotes inside a part)',
      's snowflake_grant_privileges_to_account_role.short: `on_schema.schema_name` is not a name the provider accepts: "S" (`DB.NAME`; no double quotes inside a part)',
      's snowflake_grant_privileges_to_account_role.none: grants no privileges (neither `privileges` nor `all_privileges`)',
    ]);
    const g = model.accounts.get('ORG.ACC')!;
    expect(g.roleGrants).toEqual([]);
    expect(g.privilegeGrants).toEqual([]);
    expect([...model.unreadable].sort()).toEqual(
      [
        's snowflake_grant_account_role.nowhere',
        's snowflake_grant_account_role.ref',
        's snowflake_grant_database_role.quote',
        's snowflake_grant_privileges_to_account_role.none',
        's snowflake_grant_privileges_to_account_role.short',
      ].sort(),
    );
  });
});

function futureSelectSynth() {
  return {
    database_role_name: 'DB.R',
    privileges: ['SELECT'],
    on_schema_object: { future: { in_schema: 'DB.S', object_type_plural: 'TABLES' } },
  };
}

describe('plan values', () => {
  const plan = planOf(
    rc('snowflake_grant_privileges_to_database_role.known', futureSelect('DB.S'), {
      id: true,
      on_schema_object: [{ all: [], future: [{}] }],
    }),
    // Nested: the schema of a future grant known only after apply.
    rc('snowflake_grant_privileges_to_database_role.nested', futureSelect(null), {
      id: true,
      on_schema_object: [{ all: [], future: [{ in_schema: true }] }],
    }),
    // A whole block known only after apply: absent from the values.
    rc(
      'snowflake_grant_ownership.block',
      { account_role_name: 'O', outbound_privileges: null },
      { id: true, on: true },
    ),
    rc('snowflake_grant_database_role.top', { database_role_name: 'DB.R' }, { id: true, parent_role_name: true }),
    rc(
      'snowflake_grant_privileges_to_account_role.privileges',
      { account_role_name: 'R', on_account: true, all_privileges: false },
      { id: true, privileges: true },
    ),
    rc('snowflake_grant_account_role.gone', null, false, { role_name: 'GONE', parent_role_name: 'SYSADMIN' }),
    rc('snowflake_account_role.whole', null, true),
  );

  it('reads blocks as lists of one, the account and identities from the provider configuration', () => {
    const after = snowflakeStackFromPlan('s', plan, 'after');
    expect(after.account).toBe('ORG.ACC');
    expect(after.identities).toEqual([
      { provider: 'snowflake', user: 'DEPLOYER', role: 'ADMIN' },
      { provider: 'snowflake.useradmin', user: 'DEPLOYER', role: 'USER_ADMIN' },
    ]);
    const model = loadSnowflakeGrants([after]);
    expect(model.accounts.get('ORG.ACC')!.privilegeGrants.map((g) => [g.origin.address, g.target])).toEqual([
      [
        'snowflake_grant_privileges_to_database_role.known',
        { kind: 'schema-objects', scope: 'future', objectType: 'TABLES', schema: 'DB.S' },
      ],
    ]);
  });

  it('names every value known only after apply — top level, nested, whole block — as a problem', () => {
    const model = loadSnowflakeGrants([snowflakeStackFromPlan('s', plan, 'after')]);
    expect(model.problems).toEqual([
      's snowflake_grant_privileges_to_database_role.nested: `on_schema_object.future.in_schema` is known only after apply',
      's snowflake_grant_ownership.block: `on` is known only after apply',
      's snowflake_grant_database_role.top: `parent_role_name` is known only after apply',
      's snowflake_grant_privileges_to_account_role.privileges: `privileges` is known only after apply',
    ]);
  });

  it('drops no grant resource silently: each is a grant or a problem, on either side', () => {
    for (const side of ['before', 'after'] as const) {
      const stack: SnowflakeStack = snowflakeStackFromPlan('s', plan, side);
      const model = loadSnowflakeGrants([stack]);
      const g = model.accounts.get('ORG.ACC')!;
      const read = new Set([...g.roleGrants, ...g.privilegeGrants].map((x) => `s ${x.origin.address}`));
      for (const r of stack.resources.filter((x) => x.type.startsWith('snowflake_grant_')))
        expect([read.has(`s ${r.type}.${r.name}`), model.unreadable.has(`s ${r.type}.${r.name}`)]).toContain(true);
    }
    // The before side is the prior state: the deleted grant is there, the created ones are not.
    const before = loadSnowflakeGrants([snowflakeStackFromPlan('s', plan, 'before')]).accounts.get('ORG.ACC')!;
    expect(before.roleGrants.map((x) => x.role.name)).toEqual(['GONE']);
    expect(before.privilegeGrants).toEqual([]);
  });

  it('skips deposed objects and data sources, and takes the account passed when the plan has no provider configuration', () => {
    const bare = {
      resource_changes: [
        { ...rc('snowflake_account_role.r', { name: 'R' }), deposed: 'abc' },
        { ...rc('snowflake_account_role.d', { name: 'D' }), mode: 'data' },
        rc('snowflake_account_role.kept', { name: 'KEPT' }),
      ],
    };
    const stack = snowflakeStackFromPlan('s', bare, 'after', 'ORG.OTHER');
    expect(stack.account).toBe('ORG.OTHER');
    expect(stack.resources.map((r) => r.name)).toEqual(['kept']);
  });
});

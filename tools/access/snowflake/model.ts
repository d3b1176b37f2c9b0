/**
 * The grants of one Snowflake account as plain data: which roles, database roles, users and objects the stacks
 * create, which role is granted to which role or user, and which privileges (ownership included) each role holds on
 * what. Built by `loadSnowflakeGrants` from synthesized stacks or plan values; read by `SnowflakeAccess`.
 * Every name is canonical (names.ts).
 */

export type PrincipalKind = 'role' | 'database-role' | 'user';

/** An account role, a database role (`DB.ROLE`) or a user. */
export interface Principal {
  readonly kind: PrincipalKind;
  readonly name: string;
}

export const principalKey = (p: Principal): string => `${p.kind}:${p.name}`;
export function principalOf(key: string): Principal {
  const i = key.indexOf(':');
  return { kind: key.slice(0, i) as PrincipalKind, name: key.slice(i + 1) };
}

/** Where a grant or object came from: the stack and the Terraform address (or what Snowflake itself provides). */
export interface Origin {
  readonly stack: string;
  readonly address: string;
}

/** What a privilege grant is on (`on_*` of the grant resources, `on` of ownership). */
export type GrantTarget =
  | { readonly kind: 'account' }
  | { readonly kind: 'database'; readonly database: string }
  /** `DB.SCHEMA`. */
  | { readonly kind: 'schema'; readonly schema: string }
  /** `on_schema.all_schemas_in_database` / `future_schemas_in_database`. */
  | { readonly kind: 'schemas-in-database'; readonly scope: 'all' | 'future'; readonly database: string }
  /** `on_schema_object.{all,future}.in_schema`: every current (`all`) or future object of a type in a schema. */
  | {
      readonly kind: 'schema-objects';
      readonly scope: 'all' | 'future';
      readonly objectType: string;
      readonly schema: string;
    }
  /** `... .in_database`: the same for every schema of a database. */
  | {
      readonly kind: 'database-objects';
      readonly scope: 'all' | 'future';
      readonly objectType: string;
      readonly database: string;
    }
  /** An account-level object by name: WAREHOUSE, INTEGRATION, ROLE, USER... */
  | { readonly kind: 'account-object'; readonly objectType: string; readonly name: string }
  /** One named object in a schema (`DB.SCHEMA.NAME`). */
  | { readonly kind: 'schema-object'; readonly objectType: string; readonly name: string };

/** Privileges (or OWNERSHIP) granted to a role on a target. `ALL PRIVILEGES` stands for `all_privileges = true`. */
export interface PrivilegeGrant {
  readonly origin: Origin;
  /** An account role or a database role. */
  readonly grantee: Principal;
  readonly privileges: readonly string[];
  readonly target: GrantTarget;
  /** Identity for comparing two sides: the stack, the address and what it grants. */
  readonly key: string;
}

/** A role (account or database role) granted to a role or a user: `to` holds `role`. */
export interface RoleGrant {
  readonly origin: Origin;
  readonly role: Principal;
  readonly to: Principal;
  readonly key: string;
}

/** A user the stack's provider authenticates as, and the role it runs as: that user holds that role. */
export interface ProviderIdentityGrant {
  readonly origin: Origin;
  readonly user: string;
  readonly role: string;
}

export interface SnowflakeAccountGrants {
  /** `<ORGANIZATION>.<ACCOUNT>`. */
  readonly account: string;
  /** Objects the stacks create, by canonical name. */
  readonly roles: ReadonlyMap<string, Origin>;
  readonly databaseRoles: ReadonlyMap<string, Origin>;
  readonly users: ReadonlyMap<string, Origin & { readonly type: string }>;
  readonly databases: ReadonlyMap<string, Origin>;
  readonly schemas: ReadonlyMap<string, Origin>;
  readonly warehouses: ReadonlyMap<string, Origin>;
  readonly roleGrants: readonly RoleGrant[];
  readonly privilegeGrants: readonly PrivilegeGrant[];
  readonly identities: readonly ProviderIdentityGrant[];
}

/** Grant resources whose change can change who can do what (the review models only stacks that change one). */
export const SNOWFLAKE_ACCESS_TYPES: ReadonlySet<string> = new Set([
  'snowflake_account_role',
  'snowflake_database_role',
  'snowflake_grant_account_role',
  'snowflake_grant_database_role',
  'snowflake_grant_privileges_to_account_role',
  'snowflake_grant_privileges_to_database_role',
  'snowflake_grant_ownership',
  'snowflake_user',
  'snowflake_service_user',
  'snowflake_legacy_service_user',
  'snowflake_database',
  'snowflake_schema',
  'snowflake_warehouse',
]);

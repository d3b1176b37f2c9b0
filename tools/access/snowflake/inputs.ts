/**
 * What the loader reads: a stack's Snowflake resources as `{ type, name, values }`, the Snowflake account its
 * providers deploy to and the identities (user, role) they run as. Two sources give it: synthesized `cdk.tf.json`
 * (blocks are objects) and a plan's before/after values (`terraform show -json`: blocks are lists of one object,
 * values known only after apply are absent and named in `unknown`).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON of any shape, read defensively
type Json = Record<string, any>;

export interface SnowflakeResource {
  readonly type: string;
  /** Logical name: the second part of the address `<type>.<name>`. */
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Attributes known only after apply (plans only): dotted paths (`on.future.in_schema`), `*` for all. */
  readonly unknown?: readonly string[];
}

/** A provider configuration: the user the stack authenticates as and the role its statements run as. */
export interface ProviderIdentity {
  /** `snowflake` or `snowflake.<alias>`. */
  readonly provider: string;
  readonly user?: string;
  readonly role?: string;
}

export interface SnowflakeStack {
  readonly stack: string;
  /** `<ORGANIZATION>.<ACCOUNT>` of the stack's providers; undefined when the source does not say. */
  readonly account?: string;
  readonly identities: readonly ProviderIdentity[];
  readonly resources: readonly SnowflakeResource[];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function accountOf(org: unknown, account: unknown): string | undefined {
  const o = text(org);
  const a = text(account);
  return o && a && !o.includes('${') && !a.includes('${') ? `${o}.${a}`.toUpperCase() : undefined;
}

/** A synthesized stack (`cdk.tf.json`); undefined when it has no Snowflake provider. */
export function snowflakeStackFromSynthesized(stack: string, json: Json): SnowflakeStack | undefined {
  const providers = ([] as Json[]).concat(json.provider?.snowflake ?? []);
  if (providers.length === 0) return undefined;
  const resources: SnowflakeResource[] = [];
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>))
    if (type.startsWith('snowflake_'))
      for (const [name, values] of Object.entries(byName)) resources.push({ type, name, values });
  return {
    stack,
    account: providers.map((p) => accountOf(p.organization_name, p.account_name)).find(Boolean),
    identities: providers.map((p) => ({
      provider: p.alias ? `snowflake.${p.alias}` : 'snowflake',
      user: text(p.user),
      role: text(p.role),
    })),
    resources,
  };
}

const isSnowflakeChange = (rc: Json) =>
  rc.mode === 'managed' &&
  !rc.deposed &&
  (String(rc.type).startsWith('snowflake_') || String(rc.provider_name ?? '').endsWith('/snowflakedb/snowflake'));

/**
 * Attributes known only after apply, from a plan's `after_unknown` mask: each unknown value's path, blocks' lists of
 * one flattened (`on_schema_object.future.in_schema`); `*` when the whole resource is unknown.
 */
function unknownAttributes(mask: unknown): string[] {
  if (mask === true) return ['*'];
  const out: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (v === true) out.push(at);
    else if (Array.isArray(v)) for (const x of v) walk(x, at);
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v as Json)) walk(x, at ? `${at}.${k}` : k);
  };
  if (typeof mask === 'object' && mask !== null && !Array.isArray(mask)) walk(mask, '');
  return [...new Set(out)];
}

/** True when a plan has Snowflake resource changes. */
export function isSnowflakePlan(plan: Json): boolean {
  return ((plan.resource_changes ?? []) as Json[]).some(isSnowflakeChange);
}

/**
 * A stack's Snowflake resources from a plan: `before` is the prior state, `after` the planned values (attributes
 * known only after apply are named in `unknown`). The account and identities come from the plan's provider
 * configuration when Terraform wrote it (a plan computed from synthesized JSON has none: pass `account`).
 */
export function snowflakeStackFromPlan(
  stack: string,
  plan: Json,
  side: 'before' | 'after',
  account?: string,
): SnowflakeStack {
  const configs = (plan.configuration?.provider_config ?? {}) as Record<string, Json>;
  const identities: ProviderIdentity[] = [];
  let planAccount: string | undefined;
  for (const [key, config] of Object.entries(configs)) {
    if (config.name !== 'snowflake' && !key.startsWith('snowflake')) continue;
    const e = (config.expressions ?? {}) as Json;
    planAccount ??= accountOf(e.organization_name?.constant_value, e.account_name?.constant_value);
    identities.push({
      provider: key,
      user: text(e.user?.constant_value),
      role: text(e.role?.constant_value),
    });
  }
  const resources: SnowflakeResource[] = [];
  for (const rc of ((plan.resource_changes ?? []) as Json[]).filter(isSnowflakeChange)) {
    const values = side === 'before' ? rc.change?.before : rc.change?.after;
    if (typeof values !== 'object' || values === null) continue;
    const unknown = side === 'after' ? unknownAttributes(rc.change?.after_unknown) : [];
    resources.push({ type: rc.type, name: rc.name, values, ...(unknown.length ? { unknown } : {}) });
  }
  return { stack, account: account ?? planAccount, identities, resources };
}

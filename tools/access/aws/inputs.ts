/**
 * What the loader reads: a stack's resources as `{ type, name, values }`, and the AWS account and region of its
 * provider. Two sources give it: synthesized `cdk.tf.json` (references stay `${type.name.attr}` strings, resolved by
 * the loader within the stack) and a plan's `prior_state`/`planned_values` (references already resolved to values).
 */

export interface ResourceValues {
  readonly type: string;
  /** Logical name: the second part of the address `<type>.<name>`. */
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface StackResources {
  readonly stack: string;
  /** The account the stack's AWS provider deploys to; required when the stack holds IAM, S3 or Organizations resources. */
  readonly accountId?: string;
  readonly region?: string;
  readonly resources: readonly ResourceValues[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON of any shape, read defensively
type Json = Record<string, any>;

/**
 * A synthesized stack (`cdk.tf.json`). The account is the provider's `allowed_account_ids` (live mode: offline
 * stacks carry none, pass `accountId` then).
 */
export function stackFromSynthesized(stack: string, json: Json, accountId?: string): StackResources {
  const provider = ([] as Json[]).concat(json.provider?.aws ?? [])[0];
  const resources: ResourceValues[] = [];
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>))
    for (const [name, values] of Object.entries(byName)) resources.push({ type, name, values });
  return { stack, accountId: accountId ?? provider?.allowed_account_ids?.[0], region: provider?.region, resources };
}

/**
 * A stack's resources from `terraform show -json` of a plan: `before` is the prior state, `after` the planned
 * values (attributes unknown until apply are absent). Only the root module (the platform's stacks have no child
 * modules).
 */
export function stackFromPlan(stack: string, plan: Json, side: 'before' | 'after', accountId?: string): StackResources {
  const root = side === 'before' ? plan.prior_state?.values?.root_module : plan.planned_values?.root_module;
  const provider = plan.configuration?.provider_config?.aws?.expressions ?? {};
  const resources: ResourceValues[] = ((root?.resources ?? []) as Json[])
    .filter((r) => r.mode === 'managed')
    .map((r) => ({ type: r.type, name: r.name, values: r.values ?? {} }));
  return {
    stack,
    accountId: accountId ?? provider.allowed_account_ids?.constant_value?.[0],
    region: provider.region?.constant_value,
    resources,
  };
}

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
 * values (attributes unknown until apply are absent), from each resource change (deposed objects left out), or
 * from `prior_state`/`planned_values` when the plan has no resource changes. Only the root module (the platform's
 * stacks have no child modules). A role's read-back `inline_policy`/`managed_policy_arns` are dropped unless
 * configured (see below).
 */
export function stackFromPlan(stack: string, plan: Json, side: 'before' | 'after', accountId?: string): StackResources {
  const root = side === 'before' ? plan.prior_state?.values?.root_module : plan.planned_values?.root_module;
  const provider = plan.configuration?.provider_config?.aws?.expressions ?? {};
  const configured = new Map<string, Json>(
    ((plan.configuration?.root_module?.resources ?? []) as Json[]).map((r) => [r.address, r.expressions ?? {}]),
  );
  // resource_changes has every resource with both sides (deleted ones too); prior_state/planned_values otherwise.
  const changes = Array.isArray(plan.resource_changes)
    ? (plan.resource_changes as Json[]).filter((rc) => rc.mode === 'managed' && !rc.deposed)
    : undefined;
  const entries: Json[] = changes
    ? changes.map((rc) => ({ ...rc, values: side === 'before' ? rc.change?.before : rc.change?.after }))
    : ((root?.resources ?? []) as Json[]).filter((r) => r.mode === 'managed');
  const resources: ResourceValues[] = entries
    .filter((r) => typeof r.values === 'object' && r.values !== null)
    .map((r) => ({
      type: r.type,
      name: r.name,
      values: withoutReadBack(r.type, r.values as Json, configured.get(r.address)),
    }));
  return {
    stack,
    accountId: accountId ?? provider.allowed_account_ids?.constant_value?.[0],
    region: provider.region?.constant_value,
    resources,
  };
}

/** aws_iam_role attributes that, unless configured, are read back from AWS and copy the separate resources. */
const READ_BACK: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['inline_policy', 'managed_policy_arns'],
};

/**
 * A role's `inline_policy` and `managed_policy_arns` are computed: the state holds what AWS had at the last refresh
 * (the `aws_iam_role_policy` and attachment resources' policies included), and a plan keeps that stale copy for a
 * role that does not change. Unless the configuration sets them, they are dropped, so the separate resources alone
 * say what the role holds on each side.
 */
function withoutReadBack(type: string, values: Json, expressions: Json | undefined): Json {
  const drop = (READ_BACK[type] ?? []).filter((k) => !(expressions && k in expressions));
  if (drop.length === 0) return values;
  const out = { ...values };
  for (const k of drop) delete out[k];
  return out;
}

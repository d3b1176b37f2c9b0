/**
 * A Terraform state (format v4) seeded from a plan's planned values, as if that plan had been applied: the way to
 * get real update/replace/delete plans offline (plan a changed config against it with -refresh=false). Values known
 * only after apply get plausible stand-ins (`id`, `arn`); other unknown attributes stay null, which Terraform keeps
 * as they are for computed attributes, so an unchanged config plans as no-op. Attributes the plan marks sensitive are
 * recorded as sensitive in the state, as an apply would record them.
 */
import { randomUUID } from 'node:crypto';

interface PlannedResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  provider_name: string;
  schema_version: number;
  values: Record<string, unknown>;
  sensitive_values?: Record<string, unknown>;
}

interface PlannedModule {
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}

export interface PlanWithValues {
  terraform_version?: string;
  planned_values?: { root_module?: PlannedModule };
  resource_changes?: Array<{ address: string; change: { after_unknown?: unknown; after_sensitive?: unknown } }>;
}

/** Attributes holding a resource's own name, used as its id by the AWS provider for these types. */
const ID_FROM: Record<string, string> = {
  aws_s3_bucket: 'bucket',
  aws_iam_role: 'name',
  aws_ecr_repository: 'name',
};

type PathStep = { type: 'get_attr'; value: string } | { type: 'index'; value: { value: number; type: 'number' } };

/** A sensitivity mask (`true` where sensitive) as the state's list of attribute paths. */
export function sensitivePaths(mask: unknown, prefix: PathStep[] = []): PathStep[][] {
  if (mask === true) return prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(mask))
    return mask.flatMap((m, i) =>
      sensitivePaths(m, [...prefix, { type: 'index', value: { value: i, type: 'number' } }]),
    );
  if (typeof mask === 'object' && mask !== null)
    return Object.entries(mask).flatMap(([k, m]) => sensitivePaths(m, [...prefix, { type: 'get_attr', value: k }]));
  return [];
}

function resources(module: PlannedModule | undefined): PlannedResource[] {
  if (!module) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(resources)];
}

export function seedStateFromPlan(plan: PlanWithValues): Record<string, unknown> {
  const grouped = new Map<string, { r: PlannedResource; instances: Array<Record<string, unknown>> }>();
  const unknownOf = new Map(
    (plan.resource_changes ?? []).map((rc) => [rc.address, (rc.change.after_unknown ?? {}) as Record<string, unknown>]),
  );
  const shapeOf = new Map(
    (plan.resource_changes ?? []).map((rc) => [
      rc.address,
      (rc.change.after_sensitive ?? {}) as Record<string, unknown>,
    ]),
  );
  for (const r of resources(plan.planned_values?.root_module).filter((x) => x.mode === 'managed')) {
    const attributes: Record<string, unknown> = { ...r.values };
    // Only attributes the schema has (the plan marked them unknown): an attribute it lacks would not decode.
    const unknown = unknownOf.get(r.address) ?? {};
    const own = ID_FROM[r.type] ? attributes[ID_FROM[r.type]] : undefined;
    if (unknown.id === true) attributes.id = typeof own === 'string' ? own : `seed-${r.address}`;
    if (unknown.arn === true) attributes.arn = `arn:aws:seed::000000000000:${r.address}`;
    // An unknown collection (its sensitivity mask is a list) that config does not set is empty after apply.
    const shape = shapeOf.get(r.address) ?? {};
    for (const [key, isUnknown] of Object.entries(unknown)) {
      if (isUnknown === true && attributes[key] === undefined && Array.isArray(shape[key])) attributes[key] = [];
    }
    const key = `${r.type}.${r.name}`;
    const group = grouped.get(key) ?? { r, instances: [] };
    group.instances.push({
      ...(r.index !== undefined ? { index_key: r.index } : {}),
      schema_version: r.schema_version,
      attributes,
      sensitive_attributes: sensitivePaths(shape),
    });
    grouped.set(key, group);
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version ?? '1.11.4',
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: [...grouped.values()].map(({ r, instances }) => ({
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider: `provider["${r.provider_name}"]`,
      instances,
    })),
    check_results: null,
  };
}

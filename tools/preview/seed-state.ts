/**
 * A Terraform state (format v4) seeded from a plan's planned values, as if that plan had been applied: the way to
 * get real update/replace/delete plans offline (plan a changed config against it with -refresh=false). Values known
 * only after apply get plausible stand-ins (`id`, `arn`, shaped as the provider validates them where another
 * resource refers to them: `ou-…`, a 12-digit account id); a configured attribute that was unknown because it refers
 * to such a value (`parent_id = ${aws_organizations_organizational_unit.x.id}`) gets the stand-in it refers to; other
 * unknown attributes stay null, which Terraform keeps as they are for computed attributes, so an unchanged config
 * plans as no-op. Attributes the plan marks sensitive are recorded as sensitive in the state, as an apply would.
 */
import { createHash, randomUUID } from 'node:crypto';

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
  configuration?: {
    root_module?: {
      resources?: Array<{ address: string; expressions?: Record<string, { constant_value?: unknown }> }>;
    };
  };
}

const REFERENCE = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/** `${type.name.attr}` references in a configured string, resolved from the seeded attributes; undefined if any is not. */
function interpolate(text: string, seeded: ReadonlyMap<string, Record<string, unknown>>): unknown {
  const [, address, attribute] = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(text) ?? [];
  if (address && attribute) {
    const v = seeded.get(address)?.[attribute];
    return v === null || v === undefined ? undefined : v;
  }
  let unresolved = false;
  const out = text.replace(REFERENCE, (_m, address: string, attr: string) => {
    const v = seeded.get(address)?.[attr];
    if (typeof v !== 'string' && typeof v !== 'number') unresolved = true;
    return String(v);
  });
  return unresolved || out === text ? undefined : out;
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

/** Ids the provider validates by pattern when another resource refers to them: stand-ins of that shape. */
const ID_SHAPE: Record<string, (hex: string, digits: string) => string> = {
  aws_organizations_organizational_unit: (hex) => `ou-seed-${hex.slice(0, 8)}`,
  aws_organizations_account: (_hex, digits) => digits.slice(0, 12),
  aws_organizations_policy: (hex) => `p-${hex.slice(0, 8)}`,
  aws_organizations_organization: (hex) => `o-${hex.slice(0, 10)}`,
};

function standInId(r: { type: string; address: string }): string {
  const shape = ID_SHAPE[r.type];
  if (!shape) return `seed-${r.address}`;
  const hex = createHash('sha256').update(r.address).digest('hex');
  const digits = hex.replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10)).padEnd(12, '0');
  return shape(hex, digits);
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
  const seeded = new Map<string, Record<string, unknown>>();
  for (const r of resources(plan.planned_values?.root_module).filter((x) => x.mode === 'managed')) {
    const attributes: Record<string, unknown> = { ...r.values };
    if (r.index === undefined) seeded.set(r.address, attributes);
    // Only attributes the schema has (the plan marked them unknown): an attribute it lacks would not decode.
    const unknown = unknownOf.get(r.address) ?? {};
    const idFrom = ID_FROM[r.type];
    const own = idFrom ? attributes[idFrom] : undefined;
    if (unknown.id === true) attributes.id = typeof own === 'string' ? own : standInId(r);
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
  // Configured attributes that were unknown only because they refer to a stand-in: resolve, until nothing changes
  // (chains such as an OU whose parent is another OU).
  const expressions = new Map(
    (plan.configuration?.root_module?.resources ?? []).map((r) => [r.address, r.expressions ?? {}]),
  );
  for (let pass = 0, changed = true; changed && pass < 8; pass++) {
    changed = false;
    for (const [address, attributes] of seeded) {
      for (const [key, isUnknown] of Object.entries(unknownOf.get(address) ?? {})) {
        const configured = expressions.get(address)?.[key]?.constant_value;
        if (
          isUnknown !== true ||
          (attributes[key] !== null && attributes[key] !== undefined) ||
          typeof configured !== 'string'
        )
          continue;
        const value = interpolate(configured, seeded);
        if (value !== undefined) {
          attributes[key] = value;
          changed = true;
        }
      }
    }
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

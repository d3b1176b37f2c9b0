/**
 * Plan JSON computed from synthesized stacks, for stacks no provider can plan here (Snowflake: no provider binary
 * offline). Used by `npm run preview` and the tests. It compares a base and a changed cdk.tf.json resource by
 * resource, the way Terraform would on a refreshed state equal to the base config: create, update, replace
 * (ForceNew attributes), delete, no-op. Like Terraform it refuses a plan that would destroy a resource whose
 * configuration (still present) has lifecycle.prevent_destroy — and, like Terraform, it plans a plain delete when
 * the resource block itself was removed (the protection goes with the block).
 * The plan carries `data_platform_source: "synthesized"`, so the review says it was not planned by a provider.
 */
import * as fs from 'node:fs';
import type { ConfigModule, PlanAction, PlanJson, ResourceChange } from './plan-json';

export interface SynthStackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Meta-arguments and cdktf metadata: configuration of Terraform itself, not attributes of the resource. */
const META = new Set(['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'provisioner', 'connection']);

/**
 * Attributes whose change forces a new resource in provider snowflakedb/snowflake 2.x (renames are in place
 * there; moving an object to another database or schema is not).
 */
export const SNOWFLAKE_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  snowflake_schema: ['database'],
  snowflake_database_role: ['database'],
  snowflake_grant_account_role: ['role_name', 'user_name', 'parent_role_name'],
  snowflake_grant_database_role: ['database_role_name', 'parent_database_role_name', 'parent_role_name'],
  snowflake_grant_privileges_to_account_role: [
    'account_role_name',
    'on_account_object',
    'on_schema',
    'on_schema_object',
  ],
  snowflake_grant_privileges_to_database_role: ['database_role_name', 'on_database', 'on_schema', 'on_schema_object'],
};

export interface SynthResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
  readonly preventDestroy: boolean;
  readonly provider: string;
}

export function readSynthStack(file: string): SynthStackJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SynthStackJson;
}

export function synthResources(stack: SynthStackJson | undefined): Map<string, SynthResource> {
  const out = new Map<string, SynthResource>();
  for (const [type, byName] of Object.entries(stack?.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      if ('count' in config || 'for_each' in config)
        throw new Error(
          `${type}.${name}: count/for_each are not supported by planFromSynth (this repository's stacks use neither)`,
        );
      const values = Object.fromEntries(Object.entries(config).filter(([k]) => !META.has(k)));
      const lifecycle = config.lifecycle as { prevent_destroy?: boolean } | undefined;
      const provider = type.split('_')[0];
      out.set(`${type}.${name}`, {
        address: `${type}.${name}`,
        type,
        name,
        values,
        preventDestroy: lifecycle?.prevent_destroy === true,
        provider: `registry.terraform.io/${provider === 'snowflake' ? 'snowflakedb' : 'hashicorp'}/${provider}`,
      });
    }
  }
  return out;
}

const REFERENCE = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.[^}]*)?\}/g;
const FULL_REFERENCE = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\}/g;

/** What Terraform writes in the plan's `configuration` for an attribute: the references of its expression. */
function referencesOf(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const [, address] of value.matchAll(FULL_REFERENCE)) if (address) into.add(address);
  } else if (Array.isArray(value)) value.forEach((v) => referencesOf(v, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => referencesOf(v, into));
  return into;
}

/**
 * The after-apply view of a value: a string referring to a resource that is being created is unknown until apply;
 * references to existing resources resolve (here: stay as their literal text, identical on both sides).
 */
function afterValue(value: unknown, created: ReadonlySet<string>): { value: unknown; unknown: unknown } {
  if (typeof value === 'string') {
    const refersToCreated = [...value.matchAll(REFERENCE)].some(([, address]) => address && created.has(address));
    return refersToCreated ? { value: null, unknown: true } : { value, unknown: false };
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => afterValue(v, created));
    return { value: items.map((i) => i.value), unknown: items.map((i) => i.unknown) };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, afterValue(v, created)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
      unknown: Object.fromEntries(entries.filter(([, v]) => v.unknown !== false).map(([k, v]) => [k, v.unknown])),
    };
  }
  return { value, unknown: false };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Terraform's "Instance cannot be destroyed": a replace of a resource whose configuration has prevent_destroy. */
export class PreventDestroyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreventDestroyError';
  }
}

export interface PlanFromSynthOptions {
  readonly forceNew?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The plan that turns `before` (deployed, state == config) into `after`. Either side may be undefined: a stack
 * created from nothing, or removed entirely.
 */
export function planFromSynth(
  before: SynthStackJson | undefined,
  after: SynthStackJson | undefined,
  options: PlanFromSynthOptions = {},
): PlanJson {
  const forceNew = options.forceNew ?? SNOWFLAKE_FORCE_NEW;
  const old = synthResources(before);
  const next = synthResources(after);
  const created = new Set([...next.keys()].filter((a) => !old.has(a)));
  const changes: ResourceChange[] = [];
  for (const address of [...new Set([...old.keys(), ...next.keys()])].sort()) {
    const b = old.get(address);
    const a = next.get(address);
    const r = (a ?? b)!;
    let actions: PlanAction[];
    let replacePaths: string[][] | undefined;
    if (!b) actions = ['create'];
    else if (!a) actions = ['delete'];
    else if (same(b.values, a.values)) actions = ['no-op'];
    else {
      const forced = (forceNew[r.type] ?? []).filter((k) => !same(b.values[k], a.values[k]));
      actions = forced.length > 0 ? ['delete', 'create'] : ['update'];
      if (forced.length > 0) replacePaths = forced.map((k) => [k]);
    }
    // Only while the block (with its lifecycle) is still configured: a removed block plans as a plain delete.
    if (a?.preventDestroy && actions.includes('delete')) {
      throw new PreventDestroyError(
        `Instance cannot be destroyed: ${address} has lifecycle.prevent_destroy set and the plan would replace it (Terraform refuses this plan)`,
      );
    }
    const view = a ? afterValue(a.values, created) : undefined;
    changes.push({
      address,
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_name: r.provider,
      change: {
        actions,
        before: b ? b.values : null,
        after: view ? view.value : null,
        after_unknown: view ? view.unknown || {} : {},
        before_sensitive: b ? {} : false,
        after_sensitive: a ? {} : false,
        ...(replacePaths ? { replace_paths: replacePaths } : {}),
      },
      ...(replacePaths ? { action_reason: 'replace_because_cannot_update' } : {}),
    });
  }
  const configuration: ConfigModule = {
    resources: [...next.values()].map((r) => ({
      address: r.address,
      mode: 'managed' as const,
      expressions: Object.fromEntries(
        Object.entries(r.values).map(([k, v]) => [k, { constant_value: v, references: [...referencesOf(v)] }]),
      ),
    })),
  };
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: changes,
    configuration: { root_module: configuration },
    errored: false,
    complete: true,
    data_platform_source: 'synthesized',
  };
}

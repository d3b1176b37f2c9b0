/**
 * The part of Terraform's machine-readable plan (`terraform show -json <planfile>`, format 1.x) the review reads, and
 * loading one plan per stack from a directory (`<stack>.json`, as `npm run plan` writes them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRecord } from '../../domain/json';
import type { PlanStatus } from '../../domain/plan-status';

/** `actions` of a resource change, as Terraform writes them. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

export interface PlanChange {
  readonly actions: readonly PlanAction[];
  readonly before: unknown;
  readonly after: unknown;
  /** Mirrors `after`: `true` where the value is known only after apply. */
  readonly after_unknown?: unknown;
  /** Mirrors `before`/`after`: `true` where the value is sensitive (the plan JSON holds it in clear text). */
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  /** Attribute paths that force the replacement. */
  readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  /** Set when the plan imports the object (an `import` block): the id it is imported by. */
  readonly importing?: { readonly id?: string };
}

export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name?: string;
  readonly change: PlanChange;
  /** Why Terraform replaces, deletes or reads it (replace_because_tainted, replace_by_request, ...). */
  readonly action_reason?: string;
  /** Key of a deposed object: an older object of this address left over from a create_before_destroy replace. */
  readonly deposed?: string;
}

/** A root-module output's change: the same before/after/mask fields as a resource change. */
export interface OutputChange {
  readonly actions: readonly PlanAction[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
}

/** The configuration Terraform planned from (`configuration` of the plan JSON): the expressions of attributes. */
export interface ConfigExpression {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

export interface ConfigModule {
  readonly resources?: ReadonlyArray<{
    readonly address: string;
    readonly mode?: 'managed' | 'data';
    readonly expressions?: Readonly<Record<string, unknown>>;
  }>;
  readonly module_calls?: Readonly<Record<string, { readonly module?: ConfigModule }>>;
  readonly variables?: Readonly<Record<string, { readonly sensitive?: boolean }>>;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  /** Changes made outside Terraform, found by refresh (empty with -refresh=false). */
  readonly resource_drift?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, OutputChange>>;
  /** Input variable values (in clear text, sensitive ones too). */
  readonly variables?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly configuration?: { readonly root_module?: ConfigModule };
  readonly errored?: boolean;
  readonly complete?: boolean;
  /**
   * Not Terraform's: set by planFromSynth (synth-plan.ts) on plans computed from synthesized JSON for stacks no
   * provider could plan here (Snowflake offline). The review says so wherever such a plan is shown.
   */
  readonly data_platform_source?: 'synthesized';
}

export type { PlanStatus };

export interface StackPlan {
  /** Stack name: the file name without `.json`. */
  readonly stack: string;
  /** `failed`/`skipped` come from the plan tool's index.json: such a stack has no plan to review. */
  readonly status: PlanStatus;
  readonly file?: string;
  readonly plan?: PlanJson;
  /** Why the stack failed or was skipped. */
  readonly reason?: string;
}

/** A plan file that cannot be reviewed (unreadable, not JSON, not a Terraform plan). */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

/** Checks the shape of a parsed plan; throws PlanInputError naming the file and what is missing. */
export function validatePlanJson(value: unknown, file: string): PlanJson {
  const hint = 'expected the output of `terraform show -json <planfile>` (what `npm run plan` writes)';
  if (!isRecord(value)) throw new PlanInputError(`${file}: not a JSON object; ${hint}`);
  if (typeof value.format_version !== 'string') {
    throw new PlanInputError(`${file}: has no "format_version", so it is not a Terraform plan; ${hint}`);
  }
  if (!/^1\./.test(value.format_version)) {
    throw new PlanInputError(
      `${file}: plan format_version "${value.format_version}" is not supported (1.x is); ${hint}`,
    );
  }
  const changes = value.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new PlanInputError(`${file}: "resource_changes" must be an array; ${hint}`);
  changes.forEach((rc, i) => {
    const ok =
      isRecord(rc) &&
      typeof rc.address === 'string' &&
      typeof rc.type === 'string' &&
      isRecord(rc.change) &&
      Array.isArray(rc.change.actions);
    if (!ok) {
      throw new PlanInputError(`${file}: resource_changes[${i}] lacks address, type or change.actions; ${hint}`);
    }
  });
  return value as unknown as PlanJson;
}

export function readPlanFile(file: string, stack = path.basename(file).replace(/\.json$/, '')): StackPlan {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlanInputError(`${file}: cannot be read (${(e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new PlanInputError(
      `${file}: is not valid JSON (${(e as Error).message}); a failed \`terraform show -json\` may have left it half-written, so re-run \`npm run plan\``,
    );
  }
  return { stack, status: 'planned', file, plan: validatePlanJson(parsed, file) };
}

/** The summary `npm run plan` writes beside the plans: one entry per stack it tried. */
export const PLAN_INDEX_FILE = 'index.json';

interface IndexEntry {
  stack: string;
  status: PlanStatus;
  reason?: string;
}

function readIndex(file: string): IndexEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PlanInputError(
      `${file}: the plan index is not valid JSON (${(e as Error).message}); re-run \`npm run plan\``,
    );
  }
  const ok =
    Array.isArray(value) &&
    value.every(
      (e) =>
        isRecord(e) && typeof e.stack === 'string' && ['planned', 'failed', 'skipped'].includes(e.status as string),
    );
  if (!ok)
    throw new PlanInputError(
      `${file}: expected a list of {stack, status: planned|failed|skipped}, as \`npm run plan\` writes it`,
    );
  return value as IndexEntry[];
}

interface Found {
  readonly plans: StackPlan[];
  /** index.json files seen: an index listing no stack is a plan run that had nothing to plan. */
  readonly indexes: number;
}

function plansIn(dir: string, depth: number): Found {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const plans: StackPlan[] = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json') && e.name !== PLAN_INDEX_FILE)
    .map((e) => readPlanFile(path.join(dir, e.name)));
  let indexes = 0;
  const indexFile = path.join(dir, PLAN_INDEX_FILE);
  if (fs.existsSync(indexFile)) {
    indexes++;
    const planned = new Set(plans.map((p) => p.stack));
    for (const e of readIndex(indexFile)) {
      if (e.status === 'planned' && !planned.has(e.stack)) {
        throw new PlanInputError(
          `${indexFile}: says ${e.stack} was planned, but ${path.join(dir, `${e.stack}.json`)} is missing; re-run \`npm run plan -- ${e.stack}\``,
        );
      }
      if (e.status !== 'planned')
        plans.push({ stack: e.stack, status: e.status, reason: e.reason ?? `plan ${e.status}` });
    }
  }
  if (depth > 0) {
    for (const e of entries.filter((x) => x.isDirectory())) {
      const below = plansIn(path.join(dir, e.name), depth - 1);
      plans.push(...below.plans);
      indexes += below.indexes;
    }
  }
  return { plans, indexes };
}

/**
 * Every `<stack>.json` in `dir` and its subdirectories (CI plans each environment into its own subdirectory),
 * plus the stacks the plan tool's index.json lists as failed or skipped; sorted by stack name. A missing directory,
 * or one with neither a plan nor an index.json, is an error: nothing was planned, so there is nothing to call safe.
 * An index.json listing no stack (`[]`) is a plan run that had nothing to plan: a valid, empty review.
 */
export function loadPlans(dir: string): StackPlan[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new PlanInputError(
      `Plan directory ${dir} does not exist. Run \`npm run plan -- <stack or glob>...\` first (it writes <stack>.json there), or pass --plans <dir>.`,
    );
  }
  const { plans, indexes } = plansIn(dir, 2);
  if (plans.length === 0 && indexes === 0) {
    throw new PlanInputError(
      `Plan directory ${dir} holds no plan: expected <stack>.json files (\`terraform show -json\` output) and the ${PLAN_INDEX_FILE} that \`npm run plan\` writes beside them, in it or in subdirectories up to two levels down. ` +
        `Did the plan step run and persist its output here? (A plan run with nothing to plan writes an ${PLAN_INDEX_FILE} listing no stack.)`,
    );
  }
  const seen = new Map<string, StackPlan>();
  for (const p of plans) {
    const other = seen.get(p.stack);
    if (other) {
      throw new PlanInputError(
        `stack ${p.stack} appears twice under ${dir} (${other.file ?? 'index.json'} and ${p.file ?? 'index.json'}); plan each stack once`,
      );
    }
    seen.set(p.stack, p);
  }
  return plans.sort((a, b) => a.stack.localeCompare(b.stack));
}

/**
 * What the review says about a set of plans, before any Markdown: per-stack counts, blockers, security-sensitive
 * changes, Snowflake cost, drift, moves, imports, outputs, reads at apply, lost deletion protection. Rendering
 * (render.ts) only formats this.
 */
import { type AllowableAction, type AllowEntry, type AllowList, findAllowance, isExpired } from './allow';
import type { ChangeAction, ReviewedChange } from './changes';
import { type MonitorQuota, monitorQuota, type WarehouseCost, warehouseCost } from './cost';
import type { ProtectionChange } from './lifecycle';
import type { ConfigModule, OutputChange, PlanAction, PlanJson, ResourceChange, StackPlan } from './plan-json';
import { isDataBearing, isSecuritySensitive } from './resource-kinds';
import { type Redactor, redactorFor, sensitiveStrings } from './values';

export type { ChangeAction, ReviewedChange } from './changes';

export interface Blocker {
  readonly change: ReviewedChange;
  readonly action: AllowableAction;
  /** The allow-list entry that lets it through; undefined: it blocks. */
  readonly allowedBy?: AllowEntry;
  /** For a delete: resources of the same type created in the same stack (the object may only have been renamed). */
  readonly createdAlike: readonly string[];
  /** The base configuration had lifecycle.prevent_destroy on it (known with --base-synth). */
  readonly wasProtected: boolean;
}

export interface OutputView extends OutputChange {
  readonly name: string;
  readonly action: ChangeAction;
}

export interface StackSummary {
  readonly stack: string;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  /** Removed from state without destroying (`removed` blocks with destroy = false). */
  readonly forget: number;
  /** Objects that only change address (`moved` blocks), and objects imported (`import` blocks). */
  readonly move: number;
  readonly import: number;
  readonly blocking: number;
  readonly allowed: number;
  readonly security: number;
  readonly cost: boolean;
  readonly drift: number;
  /** The plan did not finish (errored) or is partial (deferred changes). */
  readonly incomplete?: string;
  /** The plan tool did not produce a plan for this stack (index.json): failed, or skipped (e.g. no provider offline). */
  readonly notPlanned?: { readonly status: 'failed' | 'skipped'; readonly reason: string };
  /** `synthesized`: the plan was computed from synthesized JSON, not by a provider (Snowflake offline). */
  readonly source: 'terraform' | 'synthesized';
  /** Every change except no-ops and reads, in plan order; pure moves and imports included. */
  readonly changes: readonly ReviewedChange[];
  /** Data sources Terraform can only read during apply (their inputs are not known yet). */
  readonly reads: readonly ReviewedChange[];
  /** Root-module outputs that change. */
  readonly outputs: readonly OutputView[];
}

/** A security subsection computed by another analysis (e.g. effective access gained/lost): never folded or cut. */
export interface ReviewSection {
  /** Heading text, e.g. "Access changes". */
  readonly title: string;
  /** Markdown body (no heading of its own): the full review (the artifact). */
  readonly markdown: string;
  /**
   * A shorter body for the PR comment (e.g. long lists capped with "…and N more"), given where the full review is;
   * default: `markdown`. What must never be missed stays in it.
   */
  readonly comment?: (fullReviewPointer: string) => string;
}

export interface Review {
  readonly stacks: readonly StackSummary[];
  readonly blockers: readonly Blocker[];
  /** Security-sensitive changes, imports and reads at apply, in stack order. */
  readonly security: readonly ReviewedChange[];
  /** Extra subsections of the security section, in order (AnalyzeOptions.securitySections). */
  readonly securitySections: readonly ReviewSection[];
  readonly warehouses: readonly WarehouseCost[];
  readonly monitors: readonly MonitorQuota[];
  /** Changes made outside Terraform (from refreshed plans: the nightly drift run). */
  readonly drift: readonly ReviewedChange[];
  /** Resources that lose lifecycle.prevent_destroy (base vs head synthesis); undefined when not compared. */
  readonly protection?: readonly ProtectionChange[];
  readonly allowFile: string;
  readonly expiredAllowances: readonly AllowEntry[];
  readonly unusedAllowances: readonly AllowEntry[];
  /** Stacks whose config was removed: their resources still exist (see `npm run affected`). */
  readonly removedStacks: readonly string[];
  /** Masks copies of sensitive values that Terraform did not mark (a function, so the secrets are not data). */
  readonly redact: Redactor;
}

export function actionOf(actions: readonly PlanAction[]): ChangeAction {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('forget')) return 'forget';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('read')) return 'read';
  return 'no-op';
}

/** `aws_x.y[0]`, `module.m.aws_x.y["k"]` -> the configuration address without instance keys. */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

function referencesIn(expression: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(expression)) expression.forEach((e) => referencesIn(e, into));
  else if (typeof expression === 'object' && expression !== null) {
    const refs = (expression as { references?: unknown }).references;
    if (Array.isArray(refs)) refs.forEach((r) => typeof r === 'string' && into.add(r));
    for (const [k, v] of Object.entries(expression)) if (k !== 'references') referencesIn(v, into);
  }
  return into;
}

/** The most specific references only: `data.x.y.json` rather than also `data.x.y`. */
function specific(refs: Set<string>): string[] {
  return [...refs].filter((r) => ![...refs].some((o) => o !== r && o.startsWith(`${r}.`))).sort();
}

/** Configured attributes (with their references) of every resource of the plan's configuration, by address. */
function configuredAttributes(plan: PlanJson): Map<string, Record<string, readonly string[]>> {
  const out = new Map<string, Record<string, readonly string[]>>();
  const visit = (module: ConfigModule | undefined, prefix: string) => {
    for (const r of module?.resources ?? []) {
      const attrs: Record<string, readonly string[]> = {};
      for (const [k, e] of Object.entries(r.expressions ?? {})) attrs[k] = specific(referencesIn(e, new Set()));
      out.set(`${prefix}${r.address}`, attrs);
    }
    for (const [name, call] of Object.entries(module?.module_calls ?? {}))
      visit(call.module, `${prefix}module.${name}.`);
  };
  visit(plan.configuration?.root_module, '');
  return out;
}

function reviewed(
  stack: string,
  rc: ResourceChange,
  configured?: Map<string, Record<string, readonly string[]>>,
): ReviewedChange {
  const actions = rc.change.actions;
  return {
    ...rc,
    stack,
    action: actionOf(actions),
    createFirst: actions[0] === 'create' && actions.includes('delete'),
    dataBearing: isDataBearing(rc.type),
    security: isSecuritySensitive(rc.type),
    movedFrom: rc.previous_address && rc.previous_address !== rc.address ? rc.previous_address : undefined,
    importId: rc.change.importing ? (rc.change.importing.id ?? '(by identity)') : undefined,
    configured: configured?.get(configAddress(rc.address)),
  };
}

/** Worth a line in the review: it changes something, moves the object or imports it. */
const isChange = (c: ReviewedChange) =>
  (c.action !== 'no-op' && c.action !== 'read') || c.movedFrom !== undefined || c.importId !== undefined;

/** Only an address change: no content, no permission changes. */
export const isPureMove = (c: ReviewedChange) => c.action === 'no-op' && c.importId === undefined && !!c.movedFrom;

/** Every string of the plan that Terraform marks sensitive, and the values of sensitive variables. */
function secretsOf(plan: PlanJson, into: Set<string>): void {
  for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
    sensitiveStrings(rc.change.before, rc.change.before_sensitive, into);
    sensitiveStrings(rc.change.after, rc.change.after_sensitive, into);
  }
  for (const o of Object.values(plan.output_changes ?? {})) {
    sensitiveStrings(o.before, o.before_sensitive, into);
    sensitiveStrings(o.after, o.after_sensitive, into);
  }
  for (const [name, v] of Object.entries(plan.configuration?.root_module?.variables ?? {})) {
    if (v.sensitive) sensitiveStrings(plan.variables?.[name]?.value, true, into);
  }
}

export interface AnalyzeOptions {
  readonly allow: AllowList;
  readonly today?: Date;
  readonly removedStacks?: readonly string[];
  /** Lost deletion protection from compareSynth (lifecycle.ts); omit when the synthesized base is not at hand. */
  readonly protection?: readonly ProtectionChange[];
  /** Extra subsections of the security section, e.g. effective access changes from an access evaluator. */
  readonly securitySections?: readonly ReviewSection[];
}

function notPlannedSummary(p: StackPlan): StackSummary {
  return {
    stack: p.stack,
    add: 0,
    change: 0,
    replace: 0,
    destroy: 0,
    forget: 0,
    move: 0,
    import: 0,
    blocking: 0,
    allowed: 0,
    security: 0,
    cost: false,
    drift: 0,
    source: 'terraform',
    changes: [],
    reads: [],
    outputs: [],
    notPlanned: { status: p.status === 'failed' ? 'failed' : 'skipped', reason: p.reason ?? `plan ${p.status}` },
  };
}

export function analyze(plans: readonly StackPlan[], options: AnalyzeOptions): Review {
  const today = options.today ?? new Date();
  const stacks: StackSummary[] = [];
  const blockers: Blocker[] = [];
  const security: ReviewedChange[] = [];
  const warehouses: WarehouseCost[] = [];
  const monitors: MonitorQuota[] = [];
  const drift: ReviewedChange[] = [];
  const used = new Set<AllowEntry>();
  const secrets = new Set<string>();
  const protectedBefore = new Set(
    (options.protection ?? []).filter((p) => p.change === 'removed').map((p) => `${p.stack} ${p.address}`),
  );

  for (const p of plans) {
    const { stack, plan } = p;
    if (!plan) {
      stacks.push(notPlannedSummary(p));
      continue;
    }
    secretsOf(plan, secrets);
    const configured = plan.configuration ? configuredAttributes(plan) : undefined;
    const all = (plan.resource_changes ?? []).map((rc) => reviewed(stack, rc, configured));
    const changes = all.filter((c) => c.mode !== 'data' && isChange(c));
    const reads = all.filter((c) => c.mode === 'data' && c.action === 'read');
    const stackDrift = (plan.resource_drift ?? []).map((rc) => reviewed(stack, rc)).filter(isChange);
    drift.push(...stackDrift);
    let blocking = 0;
    let allowed = 0;
    let cost = false;
    for (const c of changes) {
      if (c.dataBearing && (c.action === 'delete' || c.action === 'replace')) {
        const allowedBy = findAllowance(options.allow, stack, c.address, c.action, today);
        const createdAlike =
          c.action === 'delete' && !c.deposed
            ? changes.filter((o) => o.action === 'create' && o.type === c.type).map((o) => o.address)
            : [];
        blockers.push({
          change: c,
          action: c.action,
          allowedBy,
          createdAlike,
          wasProtected: protectedBefore.has(`${stack} ${c.address}`),
        });
        if (allowedBy) {
          used.add(allowedBy);
          allowed++;
        } else blocking++;
      }
      if (c.security && !isPureMove(c)) security.push(c);
      const w = warehouseCost(c);
      const m = monitorQuota(c);
      if (w) warehouses.push(w);
      if (m) monitors.push(m);
      if (w || m) cost = true;
    }
    security.push(...reads.filter((r) => r.security));
    const count = (a: ChangeAction) => changes.filter((c) => c.action === a).length;
    const outputs = Object.entries(plan.output_changes ?? {})
      .map(([name, o]) => ({ ...o, name, action: actionOf(o.actions) }))
      .filter((o) => o.action !== 'no-op')
      .sort((a, b) => a.name.localeCompare(b.name));
    const incomplete = plan.errored
      ? 'the plan errored: this review is incomplete for this stack'
      : plan.complete === false
        ? 'the plan is partial (deferred changes): another plan/apply round is needed'
        : undefined;
    stacks.push({
      stack,
      add: count('create'),
      change: count('update'),
      replace: count('replace'),
      destroy: count('delete'),
      forget: count('forget'),
      move: changes.filter((c) => c.movedFrom).length,
      import: changes.filter((c) => c.importId !== undefined).length,
      blocking,
      allowed,
      security: changes.filter((c) => c.security && !isPureMove(c)).length + reads.filter((r) => r.security).length,
      cost,
      drift: stackDrift.length,
      incomplete,
      source: plan.data_platform_source === 'synthesized' ? 'synthesized' : 'terraform',
      changes,
      reads,
      outputs,
    });
  }
  stacks.sort((a, b) => a.stack.localeCompare(b.stack));
  const expiredAllowances = options.allow.entries.filter((e) => isExpired(e, today));
  const unusedAllowances = options.allow.entries.filter((e) => !used.has(e) && !isExpired(e, today));
  return {
    stacks,
    blockers,
    security,
    securitySections: options.securitySections ?? [],
    warehouses,
    monitors,
    drift,
    protection: options.protection,
    allowFile: options.allow.file,
    expiredAllowances,
    unusedAllowances,
    removedStacks: [...new Set(options.removedStacks ?? [])].sort(),
    redact: redactorFor(secrets),
  };
}

/** Blockers that are not allowed: the reason for exit code 2. */
export function openBlockers(review: Review): Blocker[] {
  return review.blockers.filter((b) => !b.allowedBy);
}

/** Stacks whose plan failed or errored: the review is incomplete, and never green. */
export function failedStacks(review: Review): StackSummary[] {
  return review.stacks.filter((s) => s.notPlanned?.status === 'failed' || s.incomplete?.startsWith('the plan errored'));
}

/** The stack changes anything on apply (resources, moves, imports or outputs). */
export function stackHasChanges(s: StackSummary): boolean {
  return s.changes.length > 0 || s.outputs.length > 0;
}

export function reviewHasChanges(review: Review): boolean {
  return review.stacks.some(stackHasChanges) || review.drift.length > 0;
}

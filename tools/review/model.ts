/**
 * What the review says about a set of plans, before any Markdown: per-stack counts, blockers, security-sensitive
 * changes, Snowflake cost, drift. Rendering (render.ts) only formats this.
 */
import { type AllowableAction, type AllowEntry, type AllowList, findAllowance, isExpired } from './allow';
import type { ChangeAction, ReviewedChange } from './changes';
import { type MonitorQuota, monitorQuota, type WarehouseCost, warehouseCost } from './cost';
import type { PlanAction, ResourceChange, StackPlan } from './plan-json';
import { isDataBearing, isSecuritySensitive } from './resource-kinds';

export type { ChangeAction, ReviewedChange } from './changes';

export interface Blocker {
  readonly change: ReviewedChange;
  readonly action: AllowableAction;
  /** The allow-list entry that lets it through; undefined: it blocks. */
  readonly allowedBy?: AllowEntry;
}

export interface StackSummary {
  readonly stack: string;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  /** Removed from state without destroying (`removed` blocks with destroy = false). */
  readonly forget: number;
  readonly blocking: number;
  readonly allowed: number;
  readonly security: number;
  readonly cost: boolean;
  readonly drift: number;
  /** The plan did not finish (errored) or is partial (deferred changes). */
  readonly incomplete?: string;
  /** The plan tool did not produce a plan for this stack (index.json): failed, or skipped (e.g. no provider offline). */
  readonly notPlanned?: { readonly status: 'failed' | 'skipped'; readonly reason: string };
  /** Every change except no-ops and reads, in plan order. */
  readonly changes: readonly ReviewedChange[];
}

export interface Review {
  readonly stacks: readonly StackSummary[];
  readonly blockers: readonly Blocker[];
  readonly security: readonly ReviewedChange[];
  readonly warehouses: readonly WarehouseCost[];
  readonly monitors: readonly MonitorQuota[];
  /** Changes made outside Terraform (from refreshed plans: the nightly drift run). */
  readonly drift: readonly ReviewedChange[];
  readonly allowFile: string;
  readonly expiredAllowances: readonly AllowEntry[];
  readonly unusedAllowances: readonly AllowEntry[];
  /** Stacks whose config was removed: their resources still exist (see `npm run affected`). */
  readonly removedStacks: readonly string[];
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

function reviewed(stack: string, rc: ResourceChange): ReviewedChange {
  return {
    ...rc,
    stack,
    action: actionOf(rc.change.actions),
    dataBearing: isDataBearing(rc.type),
    security: isSecuritySensitive(rc.type),
  };
}

const isChange = (c: ReviewedChange) => c.action !== 'no-op' && c.action !== 'read';

export interface AnalyzeOptions {
  readonly allow: AllowList;
  readonly today?: Date;
  readonly removedStacks?: readonly string[];
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

  for (const { stack, plan, status, reason } of plans) {
    if (!plan) {
      stacks.push({
        stack,
        add: 0,
        change: 0,
        replace: 0,
        destroy: 0,
        forget: 0,
        blocking: 0,
        allowed: 0,
        security: 0,
        cost: false,
        drift: 0,
        changes: [],
        notPlanned: { status: status === 'failed' ? 'failed' : 'skipped', reason: reason ?? `plan ${status}` },
      });
      continue;
    }
    const changes = (plan.resource_changes ?? [])
      .filter((rc) => rc.mode !== 'data')
      .map((rc) => reviewed(stack, rc))
      .filter(isChange);
    const stackDrift = (plan.resource_drift ?? []).map((rc) => reviewed(stack, rc)).filter(isChange);
    drift.push(...stackDrift);
    let blocking = 0;
    let allowed = 0;
    let cost = false;
    for (const c of changes) {
      if (c.dataBearing && (c.action === 'delete' || c.action === 'replace')) {
        const allowedBy = findAllowance(options.allow, stack, c.address, c.action, today);
        blockers.push({ change: c, action: c.action, allowedBy });
        if (allowedBy) {
          used.add(allowedBy);
          allowed++;
        } else blocking++;
      }
      if (c.security) security.push(c);
      const w = warehouseCost(c);
      const m = monitorQuota(c);
      if (w) warehouses.push(w);
      if (m) monitors.push(m);
      if (w || m) cost = true;
    }
    const count = (a: ChangeAction) => changes.filter((c) => c.action === a).length;
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
      blocking,
      allowed,
      security: changes.filter((c) => c.security).length,
      cost,
      drift: stackDrift.length,
      incomplete,
      changes,
    });
  }
  stacks.sort((a, b) => a.stack.localeCompare(b.stack));
  const expiredAllowances = options.allow.entries.filter((e) => isExpired(e, today));
  const unusedAllowances = options.allow.entries.filter((e) => !used.has(e) && !isExpired(e, today));
  return {
    stacks,
    blockers,
    security,
    warehouses,
    monitors,
    drift,
    allowFile: options.allow.file,
    expiredAllowances,
    unusedAllowances,
    removedStacks: [...(options.removedStacks ?? [])].sort(),
  };
}

/** Blockers that are not allowed: the reason for exit code 2. */
export function openBlockers(review: Review): Blocker[] {
  return review.blockers.filter((b) => !b.allowedBy);
}

export function reviewHasChanges(review: Review): boolean {
  return review.stacks.some((s) => s.changes.length > 0) || review.drift.length > 0;
}

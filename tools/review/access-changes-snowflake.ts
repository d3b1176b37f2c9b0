/**
 * The Snowflake source of "Access changes": who gains or loses READ / WRITE / OWN on a schema, a warehouse
 * privilege or an account privilege, evaluated from the grants (tools/access/snowflake), never from config.
 *
 * - Access in Snowflake is made of grants in several stacks (a reader's stack grants the producer's READ role to
 *   the reader's roles; the producer's stack gives that role its privileges), so each side is evaluated over the
 *   whole account: a planned stack contributes its plan's before (prior state) or after (planned values); every
 *   other Snowflake stack of the account its cdk.tf.json in this revision's synth output (the same on both sides:
 *   its configuration did not change, or it would have been planned). Without the synth output (`--head-synth`), only
 *   the planned stacks are evaluated, and the section says so.
 * - Only accounts where a plan changes a grant, role, user or object resource are evaluated.
 * - A grant whose names are not known until apply, or cannot be read, is never taken as no access: it is listed as
 *   "could not evaluate" (❓), with the grant and why.
 * - A role or database role that no Snowflake stack of the account creates (not a system role) may not exist: what it
 *   would gain is one ❓ line, not a gain (only with the synth output, when every stack of the account is seen).
 * - The account and provider identities of a planned stack: the plan's provider configuration, else its cdk.tf.json
 *   in the synth output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  describeGrant,
  displayName,
  loadSnowflakeGrants,
  type Principal,
  SNOWFLAKE_ACCESS_TYPES,
  SnowflakeAccess,
  type SnowflakeAccessChange,
  SYSTEM_ROLES,
  snowflakeAccessChanges,
  type SnowflakeStack,
  snowflakeStackFromPlan,
  snowflakeStackFromSynthesized,
  UNKNOWN_ACCOUNT,
} from '../access/snowflake';
import type { AccessChangesContext, AccessDelta, AccessDeltaSource } from './access-delta';
import type { PlanJson, ResourceChange, StackPlan } from './plan-json';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON of any shape, read defensively
type Json = Record<string, any>;

/** Grants named in the reason of one line (the rest are counted). */
const WHY_GRANTS = 3;

const isSnowflakeChange = (rc: ResourceChange) =>
  rc.mode === 'managed' && (rc.type.startsWith('snowflake_') || (rc.provider_name ?? '').endsWith('/snowflake'));
const changesAccess = (rc: ResourceChange) =>
  isSnowflakeChange(rc) &&
  SNOWFLAKE_ACCESS_TYPES.has(rc.type) &&
  !rc.change.actions.every((a) => a === 'no-op' || a === 'read');

export interface SnowflakeAccessChangesResult extends AccessDeltaSource {
  /** Accounts evaluated, principals evaluated on both sides, and time taken. */
  readonly accounts: number;
  readonly principals: number;
  readonly durationMs: number;
}

/** Every Snowflake stack of a synth output (`<dir>/stacks/<stack>/cdk.tf.json`), by name. */
function synthesizedSnowflakeStacks(headSynth: string | undefined, problems: string[]): Map<string, SnowflakeStack> {
  const out = new Map<string, SnowflakeStack>();
  if (!headSynth) return out;
  const dir = path.join(headSynth, 'stacks');
  if (!fs.existsSync(dir)) {
    problems.push(`the synth output ${headSynth} has no stacks/ directory: only the planned stacks were evaluated.`);
    return out;
  }
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    try {
      const stack = snowflakeStackFromSynthesized(name, JSON.parse(fs.readFileSync(file, 'utf8')) as Json);
      if (stack) out.set(name, stack);
    } catch (e) {
      problems.push(`\`${name}\`: ${file} could not be read (${(e as Error).message}).`);
    }
  }
  return out;
}

/** The Snowflake access deltas of a set of plans. */
export function snowflakeReviewAccessChanges(context: AccessChangesContext): SnowflakeAccessChangesResult {
  const started = Date.now();
  const problems: string[] = [];
  const planned = context.plans.filter(
    (p): p is StackPlan & { plan: PlanJson } =>
      p.plan !== undefined && (p.plan.resource_changes ?? []).some(isSnowflakeChange),
  );
  const result = (deltas: AccessDelta[], accounts: number, principals: number, method?: string) => ({
    name: 'Snowflake',
    deltas,
    accounts,
    principals,
    durationMs: Date.now() - started,
    ...(method ? { method } : {}),
    ...(problems.length ? { problems } : {}),
  });
  if (!planned.some((p) => (p.plan.resource_changes ?? []).some(changesAccess))) return result([], 0, 0);

  const synthesized = synthesizedSnowflakeStacks(context.headSynth, problems);
  const sides = planned.map(({ stack, plan }) => {
    const synth = synthesized.get(stack);
    // A plan computed from synthesized JSON has no provider configuration: the synth output's says who runs it.
    const read = (side: 'before' | 'after') => {
      const s = snowflakeStackFromPlan(stack, plan as unknown as Json, side, synth?.account);
      return s.identities.length === 0 && synth ? { ...s, identities: synth.identities } : s;
    };
    return {
      stack,
      changes: (plan.resource_changes ?? []).some(changesAccess),
      before: read('before'),
      after: read('after'),
    };
  });
  const accountOf = (s: (typeof sides)[number]) => s.after.account ?? s.before.account ?? UNKNOWN_ACCOUNT;
  const accounts = [...new Set(sides.filter((s) => s.changes).map(accountOf))].sort();
  const plannedNames = new Set(sides.map((s) => s.stack));

  const deltas: AccessDelta[] = [];
  let principals = 0;
  for (const account of accounts) {
    if (account === UNKNOWN_ACCOUNT) {
      problems.push(
        `${sides
          .filter((s) => accountOf(s) === account)
          .map((s) => `\`${s.stack}\``)
          .join(', ')}: the Snowflake account is unknown (no provider configuration in the plan, no synth output): ` +
          'evaluated without the other stacks of its account.',
      );
    }
    const here = sides.filter((s) => accountOf(s) === account);
    const others = [...synthesized.values()].filter((s) => s.account === account && !plannedNames.has(s.stack));
    const after = loadSnowflakeGrants([...others, ...here.map((s) => s.after)]);
    // A resource unreadable after the plan is left out of both sides: what it grants is unknown, not lost.
    const without = (s: SnowflakeStack): SnowflakeStack => ({
      ...s,
      resources: s.resources.filter((r) => !after.unreadable.has(`${s.stack} ${r.type}.${r.name}`)),
    });
    const before = loadSnowflakeGrants([...others, ...here.map((s) => without(s.before))]);
    // What could not be read on the after side: never evaluated as "no access".
    for (const p of after.problems) {
      const [stack] = p.split(' ', 1);
      deltas.push({
        source: 'Snowflake',
        change: 'unknown',
        kind: 'access',
        principal: `grant \`${p.slice(stack!.length + 1).split(':')[0]}\``,
        scope: account,
        stack,
        what: '',
        target: '',
        note: `could not evaluate: ${p.slice(p.indexOf(': ') + 2)}; who can access what through it is not known until apply`,
      });
    }
    for (const p of before.problems) if (!after.problems.includes(p)) problems.push(`before the plan, ${p}`);
    const [b, a] = [before.accounts.get(account), after.accounts.get(account)];
    if (!b || !a) continue;
    const delta = snowflakeAccessChanges(new SnowflakeAccess(b), new SnowflakeAccess(a));
    principals += delta.principals;
    const stackOf = (p: Principal) =>
      p.kind === 'user'
        ? (a.users.get(p.name) ?? b.users.get(p.name))?.stack
        : p.kind === 'role'
          ? (a.roles.get(p.name) ?? b.roles.get(p.name))?.stack
          : (a.databaseRoles.get(p.name) ?? b.databaseRoles.get(p.name))?.stack;
    // A role no stack of the account creates (seen whole: with the synth output) may not exist: a wrong name fails
    // the grant at apply. What it would gain is not claimed; one line says so.
    const uncreated = (p: Principal) =>
      context.headSynth !== undefined &&
      account !== UNKNOWN_ACCOUNT &&
      ((p.kind === 'role' && !SYSTEM_ROLES.includes(p.name) && !a.roles.has(p.name) && !b.roles.has(p.name)) ||
        (p.kind === 'database-role' && !a.databaseRoles.has(p.name) && !b.databaseRoles.has(p.name)));
    const unsure = new Map<string, SnowflakeAccessChange[]>();
    for (const c of delta.changes) {
      if (c.change === 'gained' && uncreated(c.principal)) {
        const key = `${c.principal.kind}:${c.principal.name}`;
        unsure.set(key, [...(unsure.get(key) ?? []), c]);
      } else deltas.push(toDelta(c, account, stackOf(c.principal)));
    }
    for (const changes of unsure.values()) {
      const c = changes[0]!;
      const would = changes.map((x) => `\`${x.what}\` on ${targetText(x)}`);
      deltas.push({
        source: 'Snowflake',
        change: 'unknown',
        kind: 'access',
        principal: principalText(c.principal),
        scope: account,
        ...(c.grants[0] ? { stack: c.grants[0].origin.stack } : {}),
        what: '',
        target: '',
        note:
          `could not evaluate: no Snowflake stack of ${account} creates ${principalText(c.principal)} (made outside ` +
          `Terraform, or a wrong name: then the grant fails at apply); if it exists it may now ` +
          `${would.slice(0, 3).join(', ')}${would.length > 3 ? ` and ${would.length - 3} more` : ''}, through ` +
          `${c.grants.slice(0, WHY_GRANTS).map(describeGrant).join('; ') || 'changed grants'}`,
      });
    }
  }
  const method = context.headSynth
    ? 'grants of every Snowflake stack of the account (planned ones from their plans, the rest from the synth output), evaluated as Snowflake does (role inheritance, system roles, ownership, future grants).'
    : 'grants of the planned stacks only (no synth output was given: grants in other stacks of the account are not seen, so access through them is not shown).';
  return result(deltas, accounts.length, principals, method);
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function principalText(p: Principal): string {
  if (p.kind === 'user') return `user ${code(displayName(p.name))}`;
  if (p.kind === 'database-role') return `database role ${code(p.name)}`;
  return code(p.name);
}

const targetText = (c: SnowflakeAccessChange) =>
  c.target.kind === 'schema'
    ? `schema ${c.target.name}`
    : c.target.kind === 'warehouse'
      ? `warehouse ${c.target.name}`
      : `account ${c.target.name}`;

function toDelta(c: SnowflakeAccessChange, account: string, stack: string | undefined): AccessDelta {
  const target = targetText(c);
  const grants = c.grants.slice(0, WHY_GRANTS).map(describeGrant);
  const more = c.grants.length > WHY_GRANTS ? ` and ${c.grants.length - WHY_GRANTS} more` : '';
  return {
    source: 'Snowflake',
    change: c.change,
    kind: 'access',
    principal: principalText(c.principal),
    scope: account,
    ...(stack ? { stack } : {}),
    what: c.what,
    target,
    ...(grants.length ? { why: `${grants.join('; ')}${more}` } : {}),
    ...(c.change === 'lost' && c.missing?.length
      ? { note: `(now lacks ${c.missing.slice(0, 3).join(', ')}${c.missing.length > 3 ? ', …' : ''})` }
      : {}),
  };
}

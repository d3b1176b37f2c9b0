/**
 * The Snowflake half of "Access changes". No Snowflake provider binary exists here, so Terraform cannot plan these
 * stacks: plans are computed from the example org's synthesized cdk.tf.json, base vs a changed config
 * (tools/review/synth-plan.ts), and the synth output of the changed config is the review's `headSynth`. Expected
 * principals and schemas are the example org's names written out (test/fixtures/example-org.ts), not the tool's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TeamInput } from '../../config';
import { accessChangesProvider } from '../../tools/review/access-changes';
import { snowflakeReviewAccessChanges } from '../../tools/review/access-changes-snowflake';
import type { AccessDelta } from '../../tools/review/access-delta';
import type { PlanJson, StackPlan } from '../../tools/review/plan-json';
import { planFromSynth, readSynthStack } from '../../tools/review/synth-plan';
import { repoSources, synthesize, tempDir, withTeam } from './helpers/synth';

const work = tempDir('review-snowflake-access-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const sources = repoSources();
const base = synthesize(sources, path.join(work, 'base'));

/** Synthesizes a changed config; returns its synth output directory (the review's headSynth). */
function head(name: string, team: string, edit: (t: TeamInput) => void): string {
  synthesize(withTeam(sources, team, edit), path.join(work, name));
  return path.join(work, name);
}

/** The plan of one stack, base -> head, as the plan set of a review. */
function plansOf(headSynth: string, stacks: readonly string[]): StackPlan[] {
  return stacks.map((stack) => ({
    stack,
    status: 'planned',
    plan: planFromSynth(
      readSynthStack(path.join(base, stack, 'cdk.tf.json')),
      readSynthStack(path.join(headSynth, 'stacks', stack, 'cdk.tf.json')),
    ),
  }));
}

const line = (d: AccessDelta) => `${d.change} ${d.principal} ${d.what} ${d.target}`;
const TELEHEALTH_PRINCIPALS = [
  '`DEV_TELEHEALTH_PIPELINE`',
  '`DEV_TELEHEALTH_TEAM`',
  'user `ADA.NWOSU@EXAMPLE.COM`',
  'user `DEV_TELEHEALTH_EVENTS_LOADER`',
];

describe('a team starts reading another team’s dataset', () => {
  const headSynth = head('read', 'telehealth', (t) => {
    t.snowflake!.reads = [...(t.snowflake!.reads ?? []), 'product-analytics.STAGING'];
  });
  const plans = plansOf(headSynth, ['dev-telehealth-snowflake']);

  it('gains READ (only) on that schema for both team roles and their users, explained by the grant', () => {
    const result = snowflakeReviewAccessChanges({ plans, headSynth });
    expect(result.problems).toBeUndefined();
    expect(result.deltas.map(line).sort()).toEqual(
      TELEHEALTH_PRINCIPALS.map((p) => `gained ${p} READ schema DEV_PRODUCT_ANALYTICS.STAGING`).sort(),
    );
    const team = result.deltas.find((d) => d.principal === '`DEV_TELEHEALTH_TEAM`')!;
    expect(team.why).toBe('`DEV_PRODUCT_ANALYTICS.STAGING_READ` granted to `DEV_TELEHEALTH_TEAM`');
    expect(team.stack).toBe('dev-telehealth-snowflake');
    expect(team.scope).toBe('ACMEORG.ACME_NONPROD');
  });

  it('is shown in the security section with the reason', () => {
    const section = accessChangesProvider({ plans, headSynth })!;
    expect(section.markdown).toContain(
      '- ➕ `DEV_TELEHEALTH_TEAM` (ACMEORG.ACME_NONPROD · `dev-telehealth-snowflake`) may now `READ` on `schema DEV_PRODUCT_ANALYTICS.STAGING` — through `DEV_PRODUCT_ANALYTICS.STAGING_READ` granted to `DEV_TELEHEALTH_TEAM`',
    );
    expect(section.markdown).toContain('_Snowflake: grants of every Snowflake stack of the account');
  });

  it('without the synth output sees only the planned stack, and says so', () => {
    // The READ role's privileges are in product-analytics' stack, which is not planned: nothing can be concluded.
    const result = snowflakeReviewAccessChanges({ plans });
    expect(result.deltas).toEqual([]);
    expect(result.method).toContain('planned stacks only');
  });
});

describe('a team stops reading a dataset', () => {
  const headSynth = head('unread', 'telehealth', (t) => {
    t.snowflake!.reads = (t.snowflake!.reads ?? []).filter((r) => r !== 'data-integration.CURATED');
  });

  it('loses READ on that schema, explained by the removed grant, with what it now lacks', () => {
    const result = snowflakeReviewAccessChanges({ plans: plansOf(headSynth, ['dev-telehealth-snowflake']), headSynth });
    expect(result.deltas.map(line).sort()).toEqual(
      TELEHEALTH_PRINCIPALS.map((p) => `lost ${p} READ schema DEV_DATA_INTEGRATION.CURATED`).sort(),
    );
    const pipeline = result.deltas.find((d) => d.principal === '`DEV_TELEHEALTH_PIPELINE`')!;
    expect(pipeline.why).toBe('`DEV_DATA_INTEGRATION.CURATED_READ` granted to `DEV_TELEHEALTH_PIPELINE`');
    // It holds nothing in that schema any more.
    expect(pipeline.note).toBe('(now lacks every privilege in the schema)');
  });
});

describe('a schema is dropped', () => {
  const headSynth = head('drop', 'telehealth', (t) => {
    t.snowflake!.schemas = t.snowflake!.schemas!.filter((s) => s.name !== 'MODELS');
  });

  it('lists no lost access for the schema that no longer exists (the delete itself is in the review)', () => {
    const result = snowflakeReviewAccessChanges({ plans: plansOf(headSynth, ['dev-telehealth-snowflake']), headSynth });
    expect(result.deltas.filter((d) => d.target.includes('DEV_TELEHEALTH.MODELS'))).toEqual([]);
  });
});

describe('a grant whose role is known only after apply', () => {
  const headSynth = head('unknown', 'telehealth', (t) => {
    t.snowflake!.reads = [...(t.snowflake!.reads ?? []), 'product-analytics.STAGING'];
  });

  it('is listed as could-not-evaluate, never as no access', () => {
    const [stackPlan] = plansOf(headSynth, ['dev-telehealth-snowflake']);
    type MutableChange = { type: string; address: string; change: Record<string, unknown> & { actions: string[] } };
    const plan = structuredClone(stackPlan!.plan!) as unknown as { resource_changes: MutableChange[] };
    const after = (rc: MutableChange) => rc.change.after as Record<string, unknown>;
    const added = plan.resource_changes.find(
      (rc) =>
        rc.type === 'snowflake_grant_database_role' &&
        rc.change.actions.includes('create') &&
        String(after(rc).database_role_name).includes('STAGING_READ'),
    )!;
    delete after(added).parent_role_name;
    added.change.after_unknown = { parent_role_name: true };
    const result = snowflakeReviewAccessChanges({
      plans: [{ ...stackPlan!, plan: plan as unknown as PlanJson }],
      headSynth,
    });
    const unknown = result.deltas.filter((d) => d.change === 'unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.principal).toBe(`grant \`${added.address}\``);
    expect(unknown[0]!.note).toContain('`parent_role_name` is known only after apply');
  });
});

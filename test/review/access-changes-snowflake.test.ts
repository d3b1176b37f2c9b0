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

/**
 * A plan in the shape `terraform show -json` writes for the Snowflake provider, written by hand from the example
 * org's synthesized stack (no provider binary here to plan it): every resource of the stack present (unchanged ones
 * as no-op), blocks as lists of one (state shape), the provider configuration with the account and identities,
 * `after_unknown` for values known only after apply.
 */
function providerPlan(stack: string, edit: (changes: Map<string, ProviderChange>) => void): StackPlan {
  const json = readSynthStack(path.join(base, stack, 'cdk.tf.json')) as {
    provider: { snowflake: Record<string, string>[] };
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const asState = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(asState)
      : typeof v === 'object' && v !== null
        ? [Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asState(x)]))]
        : v;
  const changes = new Map<string, ProviderChange>();
  for (const [type, byName] of Object.entries(json.resource))
    for (const [name, config] of Object.entries(byName)) {
      const values = Object.fromEntries(
        Object.entries(config)
          .filter(([k]) => !['//', 'lifecycle', 'depends_on', 'provider'].includes(k))
          .map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? asState(v) : v]),
      );
      const address = `${type}.${name}`;
      changes.set(address, {
        address,
        mode: 'managed',
        type,
        name,
        provider_name: 'registry.terraform.io/snowflakedb/snowflake',
        change: { actions: ['no-op'], before: values, after: values, after_unknown: {} },
      });
    }
  edit(changes);
  const provider_config = Object.fromEntries(
    json.provider.snowflake.map((p) => [
      p.alias ? `snowflake.${p.alias}` : 'snowflake',
      {
        name: 'snowflake',
        full_name: 'registry.terraform.io/snowflakedb/snowflake',
        ...(p.alias ? { alias: p.alias } : {}),
        expressions: Object.fromEntries(
          ['organization_name', 'account_name', 'user', 'role'].map((k) => [k, { constant_value: p[k] }]),
        ),
      },
    ]),
  );
  const plan = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    configuration: { provider_config },
    resource_changes: [...changes.values()],
  };
  return { stack, status: 'planned', plan: plan as unknown as PlanJson };
}
interface ProviderChange {
  address: string;
  mode: 'managed';
  type: string;
  name: string;
  provider_name: string;
  change: {
    actions: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    after_unknown: Record<string, unknown>;
  };
}
const grantOf = (changes: Map<string, ProviderChange>, databaseRole: string, parent: string) =>
  [...changes.values()].find(
    (c) =>
      c.type === 'snowflake_grant_database_role' &&
      c.change.before?.database_role_name === databaseRole &&
      c.change.before?.parent_role_name === parent,
  )!;

describe('a provider-shaped plan of one stack, the other stacks from the synth output', () => {
  const headSynth = path.dirname(base);

  it('a revoked grant: the pipeline role and its service user lose READ; the team role keeps it', () => {
    const plan = providerPlan('dev-telehealth-snowflake', (changes) => {
      const g = grantOf(changes, 'DEV_DATA_INTEGRATION.CURATED_READ', 'DEV_TELEHEALTH_PIPELINE');
      g.change = { ...g.change, actions: ['delete'], after: null };
    });
    const result = snowflakeReviewAccessChanges({ plans: [plan], headSynth });
    expect(result.problems).toBeUndefined();
    expect(result.deltas.map(line).sort()).toEqual([
      'lost `DEV_TELEHEALTH_PIPELINE` READ schema DEV_DATA_INTEGRATION.CURATED',
      'lost user `DEV_TELEHEALTH_EVENTS_LOADER` READ schema DEV_DATA_INTEGRATION.CURATED',
    ]);
    expect(result.deltas[0]!.why).toBe('`DEV_DATA_INTEGRATION.CURATED_READ` granted to `DEV_TELEHEALTH_PIPELINE`');
    expect(result.deltas[0]!.scope).toBe('ACMEORG.ACME_NONPROD');
  });

  it('a grant replaced with a role known only after apply: could not evaluate, and not listed as lost', () => {
    const plan = providerPlan('dev-telehealth-snowflake', (changes) => {
      const g = grantOf(changes, 'DEV_DATA_INTEGRATION.CURATED_READ', 'DEV_TELEHEALTH_TEAM');
      const after = { ...g.change.after! };
      delete after.parent_role_name;
      g.change = {
        actions: ['delete', 'create'],
        before: g.change.before,
        after,
        after_unknown: { id: true, parent_role_name: true },
      };
    });
    const result = snowflakeReviewAccessChanges({ plans: [plan], headSynth });
    expect(result.deltas.filter((d) => d.change !== 'unknown')).toEqual([]);
    const [unknown, ...more] = result.deltas;
    expect(more).toEqual([]);
    expect(unknown!.principal).toMatch(
      /^grant `snowflake_grant_database_role\.workspace_team-role_access-roles_data-integrationCURATED_/,
    );
    expect(unknown!.note).toContain('`parent_role_name` is known only after apply');
    const section = accessChangesProvider({ plans: [plan], headSynth })!;
    expect(section.markdown).toContain('**❓ Not known until apply**');
    expect(section.markdown).toContain(
      '- ❓ grant `snowflake_grant_database_role.workspace_team-role_access-roles_data-integrationCURATED_',
    );
  });

  it('a grant whose role is a reference: could not evaluate', () => {
    const plan = providerPlan('dev-telehealth-snowflake', (changes) => {
      changes.set('snowflake_grant_account_role.extra', {
        address: 'snowflake_grant_account_role.extra',
        mode: 'managed',
        type: 'snowflake_grant_account_role',
        name: 'extra',
        provider_name: 'registry.terraform.io/snowflakedb/snowflake',
        change: {
          actions: ['create'],
          before: null,
          after: { role_name: '${snowflake_account_role.x.name}', parent_role_name: 'DEV_TELEHEALTH_TEAM' },
          after_unknown: { id: true },
        },
      });
    });
    const result = snowflakeReviewAccessChanges({ plans: [plan], headSynth });
    expect(result.deltas.map((d) => [d.change, d.principal])).toEqual([
      ['unknown', 'grant `snowflake_grant_account_role.extra`'],
    ]);
    expect(result.deltas[0]!.note).toContain('is a reference');
  });

  it('a grant to a role no stack creates (a wrong name): could not evaluate, no gain claimed', () => {
    const plan = providerPlan('dev-telehealth-snowflake', (changes) => {
      const g = grantOf(changes, 'DEV_DATA_INTEGRATION.CURATED_READ', 'DEV_TELEHEALTH_TEAM');
      changes.set('snowflake_grant_database_role.typo', {
        ...g,
        address: 'snowflake_grant_database_role.typo',
        name: 'typo',
        change: {
          actions: ['create'],
          before: null,
          after: { ...g.change.before, parent_role_name: 'DEV_TELEHAELTH_TEAM' },
          after_unknown: { id: true },
        },
      });
    });
    const result = snowflakeReviewAccessChanges({ plans: [plan], headSynth });
    expect(result.deltas.map((d) => [d.change, d.principal])).toEqual([['unknown', '`DEV_TELEHAELTH_TEAM`']]);
    expect(result.deltas[0]!.note).toBe(
      'could not evaluate: no Snowflake stack of ACMEORG.ACME_NONPROD creates `DEV_TELEHAELTH_TEAM` (made outside Terraform, or a wrong name: then the grant fails at apply); if it exists it may now `READ` on schema DEV_DATA_INTEGRATION.CURATED, through `DEV_DATA_INTEGRATION.CURATED_READ` granted to `DEV_TELEHAELTH_TEAM`',
    );
  });

  it('an unchanged plan of the same stack changes nothing', () => {
    const plan = providerPlan('dev-telehealth-snowflake', () => undefined);
    expect(snowflakeReviewAccessChanges({ plans: [plan], headSynth }).deltas).toEqual([]);
  });
});

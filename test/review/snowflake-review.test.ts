/**
 * The Snowflake side of the review. No Snowflake provider binary exists on these machines, so Terraform cannot plan
 * these stacks: the plans here are built from the repository's synthesized cdk.tf.json (base vs changed config) by
 * helpers/synth-plan.ts, never hand-written. Expectations are the example's values written out by hand
 * (test/fixtures/example-org.ts) and Snowflake's published credits, not the review's own output or tables.
 */
import * as fs from 'node:fs';
import {
  type AllowList,
  analyze,
  exitCodeOf,
  parseAllowList,
  renderReview,
  type Review,
  type StackPlan,
} from '../../tools/review/index';
import { ENV, snowflakeNames, TEAM } from '../fixtures/example-org';
import { planFromSynth, PreventDestroyError, readSynthStack, synthResources } from './helpers/synth-plan';
import { repoSources, stackJson, synthesize, tempDir, withTeam } from './helpers/synth';

/** Credits per hour of one cluster, as Snowflake publishes them (written out here independently of the tool). */
const CREDITS: Record<string, number> = {
  XSMALL: 1,
  SMALL: 2,
  MEDIUM: 4,
  LARGE: 8,
  XLARGE: 16,
  XXLARGE: 32,
  XXXLARGE: 64,
  X4LARGE: 128,
  X5LARGE: 256,
  X6LARGE: 512,
};
const NO_ALLOW = { file: 'review-allow.yaml', entries: [] };
const TODAY = new Date('2025-06-01T12:00:00Z');

const sources = repoSources();
const work = tempDir('review-snowflake-');
let baseStacks: string;

beforeAll(() => {
  baseStacks = synthesize(sources, `${work}/base`);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function review(
  stack: string,
  before: string | undefined,
  after: string | undefined,
  allow: AllowList = NO_ALLOW,
): Review {
  const plan = planFromSynth(before ? readSynthStack(before) : undefined, after ? readSynthStack(after) : undefined);
  const plans: StackPlan[] = [{ stack, status: 'planned', plan }];
  return analyze(plans, { allow, today: TODAY });
}

describe('resizing a warehouse (a team config change, synthesized)', () => {
  // The warehouse with the most clusters in prod, so size × clusters must both count: data-integration's TRANSFORM,
  // MEDIUM with 2 clusters and 300 credits a month there, resized to LARGE with twice the quota.
  const [envName, teamName, key] = ['prod', 'data-integration', 'TRANSFORM'] as const;
  const [oldSize, newSize, clusters] = ['MEDIUM', 'LARGE', 2];
  const [oldQuota, newQuota] = [300, 600];
  const stack = `${envName}-${teamName}-snowflake`;
  const names = { warehouse: 'DATA_INTEGRATION_TRANSFORM', monitor: 'DATA_INTEGRATION_TRANSFORM_MONITOR' };

  test('is the example warehouse with the most clusters in prod (the fixture agrees)', () => {
    const prod = Object.values(TEAM).flatMap((t) => t.warehouses.prod);
    expect(Math.max(...prod.map((x) => x.maxClusterCount))).toBe(clusters);
    expect(TEAM[teamName].warehouses[envName].find((x) => x.key === key)).toMatchObject({
      size: oldSize,
      maxClusterCount: clusters,
      monthlyCreditQuota: oldQuota,
    });
    expect(snowflakeNames(envName, teamName).warehouse(key)).toBe(names.warehouse);
  });
  let result: Review;

  beforeAll(() => {
    const changed = withTeam(sources, teamName, (t) => {
      const raw = t.snowflake.warehouses!.find((x) => x.name === key)!;
      raw.size = { default: 'XSMALL', prod: 'LARGE' };
      raw.monthlyCreditQuota = { default: 20, prod: 600 };
    });
    const changedStacks = synthesize(changed, `${work}/resized`);
    result = review(stack, stackJson(baseStacks, stack), stackJson(changedStacks, stack));
  });

  test('the synthesized base has the warehouse at the configured size', () => {
    const warehouse = [...synthResources(readSynthStack(stackJson(baseStacks, stack))).values()].find(
      (r) => r.type === 'snowflake_warehouse' && r.values.name === names.warehouse,
    );
    expect(warehouse?.values.warehouse_size).toBe(oldSize);
  });

  test('the cost section shows credits per hour before -> after, times max clusters', () => {
    expect(result.warehouses).toHaveLength(1);
    const cost = result.warehouses[0];
    expect(cost).toMatchObject({ name: names.warehouse, action: 'update' });
    expect(cost.before).toMatchObject({ size: oldSize, maxClusters: clusters, credits: CREDITS[oldSize] * clusters });
    expect(cost.after).toMatchObject({ size: newSize, maxClusters: clusters, credits: CREDITS[newSize] * clusters });
    expect(cost.delta).toBe((CREDITS[newSize] - CREDITS[oldSize]) * clusters);
    expect([cost.before?.credits, cost.after?.credits, cost.delta]).toEqual([8, 16, 8]);

    const md = renderReview(result);
    const row = md.split('\n').find((l) => l.includes(`\`${names.warehouse}\``) && l.startsWith('|'))!;
    expect(row).toContain(oldSize);
    expect(row).toContain(newSize);
    expect(row).toContain(`+${(CREDITS[newSize] - CREDITS[oldSize]) * clusters}`);
  });

  test('the resource monitor quota change is listed with its delta', () => {
    expect(result.monitors).toEqual([
      expect.objectContaining({
        name: names.monitor,
        action: 'update',
        before: oldQuota,
        after: newQuota,
        delta: newQuota - oldQuota,
      }),
    ]);
  });

  test('a resize is neither a blocker nor security-sensitive, and is an in-place update', () => {
    expect(result.blockers).toEqual([]);
    expect(result.security).toEqual([]);
    expect(exitCodeOf(result, false)).toBe(0);
    const changes = result.stacks[0].changes.map((c) => `${c.type}:${c.action}`).sort();
    expect(changes).toEqual(['snowflake_resource_monitor:update', 'snowflake_warehouse:update']);
  });
});

describe('removing a schema (a team config change, synthesized)', () => {
  // data-integration's RAW in dev: no other team reads it and it is not published to BI, so the config stays valid.
  const [envName, teamName, schemaName] = ['dev', 'data-integration', 'RAW'] as const;
  const schema = { name: schemaName };
  const stack = `${envName}-${teamName}-snowflake`;
  let changedStacks: string;
  let schemaAddress: string;

  beforeAll(() => {
    changedStacks = synthesize(
      withTeam(sources, teamName, (t) => {
        t.snowflake.schemas = t.snowflake.schemas.filter((s) => s.name !== schema.name);
      }),
      `${work}/schema-removed`,
    );
    const database = 'DEV_DATA_INTEGRATION';
    schemaAddress = [...synthResources(readSynthStack(stackJson(baseStacks, stack))).values()].find(
      (r) => r.type === 'snowflake_schema' && r.values.name === schema.name && r.values.database === database,
    )!.address;
  });

  test('is a schema nobody else reads and none published to BI (the fixture agrees)', () => {
    expect(TEAM[teamName].schemas.find((s) => s.name === schemaName)?.publishToBi).toBe(false);
    const readers = Object.values(TEAM).filter((t) =>
      t.reads.some((r) => r.team === teamName && r.schema === schemaName),
    );
    expect(readers).toEqual([]);
  });

  test('the schema delete is a blocker (exit 2), listed first', () => {
    const result = review(stack, stackJson(baseStacks, stack), stackJson(changedStacks, stack));
    expect(result.blockers.map((b) => [b.change.address, b.action, b.allowedBy])).toEqual([
      [schemaAddress, 'delete', undefined],
    ]);
    expect(exitCodeOf(result, false)).toBe(2);
    const md = renderReview(result);
    expect(md.indexOf('### ⛔ Blockers')).toBeGreaterThan(0);
    expect(md.indexOf('### ⛔ Blockers')).toBeLessThan(md.indexOf('### 🔐 Security-sensitive changes'));
    expect(md).toContain(schemaAddress);
  });

  test('the grants and database roles of the schema go to the security section with their before values', () => {
    const result = review(stack, stackJson(baseStacks, stack), stackJson(changedStacks, stack));
    const removedSecurity = [...synthResources(readSynthStack(stackJson(baseStacks, stack))).values()].filter(
      (r) =>
        (r.type.startsWith('snowflake_grant_') || r.type === 'snowflake_database_role') &&
        JSON.stringify(r.values).includes(schema.name),
    );
    expect(removedSecurity.length).toBeGreaterThan(0);
    const listed = result.security.filter((c) => c.action === 'delete').map((c) => c.address);
    for (const r of removedSecurity) expect(listed).toContain(r.address);
    const md = renderReview(result);
    // Before values of a removed grant are shown as removed lines of a diff.
    expect(md).toMatch(new RegExp(`^- privileges = \\[`, 'm'));
  });

  test('an allow-list entry for that exact address lets it through (exit 0), and the review shows the reason', () => {
    const allow = parseAllowList(
      `allow:\n  - stack: ${stack}\n    address: ${schemaAddress}\n    reason: The schema was never used; dropping it in the sandbox.\n    owner: someone@example.com\n    expires: 2025-06-30\n`,
      'review-allow.yaml',
      TODAY,
    );
    const result = review(stack, stackJson(baseStacks, stack), stackJson(changedStacks, stack), allow);
    expect(result.blockers[0].allowedBy?.reason).toContain('never used');
    expect(exitCodeOf(result, false)).toBe(0);
    expect(renderReview(result)).toContain('The schema was never used');
  });

  test('in a strict environment the removal plans as a plain delete too: prevent_destroy goes with the removed block', () => {
    expect(ENV.prod.preventDestroy).toBe(true);
    const strictStack = `prod-${teamName}-snowflake`;
    const base = readSynthStack(stackJson(baseStacks, strictStack));
    const protectedSchema = [...synthResources(base).values()].find(
      (r) => r.type === 'snowflake_schema' && r.values.name === schema.name,
    )!;
    expect(protectedSchema.preventDestroy).toBe(true);
    const plan = planFromSynth(base, readSynthStack(stackJson(changedStacks, strictStack)));
    const result = analyze([{ stack: strictStack, status: 'planned', plan }], { allow: NO_ALLOW, today: TODAY });
    expect(result.blockers.map((b) => [b.change.address, b.action])).toEqual([[protectedSchema.address, 'delete']]);
    expect(exitCodeOf(result, false)).toBe(2);
  });

  test('a replace of a protected resource whose block is still configured is refused, as Terraform refuses it', () => {
    const strictStack = `prod-${teamName}-snowflake`;
    const base = readSynthStack(stackJson(baseStacks, strictStack));
    const moved = structuredClone(base) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const [name, body] = Object.entries(moved.resource.snowflake_schema).find(([, b]) => b.name === schema.name)!;
    moved.resource.snowflake_schema[name] = { ...body, database: 'ANOTHER_DATABASE' };
    expect(() => planFromSynth(base, moved)).toThrow(PreventDestroyError);
    expect(() => planFromSynth(base, moved)).toThrow(
      /Instance cannot be destroyed: snowflake_schema\.\S+ has lifecycle\.prevent_destroy set/,
    );
  });
});

describe('a new Snowflake stack (all creates)', () => {
  const stack = 'dev-data-integration-snowflake';

  test('every warehouse is costed at its configured size, every monitor quota listed, every grant/role/user in security', () => {
    const result = review(stack, undefined, stackJson(baseStacks, stack));
    // In dev both of data-integration's warehouses are XSMALL with one cluster and 20 credits a month.
    expect(result.warehouses.map((c) => ({ name: c.name, delta: c.delta }))).toEqual(
      expect.arrayContaining([
        { name: 'DEV_DATA_INTEGRATION_INGEST', delta: 1 },
        { name: 'DEV_DATA_INTEGRATION_TRANSFORM', delta: 1 },
      ]),
    );
    expect(result.warehouses).toHaveLength(2);
    expect(result.monitors.map((m) => [m.name, m.after])).toEqual(
      expect.arrayContaining([
        ['DEV_DATA_INTEGRATION_INGEST_MONITOR', 20],
        ['DEV_DATA_INTEGRATION_TRANSFORM_MONITOR', 20],
      ]),
    );
    const sensitive = [...synthResources(readSynthStack(stackJson(baseStacks, stack))).values()].filter((r) =>
      /^snowflake_(grant_.*|account_role|database_role|service_user|user|network_policy)$/.test(r.type),
    );
    expect(result.security.map((c) => c.address).sort()).toEqual(sensitive.map((r) => r.address).sort());
    // Ownership transfers (warehouses, future objects of each schema) are grants a security reviewer must see.
    const ownership = sensitive.filter((r) => r.type === 'snowflake_grant_ownership');
    expect(ownership.length).toBeGreaterThan(0);
    expect(result.security.map((c) => c.address)).toEqual(expect.arrayContaining(ownership.map((r) => r.address)));
    expect(result.blockers).toEqual([]);
    expect(result.stacks[0].add).toBe(synthResources(readSynthStack(stackJson(baseStacks, stack))).size);
  });
});

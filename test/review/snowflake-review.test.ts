/**
 * The Snowflake side of the review. No Snowflake provider binary exists on these machines, so Terraform cannot plan
 * these stacks: the plans here are built from the repository's synthesized cdk.tf.json (base vs changed config) by
 * helpers/synth-plan.ts, never hand-written. Expectations come from the config, not from the review's own output.
 */
import * as fs from 'node:fs';
import { forEnvironment, stackNames, teamSnowflakeNames, WAREHOUSE_SIZES, type WarehouseSize } from '../../config';
import {
  type AllowList,
  analyze,
  exitCodeOf,
  parseAllowList,
  renderReview,
  type Review,
  type StackPlan,
} from '../../tools/review/index';
import { planFromSynth, PreventDestroyError, readSynthStack, synthResources } from './helpers/synth-plan';
import { repoSources, stackJson, synthesize, tempDir, validated, withTeam } from './helpers/synth';

/** Credits per hour of one cluster, as Snowflake publishes them (written out here independently of the tool). */
const CREDITS: Record<WarehouseSize, number> = {
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
const config = validated(sources);
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
  // The warehouse with the most clusters in the last environment (prod): size × clusters must both count.
  const envName = config.environments[config.environments.length - 1].name;
  const env = config.environments.find((e) => e.name === envName)!;
  const candidates = config.teams
    .filter((t) => t.environmentNames.includes(envName))
    .flatMap((t) =>
      t.snowflake.warehouses.map((w) => ({
        team: t,
        w,
        clusters: forEnvironment(w.maxClusterCount, envName) ?? env.defaults.maxClusterCount,
      })),
    );
  const { team, w, clusters } = candidates.sort((a, b) => b.clusters - a.clusters)[0];
  const oldSize = (forEnvironment(w.size, envName) ?? env.defaults.warehouseSize) as WarehouseSize;
  const newSize = WAREHOUSE_SIZES[WAREHOUSE_SIZES.indexOf(oldSize) + 1];
  const oldQuota = forEnvironment(w.monthlyCreditQuota, envName) ?? env.defaults.monthlyCreditQuota;
  const newQuota = oldQuota * 2;
  const stack = stackNames.teamSnowflake(envName, team.name);
  const names = teamSnowflakeNames(env.snowflakePrefix, team.name);
  let result: Review;

  beforeAll(() => {
    const changed = withTeam(sources, team.name, (t) => {
      const raw = t.snowflake.warehouses!.find((x) => x.name === w.name)!;
      const asRecord = (v: unknown) =>
        typeof v === 'object' && v !== null ? v : v === undefined ? {} : { default: v };
      raw.size = { ...asRecord(raw.size), [envName]: newSize } as typeof raw.size;
      raw.monthlyCreditQuota = {
        ...asRecord(raw.monthlyCreditQuota),
        [envName]: newQuota,
      } as typeof raw.monthlyCreditQuota;
    });
    const changedStacks = synthesize(changed, `${work}/resized`);
    result = review(stack, stackJson(baseStacks, stack), stackJson(changedStacks, stack));
  });

  test('the synthesized base has the warehouse at the configured size', () => {
    const warehouse = [...synthResources(readSynthStack(stackJson(baseStacks, stack))).values()].find(
      (r) => r.type === 'snowflake_warehouse' && r.values.name === names.warehouse(w.name),
    );
    expect(warehouse?.values.warehouse_size).toBe(oldSize);
  });

  test('the cost section shows credits per hour before -> after, times max clusters', () => {
    expect(result.warehouses).toHaveLength(1);
    const cost = result.warehouses[0];
    expect(cost).toMatchObject({ name: names.warehouse(w.name), action: 'update' });
    expect(cost.before).toMatchObject({ size: oldSize, maxClusters: clusters, credits: CREDITS[oldSize] * clusters });
    expect(cost.after).toMatchObject({ size: newSize, maxClusters: clusters, credits: CREDITS[newSize] * clusters });
    expect(cost.delta).toBe((CREDITS[newSize] - CREDITS[oldSize]) * clusters);

    const md = renderReview(result);
    const row = md.split('\n').find((l) => l.includes(`\`${names.warehouse(w.name)}\``) && l.startsWith('|'))!;
    expect(row).toContain(oldSize);
    expect(row).toContain(newSize);
    expect(row).toContain(`+${(CREDITS[newSize] - CREDITS[oldSize]) * clusters}`);
  });

  test('the resource monitor quota change is listed with its delta', () => {
    expect(result.monitors).toEqual([
      expect.objectContaining({
        name: names.monitor(w.name),
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
  const envName = config.environments[0].name;
  const env = config.environments[0];
  // A schema no other team reads, so the config stays valid without it.
  const read = new Set(config.teams.flatMap((t) => t.snowflake.reads));
  const team = config.teams.find(
    (t) =>
      t.environmentNames.includes(envName) &&
      t.snowflake.schemas.length > 1 &&
      t.snowflake.schemas.some((s) => !read.has(`${t.name}.${s.name}`)),
  )!;
  const schema =
    team.snowflake.schemas.find((s) => !read.has(`${team.name}.${s.name}`) && !s.publishToBi) ??
    team.snowflake.schemas.find((s) => !read.has(`${team.name}.${s.name}`))!;
  const stack = stackNames.teamSnowflake(envName, team.name);
  let changedStacks: string;
  let schemaAddress: string;

  beforeAll(() => {
    changedStacks = synthesize(
      withTeam(sources, team.name, (t) => {
        t.snowflake.schemas = t.snowflake.schemas.filter((s) => s.name !== schema.name);
      }),
      `${work}/schema-removed`,
    );
    const database = teamSnowflakeNames(env.snowflakePrefix, team.name).database;
    schemaAddress = [...synthResources(readSynthStack(stackJson(baseStacks, stack))).values()].find(
      (r) => r.type === 'snowflake_schema' && r.values.name === schema.name && r.values.database === database,
    )!.address;
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
    const strict = config.environments.find(
      (e) => config.platform.protectionLevels[e.protection].preventDestroy && team.environmentNames.includes(e.name),
    );
    expect(strict).toBeDefined();
    const strictStack = stackNames.teamSnowflake(strict!.name, team.name);
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
    const strict = config.environments.find(
      (e) => config.platform.protectionLevels[e.protection].preventDestroy && team.environmentNames.includes(e.name),
    )!;
    const strictStack = stackNames.teamSnowflake(strict.name, team.name);
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
  const env = config.environments[0];
  const team = config.teams.find((t) => t.environmentNames.includes(env.name) && t.snowflake.warehouses.length > 0)!;
  const stack = stackNames.teamSnowflake(env.name, team.name);

  test('every warehouse is costed at its configured size, every monitor quota listed, every grant/role/user in security', () => {
    const result = review(stack, undefined, stackJson(baseStacks, stack));
    const names = teamSnowflakeNames(env.snowflakePrefix, team.name);
    const expected = team.snowflake.warehouses.map((w) => {
      const size = (forEnvironment(w.size, env.name) ?? env.defaults.warehouseSize) as WarehouseSize;
      const clusters = forEnvironment(w.maxClusterCount, env.name) ?? env.defaults.maxClusterCount;
      return { name: names.warehouse(w.name), delta: CREDITS[size] * clusters };
    });
    expect(result.warehouses.map((c) => ({ name: c.name, delta: c.delta }))).toEqual(expect.arrayContaining(expected));
    expect(result.warehouses).toHaveLength(expected.length);
    expect(result.monitors.map((m) => [m.name, m.after])).toEqual(
      expect.arrayContaining(
        team.snowflake.warehouses.map((w) => [
          names.monitor(w.name),
          forEnvironment(w.monthlyCreditQuota, env.name) ?? env.defaults.monthlyCreditQuota,
        ]),
      ),
    );
    const sensitive = [...synthResources(readSynthStack(stackJson(baseStacks, stack))).values()].filter((r) =>
      /^snowflake_(grant_.*|account_role|database_role|service_user|user|network_policy)$/.test(r.type),
    );
    expect(result.security.map((c) => c.address).sort()).toEqual(sensitive.map((r) => r.address).sort());
    expect(result.blockers).toEqual([]);
    expect(result.stacks[0].add).toBe(synthResources(readSynthStack(stackJson(baseStacks, stack))).size);
  });
});

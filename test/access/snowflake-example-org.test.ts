/**
 * The evaluator over the example org's synthesized Snowflake stacks (live mode, in-process synthesizePlatform, as
 * the access report does). Expected holders come from config alone — the resolved model's names (team, pipeline,
 * BI reader roles, schemas, members, service users) and the role model of docs/snowflake.md: a team's TEAM and
 * PIPELINE roles read, write and own its schemas; the teams in `snowflake.reads` read; the BI reader reads schemas
 * with `publishToBi`; nobody else holds anything there. The evaluator is never asked to produce an expected value.
 * No Snowflake provider exists here: this is the Terraform's grants evaluated, not a live account.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig } from '../../config';
import { synthesizePlatform } from '../../stacks/synth';
import {
  loadSnowflakeGrants,
  type Principal,
  SnowflakeAccess,
  type SnowflakeStack,
  snowflakeStackFromSynthesized,
} from '../../tools/access/snowflake';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config: PlatformConfig = loaded.config;

function synthesizedSnowflakeStacks(): SnowflakeStack[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'snowflake-example-org-'));
  try {
    synthesizePlatform({ config, options: { mode: 'live', awsAuth: 'assume-role' }, outdir });
    const dir = path.join(outdir, 'stacks');
    return fs
      .readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const json = JSON.parse(fs.readFileSync(path.join(dir, name, 'cdk.tf.json'), 'utf8'));
        return snowflakeStackFromSynthesized(name, json) ?? [];
      });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const stacks = synthesizedSnowflakeStacks();
const started = performance.now();
const model = loadSnowflakeGrants(stacks);
const accessByAccount = new Map([...model.accounts].map(([a, g]) => [a, new SnowflakeAccess(g)]));
const role = (name: string): Principal => ({ kind: 'role', name });
// A member or service user's name as the constructs write it: quoted unless a plain upper-case identifier.
const user = (name: string): Principal => ({
  kind: 'user',
  name: /^[A-Z_][A-Z0-9_$]*$/.test(name) ? name : `"${name}"`,
});

it('reads every grant of the example org', () => {
  expect(model.problems).toEqual([]);
  expect([...model.accounts.keys()].sort()).toEqual(
    [...new Set(config.environments.map((e) => e.snowflake.account.toUpperCase()))].sort(),
  );
});

describe.each(config.environments.map((e) => [e.name, e] as const))('%s', (_name, env) => {
  const sf = accessByAccount.get(env.snowflake.account.toUpperCase())!;
  const levels = (p: Principal, schema: string) => [...(sf.schemaAccess(p).get(schema)?.levels ?? [])].sort();
  const schemas = env.teams.flatMap((t) =>
    t.snowflake.schemas.map((s) => ({ team: t, schema: s, name: `${t.snowflake.database}.${s.name}` })),
  );

  it.each(schemas.map((s) => [s.name, s] as const))('%s', (name, { team, schema }) => {
    // Its own team: every level, through the team role, the pipeline role, their members and service users.
    for (const p of [
      role(team.snowflake.teamRole),
      role(team.snowflake.pipelineRole),
      ...team.snowflake.members.map(user),
      ...team.snowflake.serviceUsers.map((u) => user(u.name)),
    ])
      expect([JSON.stringify(p), levels(p, name)]).toEqual([JSON.stringify(p), ['OWN', 'READ', 'WRITE']]);

    // Readers (`snowflake.reads` of other teams): READ only; every other team: nothing.
    for (const other of env.teams.filter((t) => t.name !== team.name)) {
      const reads = other.snowflake.reads.some(
        (r) => r.database === team.snowflake.database && r.dataset.schema === schema.name,
      );
      for (const r of [other.snowflake.teamRole, other.snowflake.pipelineRole])
        expect([r, levels(role(r), name)]).toEqual([r, reads ? ['READ'] : []]);
    }
    // The BI reader: READ on published schemas only.
    expect(levels(role(env.snowflake.biReaderRole), name)).toEqual(schema.publishToBi ? ['READ'] : []);
  });

  it('has a reader and a non-reader somewhere (the checks above are not vacuous)', () => {
    const reads = env.teams.flatMap((t) => t.snowflake.reads);
    expect(reads.length).toBeGreaterThan(0);
    expect(schemas.some((s) => s.schema.publishToBi)).toBe(true);
    expect(schemas.some((s) => !s.schema.publishToBi)).toBe(true);
  });
});

it('fails these checks when one grant is dropped: the future SELECT of a read schema', () => {
  const dev = config.environments.find((e) => e.name === 'dev')!;
  const reader = dev.teams.find((t) => t.snowflake.reads.length > 0)!;
  const read = reader.snowflake.reads[0]!;
  const schema = `${read.database}.${read.dataset.schema}`;
  const dropped = stacks.map((s) => ({
    ...s,
    resources: s.resources.filter(
      (r) =>
        !(
          r.type === 'snowflake_grant_privileges_to_database_role' &&
          r.values.database_role_name === `${read.database}.${read.readRole}` &&
          JSON.stringify(r.values.on_schema_object ?? {}).includes(
            `"future":{"in_schema":"${schema}","object_type_plural":"TABLES"`,
          )
        ),
    ),
  }));
  expect(dropped.flatMap((s) => s.resources).length).toBe(stacks.flatMap((s) => s.resources).length - 1);
  const sf = new SnowflakeAccess(loadSnowflakeGrants(dropped).accounts.get(dev.snowflake.account.toUpperCase())!);
  const a = sf.schemaAccess(role(reader.snowflake.teamRole)).get(schema)!;
  expect(a.levels.size).toBe(0);
  expect(a.missing.READ).toEqual(['SELECT on future TABLES']);
});

afterAll(() => {
  // Evaluation time (load + every level of every role above), printed for the report; not an assertion.
  if (process.env.SNOWFLAKE_EVAL_TIMING) console.log(`evaluated in ${(performance.now() - started).toFixed(0)} ms`);
});

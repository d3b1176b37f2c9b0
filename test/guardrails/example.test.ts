/**
 * The rules over the real example org: it passes as configured, and the rules do see its resources (changing the
 * context makes each relevant rule fire on the expected resources, so a pass is not a rule reading nothing).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { loadConfig, type PlatformConfig } from '../../config';
import {
  evaluate,
  GUARDRAIL_RULES,
  type GuardrailContext,
  Guardrails,
  type StackView,
} from '../../constructs/guardrails';
import { addPlatformStacks } from '../../stacks/app';
import { guardrailContexts } from '../../stacks/synth';

const loaded = loadConfig(undefined, { rules: GUARDRAIL_RULES });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config: PlatformConfig = loaded.config;

function exampleViews(): StackView[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-guard-example-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const guardrails = new Guardrails();
    const contexts = guardrailContexts(config);
    for (const stack of addPlatformStacks(app, config, { mode: 'live', awsAuth: 'ambient' }))
      guardrails.addStack(stack, contexts.get(stack.stackName)!);
    app.synth();
    return guardrails.views();
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const views = exampleViews();
const withContext = (change: (c: GuardrailContext, stack: string) => GuardrailContext) =>
  views.map((v) => ({ ...v, context: change(v.context, v.stackName) }));
const errorsOf = (vs: StackView[], ruleId: string) =>
  evaluate(vs, GUARDRAIL_RULES).errors.filter((f) => f.ruleId === ruleId);

describe('guardrails over the example org', () => {
  it('find nothing: no error, no warning, every policy readable', () => {
    const report = evaluate(views, GUARDRAIL_RULES);
    expect([...report.errors, ...report.warnings]).toEqual([]);
    expect(report.stacksChecked).toBe(25);
  });

  it('give each stack the context its environment and team call for', () => {
    const contexts = guardrailContexts(config);
    expect(contexts.get('prod-telehealth-aws')).toMatchObject({
      team: 'telehealth',
      strict: true,
      requireMainBranch: true,
      requireImmutableImages: true,
      awsAccountId: '333333333333',
      minDataRetentionDays: 7,
    });
    expect(contexts.get('staging-platform-aws')).toMatchObject({
      strict: false,
      requireMainBranch: false,
      requireImmutableImages: true,
      adminRoleNames: ['acme-dp-platform-deploy'],
      readOnlyRoleNames: ['acme-dp-platform-plan'],
    });
    expect(contexts.get('dev-data-integration-snowflake')).toMatchObject({
      team: 'data-integration',
      strict: false,
      requireImmutableImages: false,
      maxAutoSuspendSeconds: 600,
    });
    expect(contexts.get('organization')).toMatchObject({
      awsAccountId: '000000000000',
      protectedAccountNames: ['data-platform-prod'],
    });
    expect(contexts.get('organization')?.team).toBeUndefined();
  });

  it("see the deploy role's administrator access (exempt only as the admin role)", () => {
    const found = errorsOf(
      withContext((c) => ({ ...c, adminRoleNames: [] })),
      'iam-no-admin-wildcard',
    );
    expect(found.map((f) => f.stack).sort()).toEqual(config.environments.map((e) => `${e.name}-platform-aws`).sort());
    expect(found.every((f) => f.message.includes('"acme-dp-platform-deploy"'))).toBe(true);
  });

  it('see every data-bearing resource of the standard environments (which would need protection if they were strict)', () => {
    const found = errorsOf(
      withContext((c) => ({ ...c, strict: true })),
      'deletion-protection',
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => !f.stack.startsWith('prod-'))).toBe(true);
    expect(new Set(found.map((f) => f.address.split('.')[0]))).toEqual(
      new Set(['aws_s3_bucket', 'aws_ecr_repository', 'snowflake_database', 'snowflake_schema']),
    );
  });

  it("see every warehouse's auto-suspend and every CI role's branch restriction", () => {
    const warehouses = errorsOf(
      withContext((c) => ({ ...c, maxAutoSuspendSeconds: 30 })),
      'snowflake-warehouse-auto-suspend',
    );
    expect(warehouses.length).toBe(
      views.flatMap((v) => v.elements).filter((e) => e.type === 'snowflake_warehouse').length,
    );
    const branches = errorsOf(
      withContext((c) => ({ ...c, requireMainBranch: true })),
      'iam-prod-deploy-main-only',
    );
    // Staging and dev roles may deploy from any branch today; requiring main there flags them, never prod.
    expect(branches.length).toBeGreaterThan(0);
    expect(branches.every((f) => !f.stack.startsWith('prod-'))).toBe(true);
  });
});

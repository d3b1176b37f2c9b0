/**
 * Deletion protection (`lifecycle.prevent_destroy`), which no plan shows: Terraform refuses to destroy a protected
 * resource only while its block (with the lifecycle) is still configured. Remove the block and Terraform plans a
 * plain delete — the docs said otherwise. And a lost prevent_destroy is invisible in a plan, so the review compares
 * the base revision's synthesized JSON with the head's (--base-synth / --head-synth).
 * - A real Terraform plan (offline, seeded state, -refresh=false) of the organization stack with the prod account's
 *   block removed, the staging account's construct id renamed, and the dev account's prevent_destroy dropped.
 * - The real config with the strict protection level's preventDestroy turned off, synthesized: every protected
 *   resource is listed, although its plan has no change at all.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackNames } from '../../config';
import { compareSynth, planFromSynth, readSynthStack, runReview } from '../../tools/review/index';
import { sharedPlans, type SharedPlans, sharedSynth } from '../terraform/shared';
import { planChanged, renameResource, type Scenario, type TfJson } from './helpers/scenario';
import { repoSources, synthesize, validated } from './helpers/synth';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-protection-'));
const NO_ALLOW = path.join(work, 'no-allow.yaml');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { log: (t: string) => out.push(t), error: (t: string) => err.push(t), env: {} } };
}

describe('the organization stack: a protected account removed, one renamed, one unprotected (real plan)', () => {
  const stack = stackNames.organization;
  let shared: SharedPlans;
  let scenario: Scenario;
  const key = (json: TfJson, env: string) =>
    Object.keys(json.resource.aws_organizations_account).find((k) => k.startsWith(`account-${env}_`))!;
  let accounts: { prod: string; staging: string; dev: string };
  const RENAMED = 'account-staging-renamed';

  beforeAll(async () => {
    shared = await sharedPlans();
    scenario = await planChanged(shared, stack, path.join(work, 'org'), (base) => {
      accounts = { prod: key(base, 'prod'), staging: key(base, 'staging'), dev: key(base, 'dev') };
      for (const k of Object.values(accounts))
        expect(base.resource.aws_organizations_account[k].lifecycle).toMatchObject({ prevent_destroy: true });
      const json = renameResource(base, 'aws_organizations_account', accounts.staging, RENAMED);
      const A = json.resource.aws_organizations_account;
      expect(JSON.stringify(json)).not.toContain(`aws_organizations_account.${accounts.prod}.`);
      delete A[accounts.prod];
      delete (A[accounts.dev].lifecycle as { prevent_destroy?: boolean }).prevent_destroy;
      return json;
    });
  }, 900_000);

  test('Terraform plans the removed protected account as a plain destroy (it does not refuse), the dev account as no change', () => {
    const t = scenario.planText;
    expect(t).not.toContain('Instance cannot be destroyed');
    expect(t).toContain(`# aws_organizations_account.${accounts.prod} will be destroyed`);
    expect(t).toContain(`# aws_organizations_account.${accounts.staging} will be destroyed`);
    expect(t).toContain(`# aws_organizations_account.${RENAMED} will be created`);
    expect(t).not.toContain(`aws_organizations_account.${accounts.dev} will`);
  });

  test('the review blocks both destroys (exit 2): a revert for the removal, a moved block for the rename, both once protected', async () => {
    const c = capture();
    const code = await runReview(
      [
        '--plans',
        scenario.plansDir,
        '--base-synth',
        shared.outdir,
        '--head-synth',
        scenario.outdir,
        '--allow',
        NO_ALLOW,
      ],
      c.io,
    );
    expect(code).toBe(2);
    const md = c.out.join('\n');
    const protectedNote =
      'It had `prevent_destroy` in the base revision: removing the resource block removed the protection with it, so Terraform plans the destroy.';
    const prod = md.split('\n').find((l) => l.startsWith('- **destroy**') && l.includes(accounts.prod))!;
    expect(prod).toBe(
      `- **destroy** \`aws_organizations_account.${accounts.prod}\` (aws_organizations_account) in \`organization\` — no longer in the configuration. If it was only renamed, a \`moved\` block keeps the object: \`moved { from = aws_organizations_account.${accounts.prod} to = aws_organizations_account.${RENAMED} }\`. ${protectedNote}`,
    );
    const staging = md.split('\n').find((l) => l.startsWith('- **destroy**') && l.includes(accounts.staging))!;
    expect(staging).toContain(
      `a \`moved\` block keeps the object: \`moved { from = aws_organizations_account.${accounts.staging} to = aws_organizations_account.${RENAMED} }\``,
    );
    expect(staging).toContain(protectedNote);
  });

  test('lost protection is its own section, next to the blockers, with the verdict saying it; never from the plan alone', async () => {
    const c = capture();
    await runReview(
      [
        '--plans',
        scenario.plansDir,
        '--base-synth',
        shared.outdir,
        '--head-synth',
        scenario.outdir,
        '--allow',
        NO_ALLOW,
      ],
      c.io,
    );
    const md = c.out.join('\n');
    expect(md).toContain('🛡️ **1 resource loses `prevent_destroy`** (below): check that this is intended.');
    const section = md.slice(md.indexOf('### 🛡️ Deletion protection removed'), md.indexOf('| Stack |'));
    expect(section).toContain(
      `- \`aws_organizations_account.${accounts.dev}\` (aws_organizations_account) in \`organization\`: no longer protected; a later change can destroy it without Terraform refusing.`,
    );
    for (const k of [accounts.prod, accounts.staging])
      expect(section).toContain(
        `- \`aws_organizations_account.${k}\` (aws_organizations_account) in \`organization\`: its resource block is removed, and the protection with it: Terraform plans a plain destroy.`,
      );
    expect(md).toContain('deletion protection (`prevent_destroy`) compared with the base revision.');
    // Without the synthesized base the same plans cannot show it, and the footer says it was not compared.
    const plain = capture();
    await runReview(['--plans', scenario.plansDir, '--allow', NO_ALLOW], plain.io);
    expect(plain.out.join('\n')).not.toContain('🛡️');
    expect(plain.out.join('\n')).toContain('not compared with the base revision (no `--base-synth`)');
  });
});

describe('the strict protection level with preventDestroy turned off (config change, synthesized)', () => {
  let shared: { outdir: string };
  let head: string;
  beforeAll(async () => {
    shared = { outdir: await sharedSynth() };
    const sources = repoSources();
    const platform = structuredClone(sources.platform.value) as {
      protectionLevels: { strict: { preventDestroy: boolean } };
    };
    expect(platform.protectionLevels.strict.preventDestroy).toBe(true);
    platform.protectionLevels.strict.preventDestroy = false;
    head = path.dirname(
      synthesize({ ...sources, platform: { ...sources.platform, value: platform } }, path.join(work, 'lowered')),
    );
  });

  test("every resource of the strict environment's stacks protected in the base is listed; the accounts keep theirs", () => {
    const expected: string[] = [];
    for (const s of fs.readdirSync(path.join(shared.outdir, 'stacks'))) {
      const json = readSynthStack(path.join(shared.outdir, 'stacks', s, 'cdk.tf.json'));
      for (const [type, byName] of Object.entries(json.resource ?? {}))
        for (const [name, body] of Object.entries(byName))
          if (JSON.stringify(body.lifecycle ?? {}).includes('"prevent_destroy":true'))
            expected.push(`${s} ${type}.${name}`);
    }
    // Member accounts (organization stack) and each environment's Snowflake deploy user (dropping it locks the
    // pipeline out) are protected whatever the level; the rest follows the strict level.
    const always = (e: string) => e.startsWith('organization ') || / snowflake_service_user\.deploy-user_/.test(e);
    expect(expected.filter((e) => e.startsWith('organization ')).length).toBe(3);
    expect(expected.filter(always).length).toBe(6);
    const config = validated(repoSources());
    const strictEnvs = config.environments.filter((e) => e.protection.preventDestroy).map((e) => e.name);
    expect(strictEnvs.length).toBeGreaterThan(0);
    const strict = expected.filter((e) => !always(e) && strictEnvs.some((env) => e.startsWith(`${env}-`)));
    expect(strict.length).toBeGreaterThan(10);
    expect(expected.length).toBe(strict.length + 6);
    const { protection, removedStacks } = compareSynth(shared.outdir, head);
    expect(removedStacks).toEqual([]);
    expect(protection.every((p) => p.change === 'unprotected')).toBe(true);
    expect(protection.map((p) => `${p.stack} ${p.address}`).sort()).toEqual(strict.sort());
  });

  test('the plans show no change at all, yet the review lists them and says so in its verdict', async () => {
    const prod = fs
      .readdirSync(path.join(head, 'stacks'))
      .filter((s) => s.startsWith('prod-') && s.endsWith('-snowflake'));
    const plansDir = path.join(work, 'lowered-plans');
    fs.mkdirSync(plansDir, { recursive: true });
    for (const s of prod) {
      const plan = planFromSynth(
        readSynthStack(path.join(shared.outdir, 'stacks', s, 'cdk.tf.json')),
        readSynthStack(path.join(head, 'stacks', s, 'cdk.tf.json')),
      );
      expect(plan.resource_changes!.every((rc) => rc.change.actions.join() === 'no-op')).toBe(true);
      fs.writeFileSync(path.join(plansDir, `${s}.json`), JSON.stringify(plan));
    }
    const c = capture();
    expect(
      await runReview(
        ['--plans', plansDir, '--base-synth', shared.outdir, '--head-synth', head, '--allow', NO_ALLOW],
        c.io,
      ),
    ).toBe(0);
    const md = c.out.join('\n');
    const count = compareSynth(shared.outdir, head).protection.length;
    expect(md).toContain(`🛡️ **${count} resources lose \`prevent_destroy\`** (below)`);
    expect(md).toContain(`${prod.length} stacks planned, 0 with changes`);
  });
});

/**
 * The review on plans made by real Terraform from this repository's AWS stacks (offline: placeholder credentials,
 * no cloud call).
 * - All creates: the plans of the organization, dev-platform-aws and a dev team stack made by this jest run's one
 *   real `npm run plan` (test/terraform/shared.ts; test/terraform/plan.test.ts asserts that command).
 * - Changes: a state is seeded from the team stack's plan, the team's synthesized config is changed the way a code
 *   change would change it (bucket renamed, CI trust changed, a repository removed), and Terraform plans that with
 *   -refresh=false: real replace, update and delete actions.
 * Expectations come from the synthesized JSON and config.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, stackNames, teamAwsNames } from '../../config';
import { accessChangesProvider } from '../../tools/review/access-changes';
import { analyze, loadPlans, renderReview, runReview, type Review } from '../../tools/review/index';
import { planStack } from '../../tools/terraform';
import { sharedPlans, type SharedPlans } from '../terraform/shared';
import { readSynthStack, synthResources } from './helpers/synth-plan';
import { seedStateFromPlan } from './helpers/seed-state';

const loaded = loadConfig();
if (!loaded.ok) throw new Error('config invalid');
const config = loaded.config;
// dev: the environment whose AWS stacks the shared `npm run plan` run plans.
const env = config.environments.find((e) => e.name === 'dev')!;
const team = env.teams.find(
  (t) => t.aws.dataBucket && t.aws.repositories.length > 0 && t.aws.ciRole.circleciProjectIds.length > 0,
)!;
const owner = config.teams.find((t) => t.name === team.name)!.owners[0];
const teamStack = stackNames.teamAws(env.name, team.name);
const STACKS = [stackNames.organization, stackNames.platformAws(env.name), teamStack];
const SECURITY_TYPES =
  /^(aws_iam_.*|aws_organizations_policy(_attachment)?|aws_s3_bucket_policy|aws_s3_bucket_public_access_block|aws_ecr_repository_policy|aws_ecr_registry_policy)$/;
const DATA_TYPES = /^(aws_s3_bucket|aws_ecr_repository|aws_organizations_account)$/;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-real-'));
const NO_ALLOW = path.join(work, 'no-allow.yaml');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let shared: SharedPlans;
const sharedSynthOf = (stack: string) => readSynthStack(path.join(shared.outdir, 'stacks', stack, 'cdk.tf.json'));

describe('a changed team stack planned against a seeded state (-refresh=false)', () => {
  const changedOut = path.join(work, 'changed');
  const plansDir = path.join(changedOut, 'plans');
  const NEW_PROJECT = '0c0ffee0-1111-4222-8333-444455556666';
  let bucket: { address: string; name: string };
  let repository: { address: string; values: Record<string, unknown> };
  let removedAddresses: string[];
  let expectedToChange: Set<string>;
  let review: Review;

  beforeAll(async () => {
    shared = await sharedPlans();
    const base = sharedSynthOf(teamStack);
    const resources = [...synthResources(base).values()];
    const b = resources.find((r) => r.type === 'aws_s3_bucket')!;
    bucket = { address: b.address, name: String(b.values.bucket) };
    repository = resources.find((r) => r.type === 'aws_ecr_repository')!;
    const projectId = team.aws.ciRole.circleciProjectIds[0];

    // The change a code change would make: the bucket renamed everywhere, the CI role trusting another project,
    // one repository (and what refers to it) removed.
    const json = JSON.parse(
      fs
        .readFileSync(path.join(shared.outdir, 'stacks', teamStack, 'cdk.tf.json'), 'utf8')
        .split(bucket.name)
        .join(`${bucket.name}-v2`)
        .split(projectId)
        .join(NEW_PROJECT),
    ) as { resource: Record<string, Record<string, unknown>> };
    const [repoType, repoName] = repository.address.split('.');
    removedAddresses = [];
    for (const [type, byName] of Object.entries(json.resource)) {
      for (const [name, body] of Object.entries(byName)) {
        if ((type === repoType && name === repoName) || JSON.stringify(body).includes(`${repository.address}.`)) {
          delete byName[name];
          removedAddresses.push(`${type}.${name}`);
        }
      }
    }
    expectedToChange = new Set([
      ...removedAddresses,
      ...resources
        .filter(
          (r) =>
            JSON.stringify(r.values).includes(bucket.name) ||
            JSON.stringify(r.values).includes(projectId) ||
            JSON.stringify(r.values).includes(`${bucket.address}.`),
        )
        .map((r) => r.address),
    ]);

    const dir = path.join(changedOut, 'stacks', teamStack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
    const basePlan = JSON.parse(fs.readFileSync(path.join(shared.plansDir, `${teamStack}.json`), 'utf8'));
    fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(seedStateFromPlan(basePlan), null, 2));
    const result = await planStack(teamStack, { outdir: changedOut, plansDir });
    expect({ status: result.status, reason: result.reason }).toEqual({ status: 'planned', reason: undefined });
    review = analyze(loadPlans(plansDir), { allow: { file: 'review-allow.yaml', entries: [] } });
  }, 900_000);

  test('renaming the data bucket is a replace, and removing a repository a delete: both blockers', () => {
    expect(review.blockers.map((b) => [b.change.address, b.action]).sort()).toEqual(
      [
        [bucket.address, 'replace'],
        [repository.address, 'delete'],
      ].sort(),
    );
    const md = renderReview(review);
    const line = md.split('\n').find((l) => l.startsWith('- **replace**') && l.includes(bucket.address))!;
    expect(line).toContain(
      `— forced by \`bucket\`: \`"${bucket.name}"\` → \`"${bucket.name}-v2"\`. Revert the attribute, or allow it.`,
    );
    // Neither is an address change, so neither is told to use a moved block.
    const removal = md.split('\n').find((l) => l.startsWith('- **destroy**') && l.includes(repository.address))!;
    expect(removal).toContain('— no longer in the configuration. Revert the removal, or allow it.');
    expect(`${line}\n${removal}`).not.toContain('moved');
  });

  test('only what the change touches changes (the seeded state makes everything else a no-op)', () => {
    const changed = review.stacks[0].changes.map((c) => c.address);
    expect(changed.length).toBeGreaterThan(0);
    for (const a of changed)
      expect({ address: a, expected: expectedToChange.has(a) }).toEqual({ address: a, expected: true });
    for (const a of removedAddresses)
      expect(review.stacks[0].changes.find((c) => c.address === a)?.action).toBe('delete');
  });

  test('the changed trust policy is in the security section with before and after', () => {
    const role = review.security.find((c) => c.type === 'aws_iam_role')!;
    expect(role.action).toBe('update');
    const md = renderReview(review);
    const section = md.slice(md.indexOf(`**\`${role.address}\`**`));
    const diff = section.slice(section.indexOf('```diff'), section.indexOf('```', section.indexOf('```diff') + 7));
    expect(diff).toMatch(new RegExp(`^- .*${team.aws.ciRole.circleciProjectIds[0]}`, 'm'));
    expect(diff).toMatch(new RegExp(`^\\+ .*${NEW_PROJECT}`, 'm'));
    // The policy is pretty-printed; the hunk inside it names the attribute it belongs to.
    expect(diff).toMatch(/^@@ \d+ unchanged lines @@ assume_role_policy = jsonencode\(\{$/m);
  });

  test('access changes: the old bucket is lost, the new bucket gained; the old project no longer assumes the role, the new one does', () => {
    const md = accessChangesProvider({ plans: loadPlans(plansDir) })!.markdown;
    const lines = md.split('\n').filter((l) => l.startsWith('- '));
    const role = teamAwsNames(config.platform.namePrefix, env.name, team.name).ciRole;
    const where = `(${env.name} · \`${teamStack}\`)`;
    const repo = `arn:aws:ecr:${env.aws.region}:${env.aws.accountId}:repository/${repository.values.name}`;
    const on = (verb: string, target: string) =>
      lines.filter((l) => l.includes(`\`${role}\` ${where} ${verb} `) && l.includes(`on \`${target}\` —`));
    expect(on('may no longer', `arn:aws:s3:::${bucket.name}/*`)).toHaveLength(1);
    expect(on('may now', `arn:aws:s3:::${bucket.name}-v2/*`)).toHaveLength(1);
    expect(on('may no longer', `arn:aws:s3:::${bucket.name}`)).toHaveLength(1);
    expect(on('may now', `arn:aws:s3:::${bucket.name}-v2`)).toHaveLength(1);
    // The scenario removes the repository but not its ARN from the role policy (built from config, not a
    // reference): the policy still allows it, so it is no access change (its deletion is a blocker above).
    expect(lines.filter((l) => l.includes(repo))).toEqual([]);
    expect(on('may now', `arn:aws:s3:::${bucket.name}-v2/*`)[0]).toContain('`s3:GetObject`');
    expect(on('may now', `arn:aws:s3:::${bucket.name}-v2/*`)[0]).toContain('— through `team-resources` › ');
    const old = team.aws.ciRole.circleciProjectIds[0];
    expect(lines).toContain(
      `- ➖ CircleCI project \`${old.slice(0, 8)}…\` (any branch or tag) may no longer assume \`${role}\` ${where} — was through the trust policy › \`AssumeWithOidc\``,
    );
    expect(lines).toContain(
      `- ➕ CircleCI project \`${NEW_PROJECT.slice(0, 8)}…\` (any branch or tag) may now assume \`${role}\` ${where} — through the trust policy › \`AssumeWithOidc\``,
    );
    // Nothing else changes access: no other role, nobody opened to anyone.
    expect(lines.every((l) => l.includes(`\`${role}\``))).toBe(true);
    expect(md).not.toContain('Open to anyone');
  });

  test('npm run review exits 2 on these plans, and 0 once both addresses are allowed in the allow-list', async () => {
    const quiet = { log: () => {}, error: () => {} };
    expect(await runReview(['--plans', plansDir, '--allow', NO_ALLOW], quiet)).toBe(2);
    const expires = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const allow = path.join(work, 'allow.yaml');
    fs.writeFileSync(
      allow,
      `allow:\n${[bucket.address, repository.address]
        .map(
          (a) =>
            `  - stack: ${teamStack}\n    address: ${a}\n    reason: Renamed to the new naming scheme; sandbox data is rebuilt.\n    owner: ${owner}\n    expires: ${expires}\n`,
        )
        .join('')}`,
    );
    const out: string[] = [];
    expect(await runReview(['--plans', plansDir, '--allow', allow], { log: (t) => out.push(t), error: () => {} })).toBe(
      0,
    );
    expect(out.join('\n')).toContain('### ⚠️ Allowed by');
  });
});

describe('real plans of the example org (all creates)', () => {
  let review: Review;
  const synthOf = sharedSynthOf;
  beforeAll(async () => {
    shared = await sharedPlans();
    const plans = loadPlans(shared.plansDir).filter((p) => STACKS.includes(p.stack));
    expect(plans.map((p) => p.stack).sort()).toEqual([...STACKS].sort());
    review = analyze(plans, { allow: { file: 'review-allow.yaml', entries: [] } });
  }, 900_000);

  test('every synthesized resource is one create; nothing to change, replace or destroy; no blockers', () => {
    for (const s of STACKS) {
      const summary = review.stacks.find((x) => x.stack === s)!;
      expect({
        stack: s,
        add: summary.add,
        change: summary.change,
        replace: summary.replace,
        destroy: summary.destroy,
      }).toEqual({
        stack: s,
        add: synthResources(synthOf(s)).size,
        change: 0,
        replace: 0,
        destroy: 0,
      });
    }
    // Creating data-bearing resources is never a blocker.
    expect(
      STACKS.flatMap((s) => [...synthResources(synthOf(s)).values()].filter((r) => DATA_TYPES.test(r.type))).length,
    ).toBeGreaterThan(0);
    expect(review.blockers).toEqual([]);
  });

  test('every IAM, SCP and policy resource is in the security section', () => {
    const expected = STACKS.flatMap((s) =>
      [...synthResources(synthOf(s)).values()]
        .filter((r) => SECURITY_TYPES.test(r.type))
        .map((r) => `${s} ${r.address}`),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(review.security.map((c) => `${c.stack} ${c.address}`).sort()).toEqual(expected.sort());
  });

  test("a new role's trust policy is shown pretty-printed as added lines", () => {
    const role = [...synthResources(synthOf(teamStack)).values()].find((r) => r.type === 'aws_iam_role')!;
    const md = renderReview(review);
    const section = md.slice(md.indexOf(`**\`${role.address}\`**`));
    const diff = section.slice(section.indexOf('```diff'), section.indexOf('```', section.indexOf('```diff') + 7));
    expect(diff).toMatch(/^\+ assume_role_policy = jsonencode\(\{$/m);
    expect(diff).toMatch(/^\+\s+.*"sts:AssumeRoleWithWebIdentity"/m);
    expect(diff).toContain(team.aws.ciRole.circleciProjectIds[0]);
  });
});

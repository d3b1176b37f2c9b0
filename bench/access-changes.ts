/**
 * "Access changes" of the PR review at scale: a shared change to every team's CI role policy in every environment
 * (300 teams × 3 environments: 900 changed policies), in real `terraform show -json` plans — one real offline plan
 * of the example org's dev telehealth AWS stack, cloned per team and environment with its names and account
 * replaced, every resource a no-op except the role policy, which gains an action. Prints the time to model,
 * question and diff it, the number of questions (each evaluated on both sides), deltas, and the section's size in
 * the full review and in the PR comment (capped).
 *
 *   npx tsx bench/access-changes.ts [--teams 300] [--plan <plan.json>]
 *
 * Without --plan, the base plan is made first (real Terraform, offline, ~20 s; .cache/bench/access-changes/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, stackNames } from '../config';
import { synthesizePlatform } from '../stacks/synth';
import {
  type AccountDirectory,
  accessChangesSection,
  awsAccessChanges,
  type PlanJson,
  type StackPlan,
} from '../tools/review/index';
import { planStack } from '../tools/terraform';
import { teamName } from './org';

const REPO = path.resolve(__dirname, '..');
const { values } = parseArgs({ options: { teams: { type: 'string', default: '300' }, plan: { type: 'string' } } });

async function basePlan(): Promise<string> {
  if (values.plan) return fs.readFileSync(values.plan, 'utf8');
  const dir = path.join(REPO, '.cache', 'bench', 'access-changes');
  const file = path.join(dir, 'plans', 'dev-telehealth-aws.json');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error('the example config is invalid');
  synthesizePlatform({ config: loaded.config, options: { mode: 'offline', awsAuth: 'assume-role' }, outdir: dir });
  const result = await planStack('dev-telehealth-aws', { outdir: dir, plansDir: path.join(dir, 'plans') });
  if (result.status !== 'planned') throw new Error(`the base plan failed: ${result.reason}`);
  return fs.readFileSync(file, 'utf8');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- plan JSON edited in place
type Json = Record<string, any>;

async function main() {
  const teams = Number(values.teams);
  const loaded = loadConfig();
  if (!loaded.ok) throw new Error('the example config is invalid');
  const envs = loaded.config.environments;
  const dev = envs.find((e) => e.name === 'dev')!;
  const text = await basePlan();

  const plans: StackPlan[] = [];
  const byStack = new Map<string, { accountId: string; environment: string }>();
  for (const env of envs)
    for (let i = 0; i < teams; i++) {
      const team = teamName(i);
      const stack = stackNames.teamAws(env.name, team);
      byStack.set(stack, { accountId: env.aws.accountId, environment: env.name });
      const plan = JSON.parse(
        text
          .split('telehealth')
          .join(team)
          .split(`-${dev.name}-`)
          .join(`-${env.name}-`)
          .split(dev.aws.accountId)
          .join(env.aws.accountId),
      ) as Json;
      // As if deployed: every resource unchanged, then the shared change to the CI role policy.
      for (const rc of plan.resource_changes as Json[]) {
        rc.change.before = rc.change.after;
        rc.change.after_unknown = {};
        rc.change.actions = ['no-op'];
        if (rc.type === 'aws_iam_role_policy') {
          const doc = JSON.parse(rc.change.after.policy);
          for (const s of doc.Statement) if (s.Sid === 'BucketObjectsReadWrite') s.Action.push('s3:GetObjectTagging');
          rc.change.after = { ...rc.change.after, policy: JSON.stringify(doc) };
          rc.change.actions = ['update'];
        }
      }
      delete plan.planned_values;
      plans.push({ stack, status: 'planned', plan: plan as PlanJson });
    }
  const directory: AccountDirectory = {
    stackAccount: (stack) => byStack.get(stack),
    environmentOf: (account) => envs.find((e) => e.aws.accountId === account)?.name,
    accountIds: {},
  };
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const source = awsAccessChanges({ plans }, { directory });
  const section = accessChangesSection([source]);
  const comment = section?.comment?.('the full review is the `review.md` artifact');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const rows: [string, string][] = [
    ['plans (stacks), each with one changed CI role policy', String(plans.length)],
    ['stacks modelled', String(source.stacks)],
    ['questions, each evaluated before and after', String(source.questions)],
    ['questions per changed role', (source.questions / Math.max(1, source.stacks)).toFixed(1)],
    ['deltas (gained + lost)', String(source.deltas.length)],
    ['problems', String(source.problems?.length ?? 0)],
    ['wall time (model, question, diff, render)', `${seconds.toFixed(2)} s`],
    ['CPU time', `${((used.user + used.system) / 1e6).toFixed(2)} s`],
    ['section in the full review', `${section?.markdown.length ?? 0} characters`],
    ['section in the PR comment (capped)', `${comment?.length ?? 0} characters`],
  ];
  console.log(`Access changes, ${teams} teams × ${envs.length} environments:\n`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(52)} ${v}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

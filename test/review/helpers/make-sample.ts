/**
 * Regenerates the sample review of docs/review.md from a realistic pull request on the example org, offline:
 *   npx tsx test/review/helpers/make-sample.ts <workdir>
 * The pull request: telehealth replaces its ECR repository call-quality-worker by call-quality-batch, and resizes
 * its APP warehouse in dev to SMALL with a higher quota. The AWS stack is planned by real Terraform against a state
 * seeded from the base plan; the Snowflake stack's plan is built from the synthesized JSON (no provider offline).
 * Prints the command to render the review (with the base and head syntheses, for the prevent_destroy comparison);
 * writes <workdir>/plans/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackNames } from '../../../config';
import { planStack } from '../../../tools/terraform';
import { seedStateFromPlan } from '../../../tools/preview/seed-state';
import { planFromSynth, readSynthStack } from '../../../tools/review/synth-plan';
import { repoSources, synthesize, withTeam } from './synth';

async function main(): Promise<void> {
  const work = path.resolve(process.argv[2] ?? '.cache/review-sample');
  fs.rmSync(work, { recursive: true, force: true });
  const sources = repoSources();
  const changed = withTeam(sources, 'telehealth', (t) => {
    t.aws!.ecrRepositories = [
      ...(t.aws!.ecrRepositories ?? []).filter((r) => r.name !== 'call-quality-worker'),
      { name: 'call-quality-batch' },
    ];
    const app = t.snowflake.warehouses!.find((w) => w.name === 'APP')!;
    app.size = { default: 'XSMALL', dev: 'SMALL' };
    app.monthlyCreditQuota = { default: 10, dev: 25, prod: 60 };
  });
  const base = synthesize(sources, path.join(work, 'base'));
  const head = synthesize(changed, path.join(work, 'head'));
  const plans = path.join(work, 'plans');
  fs.mkdirSync(plans, { recursive: true });

  const aws = stackNames.teamAws('dev', 'telehealth');
  const basePlan = await planStack(aws, { outdir: path.join(work, 'base'), plansDir: path.join(work, 'base-plans') });
  if (basePlan.status !== 'planned') throw new Error(`base plan failed: ${basePlan.reason}`);
  fs.writeFileSync(
    path.join(head, aws, 'terraform.tfstate'),
    JSON.stringify(seedStateFromPlan(JSON.parse(fs.readFileSync(basePlan.jsonFile!, 'utf8')))),
  );
  const headPlan = await planStack(aws, { outdir: path.join(work, 'head'), plansDir: plans });
  if (headPlan.status !== 'planned') throw new Error(`plan failed: ${headPlan.reason}`);

  const snowflake = stackNames.teamSnowflake('dev', 'telehealth');
  const plan = planFromSynth(
    readSynthStack(path.join(base, snowflake, 'cdk.tf.json')),
    readSynthStack(path.join(head, snowflake, 'cdk.tf.json')),
  );
  fs.writeFileSync(path.join(plans, `${snowflake}.json`), JSON.stringify(plan, null, 2));
  const rel = (p: string) => path.relative(process.cwd(), p);
  console.log(
    `npm run review -- --plans ${rel(plans)} --base-synth ${rel(path.join(work, 'base'))} --head-synth ${rel(path.join(work, 'head'))} --out ${rel(path.join(work, 'review.md'))}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

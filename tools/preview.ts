/**
 * `npm run preview -- [<stack or glob>...]`: what this repository would do, on any machine, with no cloud account.
 *
 *   1. synthesize every stack in offline mode (local backend, placeholder credentials) into cdktf.out/preview;
 *   2. real `terraform plan` of every AWS stack (or those matching the arguments) via the plan tool;
 *   3. print the review summary; the full review goes to cdktf.out/preview/review.md.
 *
 * Snowflake stacks are synthesized but not planned: no Snowflake provider binary is available offline.
 * Exit 0 when every plan succeeded, blockers included: a preview shows what would happen, and the pull-request
 * pipeline is what enforces blockers. Exit 1 when the config is invalid, synthesis fails, a plan fails or a
 * pattern matches no stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { GUARDRAIL_RULES } from '../constructs/guardrails';
import { runSynth } from '../stacks/synth';
import {
  analyze,
  loadAllowList,
  loadPlans,
  openBlockers,
  renderReview,
  SUMMARY,
  FULL,
  DEFAULT_ALLOW_FILE,
} from './review/index';
import {
  defaultConcurrency,
  findTerraform,
  isAwsStack,
  listSynthesizedStacks,
  planStacks,
  selectStacks,
} from './terraform';

export const DEFAULT_PREVIEW_DIR = path.join('cdktf.out', 'preview');

export interface PreviewOptions {
  /** Stack names or globs among the AWS stacks; default all of them. */
  readonly patterns?: readonly string[];
  /** Synth output, plans and review go here; default cdktf.out/preview. */
  readonly outdir?: string;
  readonly concurrency?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (text: string) => void;
  readonly error?: (text: string) => void;
  /** Progress of the plans; default stdout, null for none. */
  readonly progress?: { isTTY?: boolean; write(s: string): unknown } | null;
}

export interface PreviewResult {
  readonly code: number;
  readonly plansDir: string;
  readonly reviewFile?: string;
}

export async function runPreview(options: PreviewOptions = {}): Promise<PreviewResult> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((t: string) => process.stdout.write(`${t}\n`));
  const error = options.error ?? ((t: string) => process.stderr.write(`${t}\n`));
  const outdir = path.resolve(options.outdir ?? DEFAULT_PREVIEW_DIR);
  const plansDir = path.join(outdir, 'plans');
  const fail = (message: string): PreviewResult => {
    error(`preview: ${message}`);
    return { code: 1, plansDir };
  };
  try {
    findTerraform(env);
  } catch (e) {
    return fail((e as Error).message);
  }

  const synthCode = await runSynth({
    load: () => loadConfig(env.DATA_PLATFORM_CONFIG_DIR || undefined, { rules: GUARDRAIL_RULES }),
    options: { mode: 'offline', awsAuth: 'assume-role' },
    outdir,
    log,
    error,
  });
  if (synthCode !== 0) return fail('synthesis failed (above); nothing was planned');

  const all = listSynthesizedStacks(outdir);
  const aws = all.filter(isAwsStack);
  const { stacks, unmatched } = selectStacks(aws, options.patterns?.length ? options.patterns : ['*']);
  if (unmatched.length > 0) {
    return fail(
      `no AWS stack matches ${unmatched.map((p) => `"${p}"`).join(', ')}; AWS stacks: ${aws.map((s) => s.name).join(', ')}`,
    );
  }
  const notPlanned = all.filter((s) => !isAwsStack(s)).length;
  log(
    `Planning ${stacks.length} AWS stack(s) offline; ${notPlanned} Snowflake stack(s) are synthesized only (no Snowflake provider offline).`,
  );
  fs.rmSync(plansDir, { recursive: true, force: true });
  const planned = await planStacks(stacks, {
    outdir,
    plansDir,
    concurrency: options.concurrency ?? defaultConcurrency(env),
    env,
    progress: options.progress === undefined ? process.stdout : options.progress,
  });
  for (const r of planned.results.filter((x) => x.status === 'failed')) {
    error(
      `preview: plan of ${r.stack} failed: ${r.reason}${r.errorFile ? ` (details: ${path.relative(process.cwd(), r.errorFile)})` : ''}`,
    );
  }

  const review = analyze(loadPlans(plansDir), { allow: loadAllowList(DEFAULT_ALLOW_FILE) });
  const reviewFile = path.join(outdir, 'review.md');
  const pointer = `the full review is in \`${path.relative(process.cwd(), reviewFile)}\``;
  fs.writeFileSync(
    reviewFile,
    renderReview(review, { title: 'Preview (offline plans)', fullReviewPointer: pointer }, FULL),
  );
  log('');
  log(
    renderReview(
      review,
      { title: 'Preview (offline plans)', fullReviewPointer: pointer, shortenedBecause: 'for the terminal' },
      SUMMARY,
    ),
  );
  const blockers = openBlockers(review).length;
  if (blockers > 0)
    log(
      `preview: ${blockers} blocking finding(s) above; a pull request with them fails its review (exit 2 there). The preview itself exits 0.`,
    );
  if (!planned.ok) return { code: 1, plansDir, reviewFile };
  return { code: 0, plansDir, reviewFile };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '-h' || a === '--help')) {
    console.log('usage: npm run preview -- [<stack or glob>...]   (default: every AWS stack)');
  } else if (args.some((a) => a.startsWith('-'))) {
    console.error(
      `preview: unknown option ${args.find((a) => a.startsWith('-'))}\nusage: npm run preview -- [<stack or glob>...]`,
    );
    process.exitCode = 2;
  } else {
    runPreview({ patterns: args }).then(
      (r) => {
        process.exitCode = r.code;
      },
      (e: unknown) => {
        console.error(`preview: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        process.exitCode = 1;
      },
    );
  }
}

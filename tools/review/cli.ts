/**
 * `npm run review -- [--plans <dir>] [--out <file>] [--post] [--allow <file>] [--affected <json>] [--drift]`
 * as a function that returns the exit code: 0 clean, 2 blocking findings, 1 errors (bad input, posting failed),
 * 3 with --drift when any stack has changes or drift.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AllowListError, DEFAULT_ALLOW_FILE, loadAllowList } from './allow';
import { githubTargetFromEnv } from './github-target';
import { analyze, openBlockers, reviewHasChanges, type Review } from './model';
import { loadPlans, PlanInputError } from './plan-json';
import { FULL, fitReview, GITHUB_COMMENT_LIMIT, REVIEW_MARKER, renderReview, type RenderOptions } from './render';

export const DEFAULT_PLANS_DIR = path.join('cdktf.out', 'plans');

export const EXIT = { clean: 0, error: 1, blocked: 2, drift: 3 } as const;

export const USAGE = `Usage: npm run review -- [options]

Reads Terraform plan JSON (one <stack>.json per stack, as \`npm run plan\` writes) and prints a Markdown review.

Options:
  --plans <dir>      plan directory (default ${DEFAULT_PLANS_DIR})
  --out <file>       also write the full review to <file> (the CI artifact)
  --post             create or update the review comment on the pull request
                     (needs GITHUB_TOKEN and CIRCLE_PULL_REQUEST; GITHUB_API_URL overrides the API)
  --allow <file>     allow-list of intended destroys (default ${DEFAULT_ALLOW_FILE})
  --affected <json>  output of \`npm run affected -- --json <file>\`: removed stacks are listed
  --drift            nightly drift report: exit 3 when any stack has changes or drift
  -h, --help         this text

Exit codes: 0 clean, 2 blocking findings (destroy/replace of data-bearing resources not allowed),
3 changes found with --drift, 1 errors.`;

export interface ReviewArgs {
  readonly plans: string;
  readonly out?: string;
  readonly post: boolean;
  readonly allow: string;
  readonly affected?: string;
  readonly drift: boolean;
  readonly help: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): ReviewArgs {
  const args: { -readonly [K in keyof ReviewArgs]: ReviewArgs[K] } = {
    plans: DEFAULT_PLANS_DIR,
    post: false,
    allow: DEFAULT_ALLOW_FILE,
    drift: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--plans':
        args.plans = value();
        break;
      case '--out':
        args.out = value();
        break;
      case '--allow':
        args.allow = value();
        break;
      case '--affected':
        args.affected = value();
        break;
      case '--post':
        args.post = true;
        break;
      case '--drift':
        args.drift = true;
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return args;
}

export interface ReviewIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (text: string) => void;
  readonly error?: (text: string) => void;
  readonly today?: Date;
  /** Retry back-off base for posting (tests: 1 ms). */
  readonly retryBaseMs?: number;
}

function readRemovedStacks(file: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PlanInputError(
      `--affected ${file}: cannot be read as JSON (${(e as Error).message}); write it with \`npm run affected -- --base <ref> --json ${file}\``,
    );
  }
  const removed = (json as { removed?: unknown }).removed;
  if (!Array.isArray(removed) || !removed.every((s) => typeof s === 'string')) {
    throw new PlanInputError(
      `--affected ${file}: has no "removed" list of stack names; write it with \`npm run affected -- --base <ref> --json ${file}\``,
    );
  }
  return removed;
}

/** Where the full review is, for a shortened comment: the CircleCI artifact when running there. */
export function fullReviewPointer(env: NodeJS.ProcessEnv, out?: string): string {
  const name = out ? path.basename(out) : 'review.md';
  if (env.CIRCLE_BUILD_URL) {
    const job = env.CIRCLE_BUILD_NUM ? `CircleCI job ${env.CIRCLE_BUILD_NUM}` : 'the CircleCI job';
    return `the full review is the \`${name}\` artifact of [${job}](${env.CIRCLE_BUILD_URL}) (Artifacts tab)`;
  }
  return out ? `the full review is in \`${out}\`` : 'run `npm run review -- --out review.md` for the full review';
}

export function exitCodeOf(review: Review, drift: boolean): number {
  if (review.stacks.some((s) => s.incomplete?.startsWith('the plan errored') || s.notPlanned?.status === 'failed'))
    return EXIT.error;
  if (openBlockers(review).length > 0) return EXIT.blocked;
  if (drift && reviewHasChanges(review)) return EXIT.drift;
  return EXIT.clean;
}

export async function runReview(argv: readonly string[], io: ReviewIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const log = io.log ?? ((t: string) => process.stdout.write(`${t}\n`));
  const error = io.error ?? ((t: string) => process.stderr.write(`${t}\n`));
  let args: ReviewArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    error(`review: ${(e as Error).message}\n\n${USAGE}`);
    return EXIT.error;
  }
  if (args.help) {
    log(USAGE);
    return EXIT.clean;
  }
  // Check the posting target first: a missing token should not cost a full review to find out.
  const target = args.post ? githubTargetFromEnv(env) : undefined;
  if (target && !target.ok) {
    error(`review --post: cannot post the review comment:\n${target.problems.map((p) => `  ✖ ${p}`).join('\n')}`);
    return EXIT.error;
  }

  let review: Review;
  try {
    const allow = loadAllowList(args.allow, io.today);
    const plans = loadPlans(args.plans);
    const removedStacks = args.affected ? readRemovedStacks(args.affected) : [];
    review = analyze(plans, { allow, today: io.today, removedStacks });
  } catch (e) {
    if (e instanceof PlanInputError || e instanceof AllowListError) {
      error(`review: ${e.message}`);
      return EXIT.error;
    }
    throw e;
  }

  const options: RenderOptions = {
    title: args.drift ? 'Terraform drift check' : undefined,
    commit: env.CIRCLE_SHA1,
    fullReviewPointer: fullReviewPointer(env, args.out),
  };
  const full = renderReview(review, options, FULL);
  log(full);
  if (args.out) {
    fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    fs.writeFileSync(args.out, full);
    error(`review: full review written to ${args.out} (${full.length} characters)`);
  }
  for (const s of review.stacks.filter((x) => x.incomplete)) error(`review: ${s.stack}: ${s.incomplete}`);
  for (const s of review.stacks.filter((x) => x.notPlanned?.status === 'failed'))
    error(`review: ${s.stack}: plan failed: ${s.notPlanned!.reason}`);

  const code = exitCodeOf(review, args.drift);
  if (target?.ok) {
    const { text, level } = fitReview(review, options, GITHUB_COMMENT_LIMIT);
    try {
      const { upsertReviewComment } = await import('./github');
      const result = await upsertReviewComment({
        target: target.target,
        body: text,
        marker: REVIEW_MARKER,
        retryBaseMs: io.retryBaseMs,
      });
      const note = level === FULL ? '' : " (shortened to fit GitHub's comment limit)";
      error(`review: ${result.action} the review comment ${result.url}${note}`);
    } catch (e) {
      error(`review --post: ${(e as Error).message}`);
      return EXIT.error;
    }
  }
  if (code === EXIT.blocked) error(`review: ${openBlockers(review).length} blocking finding(s): exit ${EXIT.blocked}`);
  if (code === EXIT.drift) error(`review: changes or drift found: exit ${EXIT.drift}`);
  return code;
}

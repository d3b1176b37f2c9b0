/**
 * `npm run review -- [options]` as a function that returns the exit code (tools/cli.ts convention; options and
 * exit codes in REVIEW_COMMAND, printed by --help).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommandSpec, integerOption, type ParsedCommand, runCommand } from '../cli';
import { AllowListError, DEFAULT_ALLOW_FILE, loadAllowList } from './allow';
import { DEFAULT_MAX_PARTS, fitReview } from './fit';
import { githubTargetFromEnv } from './github-target';
import { compareSynth, type SynthComparison, SynthInputError } from './lifecycle';
import { analyze, failedStacks, openBlockers, reviewHasChanges, type Review } from './model';
import { loadPlans, PlanInputError } from './plan-json';
import { FULL, type RenderOptions, renderReview } from './render';
import { securitySectionsFor } from './sections';

export const DEFAULT_PLANS_DIR = path.join('cdktf.out', 'plans');
export const DEFAULT_HEAD_SYNTH = 'cdktf.out';
/** The base-branch commit a pull request was merged with for planning (set by the pipeline). */
export const PLANNED_AGAINST_ENV = 'DATA_PLATFORM_PLANNED_AGAINST';
/** CircleCI's pipeline number (`<< pipeline.number >>`), so an older pipeline never overwrites a newer review. */
export const PIPELINE_NUMBER_ENV = 'DATA_PLATFORM_PIPELINE_NUMBER';

export const EXIT = { clean: 0, error: 1, blocked: 2, usage: 2, drift: 3 } as const;

export const REVIEW_COMMAND: CommandSpec = {
  command: 'npm run review --',
  summary:
    'Reads Terraform plan JSON (<stack>.json per stack and the index.json that `npm run plan` writes) and prints a Markdown review.',
  options: {
    plans: {
      type: 'string',
      valueName: 'DIR',
      default: DEFAULT_PLANS_DIR,
      description: 'plan directory (and its subdirectories, two levels down)',
    },
    out: { type: 'string', valueName: 'FILE', description: 'also write the full review to FILE (the CI artifact)' },
    post: {
      type: 'boolean',
      description:
        'create or update the review comment(s) on the pull request (GITHUB_TOKEN; CIRCLE_PULL_REQUEST, or the PR of CIRCLE_SHA1)',
    },
    allow: {
      type: 'string',
      valueName: 'FILE',
      default: DEFAULT_ALLOW_FILE,
      description: 'allow-list of intended destroys',
    },
    affected: {
      type: 'string',
      valueName: 'FILE',
      description: 'output of `npm run affected -- --json FILE`: removed stacks are listed',
    },
    'base-synth': {
      type: 'string',
      valueName: 'DIR',
      description: "the base revision's synth output (stacks/<stack>/cdk.tf.json): shows lost prevent_destroy",
    },
    'head-synth': {
      type: 'string',
      valueName: 'DIR',
      description: `this revision's synth output, compared with --base-synth (default ${DEFAULT_HEAD_SYNTH})`,
    },
    'base-sha': {
      type: 'string',
      valueName: 'SHA',
      description: `base-branch commit the pull request was merged with for planning (default $${PLANNED_AGAINST_ENV})`,
    },
    pipeline: {
      type: 'string',
      valueName: 'N',
      description: `CircleCI pipeline number, kept in the comment so older pipelines never overwrite it (default $${PIPELINE_NUMBER_ENV})`,
    },
    'max-comments': {
      type: 'string',
      valueName: 'N',
      default: String(DEFAULT_MAX_PARTS),
      description: 'comments a long review may be split into before its security diffs are shortened',
    },
    drift: { type: 'boolean', description: 'nightly drift report: exit 3 when any stack has changes or drift' },
  },
  details: `Environment: GITHUB_TOKEN, CIRCLE_PULL_REQUEST (else CIRCLE_PROJECT_USERNAME/CIRCLE_PROJECT_REPONAME or
CIRCLE_REPOSITORY_URL, with CIRCLE_SHA1, to find the pull request), GITHUB_API_URL (default https://api.github.com),
CIRCLE_SHA1 (the commit named in the comment), CIRCLE_BUILD_URL (where the full review is), ${PLANNED_AGAINST_ENV},
${PIPELINE_NUMBER_ENV}.

Exit codes:
  0  clean
  1  errors: no plans (missing or empty directory), a file that is not a plan, an invalid allow-list,
     a stack whose plan failed or errored (never a green review), posting failed
  2  blocking findings (destroy/replace of data-bearing resources not allowed) — and, as for every command
     here, a usage error (unknown option, bad value); the message on stderr says which
  3  changes or drift found, with --drift`,
};

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
  if (failedStacks(review).length > 0) return EXIT.error;
  if (openBlockers(review).length > 0) return EXIT.blocked;
  if (drift && reviewHasChanges(review)) return EXIT.drift;
  return EXIT.clean;
}

function pipelineOf(raw: string | undefined, fromEnv: boolean): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (fromEnv && !/^\d+$/.test(raw.trim())) return undefined;
  return integerOption('pipeline', raw.trim(), 0);
}

async function review(args: ParsedCommand, io: ReviewIo): Promise<number> {
  const env = io.env ?? process.env;
  const log = io.log ?? ((t: string) => process.stdout.write(`${t}\n`));
  const error = io.error ?? ((t: string) => process.stderr.write(`${t}\n`));
  const v = args.values as Record<string, string | boolean | undefined>;
  const str = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const maxParts = integerOption('max-comments', str('max-comments'), 1)!;
  const pipeline =
    str('pipeline') !== undefined ? pipelineOf(str('pipeline'), false) : pipelineOf(env[PIPELINE_NUMBER_ENV], true);
  const plannedAgainst = str('base-sha') ?? (env[PLANNED_AGAINST_ENV]?.trim() || undefined);
  const drift = v.drift === true;

  // Check the posting target first: a missing token should not cost a full review to find out.
  const target = v.post === true ? githubTargetFromEnv(env) : undefined;
  if (target && !target.ok) {
    error(`review --post: cannot post the review comment:\n${target.problems.map((p) => `  ✖ ${p}`).join('\n')}`);
    return EXIT.error;
  }

  let result: Review;
  let synth: SynthComparison | undefined;
  try {
    const allow = loadAllowList(str('allow') ?? DEFAULT_ALLOW_FILE, io.today);
    const plansDir = str('plans') ?? DEFAULT_PLANS_DIR;
    const plans = loadPlans(plansDir);
    const baseSynth = str('base-synth');
    const headSynth = baseSynth ? (str('head-synth') ?? DEFAULT_HEAD_SYNTH) : undefined;
    if (str('head-synth') && !baseSynth) {
      error(
        'review: --head-synth is compared with --base-synth, which is not given: deletion protection is not compared',
      );
    }
    synth = baseSynth ? compareSynth(baseSynth, headSynth!) : undefined;
    const removedStacks = [
      ...(str('affected') ? readRemovedStacks(str('affected')!) : []),
      ...(synth?.removedStacks ?? []),
    ];
    result = analyze(plans, {
      allow,
      today: io.today,
      removedStacks,
      protection: synth?.protection,
      securitySections: securitySectionsFor({ plans, baseSynth, headSynth }),
    });
  } catch (e) {
    if (e instanceof PlanInputError || e instanceof AllowListError || e instanceof SynthInputError) {
      error(`review: ${e.message}`);
      return EXIT.error;
    }
    throw e;
  }

  const options: RenderOptions = {
    title: drift ? 'Terraform drift check' : undefined,
    commit: env.CIRCLE_SHA1?.trim() || undefined,
    plannedAgainst,
    pipeline,
    fullReviewPointer: fullReviewPointer(env, str('out')),
  };
  const full = renderReview(result, options, FULL);
  log(full);
  const out = str('out');
  if (out) {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, full);
    error(`review: full review written to ${out} (${full.length} characters)`);
  }
  for (const s of result.stacks.filter((x) => x.incomplete)) error(`review: ${s.stack}: ${s.incomplete}`);
  for (const s of result.stacks.filter((x) => x.notPlanned?.status === 'failed'))
    error(`review: ${s.stack}: plan failed: ${s.notPlanned!.reason}`);

  const code = exitCodeOf(result, drift);
  if (target?.ok) {
    const fitted = fitReview(result, options, { maxParts });
    try {
      const { postReview } = await import('./github');
      const posted = await postReview({
        target: target.target,
        parts: fitted.parts,
        retryBaseMs: io.retryBaseMs,
        log: (l) => error(`review --post: ${l}`),
      });
      const note =
        fitted.level === FULL
          ? ''
          : fitted.parts.length > 1
            ? ` (split into ${fitted.parts.length} comments to fit GitHub's comment limit)`
            : " (shortened to fit GitHub's comment limit)";
      error(`review --post: ${posted.message}${posted.outcome === 'posted' ? note : ''}`);
    } catch (e) {
      error(`review --post: ${(e as Error).message}`);
      return EXIT.error;
    }
  }
  if (code === EXIT.error && failedStacks(result).length > 0)
    error(`review: ${failedStacks(result).length} stack(s) without a complete plan: exit ${EXIT.error}`);
  if (code === EXIT.blocked) error(`review: ${openBlockers(result).length} blocking finding(s): exit ${EXIT.blocked}`);
  if (code === EXIT.drift) error(`review: changes or drift found: exit ${EXIT.drift}`);
  return code;
}

export function runReview(argv: readonly string[], io: ReviewIo = {}): Promise<number> {
  return runCommand(REVIEW_COMMAND, argv, (args) => review(args, io), { out: io.log, error: io.error });
}

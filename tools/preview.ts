/**
 * `npm run preview -- [--base <git-ref>] [<stack or glob>...]`: the review a pull request would get, on any machine,
 * with no cloud account.
 *
 *   1. synthesize the working tree and the base revision (default origin/main, else main) offline, at the same time;
 *   2. stacks whose synthesized JSON is the same on both sides have nothing to review and are not planned;
 *   3. each changed AWS stack: real `terraform plan` of the base, a state seeded from its planned values (as if the
 *      base were deployed), then a real plan of the working tree against that state with -refresh=false. A new AWS
 *      stack is planned from empty state;
 *   4. each changed Snowflake stack: no Snowflake provider exists offline, so its plan is computed from the
 *      synthesized JSON, base against head (tools/review/synth-plan.ts) — and the output says so;
 *   5. the review, with lost prevent_destroy from the two syntheses: summary printed, full review in
 *      <outdir>/review.md.
 *
 * Exit 0 when every plan succeeded, blockers included: a preview shows what would happen, and the pull-request
 * pipeline is what enforces blockers. Exit 1 when the config is invalid, a synthesis fails, the base cannot be
 * found, or a plan fails; 2 on bad usage (including a pattern that matches no stack).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { GUARDRAIL_RULES } from '../constructs/guardrails';
import { runSynth } from '../stacks/synth';
import { compareSynthOutputs } from './affected/index';
import { type CommandSpec, integerOption, runCommand, runMain, UsageError } from './cli';
import { type BaseRevision, NO_BASE, resolveBase, synthesizeBase } from './preview/base';
import { seedStateFromPlan } from './preview/seed-state';
import {
  analyze,
  compareSynth,
  DEFAULT_ALLOW_FILE,
  FULL,
  loadAllowList,
  loadPlans,
  openBlockers,
  planFromSynth,
  PreventDestroyError,
  readSynthStack,
  renderReview,
  securitySectionsFor,
  SUMMARY,
} from './review/index';
import {
  defaultConcurrency,
  findTerraform,
  isAwsStack,
  listSynthesizedStacks,
  type PlanResult,
  planStacks,
  selectStacks,
  type SynthesizedStack,
} from './terraform';

export const DEFAULT_PREVIEW_DIR = path.join('cdktf.out', 'preview');

export const PREVIEW_COMMAND: CommandSpec = {
  command: 'npm run preview --',
  summary:
    'Offline, with no cloud account: the review a pull request would get, planning what changed against the base revision.',
  options: {
    base: {
      type: 'string',
      valueName: 'REF',
      description: `git ref to compare with (default origin/main, else main); "${NO_BASE}": plan every stack as new`,
    },
    outdir: {
      type: 'string',
      valueName: 'DIR',
      default: DEFAULT_PREVIEW_DIR,
      description: 'synth output (head/, base/), plans/ and review.md go here',
    },
    concurrency: {
      type: 'string',
      valueName: 'N',
      description: 'terraform processes at a time (default DATA_PLATFORM_TF_CONCURRENCY or 2)',
    },
  },
  positionals: {
    usage: '[<stack or glob>...]',
    description: 'only these stacks (names or globs such as "dev-*"); default every stack that changed',
  },
  details: `AWS stacks are planned by real Terraform (placeholder credentials, -refresh=false against a state seeded from
the base's plan). Snowflake stacks are NOT planned by a provider (none exists offline): their changes are computed
from the synthesized JSON of both revisions, and the review marks them 🧪.

Exit codes: 0 planned (blockers are printed, not enforced: the pull-request pipeline enforces them); 1 the config
is invalid, a synthesis fails, the base cannot be found, or a plan fails; 2 usage error (unknown option, a pattern
matching no stack).`,
};

export interface PreviewOptions {
  /** Stack names or globs; default every stack that differs from the base. */
  readonly patterns?: readonly string[];
  /** Git ref of the base revision; default origin/main, else main; `none`: no base. */
  readonly base?: string;
  /** The git repository whose revisions are compared; default the current directory. */
  readonly repoRoot?: string;
  /** Synth outputs, plans and review go here; default cdktf.out/preview. */
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
  /** The base compared with; undefined with `--base none`. */
  readonly base?: BaseRevision;
}

/** Plan of a stack computed from synthesized JSON (no provider), written where `npm run plan` writes its plans. */
function synthesizedPlan(stack: string, baseDir: string | undefined, headDir: string, plansDir: string): PlanResult {
  const started = Date.now();
  const json = path.join(plansDir, `${stack}.json`);
  const before =
    baseDir && fs.existsSync(path.join(baseDir, 'cdk.tf.json'))
      ? readSynthStack(path.join(baseDir, 'cdk.tf.json'))
      : undefined;
  try {
    const plan = planFromSynth(before, readSynthStack(path.join(headDir, 'cdk.tf.json')));
    fs.writeFileSync(json, JSON.stringify(plan, null, 2));
    const hasChanges = (plan.resource_changes ?? []).some((rc) => !rc.change.actions.every((a) => a === 'no-op'));
    return { stack, status: 'planned', jsonFile: json, hasChanges, durationMs: Date.now() - started, timings: {} };
  } catch (e) {
    if (!(e instanceof PreventDestroyError)) throw e;
    return {
      stack,
      status: 'failed',
      reason: `computed plan: ${e.message}`,
      durationMs: Date.now() - started,
      timings: {},
    };
  }
}

export async function runPreview(options: PreviewOptions = {}): Promise<PreviewResult> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((t: string) => process.stdout.write(`${t}\n`));
  const error = options.error ?? ((t: string) => process.stderr.write(`${t}\n`));
  const repoRoot = path.resolve(options.repoRoot ?? process.cwd());
  const outdir = path.resolve(options.outdir ?? DEFAULT_PREVIEW_DIR);
  const headOut = path.join(outdir, 'head');
  const baseOut = path.join(outdir, 'base');
  const plansDir = path.join(outdir, 'plans');
  const fail = (message: string, code = 1, base?: BaseRevision): PreviewResult => {
    error(`preview: ${message}`);
    return { code, plansDir, base };
  };
  let base: BaseRevision | undefined;
  try {
    findTerraform(env);
    base = resolveBase(repoRoot, options.base);
  } catch (e) {
    return fail((e as Error).message);
  }
  for (const dir of [headOut, baseOut, plansDir, path.join(outdir, 'base-plans')])
    fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(outdir, 'review.md'), { force: true });

  // The base synthesizes in a child process while the working tree synthesizes here.
  const baseSynth = base
    ? synthesizeBase(repoRoot, base, baseOut, env).then(
        () => undefined,
        (e: Error) => e,
      )
    : undefined;
  log(
    base
      ? `Comparing with ${base.ref} (${base.commit.slice(0, 12)}).`
      : 'No base revision (--base none): every stack is planned as new.',
  );
  const synthCode = await runSynth({
    load: () => loadConfig(env.DATA_PLATFORM_CONFIG_DIR || undefined, { rules: GUARDRAIL_RULES }),
    options: { mode: 'offline', awsAuth: 'assume-role' },
    outdir: headOut,
    log,
    error,
  });
  const baseError = await baseSynth;
  if (synthCode !== 0) return fail('synthesis of the working tree failed (above); nothing was planned', 1, base);
  if (baseError) return fail(`${baseError.message}\nPass --base <another ref>, or --base ${NO_BASE}.`, 1, base);

  const head = listSynthesizedStacks(headOut);
  const diff = base
    ? compareSynthOutputs(baseOut, headOut)
    : { added: head.map((s) => s.name), changed: [], removed: [], unchanged: [] };
  const differing = new Set([...diff.added, ...diff.changed]);
  let selected: SynthesizedStack[];
  if (options.patterns?.length) {
    const { stacks, unmatched } = selectStacks(head, options.patterns);
    if (unmatched.length > 0) {
      return fail(
        `no stack matches ${unmatched.map((p) => `"${p}"`).join(', ')}; stacks: ${head.map((s) => s.name).join(', ')}`,
        2,
        base,
      );
    }
    selected = stacks.filter((s) => differing.has(s.name));
  } else selected = head.filter((s) => differing.has(s.name));
  const aws = selected.filter(isAwsStack);
  const computed = selected.filter((s) => !isAwsStack(s));
  log(
    `${diff.unchanged.length} stack(s) unchanged from the base (nothing to plan); ${aws.length} AWS stack(s) to plan with Terraform; ` +
      `${computed.length} Snowflake stack(s) whose changes are computed from the synthesized JSON — NOT planned by a provider (no Snowflake provider offline).`,
  );

  // Base plans of the changed AWS stacks, whose planned values become the state the working tree is planned against.
  fs.mkdirSync(plansDir, { recursive: true });
  const concurrency = options.concurrency ?? defaultConcurrency(env);
  const progress = options.progress === undefined ? process.stdout : options.progress;
  const baseStacks = base ? listSynthesizedStacks(baseOut) : [];
  const toSeed = aws
    .filter((s) => diff.changed.includes(s.name))
    .map((s) => baseStacks.find((b) => b.name === s.name)!);
  const basePlans = path.join(outdir, 'base-plans');
  const seeded =
    toSeed.length > 0
      ? await planStacks(toSeed, { outdir: baseOut, plansDir: basePlans, concurrency, env, progress })
      : undefined;
  const baseFailed = (seeded?.results ?? []).filter((r) => r.status !== 'planned');
  for (const r of baseFailed) error(`preview: plan of ${r.stack} at the base failed: ${r.reason}`);
  for (const r of (seeded?.results ?? []).filter((x) => x.status === 'planned')) {
    const state = seedStateFromPlan(JSON.parse(fs.readFileSync(r.jsonFile!, 'utf8')));
    fs.writeFileSync(path.join(headOut, 'stacks', r.stack, 'terraform.tfstate'), JSON.stringify(state, null, 2));
  }
  const planned = await planStacks(
    aws.filter((s) => !baseFailed.some((r) => r.stack === s.name)),
    { outdir: headOut, plansDir, concurrency, env, progress },
  );
  const computedResults = computed.map((s) =>
    synthesizedPlan(s.name, base ? path.join(baseOut, 'stacks', s.name) : undefined, s.dir, plansDir),
  );
  const results = [
    ...planned.results,
    ...computedResults,
    ...baseFailed.map((r) => ({ ...r, reason: `the base revision's plan failed: ${r.reason}` })),
  ];
  // The index the review reads, with the computed plans and base failures added.
  fs.writeFileSync(
    planned.indexFile,
    `${JSON.stringify(
      results.map((r) => ({
        stack: r.stack,
        status: r.status,
        json: r.jsonFile ? path.relative(plansDir, r.jsonFile) : undefined,
        reason: r.reason,
        hasChanges: r.hasChanges,
        durationMs: r.durationMs,
      })),
      null,
      2,
    )}\n`,
  );
  for (const r of results.filter((x) => x.status === 'failed')) {
    error(
      `preview: plan of ${r.stack} failed: ${r.reason}${r.errorFile ? ` (details: ${path.relative(process.cwd(), r.errorFile)})` : ''}`,
    );
  }

  const plans = loadPlans(plansDir);
  const synth = base ? compareSynth(baseOut, headOut) : undefined;
  const review = analyze(plans, {
    allow: loadAllowList(path.join(repoRoot, DEFAULT_ALLOW_FILE)),
    protection: synth?.protection,
    removedStacks: synth?.removedStacks,
    securitySections: securitySectionsFor({ plans, baseSynth: base ? baseOut : undefined, headSynth: headOut }),
  });
  const reviewFile = path.join(outdir, 'review.md');
  const pointer = `the full review is in \`${path.relative(process.cwd(), reviewFile)}\``;
  const title = base ? `Preview against ${base.ref} (offline plans)` : 'Preview (offline plans, no base revision)';
  const render = { title, commit: undefined, plannedAgainst: base?.commit, fullReviewPointer: pointer };
  fs.writeFileSync(reviewFile, renderReview(review, render, FULL));
  log('');
  log(renderReview(review, { ...render, shortenedBecause: 'for the terminal', target: 'comment' }, SUMMARY));
  if (computed.length > 0) {
    log(
      `preview: ${computed.length} Snowflake stack(s) were not planned by a provider: their changes above are computed from the synthesized JSON (🧪).`,
    );
  }
  const blockers = openBlockers(review).length;
  if (blockers > 0)
    log(
      `preview: ${blockers} blocking finding(s) above; a pull request with them fails its review (exit 2 there). The preview itself exits 0.`,
    );
  const ok = results.every((r) => r.status !== 'failed');
  return { code: ok ? 0 : 1, plansDir, reviewFile, base };
}

export function runPreviewCli(
  argv: readonly string[],
  options: Omit<PreviewOptions, 'patterns' | 'base'> = {},
): Promise<number> {
  return runCommand(
    PREVIEW_COMMAND,
    argv,
    async ({ values, positionals }) => {
      const concurrency = integerOption('concurrency', values.concurrency as string | undefined);
      const base = values.base as string | undefined;
      if (base !== undefined && base.startsWith('-')) throw new UsageError(`--base needs a git ref, got "${base}"`);
      const result = await runPreview({
        ...options,
        patterns: positionals,
        base,
        outdir: values.outdir as string | undefined,
        concurrency,
      });
      return result.code;
    },
    { out: options.log, error: options.error },
  );
}

if (require.main === module) runMain('preview', (argv) => runPreviewCli(argv));

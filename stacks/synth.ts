/**
 * Synthesis with all-or-nothing output: stacks are written to a scratch directory and moved into place only when
 * everything succeeded, and a failed run removes earlier stack output, so nothing stale ever looks valid.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { formatIssues, type PlatformConfig, platformAwsNames, stackNames, type ValidationResult } from '../config';
import {
  formatReport,
  GUARDRAIL_RULES,
  type GuardrailContext,
  GuardrailError,
  type GuardrailReport,
  Guardrails,
  passes,
  type Rule,
  type Suppression,
} from '../constructs/guardrails';
import { addPlatformStacks } from './app';
import type { SynthOptions } from './context';
import type { PlatformStack } from './platform-stack';
import { REQUIRED_TAG_KEYS } from './tags';

export const DEFAULT_OUTDIR = 'cdktf.out';

/** What cdktf writes into an output directory; everything else there (plans, caches) is left alone. */
const SYNTH_OUTPUTS = ['stacks', 'manifest.json'];

export function removeSynthOutput(outdir: string): void {
  for (const entry of SYNTH_OUTPUTS) fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
}

export interface SynthResult {
  readonly stacks: readonly PlatformStack[];
  readonly outdir: string;
  /** What the guardrails found; it has no errors (they throw a GuardrailError before anything is written). */
  readonly guardrails: GuardrailReport;
}

/** Environments whose ECR tags may move (`latest` in a sandbox); every other environment releases immutable images. */
export const MUTABLE_IMAGE_ENVIRONMENTS: readonly string[] = ['dev'];

/**
 * What each stack is, for the guardrail rules, keyed by stack name. The rules get plain data, never config: the
 * strict protection level means deletion protection and main-branch-only deploys; the platform deploy role is the
 * only admin role, and only in the environment accounts; the plan role is read-only.
 */
export function guardrailContexts(config: PlatformConfig): Map<string, GuardrailContext> {
  const { platform } = config;
  const roles = platformAwsNames(platform.namePrefix);
  const base: GuardrailContext = {
    adminRoleNames: [roles.deployRole],
    readOnlyRoleNames: [roles.planRole],
    maxAutoSuspendSeconds: platform.guardrails.maxAutoSuspendSeconds,
    requiredTagKeys: REQUIRED_TAG_KEYS,
  };
  const contexts = new Map<string, GuardrailContext>();
  // The management account: no role there may hold `*` on `*` (SCPs never restrict it, and its deploy role gets
  // only what the organization stack manages), and only the read-only plan role may be assumed from a branch.
  contexts.set(stackNames.organization, {
    ...base,
    adminRoleNames: [],
    requireMainBranch: true,
    awsAccountId: platform.aws.managementAccountId,
    protectedAccountNames: config.environments.filter((e) => platform.protectionLevels[e.protection].preventDestroy).map((e) => e.aws.accountName),
  });
  for (const env of config.environments) {
    const level = platform.protectionLevels[env.protection];
    const context: GuardrailContext = {
      ...base,
      awsAccountId: env.aws.accountId,
      strict: level.preventDestroy,
      minDataRetentionDays: level.dataRetentionTimeInDays,
      requireImmutableImages: !MUTABLE_IMAGE_ENVIRONMENTS.includes(env.name),
      requireMainBranch: env.protection === 'strict',
    };
    contexts.set(stackNames.platformAws(env.name), context);
    contexts.set(stackNames.platformSnowflake(env.name), context);
    for (const team of config.teams.filter((t) => t.environmentNames.includes(env.name))) {
      contexts.set(stackNames.teamAws(env.name, team.name), { ...context, team: team.name });
      contexts.set(stackNames.teamSnowflake(env.name, team.name), { ...context, team: team.name });
    }
  }
  return contexts;
}

/** The config's suppressions: the platform's apply to every stack, a team's only to that team's stacks. */
export function configSuppressions(config: PlatformConfig): Suppression[] {
  return [
    ...config.platform.suppressions.map((s) => ({ ...s, origin: config.platform.file })),
    ...config.teams.flatMap((t) => t.suppressions.map((s) => ({ ...s, origin: t.file, team: t.name }))),
  ];
}

/**
 * Builds the app for a validated config and synthesizes it into `outdir`. The guardrail rules run as aspects over
 * every stack; an error (not suppressed) throws a GuardrailError and nothing is written. `check` runs after that
 * and may throw to reject the output too. `rules` replaces the guardrail rules (tests).
 */
export function synthesizePlatform(
  config: PlatformConfig,
  options: SynthOptions,
  outdir: string = DEFAULT_OUTDIR,
  check?: (stacks: readonly PlatformStack[]) => void,
  rules: readonly Rule[] = GUARDRAIL_RULES,
): SynthResult {
  fs.mkdirSync(outdir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(outdir, '.synth-'));
  try {
    const app = new App({ outdir: scratch, stackTraces: false });
    const stacks = addPlatformStacks(app, config, options);
    const guardrails = new Guardrails(rules);
    const contexts = guardrailContexts(config);
    for (const stack of stacks) {
      const context = contexts.get(stack.stackName);
      if (!context) throw new Error(`Guardrails: no context for stack "${stack.stackName}" (stacks/synth.ts guardrailContexts)`);
      guardrails.addStack(stack, context);
    }
    app.synth();
    const report = guardrails.report(configSuppressions(config));
    if (!passes(report)) throw new GuardrailError(report, rules);
    check?.(stacks);
    removeSynthOutput(outdir);
    for (const entry of SYNTH_OUTPUTS) fs.renameSync(path.join(scratch, entry), path.join(outdir, entry));
    return { stacks, outdir, guardrails: report };
  } catch (error) {
    removeSynthOutput(outdir);
    throw error;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export interface RunSynthOptions {
  /** Loads and validates the config (the real loader, or in-memory sources in tests). */
  readonly load: () => ValidationResult;
  readonly options: SynthOptions;
  readonly outdir?: string;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
  /** Guardrail rules; default: all of them (GUARDRAIL_RULES). */
  readonly rules?: readonly Rule[];
}

/** `npm run synth` as a function: returns the exit code; on any error prints everything and leaves no stack output. */
export function runSynth(run: RunSynthOptions): number {
  const outdir = run.outdir ?? DEFAULT_OUTDIR;
  const log = run.log ?? console.log;
  const error = run.error ?? console.error;
  const result = run.load();
  if (!result.ok) {
    removeSynthOutput(outdir);
    error(formatIssues(result.issues));
    return 1;
  }
  try {
    const rules = run.rules ?? GUARDRAIL_RULES;
    const { stacks, guardrails } = synthesizePlatform(result.config, run.options, outdir, undefined, rules);
    // Warnings and unused suppressions print in full; a clean run prints the one-line summary.
    log(formatReport(guardrails, rules));
    log(`Synthesized ${stacks.length} stacks into ${path.join(outdir, 'stacks')}`);
    return 0;
  } catch (e) {
    error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

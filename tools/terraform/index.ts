/**
 * Terraform tooling for the synthesized stacks: the project's CLI config, init/validate/plan/show runners and
 * bounded concurrency. Used by `npm run plan` (tools/plan.ts), the preview/review tools and the terraform tests.
 *
 * Environment
 *   TF_PLUGIN_MIRROR              filesystem mirror of providers (default /opt/tf-plugins)
 *   DATA_PLATFORM_TF_CACHE        where the CLI config and plugin cache live (default <repo>/.cache/terraform)
 *   DATA_PLATFORM_TF_CONCURRENCY  terraform processes at a time (default 2)
 *
 * API (all paths absolute or relative to the current directory)
 *   writeCliConfig(env?)                    -> TerraformPaths   writes <cache>/terraformrc, creates the plugin cache
 *   terraformEnv(env?)                      -> env for child processes (TF_CLI_CONFIG_FILE, TF_IN_AUTOMATION=1,
 *                                              CHECKPOINT_DISABLE=1, TF_INPUT=0); calls writeCliConfig
 *   findTerraform(env?) / terraformVersion()   throw TerraformNotFoundError (says "terraform is not on PATH")
 *   runTerraform(args, {cwd, env?})         -> {code, stdout, stderr, durationMs}; never throws on exit != 0
 *   runBounded(items, concurrency, fn)      -> results in input order, at most `concurrency` fn calls in flight
 *   listSynthesizedStacks(outdir)           -> SynthesizedStack[] {name, dir, dependencies, mode, providers}
 *   selectStacks(all, patterns)             -> {stacks, unmatched}; names or minimatch globs ('dev-*', '*-aws')
 *   isAwsStack(stack)                       -> true when hashicorp/aws is its only provider
 *   initStack(dir, {backend?})              -> terraform init (throws TerraformCommandError on failure)
 *   initStacks(dirs, concurrency)           -> first dir alone when the plugin cache is cold, then the rest
 *   warmPluginCache(dir)                    -> fills the plugin cache once, under a cross-process lock
 *   validateStack(dir)                      -> {valid, errors, warnings, durationMs}
 *   validateStacksTogether(stacks)          -> the same for many stacks with one init + one validate
 *   planStack(stackName, {outdir, plansDir?, mode?, refresh?, planArgs?, skipInit?})
 *                                           -> PlanResult {status planned|failed|skipped, jsonFile, planFile, ...}
 *                                              writes <plansDir>/<stack>.tfplan (binary plan), <stack>.lock.hcl,
 *                                              <stack>.json (show -json), <stack>.txt (plan text), or
 *                                              <stack>.error.txt; offline: -refresh=false, stacks whose provider
 *                                              is not in the mirror (Snowflake) are `skipped`
 *   planStacks(stacks, {outdir, concurrency?, progress?, shard?})
 *                                           -> {results, ok, indexFile}; <plansDir>/index.json lists every stack,
 *                                              always (PlanIndexEntry), even when some fail
 *   dealShard(stacks, {index, count})       -> the stacks of one CI container, deterministic, balanced by kind
 *   applyPlanFile({dir, planFile, lockFile?}) -> ApplyResult {status applied|failed, stale, reason}
 *   tokenRefresher(env)                     -> rewrites AWS_WEB_IDENTITY_TOKEN_FILE when older than 45 min
 *                                              (DATA_PLATFORM_OIDC_REFRESH_COMMAND); a no-op when not configured
 *
 * Offline (stacks synthesized with DATA_PLATFORM_MODE=offline): local backend, placeholder credentials, every AWS
 * API call sent through a dead loopback proxy. Seeding a state: write `<outdir>/stacks/<stack>/terraform.tfstate`
 * before planStack (offline plans run with -refresh=false, so the seeded state is taken as the truth).
 */
export { runBounded, defaultConcurrency } from './bounded';
export {
  DEFAULT_PLUGIN_MIRROR,
  REPO_ROOT,
  cliConfigText,
  terraformEnv,
  terraformPaths,
  writeCliConfig,
} from './cli-config';
export type { TerraformPaths } from './cli-config';
export {
  TerraformCommandError,
  TerraformNotFoundError,
  findTerraform,
  mustRunTerraform,
  runTerraform,
  terraformVersion,
} from './exec';
export type { RunTerraformOptions, TerraformResult } from './exec';
export { applyPlanFile, STALE_PLAN_MESSAGE } from './apply';
export type { ApplyOptions, ApplyResult } from './apply';
export {
  initStack,
  initStacks,
  pluginCacheHas,
  requiredProvidersOf,
  warmPluginCache,
  warmPluginCacheFor,
  withCacheLock,
} from './init';
export type { InitOptions } from './init';
export {
  DEFAULT_REFRESH_SECONDS,
  REFRESH_COMMAND_ENV,
  REFRESH_SECONDS_ENV,
  TokenRefreshError,
  tokenRefresher,
} from './oidc';
export type { TokenRefresher } from './oidc';
export { LOCK_FILE, planFiles, planStack } from './plan';
export type { PlanOptions, PlanResult, PlanStatus } from './plan';
export { PLAN_INDEX_FILE, indexEntry, planStacks, writePlanIndex } from './plan-stacks';
export type { PlanIndexEntry, PlanStacksOptions, PlanStacksResult } from './plan-stacks';
export { dealShard, formatShard, parseShard } from './shard';
export type { Shard } from './shard';
export { Progress } from './progress';
export {
  isAwsStack,
  listSynthesizedStacks,
  providersMissingFromMirror,
  qualifyProviderSource,
  readStackDir,
  selectStacks,
} from './stacks';
export type { RequiredProvider, Selection, StackMode, SynthesizedStack } from './stacks';
export { formatDiagnostic, validateStack, validateStacksTogether } from './validate';
export type { Diagnostic, ValidateResult, ValidateTogetherOptions } from './validate';

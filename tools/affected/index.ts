/**
 * Change detection: which stacks' synthesized Terraform JSON differs between a base git revision and the working
 * tree. Both sides are synthesized the same way (same DATA_PLATFORM_MODE, same environment), so a change to one
 * team's file yields only that team's stacks, and a change to shared code yields exactly the stacks it changes.
 *
 * The base revision is exported with `git archive` into a temporary directory (no worktree, no change to the
 * repository's git state) and synthesized there with the repository's node_modules linked in.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SYNTH_NODE_FLAGS, WORKERS_ENV } from '../../stacks/parallel-synth';
import { commitOf } from '../git';

export interface StackDiff {
  /** In the working tree only. */
  readonly added: string[];
  /** In both, with different configuration. */
  readonly changed: string[];
  /** In the base only: its config is gone, but its resources are NOT destroyed by that. */
  readonly removed: string[];
  readonly unchanged: string[];
}

export class AffectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AffectedError';
  }
}

/** cdktf metadata ("//": construct paths, stack metadata) is not configuration: it never makes a stack differ. */
export function normalizeStackJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeStackJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => k !== '//')
        .sort()
        .map((k) => [k, normalizeStackJson((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Files in a stack directory that Terraform does not read from the synthesized config. */
const IGNORED = new Set([
  '.terraform',
  '.terraform.lock.hcl',
  'terraform.tfstate',
  'terraform.tfstate.backup',
  'plan.tfplan',
]);

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !IGNORED.has(e.name))
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort();
}

/** A digest of what Terraform would see for each stack: the normalized cdk.tf.json plus any asset files. */
export function stackDigests(outdir: string): Map<string, string> {
  const stacksDir = path.join(outdir, 'stacks');
  const digests = new Map<string, string>();
  if (!fs.existsSync(stacksDir)) throw new AffectedError(`no synthesized stacks in ${stacksDir}`);
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const dir = path.join(stacksDir, stack);
    const main = path.join(dir, 'cdk.tf.json');
    if (!fs.existsSync(main)) continue;
    const hash = createHash('sha256');
    hash.update(JSON.stringify(normalizeStackJson(JSON.parse(fs.readFileSync(main, 'utf8')))));
    for (const file of filesUnder(dir).filter((f) => f !== 'cdk.tf.json')) {
      hash.update(`\0${file}\0`);
      hash.update(fs.readFileSync(path.join(dir, file)));
    }
    digests.set(stack, hash.digest('hex'));
  }
  return digests;
}

export function compareSynthOutputs(baseOutdir: string, headOutdir: string): StackDiff {
  const base = stackDigests(baseOutdir);
  const head = stackDigests(headOutdir);
  const diff: StackDiff = { added: [], changed: [], removed: [], unchanged: [] };
  for (const [stack, digest] of head) {
    if (!base.has(stack)) diff.added.push(stack);
    else if (base.get(stack) !== digest) diff.changed.push(stack);
    else diff.unchanged.push(stack);
  }
  for (const stack of base.keys()) if (!head.has(stack)) diff.removed.push(stack);
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

/** The commit a ref names, or an AffectedError that says how to make it available. */
export function resolveCommit(repoRoot: string, ref: string): string {
  const commit = commitOf(repoRoot, ref);
  if (commit === undefined)
    throw new AffectedError(
      `"${ref}" is not a commit in ${repoRoot}. Pass a branch, tag or sha that exists locally; for a remote branch fetch it first (git fetch origin main) and use origin/main.`,
    );
  return commit;
}

/** Writes the tree of `commit` into `dest` (created), without touching the repository's git state. */
export function exportRevision(repoRoot: string, commit: string, dest: string): void {
  fs.mkdirSync(dest, { recursive: true });
  const tar = path.join(path.dirname(dest), `${path.basename(dest)}.tar`);
  try {
    execFileSync('git', ['archive', '--format=tar', '-o', tar, commit], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    execFileSync('tar', ['-xf', tar, '-C', dest], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new AffectedError(
      `could not export ${commit} from ${repoRoot}: ${(e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message}`,
    );
  } finally {
    fs.rmSync(tar, { force: true });
  }
}

export interface SynthTreeOptions {
  /** Directory holding node_modules (the repository root); linked into `treeDir` when it has none. */
  readonly nodeModulesFrom: string;
  /** DATA_PLATFORM_MODE for this synth: the same for both sides. */
  readonly mode: 'live' | 'offline';
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/**
 * Runs the tree's synth entry (main.ts, through tsx as `npm run synth` does) with CDKTF_OUTDIR = `outdir`.
 * Started as `node --require tsx/cjs` (main.ts is CommonJS) rather than through the tsx CLI, which would add a
 * second process, and with source maps off: mapping the stack traces cdktf records (per token, unless switched off)
 * through source maps is a large share of a synth (docs/benchmarks.md, "Measurements behind the code"). The output is the same; a crash's stack trace shows the
 * line numbers of tsx's JavaScript instead of the TypeScript source.
 */
export function synthesizeTree(treeDir: string, outdir: string, options: SynthTreeOptions): Promise<void> {
  const main = path.join(treeDir, 'main.ts');
  if (!fs.existsSync(main))
    return Promise.reject(new AffectedError(`${treeDir} has no main.ts: is it a revision of this repository?`));
  const modules = path.join(treeDir, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(options.nodeModulesFrom, 'node_modules'), modules, 'dir');
  const tsx = require.resolve('tsx/cjs', { paths: [options.nodeModulesFrom] });
  const args = [
    ...SYNTH_NODE_FLAGS,
    '--require',
    tsx,
    '--eval',
    "process.setSourceMapsEnabled(false); require('./main.ts');",
  ];
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    CDKTF_OUTDIR: outdir,
    DATA_PLATFORM_MODE: options.mode,
  };
  // Base and head synthesize at the same time, one process each, which already fills two cores.
  env[WORKERS_ENV] ??= '1';
  // Each side must read its own config/ directory.
  delete env.DATA_PLATFORM_CONFIG_DIR;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: treeDir, env, timeout: options.timeoutMs ?? 10 * 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
        reject(new AffectedError(`synthesizing ${treeDir} failed (exit ${error.code ?? error.signal}):\n${output}`));
      },
    );
  });
}

export interface AffectedOptions {
  /** The repository (working tree) to compare; default the current directory. */
  readonly repoRoot?: string;
  /** Base git ref (branch, tag, sha). */
  readonly base: string;
  /** Default DATA_PLATFORM_MODE from the environment, else `live` (what CI plans and deploys). */
  readonly mode?: 'live' | 'offline';
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the temporary directory (for debugging); default false. */
  readonly keep?: boolean;
  /** Synthesize the base revision into this directory (kept), e.g. for the review's lifecycle comparison. */
  readonly baseOut?: string;
}

export interface AffectedResult extends StackDiff {
  readonly base: string;
  readonly commit: string;
  readonly mode: 'live' | 'offline';
  readonly durationMs: number;
  /** Only when `keep`. */
  readonly tempDir?: string;
}

export async function findAffectedStacks(options: AffectedOptions): Promise<AffectedResult> {
  const started = Date.now();
  const repoRoot = path.resolve(options.repoRoot ?? process.cwd());
  const env = options.env ?? process.env;
  const rawMode = options.mode ?? env.DATA_PLATFORM_MODE ?? 'live';
  if (rawMode !== 'live' && rawMode !== 'offline')
    throw new AffectedError(`mode must be "live" or "offline", got "${rawMode}"`);
  const mode: 'live' | 'offline' = rawMode as 'live' | 'offline';
  const commit = resolveCommit(repoRoot, options.base);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'data-platform-affected-'));
  try {
    const baseTree = path.join(temp, 'base');
    exportRevision(repoRoot, commit, baseTree);
    const synth = { nodeModulesFrom: repoRoot, mode, env };
    const baseOut = options.baseOut ? path.resolve(options.baseOut) : path.join(temp, 'base-out');
    if (options.baseOut) fs.rmSync(baseOut, { recursive: true, force: true });
    // Both at once; wait for both even if one fails, so nothing still writes into the directory removed below.
    const results = await Promise.allSettled([
      synthesizeTree(baseTree, baseOut, synth),
      synthesizeTree(repoRoot, path.join(temp, 'head-out'), synth),
    ]);
    const [baseResult, headResult] = results;
    if (baseResult.status === 'rejected')
      throw new AffectedError(`base ${options.base} (${commit.slice(0, 12)}): ${(baseResult.reason as Error).message}`);
    if (headResult.status === 'rejected')
      throw new AffectedError(`working tree: ${(headResult.reason as Error).message}`);
    const diff = compareSynthOutputs(baseOut, path.join(temp, 'head-out'));
    return {
      ...diff,
      base: options.base,
      commit,
      mode,
      durationMs: Date.now() - started,
      tempDir: options.keep ? temp : undefined,
    };
  } finally {
    if (!options.keep) fs.rmSync(temp, { recursive: true, force: true });
  }
}

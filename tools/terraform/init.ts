/**
 * `terraform init` of stack directories. The first install of a provider copies it (700 MB for aws) from the mirror
 * into the shared plugin cache; concurrent first installs would race on that copy, so it happens under a
 * cross-process lock, once, before any parallel init.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type TerraformPaths, terraformEnv, writeCliConfig } from './cli-config';
import { runBounded } from './bounded';
import { mustRunTerraform, type TerraformResult } from './exec';
import { qualifyProviderSource, type RequiredProvider } from './stacks';

export interface InitOptions {
  /** false: skip backend initialisation (enough for validate, and never touches a remote state). Default true. */
  readonly backend?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

function osArch(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
  return `${process.platform}_${arch}`;
}

/** True when every provider of the list is unpacked in the plugin cache for this platform. */
export function pluginCacheHas(paths: TerraformPaths, providers: readonly RequiredProvider[]): boolean {
  return providers.every((p) => {
    const dir = path.join(paths.pluginCacheDir, ...p.source.split('/'));
    if (!fs.existsSync(dir)) return false;
    const versions = p.version && /^\d+\.\d+\.\d+$/.test(p.version) ? [p.version] : fs.readdirSync(dir);
    return versions.some((v) => fs.existsSync(path.join(dir, v, osArch())));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` holding a lock directory (mkdir is atomic); a lock left by a dead process or older than 15 min is broken. */
export async function withCacheLock<T>(paths: TerraformPaths, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(paths.cacheRoot, 'plugin-cache.lock');
  const owner = path.join(lock, 'owner');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let stale = false;
      try {
        const pid = Number(fs.readFileSync(owner, 'utf8'));
        stale = (pid > 0 && !pidAlive(pid)) || Date.now() - fs.statSync(lock).mtimeMs > 15 * 60_000;
      } catch {
        // owner file not written yet (lock just taken) or lock just released: retry
      }
      if (stale) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** `terraform init` in one directory (a synthesized stack or any root module). */
export function initStack(dir: string, options: InitOptions = {}): Promise<TerraformResult> {
  const args = ['init', '-input=false', '-no-color'];
  if (options.backend === false) args.push('-backend=false');
  return mustRunTerraform(args, { cwd: dir, env: options.env ?? terraformEnv() });
}

/** Providers required by the root module in `dir` (every *.tf.json file's terraform.required_providers). */
export function requiredProvidersOf(dir: string): RequiredProvider[] {
  const found = new Map<string, RequiredProvider>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.tf.json'))) {
    const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
      terraform?: { required_providers?: Record<string, { source?: string; version?: string }> };
    };
    for (const [local, p] of Object.entries(json.terraform?.required_providers ?? {})) {
      const source = qualifyProviderSource(p.source ?? local);
      found.set(source, { name: local, source, version: p.version });
    }
  }
  return [...found.values()];
}

/**
 * Inits `dir` under the cache lock if the plugin cache lacks one of its providers (returns true), so that exactly
 * one process fills the cache; returns false without running anything when the cache is already warm.
 */
async function initFillingCache(dir: string, paths: TerraformPaths, options: InitOptions): Promise<boolean> {
  const providers = requiredProvidersOf(dir);
  if (pluginCacheHas(paths, providers)) return false;
  return withCacheLock(paths, async () => {
    await initStack(dir, options);
    return true;
  });
}

/**
 * Inits many directories: the first one alone when the plugin cache is cold (filling it under the lock), then the
 * rest `concurrency` at a time. Rejects with the first failure (TerraformCommandError).
 */
export async function initStacks(
  dirs: readonly string[],
  concurrency: number,
  options: InitOptions = {},
): Promise<void> {
  const [firstDir, ...rest] = dirs;
  if (firstDir === undefined) return;
  const paths = writeCliConfig(options.env);
  const env = terraformEnv(options.env);
  const first = await initFillingCache(firstDir, paths, { ...options, env });
  await runBounded(first ? rest : dirs, concurrency, (dir) => initStack(dir, { ...options, env }));
}

/** Fills the plugin cache with the providers `dir` needs, if they are not there yet (initialises `dir` to do it). */
export async function warmPluginCache(dir: string, options: InitOptions = {}): Promise<void> {
  const paths = writeCliConfig(options.env);
  // Without the backend: filling the cache needs no state (nor, live, credentials for the S3 backend).
  await initFillingCache(dir, paths, { ...options, backend: false, env: terraformEnv(options.env) });
}

/**
 * Fills the plugin cache with `providers` through a scratch root module that declares nothing else (under the cache
 * root), so that a stack with a broken configuration cannot keep every other stack from being planned.
 */
export async function warmPluginCacheFor(
  providers: readonly RequiredProvider[],
  options: InitOptions = {},
): Promise<void> {
  if (providers.length === 0) return;
  const paths = writeCliConfig(options.env);
  if (pluginCacheHas(paths, providers)) return;
  const required = Object.fromEntries(
    [...providers]
      .sort((a, b) => a.source.localeCompare(b.source))
      .map((p, i) => [`p${i}`, { source: p.source, ...(p.version ? { version: p.version } : {}) }]),
  );
  const text = `${JSON.stringify({ terraform: { required_providers: required } }, null, 2)}\n`;
  const dir = path.join(paths.cacheRoot, 'warm', createHash('sha256').update(text).digest('hex').slice(0, 16));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf.json'), text);
  await initFillingCache(dir, paths, { ...options, backend: false, env: terraformEnv(options.env) });
}

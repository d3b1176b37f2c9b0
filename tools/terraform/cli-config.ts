/**
 * The project's own Terraform CLI config: providers come from a local filesystem mirror (never the registry for
 * hashicorp/*), unpacked once into a shared plugin cache that every stack directory links to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (tools/terraform/ is two levels down). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Default mirror location on these machines; TF_PLUGIN_MIRROR overrides it. */
export const DEFAULT_PLUGIN_MIRROR = '/opt/tf-plugins';

export interface TerraformPaths {
  /** Directory of the filesystem mirror (`<mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`). */
  readonly mirror: string;
  /** Everything the tooling writes: `<repo>/.cache/terraform` unless DATA_PLATFORM_TF_CACHE is set. */
  readonly cacheRoot: string;
  /** The CLI config file this module writes; TF_CLI_CONFIG_FILE points at it. */
  readonly cliConfigFile: string;
  /** The shared plugin cache (the 700 MB aws provider is unpacked here once). */
  readonly pluginCacheDir: string;
}

export function terraformPaths(env: NodeJS.ProcessEnv = process.env): TerraformPaths {
  const cacheRoot = path.resolve(env.DATA_PLATFORM_TF_CACHE || path.join(REPO_ROOT, '.cache', 'terraform'));
  return {
    mirror: path.resolve(env.TF_PLUGIN_MIRROR || DEFAULT_PLUGIN_MIRROR),
    cacheRoot,
    cliConfigFile: path.join(cacheRoot, 'terraformrc'),
    pluginCacheDir: path.join(cacheRoot, 'plugin-cache'),
  };
}

/** HCL string literal (JSON string syntax is valid HCL for the characters paths contain). */
const hcl = (s: string) => JSON.stringify(s);

export function cliConfigText(paths: TerraformPaths): string {
  return [
    '# Written by tools/terraform/cli-config.ts; do not edit (rewritten on every run).',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hcl(paths.mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    `plugin_cache_dir = ${hcl(paths.pluginCacheDir)}`,
    "# The cache holds only this platform's package, so lock files record fewer hashes than the registry has.",
    'plugin_cache_may_break_dependency_lock_file = true',
    '',
  ].join('\n');
}

/**
 * Writes the CLI config and creates the plugin cache directory; returns the paths. Idempotent, and safe to call from
 * several processes at once (the file is written to a temporary name and renamed into place).
 */
export function writeCliConfig(env: NodeJS.ProcessEnv = process.env): TerraformPaths {
  const paths = terraformPaths(env);
  fs.mkdirSync(paths.pluginCacheDir, { recursive: true });
  const text = cliConfigText(paths);
  const current = fs.existsSync(paths.cliConfigFile) ? fs.readFileSync(paths.cliConfigFile, 'utf8') : undefined;
  if (current !== text) {
    const tmp = `${paths.cliConfigFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, paths.cliConfigFile);
  }
  return paths;
}

/**
 * The environment for terraform child processes: the project's CLI config (written if needed), no prompts, no
 * version checks. The caller's environment is kept (credentials, PATH) except Terraform settings that would bypass
 * the project's config.
 */
export function terraformEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const paths = writeCliConfig(base);
  const env: NodeJS.ProcessEnv = { ...base };
  delete env.TF_PLUGIN_CACHE_DIR; // would override plugin_cache_dir
  delete env.TF_DATA_DIR; // every stack keeps its own .terraform beside its cdk.tf.json
  delete env.TF_WORKSPACE;
  return {
    ...env,
    TF_CLI_CONFIG_FILE: paths.cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

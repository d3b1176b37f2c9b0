/** The synthesized stacks in an output directory (cdktf's manifest.json), and selecting them by name or glob. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import type { StackMode } from '../../domain/stack-mode';
import type { TerraformPaths } from './cli-config';

export type { StackMode };

export interface RequiredProvider {
  /** Local name in the stack, e.g. `aws`. */
  readonly name: string;
  /** Fully qualified source, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  readonly version?: string;
}

export interface SynthesizedStack {
  readonly name: string;
  /** Absolute directory holding cdk.tf.json; terraform runs here. */
  readonly dir: string;
  /** Stacks this one depends on (deploy order), from the manifest. */
  readonly dependencies: readonly string[];
  /** `offline` when synthesized with the local backend (DATA_PLATFORM_MODE=offline), else `live`. */
  readonly mode: StackMode;
  readonly providers: readonly RequiredProvider[];
}

interface Manifest {
  stacks: Record<string, { name: string; workingDirectory: string; dependencies?: string[] }>;
}

/** `aws` -> registry.terraform.io/hashicorp/aws; `snowflake-labs/snowflake` -> registry.terraform.io/snowflake-labs/snowflake. */
export function qualifyProviderSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

/** Reads one stack's cdk.tf.json for its backend (mode) and required providers. */
export function readStackDir(name: string, dir: string, dependencies: readonly string[] = []): SynthesizedStack {
  const file = path.join(dir, 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    terraform?: {
      backend?: Record<string, unknown>;
      required_providers?: Record<string, { source?: string; version?: string }>;
    };
  };
  const backend = Object.keys(json.terraform?.backend ?? {});
  const providers = Object.entries(json.terraform?.required_providers ?? {}).map(([local, p]) => ({
    name: local,
    source: qualifyProviderSource(p.source ?? local),
    version: p.version,
  }));
  return { name, dir, dependencies, mode: backend.includes('s3') ? 'live' : 'offline', providers };
}

/** Every stack synthesized into `outdir` (default cdktf.out), in manifest order. */
export function listSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(
      `No synthesized stacks in ${outdir} (${manifestFile} is missing): run \`npm run synth\` first, or drop --no-synth.`,
    );
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  return Object.values(manifest.stacks).map((s) =>
    readStackDir(s.name, path.resolve(outdir, s.workingDirectory), s.dependencies ?? []),
  );
}

export interface Selection {
  readonly stacks: SynthesizedStack[];
  /** Patterns that matched no stack (a typo, usually). */
  readonly unmatched: string[];
}

/** Stacks whose name equals a pattern or matches it as a glob (`dev-*`, `*-aws`, `{organization,dev-*-aws}`). */
export function selectStacks(all: readonly SynthesizedStack[], patterns: readonly string[]): Selection {
  const unmatched: string[] = [];
  const chosen = new Set<string>();
  for (const pattern of patterns) {
    const hits = all.filter((s) => s.name === pattern || minimatch(s.name, pattern));
    if (hits.length === 0) unmatched.push(pattern);
    for (const s of hits) chosen.add(s.name);
  }
  return { stacks: all.filter((s) => chosen.has(s.name)), unmatched };
}

/** True for stacks that only use AWS (hashicorp/aws): the ones Terraform can validate and plan on these machines. */
export function isAwsStack(stack: Pick<SynthesizedStack, 'providers'>): boolean {
  return stack.providers.length > 0 && stack.providers.every((p) => p.source === 'registry.terraform.io/hashicorp/aws');
}

/**
 * Providers of the stack that are not in the filesystem mirror. Offline, these cannot be installed (no registry),
 * so such a stack is skipped rather than failed (Snowflake: no provider binary exists on these machines).
 */
export function providersMissingFromMirror(stack: SynthesizedStack, paths: TerraformPaths): RequiredProvider[] {
  return stack.providers.filter((p) => {
    const dir = path.join(paths.mirror, ...p.source.split('/'));
    if (!fs.existsSync(dir)) return true;
    const exact = p.version && /^\d+\.\d+\.\d+$/.test(p.version) ? p.version : undefined;
    return exact !== undefined && !fs.existsSync(path.join(dir, exact));
  });
}

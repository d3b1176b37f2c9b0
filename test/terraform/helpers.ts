/**
 * Shared set-up of the real-terraform tests: terraform must be on PATH (the tests fail, loudly, when it is not).
 * The example org is synthesized offline once per run into the run's directory, never into the developer's
 * cdktf.out (shared.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig } from '../../config';
import { findTerraform } from '../../tools/terraform';

export function exampleConfig(): PlatformConfig {
  const result = loadConfig();
  if (!result.ok) throw new Error(`the example config is invalid:\n${JSON.stringify(result.issues, null, 2)}`);
  return result.config;
}

/**
 * Throws (failing every test of the file) when terraform is missing: these tests exist to run the real binary, so
 * passing without it would hide that nothing was checked.
 */
export function requireTerraform(): void {
  findTerraform();
}

/**
 * Copies a synthesized stack under a new name (and into the manifest) and breaks it: `schema` adds an argument the
 * provider does not know (caught by validate/plan, after the provider schema is loaded), `core-version` requires a
 * Terraform version that does not exist (caught by init before any provider starts: a cheap failure).
 */
export function addBrokenStack(outdir: string, from: string, name: string, how: 'schema' | 'core-version'): string {
  const dir = path.join(outdir, 'stacks', name);
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', from, 'cdk.tf.json'), 'utf8'));
  if (how === 'schema') {
    json.resource ??= {};
    json.resource.aws_s3_bucket = {
      ...(json.resource.aws_s3_bucket ?? {}),
      zz_broken: { bucket: 'broken-bucket', not_an_argument: true },
    };
  } else {
    json.terraform.required_version = '< 0.1.0';
  }
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  const manifestFile = path.join(outdir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.stacks[name] = {
    name,
    workingDirectory: `stacks/${name}`,
    synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
    dependencies: [],
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return dir;
}

/** Times a step and records it for the summary line printed at the end of the file. */
export function timer() {
  const marks: string[] = [];
  return {
    async time<T>(label: string, fn: () => Promise<T>): Promise<T> {
      const started = Date.now();
      try {
        return await fn();
      } finally {
        marks.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
      }
    },
    summary: () => marks.join(', '),
  };
}

/**
 * Patch 6 of cdktf-internals: one manifest.json for stacks synthesized by several apps (synthesis shards).
 *
 * Each shard writes its own `manifest.json` (`{ version, stacks: { <name>: {...} } }`) beside `stacks/<name>/`. The
 * merged output must equal a single-process synthesis byte for byte, so the merged manifest is written the way cdktf
 * writes its own: json-stable-stringify with sorted keys and two spaces.
 *
 * Relies on: the manifest's shape (one entry per stack, paths relative to the output directory) and cdktf's writer
 * (`cdktf/lib/manifest.js`). If the fork writes it differently (cdktn 0.24 uses safe-stable-stringify), sharded
 * output differs from single-process output: test/cdktf-internals/stand-in-and-manifest.test.ts compares them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import stringify from 'json-stable-stringify';
import './version';

/** What cdktf writes into an output directory: the manifest and one directory per stack under `stacks/`. */
export const MANIFEST_FILE = 'manifest.json';
export const STACKS_DIR = 'stacks';

export interface Manifest {
  readonly version: unknown;
  readonly stacks: Readonly<Record<string, unknown>>;
}

export function readManifest(outdir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(outdir, MANIFEST_FILE), 'utf8')) as Manifest;
}

/** Writes into `outdir` one manifest holding the stacks of all `manifests` (same cdktf version), as cdktf would. */
export function writeMergedManifest(outdir: string, manifests: readonly Manifest[]): void {
  const versions = new Set(manifests.map((m) => m.version));
  if (versions.size !== 1)
    throw new Error(
      `cdktf-internals: can merge manifests of one cdktf version only, got [${[...versions].join(', ')}]`,
    );
  const [version] = versions;
  const stacks: Record<string, unknown> = {};
  for (const manifest of manifests) Object.assign(stacks, manifest.stacks);
  fs.writeFileSync(path.join(outdir, MANIFEST_FILE), stringify({ version, stacks }, { space: 2 })!);
}

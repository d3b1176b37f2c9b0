/**
 * What the plan cannot say: `lifecycle.prevent_destroy` is configuration of Terraform itself, absent from the plan
 * JSON, so turning it off (a protection level lowered, a lifecycle block dropped) is invisible in any plan. It is
 * found by comparing the base revision's synthesized stacks with the head's, resource by resource.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ProtectionChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  /**
   * `unprotected`: still configured, without prevent_destroy (nothing stops a later destroy);
   * `removed`: the resource block is gone, and its protection with it (Terraform plans a plain delete).
   */
  readonly change: 'unprotected' | 'removed';
}

export interface SynthComparison {
  readonly protection: readonly ProtectionChange[];
  /** Stacks synthesized in the base but not in the head: removing a stack's config destroys nothing. */
  readonly removedStacks: readonly string[];
}

type TfJson = { resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: unknown } }>> };

/** The directory holding `<stack>/cdk.tf.json`: `<dir>/stacks` for a cdktf output directory, else `dir` itself. */
export function stacksDirOf(dir: string): string {
  const nested = path.join(dir, 'stacks');
  return fs.existsSync(nested) && fs.statSync(nested).isDirectory() ? nested : dir;
}

function readStacks(dir: string, flag: string): Map<string, TfJson> {
  const stacksDir = stacksDirOf(dir);
  if (!fs.existsSync(stacksDir) || !fs.statSync(stacksDir).isDirectory()) {
    throw new SynthInputError(
      `${flag} ${dir}: no such directory; expected a synth output directory (stacks/<stack>/cdk.tf.json), e.g. cdktf.out`,
    );
  }
  const out = new Map<string, TfJson>();
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    try {
      out.set(stack, JSON.parse(fs.readFileSync(file, 'utf8')) as TfJson);
    } catch (e) {
      throw new SynthInputError(`${flag} ${file}: not valid JSON (${(e as Error).message}); re-run the synthesis`);
    }
  }
  if (out.size === 0) {
    throw new SynthInputError(
      `${flag} ${dir}: no synthesized stack in it (no ${path.join(stacksDir, '<stack>', 'cdk.tf.json')}); run \`npm run synth\` (or point at the base revision's synth output)`,
    );
  }
  return out;
}

export class SynthInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthInputError';
  }
}

function protectedAddresses(json: TfJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const p = body.lifecycle?.prevent_destroy;
      if (p === true || p === 'true') out.set(`${type}.${name}`, type);
    }
  }
  return out;
}

function hasResource(json: TfJson, address: string): boolean {
  const dot = address.indexOf('.');
  return json.resource?.[address.slice(0, dot)]?.[address.slice(dot + 1)] !== undefined;
}

/** Compares two synth output directories (base revision, head) for lost deletion protection and removed stacks. */
export function compareSynth(baseDir: string, headDir: string): SynthComparison {
  const base = readStacks(baseDir, '--base-synth');
  const head = readStacks(headDir, '--head-synth');
  const protection: ProtectionChange[] = [];
  const removedStacks: string[] = [];
  for (const [stack, json] of base) {
    const next = head.get(stack);
    if (!next) {
      removedStacks.push(stack);
      continue;
    }
    const stillProtected = protectedAddresses(next);
    for (const [address, type] of protectedAddresses(json)) {
      if (stillProtected.has(address)) continue;
      protection.push({ stack, address, type, change: hasResource(next, address) ? 'unprotected' : 'removed' });
    }
  }
  return { protection, removedStacks };
}

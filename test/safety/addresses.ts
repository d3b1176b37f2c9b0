/**
 * Terraform addresses of a synthesized platform: the contract between a config change and real resources. A changed
 * address means Terraform destroys the old resource and creates a new one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import type { PlatformConfig } from '../../config';
import { addPlatformStacks } from '../../stacks/app';
import type { SynthOptions } from '../../stacks/context';

export type Json = Record<string, any>;

export const OFFLINE: SynthOptions = { mode: 'offline', awsAuth: 'assume-role' };
export const LIVE: SynthOptions = { mode: 'live', awsAuth: 'assume-role' };

/** Every stack's cdk.tf.json, by stack name. Plain synthesis (no guardrails): addresses do not depend on them. */
export function synthStacks(config: PlatformConfig, options: SynthOptions = OFFLINE): Map<string, Json> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-safety-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    addPlatformStacks(app, config, options);
    app.synth();
    const stacks = new Map<string, Json>();
    for (const name of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
      stacks.set(name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')));
    }
    return stacks;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The resource addresses of one synthesized stack (`type.name`), sorted. */
export function resourceAddresses(stack: Json): string[] {
  return Object.entries((stack.resource ?? {}) as Record<string, Record<string, unknown>>)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

export function addressesByStack(stacks: Map<string, Json>): Map<string, string[]> {
  return new Map([...stacks].map(([name, json]) => [name, resourceAddresses(json)]));
}

/** The committed list's format: one `<stack> <address>` per line, sorted, so a diff shows exactly what moved. */
export function formatAddressList(addresses: Map<string, string[]>): string {
  const lines = [...addresses].flatMap(([stack, list]) => list.map((a) => `${stack} ${a}`)).sort();
  return `${lines.join('\n')}\n`;
}

export const ADDRESS_LIST_FILE = path.join(__dirname, '..', 'fixtures', 'addresses.txt');

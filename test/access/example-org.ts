/**
 * The example org, synthesized once per test file (live mode, with the guardrails, through the project's own
 * synthesizePlatform and synthesizeBootstrap), loaded into the AWS access model and wired to the test evaluator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig } from '../../config';
import { BOOTSTRAP_STACK, synthesizeBootstrap } from '../../bootstrap/stack';
import type { SynthOptions } from '../../stacks/context';
import { synthesizePlatform } from '../../stacks/synth';
import {
  type AwsAccessModel,
  AwsAccess,
  loadAwsAccessModel,
  stackFromSynthesized,
  type StackResources,
} from '../../tools/access/aws';
import { iamSimulateEvaluator } from './iam-simulate-evaluator';

export type Json = Record<string, any>;

export const LIVE: SynthOptions = { mode: 'live', awsAuth: 'assume-role' };

export interface ExampleOrg {
  readonly config: PlatformConfig;
  /** Every stack's cdk.tf.json by name, the bootstrap stack included. */
  readonly synthesized: ReadonlyMap<string, Json>;
  readonly stacks: readonly StackResources[];
  readonly model: AwsAccessModel;
  readonly access: AwsAccess;
}

/** Synthesizes `config` (default: the example) and the bootstrap stack into a temp dir, removed before returning. */
export function synthesizeOrg(config?: PlatformConfig): { config: PlatformConfig; synthesized: Map<string, Json> } {
  if (!config) {
    const loaded = loadConfig();
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    config = loaded.config;
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-access-'));
  try {
    synthesizePlatform({ config, options: LIVE, outdir });
    const bootstrap = synthesizeBootstrap(config, LIVE, path.join(outdir, 'bootstrap'), 's3');
    const synthesized = new Map<string, Json>();
    for (const name of fs.readdirSync(path.join(outdir, 'stacks')).sort())
      synthesized.set(name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')));
    synthesized.set(BOOTSTRAP_STACK, JSON.parse(fs.readFileSync(path.join(bootstrap.stackDir, 'cdk.tf.json'), 'utf8')));
    return { config, synthesized };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Account ids of the member accounts by Organizations account name: config records them (they exist after creation). */
export function accountIdsOf(config: PlatformConfig): Record<string, string> {
  return Object.fromEntries(config.environments.map((e) => [e.aws.accountName, e.aws.accountId]));
}

export function exampleOrg(config?: PlatformConfig): ExampleOrg {
  const org = synthesizeOrg(config);
  const stacks = [...org.synthesized].map(([name, json]) => stackFromSynthesized(name, json));
  const model = loadAwsAccessModel(stacks, { accountIds: accountIdsOf(org.config) });
  return { ...org, stacks, model, access: new AwsAccess(model, iamSimulateEvaluator) };
}

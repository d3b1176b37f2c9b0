/**
 * A real Terraform plan of a changed stack, offline: the example org's synthesized stacks are copied (the shared
 * synthesis of this jest run, test/terraform/shared.ts), one stack's cdk.tf.json is edited the way a code change
 * would change it, a state is seeded from that stack's base plan (the shared `npm run plan` run) as if the base were
 * deployed, and Terraform plans the edited config against it with -refresh=false (offline mode's default).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planStack, type PlanResult } from '../../../tools/terraform';
import { seedStateFromPlan } from '../../../tools/preview/seed-state';
import { copySynth, type SharedPlans } from '../../terraform/shared';

export type TfJson = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  [block: string]: unknown;
};

export interface StateResource {
  type: string;
  name: string;
  instances: Array<Record<string, unknown> & { attributes: Record<string, unknown> }>;
}

export interface Scenario {
  /** Synth output of the head: every stack of the example org, the edited one changed. */
  readonly outdir: string;
  /** The plan of the edited stack (<stack>.json, <stack>.txt, no index.json). */
  readonly plansDir: string;
  readonly result: PlanResult;
  /** Terraform's own plan text: an oracle independent of the review. */
  readonly planText: string;
}

export function resourceKey(json: TfJson, type: string, index = 0): string {
  return Object.keys(json.resource[type])[index];
}

/** Renames a resource in the config, and every reference to it. */
export function renameResource(json: TfJson, type: string, from: string, to: string): TfJson {
  const text = JSON.stringify(json).split(`${type}.${from}.`).join(`${type}.${to}.`);
  const out = JSON.parse(text) as TfJson;
  out.resource[type][to] = out.resource[type][from];
  delete out.resource[type][from];
  return out;
}

export async function planChanged(
  shared: SharedPlans,
  stack: string,
  work: string,
  edit: (json: TfJson, state: { resources: StateResource[] }) => TfJson | void,
  planArgs: readonly string[] = [],
  /** The base plan to seed the state from; default: the stack's plan of the shared run. */
  basePlanFile: string = path.join(shared.plansDir, `${stack}.json`),
): Promise<Scenario> {
  const outdir = copySynth(shared.outdir, path.join(work, 'head'));
  const dir = path.join(outdir, 'stacks', stack);
  const base = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as TfJson;
  const basePlan = JSON.parse(fs.readFileSync(basePlanFile, 'utf8'));
  const state = seedStateFromPlan(basePlan) as { resources: StateResource[] };
  const json = edit(base, state) ?? base;
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state, null, 2));
  const plansDir = path.join(work, 'plans');
  const result = await planStack(stack, { outdir, plansDir, planArgs });
  if (result.status !== 'planned') {
    const detail = result.errorFile ? fs.readFileSync(result.errorFile, 'utf8').slice(0, 3000) : '';
    throw new Error(`plan of the changed ${stack} failed: ${result.reason}\n${detail}`);
  }
  return { outdir, plansDir, result, planText: fs.readFileSync(result.textFile!, 'utf8') };
}

/**
 * Just enough of CircleCI's config model (version 2.1) to check the pipeline's structure: jobs, commands, executors,
 * workflows with job invocations, requires, contexts and filters. Parsed with `yaml`; no CircleCI SDK.
 */
import * as fs from 'node:fs';
import { parse } from 'yaml';

export type Step = string | Record<string, unknown>;

export interface Definition {
  readonly parameters: Record<string, { type?: string; default?: unknown; enum?: unknown[] }>;
  readonly steps: Step[];
  readonly raw: Record<string, unknown>;
}

export interface Invocation {
  /** The job (or approval) it runs. */
  readonly job: string;
  /** Its name in the workflow (`name:` or the job). */
  readonly name: string;
  readonly approval: boolean;
  /** Names of the jobs it requires. */
  readonly requires: string[];
  /** For each required job, the statuses that let this one start (default `success`). */
  readonly requiresStatus: Record<string, string[]>;
  /** Its `serial-group`, if any. */
  readonly serialGroup?: string;
  readonly contexts: string[];
  readonly params: Record<string, unknown>;
  readonly filters?: { branches?: { only?: string | string[]; ignore?: string | string[] } };
}

export interface Workflow {
  readonly name: string;
  readonly when?: unknown;
  readonly jobs: Invocation[];
}

export interface CircleConfig {
  readonly text: string;
  readonly doc: Record<string, any>;
  readonly jobs: Record<string, Definition>;
  readonly commands: Record<string, Definition>;
  readonly executors: Record<string, Record<string, unknown>>;
  readonly workflows: Workflow[];
}

/** Steps CircleCI provides; anything else must be a command of this config. */
export const BUILT_IN_STEPS = new Set([
  'checkout',
  'run',
  'save_cache',
  'restore_cache',
  'persist_to_workspace',
  'attach_workspace',
  'store_artifacts',
  'store_test_results',
  'setup_remote_docker',
  'add_ssh_keys',
  'when',
  'unless',
  'deploy',
]);

/** Keys of a workflow job entry that are not job parameters. */
export const INVOCATION_KEYS = new Set([
  'name',
  'requires',
  'context',
  'filters',
  'matrix',
  'type',
  'pre-steps',
  'post-steps',
  'serial-group',
  'override-with',
]);

function definition(raw: Record<string, unknown>): Definition {
  return { parameters: (raw.parameters ?? {}) as Definition['parameters'], steps: (raw.steps ?? []) as Step[], raw };
}

/** `requires` entries: a name, or `{name: status}` / `{name: [statuses]}` (`terminal` = every final status). */
function requiresOf(v: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const item of v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]) {
    if (typeof item === 'string') out[item] = ['success'];
    else
      for (const [name, status] of Object.entries(item as Record<string, unknown>)) {
        const list = (Array.isArray(status) ? status : [status]).map(String);
        out[name] = list.includes('terminal') ? ['success', 'failed', 'canceled', 'unauthorized', 'not_run'] : list;
      }
  }
  return out;
}

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

export function loadCircleConfig(file: string): CircleConfig {
  const text = fs.readFileSync(file, 'utf8');
  const doc = parse(text) as Record<string, any>;
  const workflows: Workflow[] = Object.entries((doc.workflows ?? {}) as Record<string, any>)
    .filter(([name]) => name !== 'version')
    .map(([name, wf]) => ({
      name,
      when: wf.when,
      jobs: (wf.jobs as unknown[]).map((entry) => {
        const [job, body] =
          typeof entry === 'string'
            ? [entry, {}]
            : (Object.entries(entry as object)[0] as [string, Record<string, unknown>]);
        const b = (body ?? {}) as Record<string, unknown>;
        return {
          job,
          name: typeof b.name === 'string' ? b.name : job,
          approval: b.type === 'approval',
          requires: Object.keys(requiresOf(b.requires)),
          requiresStatus: requiresOf(b.requires),
          serialGroup: typeof b['serial-group'] === 'string' ? b['serial-group'] : undefined,
          contexts: asList(b.context),
          params: Object.fromEntries(Object.entries(b).filter(([k]) => !INVOCATION_KEYS.has(k))),
          filters: b.filters as Invocation['filters'],
        };
      }),
    }));
  const map = (section: unknown) =>
    Object.fromEntries(
      Object.entries((section ?? {}) as Record<string, Record<string, unknown>>).map(([k, v]) => [k, definition(v)]),
    );
  return { text, doc, jobs: map(doc.jobs), commands: map(doc.commands), executors: doc.executors ?? {}, workflows };
}

/** Name and arguments of a step (`checkout`, `{run: ...}`, `{my-command: {p: 1}}`). */
export function stepCall(step: Step): { name: string; args: Record<string, unknown> } {
  if (typeof step === 'string') return { name: step, args: {} };
  const keys = Object.keys(step);
  if (keys.length !== 1) throw new Error(`a step must have exactly one key, got ${JSON.stringify(keys)}`);
  const value = step[keys[0]];
  return { name: keys[0], args: typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {} };
}

/** Every step, descending into when/unless blocks. */
export function flattenSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((s) => {
    const { name, args } = stepCall(s);
    if (name === 'when' || name === 'unless') return [s, ...flattenSteps((args.steps ?? []) as Step[])];
    return [s];
  });
}

/** Commands a definition runs, transitively through commands. */
export function commandsUsed(config: CircleConfig, def: Definition, seen = new Set<string>()): Set<string> {
  for (const step of flattenSteps(def.steps)) {
    const { name } = stepCall(step);
    if (BUILT_IN_STEPS.has(name) || seen.has(name)) continue;
    seen.add(name);
    const cmd = config.commands[name];
    if (cmd) commandsUsed(config, cmd, seen);
  }
  return seen;
}

/** Invocations `name` depends on, transitively, within one workflow. */
export function ancestors(workflow: Workflow, name: string): Set<string> {
  const byName = new Map(workflow.jobs.map((j) => [j.name, j]));
  const out = new Set<string>();
  const stack = [...(byName.get(name)?.requires ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (out.has(next)) continue;
    out.add(next);
    stack.push(...(byName.get(next)?.requires ?? []));
  }
  return out;
}

/** A cycle in the requires graph of a workflow, or undefined. */
export function findCycle(workflow: Workflow): string[] | undefined {
  const byName = new Map(workflow.jobs.map((j) => [j.name, j]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const r of byName.get(name)?.requires ?? []) {
      const cycle = visit(r);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const j of workflow.jobs) {
    const cycle = visit(j.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** `<< parameters.x >>` references in a definition's body. */
export function parameterReferences(def: Definition): string[] {
  const text = JSON.stringify({ ...def.raw, parameters: undefined });
  return [...text.matchAll(/<<\s*parameters\.([A-Za-z0-9_-]+)\s*>>/g)].map((m) => m[1]);
}

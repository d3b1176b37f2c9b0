/**
 * The set of saved plans a deploy applies: every index.json `npm run plan` wrote under the plans directory (CI:
 * `<plans>/<env>/shard-<i>/`), merged, with each planned stack's binary plan. A deploy applies a reviewed set, so the
 * set must be complete: any stack whose plan failed, was skipped, is missing, or is listed twice is a problem, and
 * with problems nothing at all is applied.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLAN_INDEX_FILE, type PlanIndexEntry } from '../terraform';

export interface PlannedStack {
  readonly stack: string;
  readonly status: PlanIndexEntry['status'];
  readonly reason?: string;
  /** Absolute path of the binary plan (planned only). */
  readonly planFile?: string;
  readonly lockFile?: string;
  /** False when applying would change nothing (Terraform's `applyable`, else "no resource change"). */
  readonly hasChanges: boolean;
  /** The index.json it came from. */
  readonly indexFile: string;
}

export interface PlanSetProblem {
  readonly stack?: string;
  readonly message: string;
}

export interface PlanSet {
  readonly stacks: PlannedStack[];
  /** Why this set cannot be deployed as it is (with the stack concerned, when there is one); empty when it can. */
  readonly problems: PlanSetProblem[];
  readonly indexFiles: string[];
}

/** How deep under the plans directory index files are looked for (`<plans>/<env>/shard-<i>/index.json` is 2). */
const MAX_DEPTH = 3;

function indexFilesUnder(dir: string, depth = 0): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const here = entries.some((e) => e.isFile() && e.name === PLAN_INDEX_FILE) ? [path.join(dir, PLAN_INDEX_FILE)] : [];
  if (depth >= MAX_DEPTH) return here;
  return [
    ...here,
    ...entries.filter((e) => e.isDirectory()).flatMap((e) => indexFilesUnder(path.join(dir, e.name), depth + 1)),
  ];
}

function readIndex(file: string, problems: PlanSetProblem[]): PlanIndexEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push({ message: `${file}: not valid JSON (${(e as Error).message}); re-run \`npm run plan\`` });
    return [];
  }
  if (
    !Array.isArray(value) ||
    !value.every((e) => typeof e?.stack === 'string' && ['planned', 'failed', 'skipped'].includes(e?.status))
  ) {
    problems.push({ message: `${file}: expected a list of {stack, status, plan, ...} as \`npm run plan\` writes it` });
    return [];
  }
  return value as PlanIndexEntry[];
}

/** Reads the plan set under `plansDir` (see the file comment). Throws only when the directory does not exist. */
export function readPlanSet(plansDir: string): PlanSet {
  if (!fs.existsSync(plansDir) || !fs.statSync(plansDir).isDirectory()) {
    throw new Error(
      `plan directory ${plansDir} does not exist: run \`npm run plan -- <stack or glob>...\` first (it writes the plans and index.json there), or pass the right --plans`,
    );
  }
  const problems: PlanSetProblem[] = [];
  const indexFiles = indexFilesUnder(plansDir);
  if (indexFiles.length === 0) {
    problems.push({
      message: `no ${PLAN_INDEX_FILE} under ${plansDir}: nothing was planned there (run \`npm run plan\`)`,
    });
  }
  const byStack = new Map<string, PlannedStack>();
  for (const file of indexFiles) {
    const dir = path.dirname(file);
    for (const e of readIndex(file, problems)) {
      const other = byStack.get(e.stack);
      if (other) {
        problems.push({
          stack: e.stack,
          message: `${e.stack} is planned twice (${other.indexFile} and ${file}); plan each stack once`,
        });
        continue;
      }
      const planFile = e.plan ? path.resolve(dir, e.plan) : undefined;
      const lockFile = e.lock ? path.resolve(dir, e.lock) : undefined;
      const entry: PlannedStack = {
        stack: e.stack,
        status: e.status,
        reason: e.reason,
        planFile,
        lockFile,
        hasChanges: e.applyable ?? e.hasChanges ?? true,
        indexFile: file,
      };
      byStack.set(e.stack, entry);
      const problem = (message: string) => problems.push({ stack: e.stack, message: `${e.stack}: ${message}` });
      if (e.status === 'failed') problem(`its plan failed (${e.reason ?? 'no reason given'})`);
      else if (e.status === 'skipped') problem(`it was not planned (${e.reason ?? 'skipped'})`);
      else if (!planFile) problem(`${file} names no binary plan (planned by an older plan tool?)`);
      else if (!fs.existsSync(planFile)) problem(`its plan file ${planFile} is missing`);
    }
  }
  return { stacks: [...byStack.values()].sort((a, b) => a.stack.localeCompare(b.stack)), problems, indexFiles };
}

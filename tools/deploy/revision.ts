/**
 * The deployed-revision record of an environment: which commit last deployed it completely, so that
 * - the set to deploy is what differs from that commit (`npm run affected -- --base <recorded revision>`), not from
 *   the previous commit: a deploy that failed or was never approved is carried by the next one;
 * - a hold for an older commit refuses to apply once a newer commit has deployed the environment (the recorded
 *   revision must be an ancestor of the commit about to deploy), and plans made against another deployed revision
 *   than the recorded one are refused (they were reviewed against a state that is gone).
 *
 * One JSON object per environment (`management` for the organization stack), next to the state:
 *   s3://<stateBackend.bucket>/<stateBackend.keyPrefix>/deployed/<env>.json   (CI)
 *   <dir>/<env>.json                                                          (file://<dir>: tests, dry runs)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commitOf } from '../git';

export const RECORD_FORMAT = 'data-platform-deployed-revision/1' as const;

export interface DeployedRevision {
  readonly format: typeof RECORD_FORMAT;
  readonly environment: string;
  /** Full commit SHA that was deployed. */
  readonly revision: string;
  /** ISO time the deploy finished. */
  readonly deployedAt: string;
  /** The stacks the deploy applied (those with changes); informative. */
  readonly stacks: readonly string[];
  /** Where it was deployed from (CI job URL, pipeline number), when known. */
  readonly source?: { readonly jobUrl?: string; readonly pipeline?: string; readonly workflowId?: string };
}

/** Where records are kept. */
export interface RevisionStore {
  /** A description for messages, e.g. `s3://bucket/data-platform/deployed/dev.json`. */
  location(environment: string): string;
  read(environment: string): Promise<DeployedRevision | undefined>;
  write(record: DeployedRevision): Promise<void>;
}

export class RevisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RevisionError';
  }
}

export function parseRecord(text: string, where: string): DeployedRevision {
  let value: Partial<DeployedRevision>;
  try {
    value = JSON.parse(text) as Partial<DeployedRevision>;
  } catch (e) {
    throw new RevisionError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  if (value.format !== RECORD_FORMAT || typeof value.revision !== 'string' || !/^[0-9a-f]{40}$/.test(value.revision)) {
    throw new RevisionError(
      `${where}: not a deployed-revision record (expected {"format":"${RECORD_FORMAT}","revision":"<40-hex sha>",...})`,
    );
  }
  return value as DeployedRevision;
}

/** Records as files `<dir>/<env>.json`. */
export class FileRevisionStore implements RevisionStore {
  constructor(private readonly dir: string) {}
  location(environment: string): string {
    return path.join(this.dir, `${environment}.json`);
  }
  async read(environment: string): Promise<DeployedRevision | undefined> {
    const file = this.location(environment);
    if (!fs.existsSync(file)) return undefined;
    return parseRecord(fs.readFileSync(file, 'utf8'), file);
  }
  async write(record: DeployedRevision): Promise<void> {
    const file = this.location(record.environment);
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
    fs.renameSync(tmp, file);
  }
}

/** Is `ancestor` an ancestor of (or the same as) `commit` in the repository at `repoRoot`? */
export function isAncestor(repoRoot: string, ancestor: string, commit: string): boolean {
  try {
    execFileSync('git', ['merge-base', '--is-ancestor', ancestor, commit], { cwd: repoRoot, stdio: 'pipe' });
    return true;
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 1) return false;
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new RevisionError(
      `cannot compare ${ancestor.slice(0, 12)} with ${commit.slice(0, 12)} in ${repoRoot}: ${stderr || (e as Error).message}. ` +
        'Both commits must be in this clone (CI: a full clone, not a shallow one; fetch origin if the recorded commit is missing).',
    );
  }
}

/** The full SHA of `ref` in `repoRoot`. */
export function resolveCommit(repoRoot: string, ref: string): string {
  const commit = commitOf(repoRoot, ref);
  if (commit === undefined) throw new RevisionError(`"${ref}" is not a commit in ${repoRoot}`);
  return commit;
}

export interface CheckInput {
  readonly environment: string;
  /** The commit about to be deployed. */
  readonly commit: string;
  /**
   * The recorded revision the plans were made against: a SHA, `none` (there was no record: every stack was
   * planned), or undefined (not checked).
   */
  readonly plannedBase?: string;
  readonly repoRoot: string;
}

export interface CheckResult {
  readonly ok: boolean;
  /** What was found and, when refused, what to do. */
  readonly message: string;
  readonly recorded?: DeployedRevision;
}

/**
 * May `commit` deploy `environment` now? Refused when the recorded revision is not an ancestor of `commit` (a newer
 * or unrelated commit deployed it: this is an old hold), or differs from the revision the plans were made against
 * (someone deployed in between: the saved plans were reviewed against a state that is gone).
 */
export async function checkDeployAllowed(store: RevisionStore, input: CheckInput): Promise<CheckResult> {
  const recorded = await store.read(input.environment);
  const where = store.location(input.environment);
  const short = (s: string) => s.slice(0, 12);
  if (!recorded) {
    if (input.plannedBase !== undefined && input.plannedBase !== 'none') {
      return {
        ok: false,
        message: `${where} is gone, but these plans were made against its revision ${short(input.plannedBase)}; re-run the workflow from the start`,
      };
    }
    return { ok: true, message: `no deployed revision recorded for ${input.environment} (${where}): first deploy` };
  }
  if (!isAncestor(input.repoRoot, recorded.revision, input.commit)) {
    return {
      ok: false,
      recorded,
      message:
        `${input.environment} was deployed from ${short(recorded.revision)} at ${recorded.deployedAt}, which is not an ancestor of ${short(input.commit)}: ` +
        'a newer (or unrelated) commit is deployed already, and this older one must not overwrite it. Nothing is applied; deploy from the newest main pipeline.',
    };
  }
  if (input.plannedBase !== undefined && input.plannedBase !== recorded.revision) {
    const base = input.plannedBase === 'none' ? 'no recorded revision' : short(input.plannedBase);
    return {
      ok: false,
      recorded,
      message:
        `${input.environment} was deployed from ${short(recorded.revision)} at ${recorded.deployedAt}, after these plans were made against ${base}: ` +
        'the saved plans no longer describe what would change. Re-run this workflow from the start to plan and review against the new revision.',
    };
  }
  return {
    ok: true,
    recorded,
    message: `${input.environment} last deployed from ${short(recorded.revision)} (${recorded.deployedAt}), an ancestor of ${short(input.commit)}`,
  };
}

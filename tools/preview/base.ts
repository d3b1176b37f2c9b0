/**
 * The base revision of a preview: which commit (`--base`, default origin/main, else main), and its synthesis —
 * exported with `git archive` and synthesized offline exactly as `npm run affected` does (tools/affected), so the
 * working tree and the base are compared like for like.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AffectedError, exportRevision, resolveCommit, synthesizeTree } from '../affected/index';

/** Tried in order when no --base is given. */
export const DEFAULT_BASE_REFS = ['origin/main', 'main'] as const;
/** `--base none`: no base revision; every stack is planned as new (the preview of an empty account). */
export const NO_BASE = 'none';

export interface BaseRevision {
  readonly ref: string;
  readonly commit: string;
}

export class PreviewBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewBaseError';
  }
}

/** The commit to compare with; undefined for `--base none`. */
export function resolveBase(repoRoot: string, ref: string | undefined): BaseRevision | undefined {
  if (ref === NO_BASE) return undefined;
  if (ref !== undefined) {
    try {
      return { ref, commit: resolveCommit(repoRoot, ref) };
    } catch (e) {
      throw new PreviewBaseError(
        `--base ${ref}: ${(e as Error).message} Or pass --base ${NO_BASE} to plan every stack as new.`,
      );
    }
  }
  for (const candidate of DEFAULT_BASE_REFS) {
    try {
      return { ref: candidate, commit: resolveCommit(repoRoot, candidate) };
    } catch {
      // try the next one
    }
  }
  throw new PreviewBaseError(
    `none of ${DEFAULT_BASE_REFS.join(', ')} is a commit in ${repoRoot}: pass --base <git-ref> (the branch your pull request will merge into), or --base ${NO_BASE} to plan every stack as new.`,
  );
}

/** Synthesizes `base` offline into `outdir` (stacks/<stack>/cdk.tf.json); the exported tree is removed after. */
export async function synthesizeBase(
  repoRoot: string,
  base: BaseRevision,
  outdir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'data-platform-preview-base-'));
  try {
    const tree = path.join(temp, 'tree');
    exportRevision(repoRoot, base.commit, tree);
    fs.rmSync(outdir, { recursive: true, force: true });
    await synthesizeTree(tree, outdir, { nodeModulesFrom: repoRoot, mode: 'offline', env });
  } catch (e) {
    if (e instanceof AffectedError)
      throw new PreviewBaseError(
        `the base ${base.ref} (${base.commit.slice(0, 12)}) cannot be synthesized: ${e.message}`,
      );
    throw e;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

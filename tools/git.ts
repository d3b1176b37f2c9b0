/** The few git questions the tools ask, answered by the git CLI of the checkout. */
import { execFileSync } from 'node:child_process';

/** The full SHA of the commit `ref` names in `repoRoot`, or undefined when it names none. */
export function commitOf(repoRoot: string, ref: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch {
    return undefined;
  }
}

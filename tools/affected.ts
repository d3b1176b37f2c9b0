/**
 * `npm run affected -- --base <git-ref> [--mode live|offline] [--json <file>] [--base-out <dir>] [--keep-temp]`
 *
 * Prints on stdout, one per line, the stacks whose synthesized Terraform JSON differs from <git-ref>: changed and
 * added stacks, i.e. exactly what to plan and deploy (CI reads this list as it is). Stacks whose config was removed
 * are flagged on stderr as `removed: <stack>` (and listed under "removed" in --json), because deleting a stack's
 * config does not destroy its resources: someone must destroy them or decide to keep them.
 * Exit: 0 (whatever the differences), 1 on errors (unknown ref, a synth that fails), 2 on bad usage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AffectedError, findAffectedStacks } from './affected/index';

export const USAGE =
  'usage: npm run affected -- --base <git-ref> [--mode live|offline] [--json <file>] [--base-out <dir>] [--keep-temp]\n' +
  "  --base-out <dir>: keep the base revision's synthesis there (for `npm run review -- --base-synth <dir>`)";

export interface AffectedIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly out?: (line: string) => void;
  readonly error?: (line: string) => void;
}

export async function runAffected(argv: readonly string[], io: AffectedIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const error = io.error ?? ((l: string) => process.stderr.write(`${l}\n`));
  let base: string | undefined;
  let mode: string | undefined;
  let json: string | undefined;
  let keep = false;
  let baseOut: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--base') base = value();
    else if (flag === '--mode') mode = value();
    else if (flag === '--json') json = value();
    else if (flag === '--keep-temp') keep = true;
    else if (flag === '--base-out') baseOut = value();
    else if (flag === '-h' || flag === '--help') {
      out(USAGE);
      return 0;
    } else {
      error(`affected: unknown argument "${arg}"\n${USAGE}`);
      return 2;
    }
  }
  if (!base) {
    error(`affected: --base <git-ref> is required (e.g. --base origin/main)\n${USAGE}`);
    return 2;
  }
  if (mode !== undefined && mode !== 'live' && mode !== 'offline') {
    error(`affected: --mode must be "live" or "offline", got "${mode}"\n${USAGE}`);
    return 2;
  }
  try {
    const result = await findAffectedStacks({
      base,
      mode: mode as 'live' | 'offline' | undefined,
      repoRoot: io.cwd,
      env: io.env,
      keep,
      baseOut,
    });
    for (const stack of [...result.changed, ...result.added].sort()) out(stack);
    for (const stack of result.removed) {
      error(
        `removed: ${stack} (its config is gone; its resources still exist: destroy them from the base revision, or keep them on purpose)`,
      );
    }
    if (json) {
      fs.mkdirSync(path.dirname(path.resolve(json)), { recursive: true });
      const { base: b, commit, mode: m, added, changed, removed, unchanged } = result;
      fs.writeFileSync(
        json,
        `${JSON.stringify({ base: b, commit, mode: m, added, changed, removed, unchanged }, null, 2)}\n`,
      );
    }
    error(
      `affected: ${result.added.length + result.changed.length + result.removed.length} stack(s) differ from ${base} (${result.commit.slice(0, 12)}, ${result.mode} mode): ` +
        `${result.changed.length} changed, ${result.added.length} added, ${result.removed.length} removed, ${result.unchanged.length} unchanged ` +
        `(${(result.durationMs / 1000).toFixed(1)}s)${result.tempDir ? `; kept ${result.tempDir}` : ''}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof AffectedError) {
      error(`affected: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  runAffected(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`affected: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 1;
    },
  );
}

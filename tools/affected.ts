/**
 * `npm run affected -- --base <git-ref> [--mode live|offline] [--json <file>] [--base-out <dir>] [--keep-temp]`
 * (options, environment and exit codes: AFFECTED_COMMAND, printed by `--help`).
 *
 * Prints on stdout, one per line, the stacks whose synthesized Terraform JSON differs from <git-ref>: changed and
 * added stacks, i.e. exactly what to plan and deploy (CI reads this list as it is). Stacks whose config was removed
 * are flagged on stderr as `removed: <stack>` (and listed under "removed" in --json), because deleting a stack's
 * config does not destroy its resources: someone must destroy them or decide to keep them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AffectedError, findAffectedStacks } from './affected/index';
import { choiceOption, defineCommand, type ParsedCommand, runCommand, runMain, UsageError } from './cli';

export const AFFECTED_COMMAND = defineCommand({
  command: 'npm run affected --',
  summary:
    'Prints the stacks whose synthesized Terraform JSON differs from a base git revision (changed and added, one per line); removed stacks are flagged on stderr.',
  options: {
    base: {
      type: 'string',
      valueName: 'GIT-REF',
      description: 'the revision to compare with, e.g. origin/main (required)',
    },
    mode: {
      type: 'string',
      valueName: 'live|offline',
      description: 'synthesis mode of both sides (default: DATA_PLATFORM_MODE, else live)',
    },
    json: {
      type: 'string',
      valueName: 'FILE',
      description: 'also write the full result (added, changed, removed, unchanged) as JSON',
    },
    'base-out': {
      type: 'string',
      valueName: 'DIR',
      description: "keep the base revision's synthesis in DIR (for `npm run review -- --base-synth DIR`)",
    },
    'keep-temp': { type: 'boolean', description: 'keep the temporary directory with both syntheses (for debugging)' },
  },
  environment: {
    DATA_PLATFORM_MODE: 'default for --mode',
    DATA_PLATFORM_SYNTH_WORKERS: 'processes per side (default 1: the two sides already run side by side)',
  },
  exitCodes: {
    0: 'the list was printed (whatever the differences)',
    1: 'an error: unknown ref, a synthesis that fails',
  },
});

export interface AffectedIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly out?: (line: string) => void;
  readonly error?: (line: string) => void;
}

export async function runAffected(argv: readonly string[], io: AffectedIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const error = io.error ?? ((l: string) => process.stderr.write(`${l}\n`));
  return runCommand(AFFECTED_COMMAND, argv, (args) => affected(args.values, io, out, error), { out, error });
}

async function affected(
  values: ParsedCommand<typeof AFFECTED_COMMAND.options>['values'],
  io: AffectedIo,
  out: (line: string) => void,
  error: (line: string) => void,
): Promise<number> {
  const { base, json } = values;
  if (!base) throw new UsageError('--base <git-ref> is required (e.g. --base origin/main)');
  const mode = choiceOption('mode', values.mode, ['live', 'offline'] as const);
  try {
    const result = await findAffectedStacks({
      base,
      mode,
      repoRoot: io.cwd,
      env: io.env,
      keep: values['keep-temp'] === true,
      baseOut: values['base-out'],
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

if (require.main === module) runMain('affected', (argv) => runAffected(argv));

/**
 * Every command line follows tools/cli.ts: `--help` exits 0 and documents every option, environment variable and
 * exit code; a usage error exits 2 with the problem and the usage line on stderr, before the command does anything.
 * In-process: each command's run function with captured output.
 */
import { BENCH_COMMAND, runBench } from '../../bench/run';
import { BOOTSTRAP_COMMAND, runBootstrap } from '../../bootstrap/main';
import { ACCESS_REPORT_COMMAND, runAccessReport } from '../../tools/access-report/run';
import { AFFECTED_COMMAND, runAffected } from '../../tools/affected';
import type { CommandSpec, OptionSpecs } from '../../tools/cli';
import { NEW_TEAM_COMMAND } from '../../tools/new-team/args';
import { runNewTeam } from '../../tools/new-team/scaffold';
import { SYNTH_COMMAND, synthCommandLine } from '../../tools/synth-command';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

type Runner = (argv: string[]) => Promise<Run>;

/** Runs `call` with output captured through the `out`/`error` (or `log`/`error`) functions it is given. */
function captured(
  call: (argv: string[], io: { out: (t: string) => void; error: (t: string) => void }) => number | Promise<number>,
): Runner {
  return async (argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await call(argv, { out: (t) => out.push(t), error: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

const COMMANDS: ReadonlyArray<{
  name: string;
  spec: CommandSpec<OptionSpecs>;
  run: Runner;
  /** Environment variables the command reads, which its help must name. */
  env: string[];
  /** Bad command lines besides an unknown option, each with (part of) the message it must print. */
  bad: Array<[string[], string]>;
}> = [
  {
    name: 'synth',
    spec: SYNTH_COMMAND,
    run: captured((argv, io) => synthCommandLine(argv, io) ?? -1),
    env: [
      'DATA_PLATFORM_MODE',
      'DATA_PLATFORM_AWS_AUTH',
      'DATA_PLATFORM_CONFIG_DIR',
      'CDKTF_OUTDIR',
      'DATA_PLATFORM_SYNTH_WORKERS',
      'DATA_PLATFORM_TOKEN_STACK_TRACES',
      'DATA_PLATFORM_COMPACT_ELEMENTS',
      'DATA_PLATFORM_ALLOW_CDKTF_VERSION',
    ],
    bad: [[['dev-*'], "Unexpected argument 'dev-*'"]],
  },
  {
    name: 'affected',
    spec: AFFECTED_COMMAND,
    run: captured((argv, io) => runAffected(argv, io)),
    env: ['DATA_PLATFORM_MODE', 'DATA_PLATFORM_SYNTH_WORKERS'],
    bad: [
      [[], '--base <git-ref> is required'],
      [['--base'], "Option '--base <value>' argument missing"],
      [['--base', 'main', '--mode', 'Live'], '--mode must be one of live, offline, got "Live"'],
      [['--base', 'main', 'extra'], "Unexpected argument 'extra'"],
    ],
  },
  {
    name: 'new-team',
    spec: NEW_TEAM_COMMAND,
    run: captured((argv, io) => runNewTeam(argv, { log: io.out, error: io.error })),
    env: [],
    bad: [
      [[], 'expected <name>'],
      [['a', 'b'], 'too many arguments: b'],
      [['growth', '--owner'], "Option '--owner <value>' argument missing"],
      [['growth', '--owner', '--dry-run'], "Option '--owner' argument is ambiguous"],
    ],
  },
  {
    name: 'access-report',
    spec: ACCESS_REPORT_COMMAND,
    run: captured((argv, io) => runAccessReport(argv, { log: io.out, error: io.error, renderTools: {} })),
    env: [],
    bad: [
      [['--out'], "Option '--out <value>' argument missing"],
      [['report.md'], "Unexpected argument 'report.md'"],
    ],
  },
  {
    name: 'bench',
    spec: BENCH_COMMAND,
    run: captured((argv, io) => runBench(argv, io)),
    env: [],
    bad: [
      [['--sizes', '10,lots'], '--sizes must be a whole number of at least 1, got "lots"'],
      [['--runs', '0'], '--runs must be a whole number of at least 1, got "0"'],
    ],
  },
  {
    name: 'bootstrap',
    spec: BOOTSTRAP_COMMAND,
    run: captured((argv, io) => runBootstrap(argv, io)),
    env: [
      'DATA_PLATFORM_CONFIG_DIR',
      'DATA_PLATFORM_MODE',
      'DATA_PLATFORM_AWS_AUTH',
      'BOOTSTRAP_BACKEND',
      'BOOTSTRAP_OUTDIR',
      'TF_PLUGIN_MIRROR',
    ],
    bad: [
      [['deploy'], 'unknown step "deploy": give one of synth, plan, apply'],
      [['plan', 'apply'], 'too many arguments: apply'],
    ],
  },
];

describe.each(COMMANDS)('$name', ({ spec, run, env, bad }) => {
  it('--help and -h exit 0 and document every option, environment variable and exit code', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run([flag]);
      expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
      expect(r.out).toContain(`usage: ${spec.command}`);
      for (const option of Object.keys(spec.options)) expect(r.out).toContain(`--${option}`);
      for (const name of env) expect(r.out).toMatch(new RegExp(`^  ${name} `, 'm'));
      expect(r.out).toMatch(/^exit codes:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}\S/m);
    }
  });

  it.each([[['--no-such-option'], "Unknown option '--no-such-option'"], ...bad])(
    'exits 2 on %j, with the problem and the usage line on stderr',
    async (argv, message) => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(message);
      expect(r.err).toContain(`usage: ${spec.command}`);
    },
  );
});

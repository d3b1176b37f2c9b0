/**
 * One command-line convention for every tool, on `node:util` parseArgs:
 * - `--help` / `-h` prints the command's help on stdout and exits 0;
 * - a usage error (unknown option, missing or malformed value, wrong positionals) prints the problem and the usage
 *   line on stderr and exits 2;
 * - anything else the command decides (0 success, 1 failure, and command-specific codes documented in its help).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command's options as parseArgs takes them, plus what `--help` says about each. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line for `--help`. */
  readonly description: string;
  /** Placeholder of the value in `--help`, e.g. `DIR` (string options only). */
  readonly valueName?: string;
};

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** How it is run, e.g. `npm run plan --`. */
  readonly command: string;
  /** One line: what the command does. */
  readonly summary: string;
  readonly options: O;
  /** Positional arguments, e.g. `<stack or glob>...`; none allowed when omitted. */
  readonly positionals?: {
    readonly usage: string;
    readonly description: string;
    readonly min?: number;
    readonly max?: number;
  };
  /** Environment variables the command reads: name → what it does (listed in `--help`). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Exit codes: code → when (listed in `--help`; 0 and 2 are the convention's, say what 0 means here). */
  readonly exitCodes?: Readonly<Record<number, string>>;
  /** More help text at the end: examples, notes. */
  readonly details?: string;
}

/** Identity at run time; lets TypeScript keep each option's type so `values` are typed per option. */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** A mistake in how the command was called: exit code 2 with the usage line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type ScalarOf<S> = S extends { readonly type: 'boolean' } ? boolean : string;
type ValueOf<S> = S extends { readonly multiple: true } ? ScalarOf<S>[] : ScalarOf<S>;

/**
 * The parsed option values: per option when the spec's options are known (`defineCommand`), else one loose record.
 * An option without a default is undefined when not given.
 */
export type OptionValues<O extends OptionSpecs> = string extends keyof O
  ? Record<string, string | boolean | (string | boolean)[] | undefined>
  : { readonly [K in keyof O]: O[K] extends { readonly default: unknown } ? ValueOf<O[K]> : ValueOf<O[K]> | undefined };

export interface ParsedCommand<O extends OptionSpecs = OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

/** The usage line: the command, its options in short form, its positionals. */
export function usageLine(spec: CommandSpec): string {
  const options = Object.entries(spec.options).map(([name, o]) =>
    o.type === 'string' ? `[--${name} ${o.valueName ?? 'VALUE'}]` : `[--${name}]`,
  );
  return ['usage:', spec.command, ...options, spec.positionals?.usage ?? ''].filter(Boolean).join(' ');
}

/** The full `--help` text. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    const fallback = o.default === undefined ? '' : ` (default: ${String(o.default)})`;
    return [flag, `${o.description}${fallback}`] as const;
  });
  rows.push(['-h, --help', 'print this help and exit 0']);
  const table = (title: string, entries: ReadonlyArray<readonly [string, string]>) => {
    if (entries.length === 0) return [];
    const width = Math.max(...entries.map(([key]) => key.length));
    return ['', `${title}:`, ...entries.map(([key, text]) => `  ${key.padEnd(width)}  ${text}`)];
  };
  const exitCodes = Object.entries(spec.exitCodes ?? {});
  if (exitCodes.length && !(2 in (spec.exitCodes ?? {})))
    exitCodes.push(['2', 'usage error (the message and this usage line)']);
  return [
    usageLine(spec),
    '',
    spec.summary,
    ...(spec.positionals ? ['', `${spec.positionals.usage}: ${spec.positionals.description}`] : []),
    ...table('options', rows),
    ...table('environment', Object.entries(spec.environment ?? {})),
    ...table(
      'exit codes',
      exitCodes.sort(([a], [b]) => Number(a) - Number(b)),
    ),
    ...(spec.details ? ['', spec.details.trimEnd()] : []),
  ].join('\n');
}

/** Parses argv against the spec; `undefined` means `--help` was asked for. Throws UsageError on a bad call. */
export function parseCommand<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): ParsedCommand<O> | undefined {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) {
    const { description: _d, valueName: _v, ...parseOption } = o;
    options[name] = parseOption;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: spec.positionals !== undefined, strict: true });
  } catch (e) {
    // parseArgs' messages name the option; its hint about "--" is noise for these commands.
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (parsed.values.help) return undefined;
  const count = parsed.positionals.length;
  const { min = 0, max = Infinity } = spec.positionals ?? {};
  if (count < min) throw new UsageError(`expected ${spec.positionals?.usage}`);
  if (count > max) throw new UsageError(`too many arguments: ${parsed.positionals.slice(max).join(' ')}`);
  for (const [name, o] of Object.entries(spec.options)) {
    const value = parsed.values[name];
    if (o.type === 'string' && (value === '' || (Array.isArray(value) && value.includes('')))) {
      throw new UsageError(`option --${name} needs a value`);
    }
  }
  return { values: parsed.values as OptionValues<O>, positionals: parsed.positionals };
}

/** A whole number ≥ `min` given to `--<name>`, or a UsageError. */
export function integerOption(name: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${raw}"`);
  }
  return n;
}

/** One of `allowed` given to `--<name>`, or a UsageError. */
export function choiceOption<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

export interface CommandIo {
  readonly out?: (text: string) => void;
  readonly error?: (text: string) => void;
}

function streams(io: CommandIo): Required<CommandIo> {
  return {
    out: io.out ?? ((text: string) => process.stdout.write(`${text}\n`)),
    error: io.error ?? ((text: string) => process.stderr.write(`${text}\n`)),
  };
}

/** What a UsageError prints: the problem, the usage line, and where to read more. */
function usageProblem(spec: CommandSpec<OptionSpecs>, e: UsageError): string {
  return `${e.message}\n${usageLine(spec)}\n(--help for more)`;
}

/**
 * Runs a command under the convention: `--help` → help on `out`, 0; a UsageError (from parsing or from `body`) →
 * message and usage line on `error`, 2; otherwise whatever `body` returns.
 */
export async function runCommand<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  body: (args: ParsedCommand<O>) => Promise<number> | number,
  io: CommandIo = {},
): Promise<number> {
  const { out, error } = streams(io);
  try {
    const args = parseCommand(spec, argv);
    if (args === undefined) {
      out(helpText(spec));
      return 0;
    }
    return await body(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    error(usageProblem(spec, e));
    return 2;
  }
}

/** `runCommand` for a synchronous command body: the same convention, the exit code returned directly. */
export function runCommandSync<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  body: (args: ParsedCommand<O>) => number,
  io: CommandIo = {},
): number {
  const { out, error } = streams(io);
  try {
    const args = parseCommand(spec, argv);
    if (args === undefined) {
      out(helpText(spec));
      return 0;
    }
    return body(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    error(usageProblem(spec, e));
    return 2;
  }
}

/** The `require.main === module` tail of a command file: runs it, sets the exit code, reports a crash as exit 1. */
export function runMain(name: string, run: (argv: readonly string[]) => Promise<number>): void {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`${name}: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 1;
    },
  );
}

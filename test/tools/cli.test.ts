import {
  choiceOption,
  type CommandSpec,
  defineCommand,
  helpText,
  integerOption,
  parseCommand,
  runCommand,
  runCommandSync,
  UsageError,
} from '../../tools/cli';

const spec: CommandSpec = {
  command: 'npm run demo --',
  summary: 'Demonstrates the convention.',
  options: {
    plans: { type: 'string', valueName: 'DIR', description: 'where plans are', default: 'cdktf.out/plans' },
    post: { type: 'boolean', description: 'post the comment' },
  },
  positionals: { usage: '[<stack>...]', description: 'stacks to act on', max: 2 },
  details: 'Exit: 0 ok, 1 failure, 2 usage error.',
};

function run(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const seen: unknown[] = [];
  return runCommand(
    spec,
    argv,
    (args) => {
      seen.push(args);
      return 0;
    },
    { out: (t) => out.push(t), error: (t) => error.push(t) },
  ).then((code) => ({ code, out: out.join('\n'), error: error.join('\n'), seen }));
}

describe('the command-line convention', () => {
  it('prints help on stdout and exits 0 for --help and -h, without running the command', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run([flag]);
      expect(r).toMatchObject({ code: 0, error: '' });
      expect(r.seen).toEqual([]);
      expect(r.out).toContain('usage: npm run demo -- [--plans DIR] [--post] [<stack>...]');
      expect(r.out).toContain('--plans DIR');
      expect(r.out).toContain('(default: cdktf.out/plans)');
      expect(r.out).toContain('Exit: 0 ok, 1 failure, 2 usage error.');
    }
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['--plans'], /--plans/],
    [['--plans='], /--plans needs a value/],
    [['a', 'b', 'c'], /too many arguments: c/],
  ])('exits 2 with the problem and the usage line on stderr for %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.error).toMatch(message);
    expect(r.error).toContain('usage: npm run demo --');
    expect(r.seen).toEqual([]);
  });

  it('passes parsed values and positionals to the command', async () => {
    const r = await run(['--plans=out', '--post', 'dev-x']);
    expect(r.code).toBe(0);
    expect(r.seen).toEqual([{ values: { plans: 'out', post: true }, positionals: ['dev-x'] }]);
  });

  it('applies defaults', () => {
    expect(parseCommand(spec, [])?.values.plans).toBe('cdktf.out/plans');
  });

  it('turns a UsageError thrown by the command into exit 2', async () => {
    const code = await runCommand(
      spec,
      [],
      () => {
        throw new UsageError('--plans must exist');
      },
      { out: () => undefined, error: () => undefined },
    );
    expect(code).toBe(2);
  });

  it('lets other errors through', async () => {
    await expect(
      runCommand(spec, [], () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });

  it('checks whole numbers and choices', () => {
    expect(integerOption('concurrency', '3')).toBe(3);
    expect(integerOption('concurrency', undefined)).toBeUndefined();
    for (const bad of ['0', '-1', '1.5', 'two', ''])
      expect(() => integerOption('concurrency', bad)).toThrow(UsageError);
    expect(choiceOption('mode', 'live', ['live', 'offline'])).toBe('live');
    expect(() => choiceOption('mode', 'Live', ['live', 'offline'])).toThrow(
      '--mode must be one of live, offline, got "Live"',
    );
  });

  it('lists -h, --help in every help text', () => {
    expect(helpText({ command: 'x', summary: 's', options: {} })).toContain('-h, --help');
  });

  it('lists environment variables and exit codes, adding the usage-error code', () => {
    const text = helpText({
      command: 'x',
      summary: 's',
      options: {},
      environment: { DATA_PLATFORM_MODE: 'live or offline' },
      exitCodes: { 0: 'done', 1: 'failed' },
    });
    expect(text).toContain('environment:\n  DATA_PLATFORM_MODE  live or offline');
    expect(text).toContain('exit codes:\n  0  done\n  1  failed\n  2  usage error');
  });

  it('runs synchronous commands under the same convention', () => {
    const out: string[] = [];
    const error: string[] = [];
    const io = { out: (t: string) => out.push(t), error: (t: string) => error.push(t) };
    expect(runCommandSync(spec, ['--help'], () => 1, io)).toBe(0);
    expect(out.join('\n')).toContain('usage: npm run demo --');
    expect(runCommandSync(spec, ['--nope'], () => 1, io)).toBe(2);
    expect(error.join('\n')).toMatch(/Unknown option '--nope'/);
    expect(runCommandSync(spec, ['a'], ({ positionals }) => positionals.length + 10, io)).toBe(11);
    expect(
      runCommandSync(
        spec,
        [],
        () => {
          throw new UsageError('bad');
        },
        io,
      ),
    ).toBe(2);
  });

  it('types the values of a defined command per option (checked by tsc)', () => {
    const typed = defineCommand({
      command: 'x',
      summary: 's',
      options: {
        base: { type: 'string', description: 'b' },
        plans: { type: 'string', description: 'p', default: 'dir' },
        post: { type: 'boolean', description: 'p' },
        owner: { type: 'string', multiple: true, description: 'o' },
      },
    });
    const values = parseCommand(typed, ['--owner', 'a', '--owner', 'b', '--post'])!.values;
    const base: string | undefined = values.base;
    const plans: string = values.plans;
    const post: boolean | undefined = values.post;
    const owner: string[] | undefined = values.owner;
    // @ts-expect-error a boolean option is not a string
    const wrong: string = values.post;
    // @ts-expect-error an option without a default may be undefined
    const missing: string = values.base;
    expect({ base, plans, post, owner, wrong, missing }).toEqual({
      base: undefined,
      plans: 'dir',
      post: true,
      owner: ['a', 'b'],
      wrong: true,
      missing: undefined,
    });
  });
});

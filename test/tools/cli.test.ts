import {
  choiceOption,
  type CommandSpec,
  helpText,
  integerOption,
  parseCommand,
  runCommand,
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
});

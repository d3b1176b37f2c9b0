/** The deploy commands follow tools/cli.ts: --help documents every option (exit 0), usage errors exit 2. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEPLOY_COMMAND, runDeployCli } from '../../tools/deploy';
import { DEPLOY_REVISION_COMMAND, runDeployRevisionCli } from '../../tools/deploy-revision';

async function capture(run: (io: { log: (l: string) => void; error: (l: string) => void }) => Promise<number>) {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await run({ log: (l) => out.push(l), error: (l) => errors.push(l) });
  return { code, out: out.join('\n'), errors: errors.join('\n') };
}
const deploy = (argv: string[]) => capture((io) => runDeployCli(argv, { ...io, progress: null }));
const revision = (argv: string[]) =>
  capture((io) => runDeployRevisionCli(argv, { out: io.log, error: io.error, env: {} }));

test('npm run deploy --help documents every option and exits 0', async () => {
  const { code, out } = await deploy(['--help']);
  expect(code).toBe(0);
  for (const option of Object.keys(DEPLOY_COMMAND.options)) expect(out).toContain(`--${option}`);
  expect(out).toMatch(/Exit: 0 everything with changes applied/);
});

test.each([
  [[], /--plans <dir> is required/],
  [['--plans'], /--plans/],
  [['--plans', 'x', '--concurrency', '0'], /--concurrency must be a whole number of at least 1/],
  [['--plans', 'x', '--bogus'], /Unknown option '--bogus'/],
  [['--plans', 'x', 'extra'], /Unexpected argument 'extra'/],
])('npm run deploy %j is a usage error (exit 2)', async (argv, message) => {
  const { code, errors } = await deploy(argv);
  expect(code).toBe(2);
  expect(errors).toMatch(message);
  expect(errors).toContain('usage: npm run deploy --');
});

test('npm run deploy on a directory that does not exist says what to do, exit 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-deploy-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks: {} }));
    const { code, errors } = await deploy(['--plans', path.join(dir, 'nope'), '--outdir', dir]);
    expect(code).toBe(1);
    expect(errors).toMatch(/plan directory .*nope does not exist: run `npm run plan/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run deploy-revision --help documents every option and the record format', async () => {
  const { code, out } = await revision(['--help']);
  expect(code).toBe(0);
  for (const option of Object.keys(DEPLOY_REVISION_COMMAND.options)) expect(out).toContain(`--${option}`);
  expect(out).toContain('"format":"data-platform-deployed-revision/1"');
});

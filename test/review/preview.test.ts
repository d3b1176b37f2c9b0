/**
 * `npm run preview` (as a function) on a temporary git repository made from this working tree: the base is its
 * commit, the head its working tree with one team file changed (telehealth replaces an ECR repository and resizes a
 * warehouse in dev). Real Terraform plans the changed AWS stack against a state seeded from the base's plan; the
 * Snowflake stack's change is computed from the synthesized JSON, and the output must say so.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackNames } from '../../config';
import { runPreview, runPreviewCli, type PreviewResult } from '../../tools/preview';
import { loadPlans } from '../../tools/review/index';
import { requireTerraform } from '../terraform/helpers';
import { repoSources } from './helpers/synth';

const ROOT = path.resolve(__dirname, '../..');
const SKIP = new Set(['node_modules', '.git', 'cdktf.out', '.cache', 'coverage']);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-test-'));
const repo = path.join(work, 'repo');
const TEAM = 'telehealth';
const aws = stackNames.teamAws('dev', TEAM);
const snowflake = stackNames.teamSnowflake('dev', TEAM);

const git = (...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd: repo, stdio: 'pipe' },
  );

/** Rewrites the copy's team file from the team's input, changed by `edit` (config/teams/<team>.ts is a contract). */
function editTeam(edit: (t: Record<string, any>) => void): void {
  const source = repoSources().teams.find((t) => (t.value as { name: string }).name === TEAM)!;
  const team = structuredClone(source.value) as Record<string, any>;
  edit(team);
  fs.writeFileSync(
    path.join(repo, 'config', 'teams', `${TEAM}.ts`),
    `import { defineTeam } from '../define';\n\nexport default defineTeam(${JSON.stringify(team, null, 2)});\n`,
  );
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (t: string) => out.push(t), error: (t: string) => err.push(t) };
}

let result: PreviewResult;
let output: ReturnType<typeof capture>;
let review: string;

beforeAll(async () => {
  requireTerraform();
  fs.cpSync(ROOT, repo, {
    recursive: true,
    filter: (src) =>
      !(path.dirname(src) === ROOT && SKIP.has(path.basename(src))) && path.basename(src) !== '.terraform',
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  git('init', '-q');
  fs.appendFileSync(path.join(repo, '.git', 'info', 'exclude'), 'node_modules\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  editTeam((t) => {
    t.aws.ecrRepositories = [
      ...t.aws.ecrRepositories.filter((r: { name: string }) => r.name !== 'call-quality-worker'),
      { name: 'call-quality-batch' },
    ];
    const app = t.snowflake.warehouses.find((w: { name: string }) => w.name === 'APP');
    app.size = { default: 'XSMALL', dev: 'SMALL' };
  });
  output = capture();
  result = await runPreview({
    repoRoot: repo,
    base: 'HEAD',
    patterns: [`dev-${TEAM}-*`],
    outdir: path.join(work, 'preview'),
    env: { ...process.env, DATA_PLATFORM_CONFIG_DIR: path.join(repo, 'config') },
    log: output.log,
    error: output.error,
    progress: null,
  });
  review = fs.readFileSync(result.reviewFile!, 'utf8');
}, 900_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('npm run preview compares with the base revision', () => {
  test('plans only the stacks that changed, against the base: the AWS stack by Terraform, the Snowflake one computed', () => {
    expect({ code: result.code, errors: output.err }).toEqual({ code: 0, errors: [] });
    expect(result.base?.ref).toBe('HEAD');
    expect(result.base?.commit).toBe(git('rev-parse', 'HEAD').toString().trim());
    const plans = loadPlans(result.plansDir);
    expect(plans.map((p) => [p.stack, p.status, p.plan?.data_platform_source ?? 'terraform'])).toEqual([
      [aws, 'planned', 'terraform'],
      [snowflake, 'planned', 'synthesized'],
    ]);
    expect(output.out.join('\n')).toContain(
      '1 AWS stack(s) to plan with Terraform; 1 Snowflake stack(s) whose changes are computed from the synthesized JSON — NOT planned by a provider (no Snowflake provider offline).',
    );
  });

  test('the AWS stack is not all-new: only the replaced repository changes, and its removal is a blocker', () => {
    const row = review.split('\n').find((l) => l.startsWith(`| \`${aws}\``))!;
    // the new repository and its lifecycle policy; the old ones destroyed; the CI role's policy updated.
    expect(row).toMatch(new RegExp(`^\\| \`${aws}\` \\| 2 \\| 1 \\| 0 \\| 2 \\| ⛔ blocker · 🔐 security \\|$`));
    const blocker = review.split('\n').find((l) => l.startsWith('- **destroy**'))!;
    expect(blocker).toContain('call-quality-worker_repository');
    expect(blocker).toContain('call-quality-batch_repository');
  });

  test('the Snowflake change is shown from the synthesized JSON, and the output says plainly it was not planned by a provider', () => {
    expect(review).toMatch(/\| `DEV_TELEHEALTH_APP` \| update in place \| XSMALL = 1 \| SMALL = 2 \| \+1 \|/);
    expect(review).toContain('**not planned by a provider** (🧪)');
    expect(review.split('\n').find((l) => l.startsWith(`| \`${snowflake}\``))).toContain('🧪 from synthesized JSON');
    expect(output.out.join('\n')).toContain(
      'preview: 1 Snowflake stack(s) were not planned by a provider: their changes above are computed from the synthesized JSON (🧪).',
    );
  });

  test('the printed summary names the base and points to the full review', () => {
    const printed = output.out.join('\n');
    expect(printed).toContain('## Preview against HEAD (offline plans)');
    expect(printed).toContain(`Planned against the base branch at \`${result.base!.commit.slice(0, 12)}\`.`);
    expect(printed).toContain(`the full review is in \`${path.relative(process.cwd(), result.reviewFile!)}\``);
  });
});

describe('npm run preview: usage', () => {
  test('--help exits 0; an unknown option, or a pattern matching no stack, exits 2; an unknown base exits 1', async () => {
    const h = capture();
    expect(await runPreviewCli(['--help'], h)).toBe(0);
    expect(h.out.join('\n')).toContain(
      'usage: npm run preview -- [--base REF] [--outdir DIR] [--concurrency N] [<stack or glob>...]',
    );
    expect(h.out.join('\n')).toContain('NOT planned by a provider');
    const u = capture();
    expect(await runPreviewCli(['--bogus'], u)).toBe(2);
    expect(u.err.join('\n')).toContain("Unknown option '--bogus'");
    const b = capture();
    expect(await runPreviewCli(['--base', 'no-such-ref'], { log: b.log, error: b.error, repoRoot: repo })).toBe(1);
    expect(b.err.join('\n')).toMatch(
      /preview: --base no-such-ref: "no-such-ref" is not a commit in .* Or pass --base none/,
    );
    const p = capture();
    const code = await runPreviewCli(['--base', 'HEAD', '--outdir', path.join(work, 'unmatched'), 'nope-*'], {
      log: p.log,
      error: p.error,
      repoRoot: repo,
      env: { ...process.env, DATA_PLATFORM_CONFIG_DIR: path.join(repo, 'config') },
      progress: null,
    });
    expect(code).toBe(2);
    expect(p.err.join('\n')).toMatch(/^preview: no stack matches "nope-\*"; stacks: .*dev-telehealth-aws/m);
  });
});

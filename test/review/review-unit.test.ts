/** Edge cases of the review, on small plans: redaction, diffs, sizes, the allow-list, fitting, CLI exit codes. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type AllowListError,
  analyze,
  creditsPerHour,
  diffLines,
  displayValue,
  fitReview,
  formatDiff,
  FULL,
  fullReviewPointer,
  githubTargetFromEnv,
  loadPlans,
  normalizeWarehouseSize,
  parseAllowList,
  parsePullRequestUrl,
  formatMarker,
  parseMarker,
  parseRepositoryUrl,
  PlanInputError,
  REVIEW_MARKER,
  renderReview,
  runReview,
  truncateMarkdown,
} from '../../tools/review/index';
import { change, plan, writePlans } from './helpers/plan-builder';

const TODAY = new Date('2025-06-01T12:00:00Z');
const NO_ALLOW = { file: 'review-allow.yaml', entries: [] };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-unit-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { log: (t: string) => out.push(t), error: (t: string) => err.push(t), env: {}, today: TODAY },
  };
}

describe('values', () => {
  test('sensitive values never reach the Markdown, even when the plan JSON holds them in clear text', () => {
    const secret = 'super-secret-private-key-material';
    const p = plan([
      change(
        'aws_iam_user_login_profile.x',
        ['update'],
        { password: 'old-secret-value', user: 'a' },
        { password: secret, user: 'b' },
        {
          before_sensitive: { password: true },
          after_sensitive: { password: true },
        },
      ),
    ]);
    const md = renderReview(analyze([{ stack: 's', status: 'planned', plan: p }], { allow: NO_ALLOW, today: TODAY }));
    expect(md).not.toContain(secret);
    expect(md).not.toContain('old-secret-value');
    expect(md).toContain('(sensitive value)');
  });

  test('unknown values are marked, and unknown list elements too', () => {
    expect(displayValue({ a: 1 }, { b: true })).toEqual({
      a: 1,
      b: expect.objectContaining({ text: '(known after apply)' }),
    });
    const v = displayValue({ l: [1, null] }, { l: [false, true] }) as { l: unknown[] };
    expect(v.l[0]).toBe(1);
    expect(v.l[1]).toEqual(expect.objectContaining({ text: '(known after apply)' }));
  });
});

describe('text diff', () => {
  test('keeps common lines, removes before adds, and folds distant unchanged lines', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const after = ['a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'J'];
    const text = formatDiff(diffLines(before, after), 1);
    expect(text.split('\n')).toEqual(['  a', '- b', '+ B', '  c', '@@ 5 unchanged lines @@', '  i', '- j', '+ J']);
  });

  test('a hunk inside a multi-line value names the attribute it is in', () => {
    const before = [
      'name = "r"',
      'policy = jsonencode({',
      '  "a": 1,',
      '  "b": 2,',
      '  "c": 3,',
      '  "d": 4,',
      '  "e": 5,',
      '})',
    ];
    const after = before.map((l) => l.replace('"e": 5', '"e": 6'));
    expect(formatDiff(diffLines(before, after), 1).split('\n')[0]).toBe(
      '@@ 5 unchanged lines @@ policy = jsonencode({',
    );
  });

  test('an insertion in the middle is only an insertion', () => {
    const d = diffLines(['x', 'y'], ['x', 'new', 'y']);
    expect(d.filter((l) => l.op !== ' ')).toEqual([{ op: '+', text: 'new' }]);
  });
});

describe('warehouse sizes', () => {
  test.each([
    ['XSMALL', 1],
    ['X-SMALL', 1],
    ['x-small', 1],
    ['SMALL', 2],
    ['MEDIUM', 4],
    ['LARGE', 8],
    ['XLARGE', 16],
    ['X-LARGE', 16],
    ['XXLARGE', 32],
    ['2X-LARGE', 32],
    ['X2LARGE', 32],
    ['XXXLARGE', 64],
    ['3X-LARGE', 64],
    ['X4LARGE', 128],
    ['4X-LARGE', 128],
    ['X5LARGE', 256],
    ['5X-LARGE', 256],
    ['X6LARGE', 512],
    ['6X-LARGE', 512],
  ])('%s = %d credits/hour', (size, credits) => {
    expect(creditsPerHour(size)).toBe(credits);
  });

  test('an unknown size is not guessed', () => {
    expect(normalizeWarehouseSize('HUGE')).toBeUndefined();
    expect(normalizeWarehouseSize('7X-LARGE')).toBeUndefined();
  });

  test('a removed warehouse saves its credits; a created one costs size x clusters', () => {
    const p = plan([
      change('snowflake_warehouse.a', ['delete'], { name: 'A', warehouse_size: 'LARGE', max_cluster_count: 2 }, null),
      change('snowflake_warehouse.b', ['create'], null, {
        name: 'B',
        warehouse_size: '2X-LARGE',
        max_cluster_count: 3,
      }),
      change(
        'snowflake_warehouse.c',
        ['update'],
        { name: 'C', warehouse_size: 'SMALL', comment: 'x' },
        { name: 'C', warehouse_size: 'SMALL', comment: 'y' },
      ),
    ]);
    const review = analyze([{ stack: 's', status: 'planned', plan: p }], { allow: NO_ALLOW, today: TODAY });
    expect(review.warehouses.map((w) => [w.name, w.delta])).toEqual([
      ['A', -16],
      ['B', 96],
    ]);
    expect(renderReview(review)).toContain('Net: **+80 credits/hour**');
  });
});

describe('allow-list', () => {
  const entry = (extra = '') =>
    `allow:\n  - stack: dev-telehealth-aws\n    address: aws_s3_bucket.data\n    reason: Renamed to the new naming scheme; dev data is rebuilt nightly.\n    owner: ada@example.com\n    expires: 2025-06-30\n${extra}`;

  test('a valid entry allows delete and replace of that address in that stack only', () => {
    const list = parseAllowList(entry(), 'review-allow.yaml', TODAY);
    const p = plan([
      change(
        'aws_s3_bucket.data',
        ['delete', 'create'],
        { bucket: 'a' },
        { bucket: 'b' },
        { replace_paths: [['bucket']] },
      ),
    ]);
    const allowed = analyze([{ stack: 'dev-telehealth-aws', status: 'planned', plan: p }], {
      allow: list,
      today: TODAY,
    });
    const other = analyze([{ stack: 'prod-telehealth-aws', status: 'planned', plan: p }], {
      allow: list,
      today: TODAY,
    });
    expect(allowed.blockers[0].allowedBy?.owner).toBe('ada@example.com');
    expect(other.blockers[0].allowedBy).toBeUndefined();
    expect(other.unusedAllowances).toHaveLength(1);
  });

  test('an expired entry allows nothing and is reported', () => {
    const list = parseAllowList(entry(), 'review-allow.yaml', TODAY);
    const later = new Date('2025-07-01T00:00:00Z');
    const p = plan([change('aws_s3_bucket.data', ['delete'], { bucket: 'a' }, null)]);
    const review = analyze([{ stack: 'dev-telehealth-aws', status: 'planned', plan: p }], {
      allow: list,
      today: later,
    });
    expect(review.blockers[0].allowedBy).toBeUndefined();
    expect(review.expiredAllowances).toHaveLength(1);
    expect(renderReview(review)).toMatch(/expired on 2025-06-30 and allows nothing/);
  });

  test('every problem is reported at once, with the field, the value given and what is expected', () => {
    const text =
      'allow:\n  - stack: dev-*\n    address: aws_s3_bucket.data\n    reason: short\n    owner: x@example.com\n    expires: 2030-01-01\n    actoins: [delete]\n';
    expect.assertions(4);
    try {
      parseAllowList(text, 'review-allow.yaml', TODAY);
    } catch (e) {
      const message = (e as AllowListError).message;
      expect(message).toContain('allow[0].stack: must be one stack name exactly');
      expect(message).toContain('allow[0].reason: must explain in at least 20 characters');
      expect(message).toContain(
        'allow[0]: unknown field "actoins" (allowed fields: stack, address, actions, reason, owner, expires)',
      );
      expect(message).toContain('given "dev-*"');
    }
  });

  test('an allowance may not last longer than 90 days', () => {
    const far = entry().replace('2025-06-30', '2026-01-01');
    expect(() => parseAllowList(far, 'review-allow.yaml', TODAY)).toThrow(/at most 90 days/);
  });

  test('the repository allow-list file is valid', () => {
    expect(() =>
      parseAllowList(fs.readFileSync(path.join(__dirname, '../../review-allow.yaml'), 'utf8'), 'review-allow.yaml'),
    ).not.toThrow();
  });
});

describe('loading plans', () => {
  test('reads <stack>.json from the directory and its environment subdirectories, and failed/skipped stacks from index.json', () => {
    const dir = path.join(work, 'load');
    writePlans(path.join(dir, 'dev'), { 'dev-a-aws': plan([]) });
    writePlans(path.join(dir, 'prod'), { 'prod-a-aws': plan([]) });
    fs.writeFileSync(
      path.join(dir, 'prod', 'index.json'),
      JSON.stringify([
        { stack: 'prod-a-aws', status: 'planned' },
        { stack: 'prod-a-snowflake', status: 'skipped', reason: 'no provider' },
        { stack: 'prod-b-aws', status: 'failed', reason: 'terraform plan: boom' },
      ]),
    );
    const plans = loadPlans(dir);
    expect(plans.map((p) => [p.stack, p.status])).toEqual([
      ['dev-a-aws', 'planned'],
      ['prod-a-aws', 'planned'],
      ['prod-a-snowflake', 'skipped'],
      ['prod-b-aws', 'failed'],
    ]);
  });

  test('a file that is not a plan is an error naming the file', () => {
    const dir = path.join(work, 'bad');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'x.json'), '{"hello": 1}');
    expect(() => loadPlans(dir)).toThrow(PlanInputError);
    expect(() => loadPlans(dir)).toThrow(/x\.json: has no "format_version"/);
  });
});

describe('fitting the GitHub comment limit', () => {
  const many = plan(
    Array.from({ length: 400 }, (_, i) =>
      change(
        `aws_iam_role.r${i}`,
        ['update'],
        {
          name: `r${i}`,
          assume_role_policy: JSON.stringify({
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::1:role/old${i}` } }],
          }),
        },
        {
          name: `r${i}`,
          assume_role_policy: JSON.stringify({
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::1:role/new${i}` } }],
          }),
        },
      ),
    ),
  );
  const review = analyze([{ stack: 'big', status: 'planned', plan: many }], { allow: NO_ALLOW, today: TODAY });
  const pointer = 'the full review is the `review.md` artifact';

  test('a review that fits is one comment, unchanged; the table is collapsed before anything else goes', () => {
    const small = analyze(
      [
        ...Array.from({ length: 60 }, (_, i) => ({
          stack: `dev-a${i}-aws`,
          status: 'planned' as const,
          plan: plan([]),
        })),
        { stack: 'dev-b-aws', status: 'planned', plan: many },
      ],
      { allow: NO_ALLOW, today: TODAY },
    );
    const full = renderReview(small, {}, FULL);
    expect(fitReview(small, {}, { limit: full.length })).toEqual({ parts: [full], level: FULL, truncated: false });
    const { parts, level } = fitReview(small, { fullReviewPointer: pointer }, { limit: full.length - 1 });
    expect(parts).toHaveLength(1);
    expect(level).toEqual({ table: 'changed', details: 'full', securityLines: Infinity });
    expect(parts[0]).toContain('#### `dev`: 61 stacks, 1 with changes or findings');
    expect(parts[0]).toContain('_60 stacks without changes not listed._');
    expect(parts[0]).toContain('| `dev-b-aws` | 0 | 400 | 0 | 0 | 🔐 security |');
    expect(parts[0]).not.toContain('`dev-a1-aws`');
    // Details (with their diffs) survived the collapse.
    expect(parts[0]).toContain('<summary><code>dev-b-aws</code>');
  });

  test('too long for one comment: split into parts within the limit, each marked, every security change kept', () => {
    const full = renderReview(review, {}, FULL);
    const limit = 20_000;
    expect(full.length).toBeGreaterThan(limit);
    const { parts, level, truncated } = fitReview(review, { fullReviewPointer: pointer, pipeline: 5 }, { limit });
    expect(truncated).toBe(false);
    expect(level.details).toBe('none');
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(p.length).toBeLessThanOrEqual(limit);
      expect(parseMarker(p)).toEqual({ sha: undefined, pipeline: 5, part: i + 1, parts: parts.length });
      expect((p.match(/^```/gm) ?? []).length % 2).toBe(0);
      if (i > 0) expect(p).toContain(`(part ${i + 1} of ${parts.length})`);
    });
    expect(parts[0]).toContain(pointer);
    const all = parts.join('\n');
    for (let i = 0; i < 400; i++) expect(all).toContain(`**\`aws_iam_role.r${i}\`**`);
  });

  test('the security diffs are shortened only when the parts would exceed --max-comments', () => {
    const limit = 20_000;
    const roomy = fitReview(review, {}, { limit, maxParts: 30 });
    const tight = fitReview(review, {}, { limit, maxParts: 2 });
    expect(roomy.level.securityLines).toBe(Infinity);
    expect(roomy.parts.join('\n')).toMatch(/^\+ +"AWS": "arn:aws:iam::1:role\/new399",$/m);
    expect(tight.level.securityLines).toBeLessThan(Infinity);
    expect(tight.parts.length).toBeLessThanOrEqual(2);
    for (let i = 0; i < 400; i++) expect(tight.parts.join('\n')).toContain(`aws_iam_role.r${i}\``);
  });

  test('in CircleCI the pointer links the job whose artifacts hold the full review', () => {
    const text = fullReviewPointer(
      { CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/infra/123', CIRCLE_BUILD_NUM: '123' },
      'review/review.md',
    );
    expect(text).toBe(
      'the full review is the `review.md` artifact of [CircleCI job 123](https://circleci.com/gh/acme/infra/123) (Artifacts tab)',
    );
    expect(fullReviewPointer({}, 'out/review.md')).toBe('the full review is in `out/review.md`');
  });

  test('a hard cut closes open code fences and <details>', () => {
    const md = [
      '# t',
      '<details>',
      '<summary>x</summary>',
      '',
      '```diff',
      ...Array.from({ length: 500 }, (_, i) => `- line ${i}`),
      '```',
      '</details>',
    ].join('\n');
    const cut = truncateMarkdown(md, 1000, pointer);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect((cut.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((cut.match(/<details>/g) ?? []).length).toBe((cut.match(/<\/details>/g) ?? []).length);
    expect(cut).toContain(pointer);
  });
});

describe('GitHub target', () => {
  test('parses the pull request URL CircleCI gives', () => {
    expect(parsePullRequestUrl('https://github.com/acme/data-platform-infra/pull/42')).toEqual({
      owner: 'acme',
      repo: 'data-platform-infra',
      number: 42,
    });
    expect(parsePullRequestUrl('https://github.com/acme/data-platform-infra/tree/main')).toBeUndefined();
  });

  test('missing token and PR are both reported, with how to fix them', () => {
    const result = githubTargetFromEnv({});
    expect(result.ok).toBe(false);
    const problems = (result as { problems: string[] }).problems.join('\n');
    expect(problems).toContain('GITHUB_TOKEN is not set');
    expect(problems).toContain(
      'CIRCLE_PULL_REQUEST is not set, and the pull request cannot be looked up from the commit either: that needs the repository (CIRCLE_PROJECT_USERNAME and CIRCLE_PROJECT_REPONAME, or CIRCLE_REPOSITORY_URL) and the commit (CIRCLE_SHA1).',
    );
  });

  test('without CIRCLE_PULL_REQUEST the target is the commit, in the repository CircleCI names', () => {
    expect(
      githubTargetFromEnv({
        GITHUB_TOKEN: 't',
        CIRCLE_REPOSITORY_URL: 'git@github.com:acme/infra.git',
        CIRCLE_SHA1: 'abc',
      }),
    ).toEqual({
      ok: true,
      target: {
        pr: undefined,
        commit: { owner: 'acme', repo: 'infra', sha: 'abc' },
        token: 't',
        baseUrl: 'https://api.github.com',
      },
    });
    expect(parseRepositoryUrl('https://github.com/acme/data-platform-infra')).toEqual({
      owner: 'acme',
      repo: 'data-platform-infra',
    });
  });
});

describe('the comment marker', () => {
  test('carries commit, pipeline and part; parses back; the bare marker of earlier versions is part 1 of 1', () => {
    const m = formatMarker({ sha: 'abc123', pipeline: 42, part: 2, parts: 3 });
    expect(m).toBe('<!-- data-platform-plan-review sha=abc123 pipeline=42 part=2/3 -->');
    expect(parseMarker(`${m}\n## review`)).toEqual({ sha: 'abc123', pipeline: 42, part: 2, parts: 3 });
    expect(formatMarker({ part: 1, parts: 1 })).toBe(REVIEW_MARKER);
    expect(parseMarker(`${REVIEW_MARKER}\ntext`)).toEqual({ sha: undefined, pipeline: undefined, part: 1, parts: 1 });
  });

  test('only a body that starts with the marker is a review comment', () => {
    expect(parseMarker(`> ${REVIEW_MARKER}`)).toBeUndefined();
    expect(parseMarker(`why?\n${REVIEW_MARKER}`)).toBeUndefined();
    expect(parseMarker('<!-- data-platform-plan-reviewer -->')).toBeUndefined();
  });
});

describe('npm run review (in process)', () => {
  const blockerPlan = plan([change('aws_s3_bucket.data', ['delete'], { bucket: 'a' }, null)]);

  test('exit 2 on a blocker, 0 when clean, and --out writes the full review', async () => {
    const dir = writePlans(path.join(work, 'cli-blocked'), { 'dev-a-aws': blockerPlan });
    const out = path.join(work, 'cli-blocked.md');
    const c = capture();
    expect(await runReview(['--plans', dir, '--out', out, '--allow', path.join(work, 'none.yaml')], c.io)).toBe(2);
    expect(fs.readFileSync(out, 'utf8')).toContain('### ⛔ Blockers');
    const clean = writePlans(path.join(work, 'cli-clean'), {
      'dev-a-aws': plan([change('aws_s3_bucket.data', ['create'], null, { bucket: 'a' })]),
    });
    expect(await runReview(['--plans', clean, '--allow', path.join(work, 'none.yaml')], capture().io)).toBe(0);
  });

  test('exit 1 with a clear message when the plan directory is missing or holds no plan', async () => {
    const c = capture();
    expect(await runReview(['--plans', path.join(work, 'nope')], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/Plan directory .*nope does not exist. Run `npm run plan/);
    const empty = path.join(work, 'empty-plans');
    fs.mkdirSync(path.join(empty, 'dev'), { recursive: true });
    const e = capture();
    expect(await runReview(['--plans', empty, '--allow', path.join(work, 'none.yaml')], e.io)).toBe(1);
    expect(e.err.join('\n')).toContain(
      `review: Plan directory ${empty} holds no plan: expected <stack>.json files (\`terraform show -json\` output) and the index.json that \`npm run plan\` writes beside them`,
    );
    expect(e.out).toEqual([]);
    // A plan run that had nothing to plan writes an index listing no stack: that is a clean, empty review.
    fs.writeFileSync(path.join(empty, 'dev', 'index.json'), '[]');
    const f = capture();
    expect(await runReview(['--plans', empty, '--allow', path.join(work, 'none.yaml')], f.io)).toBe(0);
    expect(f.out.join('\n')).toContain('_No stack was planned');
  });

  test('--help exits 0 and documents both meanings of exit 2; a usage error exits 2 naming the problem', async () => {
    const h = capture();
    expect(await runReview(['--help'], h.io)).toBe(0);
    const help = h.out.join('\n');
    for (const option of [
      '--plans DIR',
      '--out FILE',
      '--post',
      '--allow FILE',
      '--affected FILE',
      '--base-synth DIR',
      '--head-synth DIR',
      '--base-sha SHA',
      '--pipeline N',
      '--max-comments N',
      '--drift',
    ])
      expect(help).toContain(option);
    expect(help).toMatch(/2 {2}blocking findings .* a usage error/s);
    const d = capture();
    expect(await runReview(['--plan', 'x'], d.io)).toBe(2);
    expect(d.err.join('\n')).toContain("Unknown option '--plan'");
    expect(d.err.join('\n')).toContain('usage: npm run review --');
    const n = capture();
    expect(await runReview(['--max-comments', 'many'], n.io)).toBe(2);
    expect(n.err.join('\n')).toContain('--max-comments must be a whole number of at least 1, got "many"');
  });

  test('--post without GITHUB_TOKEN or CIRCLE_PULL_REQUEST: exit 1, says what is missing, no crash', async () => {
    const dir = writePlans(path.join(work, 'cli-post'), { 'dev-a-aws': blockerPlan });
    const c = capture();
    expect(await runReview(['--plans', dir, '--post'], c.io)).toBe(1);
    expect(c.err.join('\n')).toContain('GITHUB_TOKEN is not set');
    const d = capture();
    expect(
      await runReview(['--plans', dir, '--post'], {
        ...d.io,
        env: { GITHUB_TOKEN: 't', CIRCLE_PULL_REQUEST: 'not a url' },
      }),
    ).toBe(1);
    expect(d.err.join('\n')).toContain('"not a url", which is not a pull request URL');
  });

  test('--drift exits 3 when a stack has changes or drift, 0 when none', async () => {
    const drifted = plan([], {
      resource_drift: [
        change(
          'aws_iam_role.ci',
          ['update'],
          { name: 'ci', max_session_duration: 3600 },
          { name: 'ci', max_session_duration: 43200 },
        ),
      ],
    });
    const dir = writePlans(path.join(work, 'drift'), { 'dev-a-aws': drifted });
    const c = capture();
    expect(await runReview(['--plans', dir, '--drift', '--allow', path.join(work, 'none.yaml')], c.io)).toBe(3);
    expect(c.out.join('\n')).toContain('### 🌀 Drift');
    const quiet = writePlans(path.join(work, 'no-drift'), {
      'dev-a-aws': plan([change('aws_iam_role.ci', ['no-op'], { name: 'ci' }, { name: 'ci' })]),
    });
    expect(await runReview(['--plans', quiet, '--drift', '--allow', path.join(work, 'none.yaml')], capture().io)).toBe(
      0,
    );
  });

  test('a failed plan (from index.json) makes the review exit 1 and shows the stack as failed', async () => {
    const dir = writePlans(path.join(work, 'failed'), { 'dev-a-aws': plan([]) });
    fs.writeFileSync(
      path.join(dir, 'index.json'),
      JSON.stringify([
        { stack: 'dev-a-aws', status: 'planned' },
        { stack: 'dev-b-aws', status: 'failed', reason: 'terraform plan: AccessDenied' },
      ]),
    );
    const c = capture();
    expect(await runReview(['--plans', dir, '--allow', path.join(work, 'none.yaml')], c.io)).toBe(1);
    const md = c.out.join('\n');
    expect(md).toContain('| `dev-b-aws` | — | — | — | — | ❌ plan failed: terraform plan: AccessDenied |');
    expect(md).toContain(
      '❌ **1 plan failed**: this review is incomplete, and the check fails until every stack plans.\n\nOf what was planned: no blocking changes.',
    );
    expect(md).not.toContain('✅ **No blocking changes.**');
    // Listed in its own section before the table, so a shortened or split comment still leads with it.
    const section = md.indexOf('### ❌ Plans that failed');
    expect(section).toBeGreaterThan(0);
    expect(section).toBeLessThan(md.indexOf('| Stack |'));
    expect(md).toContain('- `dev-b-aws`: terraform plan: AccessDenied');
    // The same with a blocker elsewhere: still exit 1 (incomplete), and both are said.
    writePlans(dir, { 'dev-a-aws': blockerPlan });
    const b = capture();
    expect(await runReview(['--plans', dir, '--allow', path.join(work, 'none.yaml')], b.io)).toBe(1);
    expect(b.out.join('\n')).toContain('⛔ **1 blocking change**');
  });
});

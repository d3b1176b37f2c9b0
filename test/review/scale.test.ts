/**
 * The review of a 1,800-stack change (helpers/big-plan-set.ts: 300 teams × 3 environments × 2 stacks; a shared
 * change to 600 CI role policies, 60 warehouses resized, 3 blockers, one of them in prod) fitted into GitHub
 * comments: every blocker, every security change and every cost row survive; the per-stack table is collapsed
 * first; what does not fit one comment is split into several, each within GitHub's limit.
 */
import { loadConfig } from '../../config';
import {
  analyze,
  fitReview,
  GITHUB_COMMENT_LIMIT,
  parseMarker,
  renderReview,
  type Review,
} from '../../tools/review/index';
import { bigPlanSet, type BigPlanSet } from './helpers/big-plan-set';

const loaded = loadConfig();
if (!loaded.ok) throw new Error('config invalid');
const environments = loaded.config.environments.map((e) => e.name);
const pointer = 'the full review is the `review.md` artifact of [CircleCI job 9](https://circleci.example/9)';

let set: BigPlanSet;
let review: Review;
let parts: readonly string[];
let all: string;

beforeAll(() => {
  set = bigPlanSet(environments, 300);
  // One stack's plan failed (the plan tool's index.json says so): it must lead the review too.
  const failed = `${environments[0]}-team-042-snowflake`;
  review = analyze(
    set.plans.map((p) =>
      p.stack === failed ? { stack: failed, status: 'failed', reason: 'terraform init: AccessDenied' } : p,
    ),
    { allow: { file: 'review-allow.yaml', entries: [] } },
  );
  const fitted = fitReview(review, { fullReviewPointer: pointer, commit: 'f'.repeat(40), pipeline: 9 });
  parts = fitted.parts;
  all = parts.join('\n');
});

test('the set is what it claims: 1,800 stacks, 3 blockers (one in the last environment), 600 security changes', () => {
  expect(set.plans).toHaveLength(1800);
  expect(review.stacks).toHaveLength(1800);
  expect(review.blockers.map((b) => `${b.change.stack} ${b.change.address}`).sort()).toEqual([...set.blockers].sort());
  expect(set.blockers.filter((b) => b.startsWith(`${environments[environments.length - 1]}-`))).toHaveLength(1);
  expect(review.security).toHaveLength(600);
  expect(review.warehouses).toHaveLength(60);
  expect(review.stacks.filter((st) => st.notPlanned?.status === 'failed')).toHaveLength(1);
  expect(renderReview(review).length).toBeGreaterThan(10 * GITHUB_COMMENT_LIMIT);
});

test('every comment is within GitHub limit, marked with its part, with balanced code blocks and details', () => {
  expect(parts.length).toBeGreaterThan(1);
  parts.forEach((p, i) => {
    expect(p.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(parseMarker(p)).toEqual({ sha: 'f'.repeat(40), pipeline: 9, part: i + 1, parts: parts.length });
    expect((p.match(/^`{3,}/gm) ?? []).length % 2).toBe(0);
    expect((p.match(/<details>/g) ?? []).length).toBe((p.match(/<\/details>/g) ?? []).length);
  });
});

test('the first comment leads with the verdict, the failed plan and every blocker, the prod one included', () => {
  const first = parts[0];
  expect(first).toContain('❌ **1 plan failed**');
  expect(first).toContain(`- \`${environments[0]}-team-042-snowflake\`: terraform init: AccessDenied`);
  expect(first).toContain('⛔ **3 blocking changes**');
  expect(first).toContain(pointer);
  for (const b of set.blockers) {
    const [stack, address] = b.split(' ');
    expect(first).toMatch(
      new RegExp(
        `^- \\*\\*(destroy|replace)\\*\\* \`${address.replace('.', '\\.')}\` \\([a-z0-9_]+\\) in \`${stack}\``,
        'm',
      ),
    );
  }
  expect(first.indexOf('### ⛔ Blockers')).toBeLessThan(
    first.indexOf('### 🔐') < 0 ? Infinity : first.indexOf('### 🔐'),
  );
});

test('the per-stack table is collapsed (never 1,800 rows); the security section and the cost table are complete', () => {
  expect((all.match(/^\| `[a-z]+-team-\d{3}-(aws|snowflake)` \|/gm) ?? []).length).toBeLessThan(1800);
  // Grouped by environment: a heading per environment with its stacks with changes, or a row of totals each.
  for (const env of environments)
    expect(all).toMatch(
      new RegExp(`^(#### \`${env}\`: 600 stacks, \\d+ with changes or findings|\\| \`${env}\` \\| 600 \\|)`, 'm'),
    );
  expect(all).not.toMatch(/^\| `[a-z]+-team-\d{3}-(aws|snowflake)` \| 0 \| 0 \| 0 \| 0 \| ✅ no changes \|$/m);
  for (const s of set.security) {
    const [stack, address] = s.split(' ');
    expect(all).toContain(`\`${address}\`** in \`${stack}\``);
  }
  for (const w of set.warehouses) expect(all).toContain(`| \`${w}\` | update in place | XSMALL = 1 | SMALL = 2 | +1 |`);
  expect(all).toContain('Net: **+60 credits/hour** at full use.');
});

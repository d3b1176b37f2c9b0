/**
 * Suppressions and how findings reach `npm run synth`: match by rule + path glob, team scope, unused and refused
 * suppressions, errors fail synth with nothing written, warnings print and synth succeeds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, Testing } from 'cdktf';
import { readConfigSources, validateConfig } from '../../config';
import {
  deletionProtection,
  formatReport,
  GUARDRAIL_RULES,
  Guardrails,
  type Rule,
  s3Versioning,
  type Suppression,
  suppressionMatches,
} from '../../constructs/guardrails';
import { runSynth } from '../../stacks/synth';
import { guard } from './helpers';

const REASON = 'Scratch bucket, agreed with the platform team in INFRA-123';
const unversioned = (s: TerraformStack) => {
  new S3Bucket(s, 'scratch', { bucket: 'acme-scratch' });
  new S3Bucket(s, 'other', { bucket: 'acme-other' });
};
const rules = [s3Versioning, deletionProtection];
const suppression = (over: Partial<Suppression>): Suppression => ({
  rule: 's3-versioning',
  path: 'team-stack/scratch',
  reason: REASON,
  origin: 'config/platform.ts',
  ...over,
});

describe('suppression matching', () => {
  it('a matching suppression turns the finding into a suppressed one; others stay errors', () => {
    const report = guard({ name: 'team-stack', build: unversioned }, { rules, suppressions: [suppression({})] });
    expect(report.errors.map((f) => f.path)).toEqual(['team-stack/other']);
    expect(report.suppressed.map((f) => [f.path, f.suppression.reason])).toEqual([['team-stack/scratch', REASON]]);
    expect(report.unusedSuppressions).toEqual([]);
  });

  it('matches globs, and a construct path covers the resources inside it', () => {
    const finding = {
      ruleId: 's3-versioning',
      level: 'error' as const,
      stack: 'prod-x-aws',
      path: 'prod-x-aws/workspace/bucket/bucket',
      address: '',
      message: '',
      fix: '',
    };
    expect(suppressionMatches(suppression({ path: 'prod-*-aws/workspace/bucket/*' }), finding, undefined)).toBe(true);
    expect(suppressionMatches(suppression({ path: 'prod-x-aws/workspace/bucket' }), finding, undefined)).toBe(true);
    expect(suppressionMatches(suppression({ path: 'prod-x-aws/workspace' }), finding, undefined)).toBe(true);
    expect(suppressionMatches(suppression({ path: 'dev-*/**' }), finding, undefined)).toBe(false);
    expect(suppressionMatches(suppression({ path: 'prod-x-aws/workspace/buck' }), finding, undefined)).toBe(false);
    expect(suppressionMatches(suppression({ rule: 's3-encryption', path: '**' }), finding, undefined)).toBe(false);
  });

  it('a suppression that matches nothing is reported as unused, and the error stays', () => {
    const unused = suppression({ path: 'team-stack/does-not-exist' });
    const report = guard({ name: 'team-stack', build: unversioned }, { rules, suppressions: [unused] });
    expect(report.errors).toHaveLength(2);
    expect(report.unusedSuppressions).toEqual([unused]);
    expect(formatReport(report)).toContain(
      "⚠ unused suppression of s3-versioning for 'team-stack/does-not-exist' (config/platform.ts): it matches no finding; delete it",
    );
  });

  it("a team suppression applies only to that team's stacks", () => {
    const teamSuppression = suppression({ path: '*/scratch', origin: 'config/teams/a.ts', team: 'a' });
    const report = guard(
      [
        {
          name: 'team-a',
          context: { team: 'a' },
          build: (s) => void new S3Bucket(s, 'scratch', { bucket: 'a-scratch' }),
        },
        {
          name: 'team-b',
          context: { team: 'b' },
          build: (s) => void new S3Bucket(s, 'scratch', { bucket: 'b-scratch' }),
        },
        { name: 'platform', build: (s) => void new S3Bucket(s, 'scratch', { bucket: 'p-scratch' }) },
      ],
      { rules, suppressions: [teamSuppression] },
    );
    expect(report.suppressed.map((f) => f.path)).toEqual(['team-a/scratch']);
    expect(report.errors.map((f) => f.path)).toEqual(['team-b/scratch', 'platform/scratch']);
  });

  it('refuses to suppress an unsuppressible rule, an unknown rule, without a real reason, or whole stacks', () => {
    const build = (s: TerraformStack) => void new S3Bucket(s, 'scratch', { bucket: 'acme-scratch' });
    const refused = [
      suppression({ rule: 'deletion-protection', path: '**' }),
      suppression({ rule: 'no-such-rule', path: '**' }),
      suppression({ path: '**', reason: 'because' }),
      suppression({ path: 'team-stack/scratch', reason: '\u200b'.repeat(25) }),
      suppression({ path: 'team-stack/**' }),
    ];
    const report = guard({ name: 'team-stack', context: { strict: true }, build }, { rules, suppressions: refused });
    expect(report.errors.map((f) => f.ruleId).sort()).toEqual(['deletion-protection', 's3-versioning']);
    expect(report.refusedSuppressions.map((r) => r.why)).toEqual([
      'rule "deletion-protection" cannot be suppressed',
      'rule "no-such-rule" does not exist',
      'its reason is shorter than 20 characters',
      'its reason is shorter than 20 characters',
      'its path "team-stack/**" names no construct: it would silence the rule for whole stacks',
    ]);
    const text = formatReport(report, rules, (stack) => `the suppressions of the file that owns ${stack}`);
    expect(text).toContain(
      '✖ refused suppression of deletion-protection for \'**\' (config/platform.ts): rule "deletion-protection" cannot be suppressed',
    );
    expect(text).toContain('this rule cannot be suppressed');
    // Where to suppress comes from whoever built the stacks (the guardrails know no config files).
    expect(text).toContain(
      "or suppress it in the suppressions of the file that owns team-stack: { rule: 's3-versioning', path: 'team-stack/scratch'",
    );
    expect(formatReport(report, rules)).toContain(
      "or suppress it: { rule: 's3-versioning', path: 'team-stack/scratch'",
    );
  });
});

describe('the engine', () => {
  it('reports a rule that crashes as an error of that rule, instead of passing silently', () => {
    const crashing: Rule = {
      id: 'test-crash',
      level: 'warning',
      description: 'd',
      fix: 'f',
      check: () => {
        throw new Error('boom');
      },
    };
    const report = guard({ name: 'team-stack', build: unversioned }, { rules: [crashing] });
    expect(report.errors).toEqual([
      expect.objectContaining({
        ruleId: 'test-crash',
        level: 'error',
        stack: 'team-stack',
        message: 'the rule crashed: boom',
      }),
    ]);
  });

  it('refuses to report on stacks that were not synthesized', () => {
    const app = Testing.app();
    const guardrails = new Guardrails();
    guardrails.addStack(new TerraformStack(app, 'never-synthesized'), {});
    expect(() => guardrails.report()).toThrow('stacks not synthesized yet: never-synthesized');
  });
});

describe('guardrails in npm run synth (runSynth over the example org)', () => {
  const { sources: example } = readConfigSources();
  /** A suppressible test rule that flags every warehouse of every Snowflake stack. */
  const warehouseRule = (level: 'error' | 'warning'): Rule => ({
    id: `test-no-warehouses-${level}`,
    level,
    description: 'test rule',
    fix: 'remove the warehouse',
    check: ({ stack }) =>
      stack.elements
        .filter((e) => e.type === 'snowflake_warehouse')
        .map((element) => ({ element, message: 'is a warehouse' })),
  });

  async function run(rule: Rule, mutate: (platform: any, teams: any[]) => void = () => {}) {
    const sources: any = structuredClone(example);
    mutate(
      sources.platform.value,
      sources.teams.map((t: any) => t.value),
    );
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-guardrails-'));
    fs.mkdirSync(path.join(outdir, 'stacks', 'old-stack'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'old-stack', 'cdk.tf.json'), '{}');
    const out: string[] = [];
    const err: string[] = [];
    const allRules = [...GUARDRAIL_RULES, rule];
    const code = await runSynth({
      load: () => validateConfig(sources, { rules: allRules }),
      options: { mode: 'offline', awsAuth: 'assume-role' },
      outdir,
      rules: allRules,
      log: (l) => out.push(l),
      error: (l) => err.push(l),
    });
    const written = fs.existsSync(path.join(outdir, 'stacks')) ? fs.readdirSync(path.join(outdir, 'stacks')) : [];
    fs.rmSync(outdir, { recursive: true, force: true });
    return { code, out: out.join('\n'), err: err.join('\n'), written };
  }

  it('the example org passes every guardrail with no suppression', async () => {
    const sources: any = structuredClone(example);
    expect(sources.platform.value.suppressions).toEqual([]);
    const { code, out } = await run(warehouseRule('warning'), () => {});
    expect(code).toBe(0);
    expect(out).toMatch(
      new RegExp(
        `Guardrails: ${GUARDRAIL_RULES.length + 1} rules over 25 stacks: 0 errors, \\d+ warnings, 0 suppressed\\.`,
      ),
    );
    // Only the test rule warned: the real rules found nothing.
    expect(out.match(/^⚠ warning (\S+)/gm)?.every((l) => l.endsWith('test-no-warehouses-warning'))).toBe(true);
  });

  it('an error fails synth with the full list and writes nothing (stale output removed)', async () => {
    const { code, err, written } = await run(warehouseRule('error'));
    expect(code).toBe(1);
    expect(written).toEqual([]);
    expect(err).toContain('Nothing was synthesized');
    // Every warehouse of every environment is listed, with where and how to fix.
    expect(err).toContain('✖ error test-no-warehouses-error in stack prod-telehealth-snowflake');
    expect(err).toContain('✖ error test-no-warehouses-error in stack dev-data-integration-snowflake');
    expect(err).toContain('✖ error test-no-warehouses-error in stack staging-platform-snowflake');
    expect(err).toContain('    fix:  remove the warehouse');
    expect(err).toMatch(/at: {3}prod-telehealth-snowflake\/\S+ \(snowflake_warehouse\./);
    // How to suppress names the file to edit: the team's for a team stack, the platform's for a platform stack.
    expect(err).toContain(
      "    or suppress it in the suppressions of config/teams/telehealth.ts (or config/platform.ts, for every stack): { rule: 'test-no-warehouses-error', path: 'prod-telehealth-snowflake/",
    );
    expect(err).toContain(
      "    or suppress it in the suppressions of config/platform.ts: { rule: 'test-no-warehouses-error', path: 'staging-platform-snowflake/",
    );
  });

  it('a warning prints but synth succeeds and writes every stack', async () => {
    const { code, out, written } = await run(warehouseRule('warning'));
    expect(code).toBe(0);
    expect(written).toHaveLength(25);
    expect(written).not.toContain('old-stack');
    expect(out).toContain('⚠ warning test-no-warehouses-warning in stack prod-telehealth-snowflake');
    expect(out).toContain('Synthesized 25 stacks');
  });

  it("config suppressions: platform ones cover every stack, team ones only the team's stacks; unused ones are reported", async () => {
    const rule = warehouseRule('error');
    const suppressed = await run(rule, (platform, teams) => {
      platform.suppressions = [
        {
          rule: rule.id,
          path: '*-platform-snowflake/bi-warehouse',
          reason: 'The BI warehouse is shared and capped by its monitor',
        },
        { rule: 's3-versioning', path: 'nowhere/bucket', reason: 'Left over from a removed bucket, to clean up' },
      ];
      for (const t of teams)
        t.suppressions = [
          {
            rule: rule.id,
            path: '*/workspace/warehouse-*',
            reason: `Team ${t.name} accepts its warehouses in this test`,
          },
        ];
    });
    expect(suppressed.err).toBe('');
    expect(suppressed.code).toBe(0);
    expect(suppressed.out).toContain("⚠ unused suppression of s3-versioning for 'nowhere/bucket' (config/platform.ts)");

    // A team's "*/workspace/warehouse-*" does not reach another team's stacks or the platform's.
    const teamOnly = await run(rule, (_platform, teams) => {
      const telehealth = teams.find((t) => t.name === 'telehealth');
      telehealth.suppressions = [
        { rule: rule.id, path: '*/workspace/warehouse-*', reason: 'Telehealth accepts its warehouses in this test' },
      ];
    });
    expect(teamOnly.code).toBe(1);
    expect(teamOnly.err).not.toContain('in stack prod-telehealth-snowflake');
    expect(teamOnly.err).toContain('in stack prod-product-analytics-snowflake');
    expect(teamOnly.err).toContain('in stack prod-platform-snowflake');
  });

  it('config validation refuses a suppression of an unsuppressible rule before anything is built', async () => {
    const { code, err, written } = await run(warehouseRule('warning'), (platform) => {
      platform.suppressions = [
        { rule: 'deletion-protection', path: 'prod-*/**', reason: 'We want to delete the prod database' },
      ];
    });
    expect(code).toBe(1);
    expect(written).toEqual([]);
    expect(err).toMatch(/config\/platform\.ts:\d+:\d+ › suppressions\[0\]\.rule: cannot be suppressed/);
  });
});

/**
 * Loading and validating config as a whole: discovery of team files, every error at once, order independence.
 * Individual bad inputs are catalogued in bad-input-catalogue.test.ts.
 */
import { formatIssues, readConfigSources, validateConfig, type ConfigSources } from '../../config';

const { sources: example, issues: loadIssues } = readConfigSources();
const clone = (): { -readonly [K in keyof ConfigSources]: any } => structuredClone(example) as any;

describe('config loading', () => {
  it('discovers every team file in config/teams without a registry to edit', () => {
    expect(loadIssues).toEqual([]);
    expect(example.teams.map((t) => t.file)).toEqual([
      'config/teams/data-integration.ts',
      'config/teams/product-analytics.ts',
      'config/teams/telehealth.ts',
    ]);
  });

  it('accepts the example org', () => {
    const result = validateConfig(example);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('reports every problem of every file at once', () => {
    const sources = clone();
    sources.environments.value.dev.protection = 'paranoid';
    sources.platform.value.namePrefix = 'Acme';
    sources.teams[0].value.snowflake.schemas[0].name = 'raw';
    sources.teams[2].value.aws.ecrRepositories[0].name = 'Call_Quality';
    const result = validateConfig(sources);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = result.issues.map((i) => `${i.file} ${i.path}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'config/environments.ts dev.protection',
        'config/platform.ts namePrefix',
        'config/teams/data-integration.ts snowflake.schemas[0].name',
        'config/teams/telehealth.ts aws.ecrRepositories[0].name',
      ]),
    );
    const text = formatIssues(result.issues);
    expect(text).toMatch(/^Invalid configuration: \d+ problems in 4 files\. Nothing was synthesized\./);
    expect(text).toContain('given:   "paranoid"');
    expect(text).toContain('allowed: standard, strict');
  });

  it('reports a mistake in an environment once: its name stays valid for per-environment values and teams', () => {
    const sources = clone();
    sources.environments.value.prod.protection = 'paranoid';
    sources.teams[2].value.environments = ['dev', 'prod'];
    const result = validateConfig(sources);
    expect(result.ok ? [] : result.issues.map((i) => `${i.file} ${i.path}`)).toEqual([
      'config/environments.ts prod.protection',
    ]);
  });

  it('does not depend on the order of team files', () => {
    const sources = clone();
    sources.teams.reverse();
    const a = validateConfig(example);
    const b = validateConfig(sources);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.config.teams.map((t) => t.name)).toEqual(a.config.teams.map((t) => t.name));
  });

  it('resolves per-environment values with a default and per-environment overrides', () => {
    const result = validateConfig(example);
    if (!result.ok) throw new Error('example must be valid');
    // data-integration's TRANSFORM: size { default: 'XSMALL', prod: 'MEDIUM' } (more in test/config/model.test.ts).
    const transform = result.config.environments.map(
      (e) =>
        e.teams.find((t) => t.name === 'data-integration')!.snowflake.warehouses.find((w) => w.key === 'TRANSFORM')!
          .size,
    );
    expect(transform).toEqual(['XSMALL', 'XSMALL', 'MEDIUM']);
  });
});

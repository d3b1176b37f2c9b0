/**
 * Loading and validating config as a whole: discovery of team files, every error at once, order independence.
 * Individual bad inputs are catalogued in bad-input-catalogue.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { formatIssues, readConfigSources, validateConfig, type ConfigSources } from '../../config';
import { syntaxDiagnostics } from '../../config/literal-source';
import { ConfigCopy } from './catalogue/harness';

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

describe('config files are read as data, never run', () => {
  const repoConfig = path.resolve(__dirname, '..', '..', 'config');
  let copy: ConfigCopy;
  beforeEach(() => (copy = new ConfigCopy()));
  afterEach(() => copy.remove());

  it('gives the values that running the files gives', () => {
    for (const source of [example.environments, example.platform, ...example.teams]) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ran = require(path.join(repoConfig, '..', source.file)).default;
      expect({ file: source.file, value: source.value }).toEqual({ file: source.file, value: ran });
    }
  });

  it("runs none of a team file's code: it cannot change another team, or do anything else", () => {
    const marker = path.join(copy.root, 'ran');
    copy.write(
      'config/teams/aaa-evil.ts',
      [
        "import { defineTeam } from '../define';",
        "import victim from './telehealth';",
        `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`,
        "(victim as any).snowflake.serviceUsers[0].allowedIpList = ['0.0.0.0/0'];",
        "export default defineTeam({ name: 'aaa-evil', description: 'x', owners: ['e@example.com'], costCenter: 'CC-1', snowflake: { schemas: [{ name: 'RAW' }] } });",
      ].join('\n'),
    );
    const { sources, issues } = readConfigSources(copy.configDir);
    expect(fs.existsSync(marker)).toBe(false);
    const victim = sources.teams.find((t) => t.file.endsWith('telehealth.ts'))!;
    expect(victim.value).toEqual(example.teams.find((t) => t.file.endsWith('telehealth.ts'))!.value);
    expect(issues.map((i) => i.line)).toEqual([2, 3, 4]);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^imports "\.\/telehealth": /),
      expect.stringMatching(/^holds `require\('node:fs'\)/),
      expect.stringMatching(/^holds `\(victim as any\)/),
    ]);
  });

  it('makes every object a fresh plain object with exactly the keys written', () => {
    const { sources } = readConfigSources(copy.configDir);
    const team = sources.teams[0].value as Record<string, unknown>;
    expect(Object.getPrototypeOf(team)).toBe(Object.prototype);
    expect(sources.teams[1].value).not.toBe(example.teams[1].value);
    expect(Object.keys(team)).toEqual(['name', 'description', 'owners', 'costCenter', 'snowflake', 'aws']);
  });

  it('knows where each field is, so every problem gets its line', () => {
    const locations = example.teams.find((t) => t.file.endsWith('telehealth.ts'))!.locations!;
    const text = fs.readFileSync(path.join(repoConfig, 'teams', 'telehealth.ts'), 'utf8').split('\n');
    const lineOf = (p: string) => text[locations.get(p)!.line - 1];
    expect(lineOf('costCenter')).toContain("costCenter: 'CC-3003'");
    expect(lineOf('snowflake.serviceUsers[0].allowedIpList[0]')).toContain("'203.0.113.10/32'");
    expect(lineOf('aws.circleciProjectIds[1]')).toContain('5441050e-27eb-4880-bf0a-bd2c3a14b55d');
  });

  it('reports syntax errors the same way through the public TypeScript API as through the parser field it reads', () => {
    const text = "import { defineTeam } from '../define';\nexport default defineTeam({ name: 'x' owners: [] });\n";
    const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const show = (ds: readonly ts.Diagnostic[]) => ds.map((d) => [d.start, d.code]);
    expect(show(syntaxDiagnostics(sf))).toEqual([[text.indexOf('owners'), 1005]]);
    expect(show(syntaxDiagnostics(sf, true))).toEqual(show(syntaxDiagnostics(sf)));
  });
});

/**
 * Every way the config can be wrong, in tables (test/config/catalogue/cases-*.ts, one per class of problem). Each
 * case starts from the real example, changes one thing — in memory, or in the text of a copy of config/ read by the
 * real loader — and runs `npm run synth` as a function (runSynth) into an output directory that holds a stale
 * stack: the run must exit 1, print a line naming the file (and the line, where the file's text is involved), the
 * field path and what is wrong, and leave no stack output behind. Valid inputs close to the bad ones still
 * synthesize. Some cases run the real CLI (`npm run synth`'s command).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig, validateConfig, type ValidationResult } from '../../config';
import { GUARDRAIL_RULES } from '../../constructs/guardrails';
import { synthOptionsFromEnv } from '../../stacks/context';
import { runSynth } from '../../stacks/synth';
import { BASIC_CASES, PRIVATE_PEM } from './catalogue/cases-basic';
import { COLLISION_CASES } from './catalogue/cases-collisions';
import { ERROR_CASES } from './catalogue/cases-errors';
import { KEY_CASES } from './catalogue/cases-keys';
import { OBJECT_CASES } from './catalogue/cases-objects';
import { VALUE_CASES } from './catalogue/cases-values';
import { type Case, ConfigCopy, example, loadIssues, type Sources } from './catalogue/harness';
import { VALID_EDGE_CASES } from './catalogue/valid-edge-cases';

const TABLES: Record<string, readonly Case[]> = {
  basic: BASIC_CASES,
  keys: KEY_CASES,
  collisions: COLLISION_CASES,
  values: VALUE_CASES,
  'object traps': OBJECT_CASES,
  'error quality': ERROR_CASES,
};
const CASES = Object.entries(TABLES).flatMap(([table, cases]) => cases.map((c) => ({ table, ...c })));
const OFFLINE = { mode: 'offline', awsAuth: 'assume-role' } as const;

/** A printed problem: `✖ <file>[:<line>:<column>][ › <path>]: <message>`. */
const ISSUE_LINE = /^✖ (\S+?)(?::(\d+):(\d+))?(?: › (.+?))?: (.*)$/;

function seededOutdir(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bad-input-'));
  fs.mkdirSync(path.join(outdir, 'stacks', 'old-stack'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'stacks', 'old-stack', 'cdk.tf.json'), '{}');
  fs.writeFileSync(path.join(outdir, 'manifest.json'), '{}');
  return outdir;
}

/** The case's config: its change applied in memory, or to a copy on disk read by the real loader. */
function prepare(c: Case): { load: () => ValidationResult; copy?: ConfigCopy } {
  if (c.edit) {
    const copy = new ConfigCopy();
    c.edit(copy);
    return { load: () => loadConfig(copy.configDir, { rules: GUARDRAIL_RULES }), copy };
  }
  const sources = structuredClone(example) as Sources;
  c.mutate!(sources);
  return { load: () => validateConfig(sources, { rules: GUARDRAIL_RULES }) };
}

describe('bad input catalogue', () => {
  it('starts from a valid example with enough cases in every table', () => {
    expect(loadIssues).toEqual([]);
    const result = validateConfig(example, { rules: GUARDRAIL_RULES });
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    for (const cases of Object.values(TABLES)) expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    for (const c of CASES)
      expect({ name: c.name, one: [c.mutate, c.edit].filter(Boolean).length }).toEqual({ name: c.name, one: 1 });
  });

  it.each(CASES.map((c) => [`${c.table}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const outdir = seededOutdir();
    const { load, copy } = prepare(c);
    const errors: string[] = [];
    const logs: string[] = [];
    try {
      const code = await runSynth({
        load,
        options: OFFLINE,
        outdir,
        log: (l) => logs.push(l),
        error: (l) => errors.push(l),
      });
      const printed = errors.join('\n');
      expect(code).toBe(1);
      expect(logs).toEqual([]);
      expect(printed).toMatch(/^Invalid configuration: \d+ problems? in \d+ files?\. Nothing was synthesized\./);
      // One line names the file (a copy on disk is printed with its directory), the line where the text is
      // involved, the field, and says what is wrong.
      const issues = printed.split('\n').flatMap((l) => {
        const m = ISSUE_LINE.exec(l);
        return m ? [{ file: m[1], line: m[2] && Number(m[2]), path: m[4] ?? '', message: m[5] }] : [];
      });
      const line = copy && c.line ? c.line(copy) : undefined;
      const match = issues.find(
        (i) =>
          (i.file === c.file || (copy !== undefined && i.file.endsWith(`/${c.file}`))) &&
          i.path === c.path &&
          i.message.includes(c.fragment) &&
          (line === undefined || i.line === line),
      );
      expect({ found: match !== undefined, line, printed: match ? '' : printed }).toEqual({
        found: true,
        line,
        printed: '',
      });
      if (c.alone) expect(issues).toHaveLength(1);
      // The stale output is gone: nothing that could be mistaken for this run's result.
      expect(fs.existsSync(path.join(outdir, 'stacks'))).toBe(false);
      expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      copy?.remove();
    }
  });
});

describe('bad environment variables of npm run synth', () => {
  it.each([
    [{ DATA_PLATFORM_MODE: 'ofline' }, 'DATA_PLATFORM_MODE must be "live" or "offline", got "ofline"'],
    [{ DATA_PLATFORM_AWS_AUTH: 'sso' }, 'DATA_PLATFORM_AWS_AUTH must be "assume-role" or "ambient", got "sso"'],
    [{ DATA_PLATFORM_MODE: '', DATA_PLATFORM_AWS_AUTH: 'AMBIENT' }, 'got "AMBIENT"'],
  ])('%j: exit 1, the variable, its value and the allowed ones named, stale output removed', async (env, text) => {
    const outdir = seededOutdir();
    const errors: string[] = [];
    let loaded = false;
    try {
      const code = await runSynth({
        load: () => {
          loaded = true;
          return validateConfig(example);
        },
        options: () => synthOptionsFromEnv(env),
        outdir,
        log: () => undefined,
        error: (l) => errors.push(l),
      });
      expect(code).toBe(1);
      expect(errors.join('\n')).toContain(text);
      expect(errors.join('\n')).toContain('Nothing was synthesized.');
      expect(loaded).toBe(false);
      expect(fs.existsSync(path.join(outdir, 'stacks'))).toBe(false);
      expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('valid inputs close to the bad ones', () => {
  it.each(VALID_EDGE_CASES.map((c) => [c.name, c] as const))('%s: valid', (_name, c) => {
    if (c.edit) {
      const copy = new ConfigCopy();
      try {
        c.edit(copy);
        const result = loadConfig(copy.configDir, { rules: GUARDRAIL_RULES });
        expect(result.ok ? [] : result.issues).toEqual([]);
        if (result.ok) c.check?.(result.config);
      } finally {
        copy.remove();
      }
      return;
    }
    const sources = structuredClone(example) as Sources;
    c.mutate!(sources);
    const result = validateConfig(sources, { rules: GUARDRAIL_RULES });
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (result.ok) c.check?.(result.config);
  });

  it('all of them together synthesize, with the values as given', async () => {
    const sources = structuredClone(example) as Sources;
    for (const c of VALID_EDGE_CASES) c.mutate?.(sources);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-edge-'));
    const errors: string[] = [];
    let config: PlatformConfig | undefined;
    try {
      const code = await runSynth({
        load: () => {
          const result = validateConfig(sources, { rules: GUARDRAIL_RULES });
          if (result.ok) config = result.config;
          return result;
        },
        options: OFFLINE,
        outdir,
        log: () => undefined,
        error: (l) => errors.push(l),
      });
      expect({ code, errors }).toEqual({ code: 0, errors: [] });
      const stack = (name: string) =>
        JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
      for (const c of VALID_EDGE_CASES) c.synthesized?.(stack, config!);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('bad input through the real CLI (npm run synth)', () => {
  const repo = path.resolve(__dirname, '..', '..');
  // Made in beforeAll, not while collecting, so a filtered run (-t) leaves none behind.
  let work: string;
  let configDir: string;
  let outdir: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bad-input-cli-'));
    configDir = path.join(work, 'config');
    outdir = path.join(work, 'out');
    fs.cpSync(path.join(repo, 'config'), configDir, { recursive: true });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function cli(files: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(path.join(outdir, 'stacks', 'old-stack'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'old-stack', 'cdk.tf.json'), '{}');
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(configDir, 'teams', f), text);
    try {
      execFileSync('npm', ['run', '--silent', 'synth'], {
        cwd: repo,
        env: {
          ...process.env,
          DATA_PLATFORM_CONFIG_DIR: configDir,
          CDKTF_OUTDIR: outdir,
          DATA_PLATFORM_MODE: 'offline',
          ...env,
        },
        encoding: 'utf8',
        stdio: 'pipe',
      });
      return { code: 0, stderr: '', stacks: fs.existsSync(path.join(outdir, 'stacks')) };
    } catch (e: any) {
      return { code: e.status as number, stderr: String(e.stderr), stacks: fs.existsSync(path.join(outdir, 'stacks')) };
    } finally {
      for (const f of Object.keys(files)) fs.rmSync(path.join(configDir, 'teams', f), { force: true });
    }
  }

  const header = "import { defineTeam } from '../define';\n\nexport default defineTeam(";

  it('a team file with a typo and a pasted private key: exit 1, file and fields named, no stack output', () => {
    const team = {
      name: 'ml-platform',
      description: 'Feature store',
      owners: ['ml@example.com'],
      costCenter: 'CC-4004',
      snowflake: {
        schemas: [{ name: 'FEATURES' }],
        warehouses: [{ name: 'TRAIN', autoSuspendSecond: 60 }],
        serviceUsers: [{ name: 'TRAINER', rsaPublicKey: PRIVATE_PEM, defaultWarehouse: 'TRAIN' }],
      },
    };
    const result = cli({ 'ml-platform.ts': `${header}${JSON.stringify(team, null, 2)} as any);\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /config\/teams\/ml-platform\.ts:\d+:\d+ › snowflake\.warehouses\[0\]\.autoSuspendSecond: unknown field "autoSuspendSecond" \(did you mean "autoSuspendSeconds"\?\)/,
    );
    expect(result.stderr).toMatch(
      /config\/teams\/ml-platform\.ts:\d+:\d+ › snowflake\.serviceUsers\[0\]\.rsaPublicKey: is a PRIVATE KEY \(PEM\)/,
    );
    // The private key is never echoed.
    expect(result.stderr).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
    expect(result.stacks).toBe(false);
  });

  it('a team file that does not compile: exit 1, the file, line and column named, no stack output', () => {
    const result = cli({ 'broken.ts': `${header}{ name: 'broken', \n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\/teams\/broken\.ts:4:1: is not valid TypeScript here: '}' expected/);
    expect(result.stacks).toBe(false);
  });

  it('a team file that imports and changes another team: exit 1, reported, the other team unchanged', () => {
    const evil =
      "import { defineTeam } from '../define';\nimport victim from './telehealth';\n\n" +
      "(victim as any).snowflake.serviceUsers[0].allowedIpList = ['0.0.0.0/0'];\n\n" +
      `export default defineTeam({ name: 'aaa-evil', description: 'x', owners: ['e@example.com'], costCenter: 'CC-1', snowflake: { schemas: [{ name: 'RAW' }] } });\n`;
    const result = cli({ 'aaa-evil.ts': evil });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /teams\/aaa-evil\.ts:2:1: imports "\.\/telehealth": this file may import only "\.\.\/define"/,
    );
    expect(result.stderr).toMatch(/teams\/aaa-evil\.ts:4:1: holds `\(victim as any\)/);
    // Nothing of the file ran: the victim's network policy is what its own file says.
    expect(result.stderr).not.toContain('telehealth.ts');
    expect(result.stacks).toBe(false);
  });

  it('invalid DATA_PLATFORM_MODE and DATA_PLATFORM_AWS_AUTH: exit 1, both named, the stale stacks removed', () => {
    const result = cli({}, { DATA_PLATFORM_MODE: 'dry-run', DATA_PLATFORM_AWS_AUTH: 'oidc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATA_PLATFORM_MODE must be "live" or "offline", got "dry-run"');
    expect(result.stderr).toContain('DATA_PLATFORM_AWS_AUTH must be "assume-role" or "ambient", got "oidc"');
    expect(result.stacks).toBe(false);
  });
});

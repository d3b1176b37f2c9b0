/**
 * `npm run new-team` as a function: checks the request, validates the would-be configuration with the real
 * validator (the new team added to the loaded sources), and only then writes config/teams/<name>.ts.
 * Every refusal exits non-zero and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type ConfigIssue,
  datasetKey,
  DEFAULT_CONFIG_DIR,
  formatIssue,
  loadConfig,
  nameSchema,
  type PlatformConfig,
  readConfigSources,
  splitDatasetRef,
  validateConfig,
} from '../../config';
import { accessReportOf, formatRefusal } from '../access-report/report';
import { runCommandSync } from '../cli';
import { NEW_TEAM_COMMAND, type NewTeamArgs, newTeamArgs } from './args';
import { describeTeam } from './summary';
import { productionEnvironments, renderTeamFile, teamDefaults, templateFacts } from './template';

export interface NewTeamDeps {
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
  /** Owner when no --owner is given; the CLI reads `git config user.email`. */
  readonly defaultOwner?: () => string | undefined;
  /** Regenerate this access report after writing the team, so the pull request includes it. */
  readonly accessReportFile?: string;
  /**
   * The access report of the default config directory (the CLI passes docs/access.md): regenerated when no
   * --config-dir is given, i.e. when the team goes into the repository's own config, so its staleness check stays
   * green.
   */
  readonly ownAccessReportFile?: string;
}

/** Path as the config loader shows it in messages: relative to the working directory when inside it. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

export function gitEmail(cwd: string = DEFAULT_CONFIG_DIR): string | undefined {
  try {
    return (
      execFileSync('git', ['config', 'user.email'], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

function refuse(error: (line: string) => void, headline: string, issues: readonly ConfigIssue[] = []): number {
  error([`new-team: ${headline}`, ...issues.map(formatIssue), 'Nothing was written.'].join('\n'));
  return 1;
}

/** `npm run new-team` with its command line: --help and usage errors as tools/cli.ts says, else `newTeam`. */
export function runNewTeam(argv: readonly string[], deps: NewTeamDeps = {}): number {
  const log = deps.log ?? console.log;
  const error = deps.error ?? console.error;
  return runCommandSync(NEW_TEAM_COMMAND, argv, (parsed) => newTeam(newTeamArgs(parsed), deps, log, error), {
    out: log,
    error,
  });
}

function newTeam(
  args: NewTeamArgs,
  deps: NewTeamDeps,
  log: (line: string) => void,
  error: (line: string) => void,
): number {
  const accessReportFile =
    deps.accessReportFile ?? (args.configDir === undefined ? deps.ownAccessReportFile : undefined);

  const configDir = path.resolve(args.configDir ?? DEFAULT_CONFIG_DIR);
  const teamsDir = path.join(configDir, 'teams');
  const target = path.join(teamsDir, `${args.name}.ts`);
  const file = shown(target);

  // 1. The name, checked first so a bad name gets one clear message instead of one per derived field.
  const nameCheck = nameSchema.safeParse(args.name);
  if (!nameCheck.success) {
    return refuse(error, `"${args.name}" is not a valid team name.`, [
      {
        file,
        path: 'name',
        message: nameCheck.error.issues.map((i) => i.message).join('; '),
        given: args.name,
        allowed: 'lowercase letters, digits and single "-", starting with a letter; not platform or organization',
        fix: 'e.g. npm run new-team -- growth-analytics',
      },
    ]);
  }

  // 2. The team must not exist yet: by file, or by name in any loaded team file.
  if (!fs.existsSync(path.join(configDir, 'environments.ts'))) {
    return refuse(error, `no configuration in ${shown(configDir)} (environments.ts is missing).`, [
      {
        file: shown(configDir),
        path: '',
        message: 'is not a config directory',
        given: args.configDir,
        fix: "pass --config-dir <dir> pointing at the repository's config/ (or omit it)",
      },
    ]);
  }
  const existing = ['.ts', '.js'].map((ext) => path.join(teamsDir, `${args.name}${ext}`)).find((f) => fs.existsSync(f));
  if (existing) {
    return refuse(error, `team "${args.name}" already exists.`, [
      {
        file: shown(existing),
        path: '',
        message: 'already defines this team',
        given: args.name,
        fix: `edit ${shown(existing)} instead, or choose another name`,
      },
    ]);
  }

  // 3. The configuration as it is must be valid, so every problem reported below is about the new team.
  const { sources, issues: loadIssues } = readConfigSources(configDir);
  const current = loadIssues.length ? { ok: false as const, issues: loadIssues } : validateConfig(sources);
  if (!current.ok) {
    return refuse(
      error,
      `the existing configuration in ${shown(configDir)} is invalid; fix it first (npm run synth lists the same problems).`,
      current.issues,
    );
  }
  const config = current.config;
  if (config.teams.some((t) => t.name === args.name)) {
    const other = config.teams.find((t) => t.name === args.name)!;
    return refuse(error, `team "${args.name}" already exists.`, [
      { file: other.file, path: 'name', message: 'already defines this team', given: args.name },
    ]);
  }

  // 4. Datasets to read, checked here to list what exists (the validator checks them again below).
  const readIssues = checkReads(args.reads, config, file);
  if (readIssues.length) return refuse(error, 'unknown dataset(s) in --reads.', readIssues);

  const owners = args.owners.length ? args.owners : [deps.defaultOwner?.()].filter((o): o is string => !!o);
  if (owners.length === 0) {
    return refuse(error, 'no owner given.', [
      {
        file,
        path: 'owners',
        message: 'needs at least one owner',
        fix: 'pass --owner you@example.com (or set git config user.email)',
      },
    ]);
  }

  // 5. The would-be configuration, through the real validator.
  const team = teamDefaults(
    { name: args.name, owners, reads: args.reads, description: args.description, costCenter: args.costCenter },
    productionEnvironments(config),
  );
  const result = validateConfig({ ...sources, teams: [...sources.teams, { file, value: team }] });
  if (!result.ok) {
    return refuse(
      error,
      `team "${args.name}" would make the configuration invalid:`,
      result.issues.map((i) => hintFlag(i)),
    );
  }
  const text = renderTeamFile(team, templateFacts(result.config, args.name));

  if (args.dryRun) {
    log(`Dry run: would write ${file}. It would create:`);
    log(describeTeam(result.config, args.name).join('\n'));
    return 0;
  }

  // 6. Write (never over a file that appeared meanwhile), then load it back with the real loader: the file on disk,
  // not just the value validated above, must be valid. On any surprise the file is removed again.
  fs.writeFileSync(target, text, { flag: 'wx' });
  const written = loadConfig(configDir);
  if (!written.ok || !written.config.teams.some((t) => t.name === args.name)) {
    fs.rmSync(target, { force: true });
    return refuse(
      error,
      `the written ${file} did not load back as valid (a bug in the template; please report it).`,
      written.ok ? [] : written.issues,
    );
  }

  log(`Created ${file}. In each environment it creates:`);
  log(describeTeam(written.config, args.name).join('\n'));
  if (accessReportFile) {
    const report = accessReportOf(written.config);
    if (report.ok) {
      fs.writeFileSync(accessReportFile, report.markdown);
      log(`\nUpdated ${shown(accessReportFile)} (who can access what) for the new team.`);
    } else error(`${formatRefusal(report)}\nThe team file was written; ${shown(accessReportFile)} was not updated.`);
  }
  log(nextSteps(file, args, accessReportFile ? shown(accessReportFile) : undefined));
  return 0;
}

function checkReads(reads: readonly string[], config: PlatformConfig, file: string): ConfigIssue[] {
  const datasets = config.teams.flatMap((t) => t.schemas.map((s) => datasetKey({ team: t.name, schema: s.name })));
  const issues: ConfigIssue[] = [];
  for (const text of reads) {
    if (datasets.includes(text)) continue;
    const ref = splitDatasetRef(text);
    const producer = ref && config.teams.find((t) => t.name === ref.team);
    const message = !ref
      ? 'is not a dataset name: use "<team>.<SCHEMA>"'
      : !producer
        ? `names team "${ref.team}", which does not exist`
        : `names schema "${ref.schema}", which team "${producer.name}" does not have`;
    issues.push({
      file,
      path: 'snowflake.reads',
      message: `--reads ${message}`,
      given: text,
      allowed: datasets.join(', ') || '(no datasets yet)',
      fix: 'pass one of the allowed datasets (schema names are upper case)',
    });
  }
  return issues;
}

/** Points validator messages about fields the user set by flag at that flag. */
function hintFlag(issue: ConfigIssue): ConfigIssue {
  const flag = issue.path.startsWith('owners')
    ? '--owner'
    : issue.path === 'costCenter'
      ? '--cost-center'
      : issue.path === 'description'
        ? '--description'
        : issue.path.startsWith('snowflake.reads')
          ? '--reads'
          : undefined;
  return flag && !issue.fix ? { ...issue, fix: `check the value given with ${flag}` } : issue;
}

function nextSteps(file: string, args: NewTeamArgs, report: string | undefined): string {
  const todo = [
    `Read ${file}: every field is explained there. Add members (Snowflake users), service users and CircleCI project ids when you have them.`,
    ...(args.description ? [] : ['Replace the placeholder description with one sentence on what the team does.']),
    ...(args.costCenter ? [] : ['Set costCenter (now "unassigned") so the team\'s AWS costs are charged to it.']),
    'Check it: npm run synth (validates everything and lists every problem at once).',
    ...(report ? [] : ['Update the access report: npm run access-report (CI fails while docs/access.md is stale).']),
    `Open a pull request with ${file}${report ? ` and ${report}` : ''}.`,
    'Read the review comment the pipeline posts on it: every resource, role and grant the change creates, per environment.',
    'After merge, CircleCI deploys dev, then staging and prod after approval.',
  ];
  return ['', 'Next steps:', ...todo.map((t, i) => `  ${i + 1}. ${t}`)].join('\n');
}

/**
 * `npm run access-report` as a function: writes docs/access.md (report.ts: evaluated from the synthesized stacks),
 * or with --check compares it with a fresh one and fails when stale; --render also draws one environment's diagram to an image. Options and exit codes:
 * ACCESS_REPORT_COMMAND, printed by `--help`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_DIR, formatIssues, loadConfig } from '../../config';
import { IMAGE_FILE, pictureEnvironment, REPORT_FILE } from './markdown';
import { environmentDiagram } from './mermaid';
import { findRenderTools, type RenderTools, renderDiagram } from './render';
import { accessReportOf, formatRefusal } from './report';
import { defineCommand, type ParsedCommand, runCommandSync } from '../cli';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const ACCESS_REPORT_COMMAND = defineCommand({
  command: 'npm run access-report --',
  summary: `Writes ${REPORT_FILE}: who can access what, per environment, as Markdown with a diagram.`,
  options: {
    check: {
      type: 'boolean',
      description: `write nothing; exit 1 when ${REPORT_FILE} differs from the access the synthesized stacks grant (CI)`,
    },
    render: {
      type: 'boolean',
      description: `also render one environment's diagram to ${IMAGE_FILE} (needs mmdc and Chromium; see docs/onboarding-tools.md)`,
    },
    env: {
      type: 'string',
      valueName: 'NAME',
      description: 'environment to render (default: the last environment, production)',
    },
    out: { type: 'string', valueName: 'FILE', description: `report file (default: ${REPORT_FILE})` },
    image: { type: 'string', valueName: 'FILE', description: `image file, .svg or .png (default: ${IMAGE_FILE})` },
    'config-dir': {
      type: 'string',
      valueName: 'DIR',
      description: "configuration directory (default: the repository's config/)",
    },
  },
  exitCodes: {
    0: 'the report was written (or, with --check, is up to date)',
    1: 'invalid configuration, stacks whose access cannot be evaluated or disagrees with the role model, a stale report with --check, or a diagram that could not be rendered',
    2: 'usage error, or an --env that is not an environment',
  },
});

export interface AccessReportDeps {
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
  /** Where mmdc and the browser are; default: looked up on this machine. */
  readonly renderTools?: RenderTools;
}

interface Options {
  check: boolean;
  render: boolean;
  out: string;
  image: string;
  env?: string;
  configDir: string;
}

function options({ values }: ParsedCommand<typeof ACCESS_REPORT_COMMAND.options>): Options {
  return {
    check: values.check === true,
    render: values.render === true,
    out: values.out ? path.resolve(values.out) : path.join(REPO_ROOT, REPORT_FILE),
    image: values.image ? path.resolve(values.image) : path.join(REPO_ROOT, IMAGE_FILE),
    env: values.env,
    configDir: values['config-dir'] ? path.resolve(values['config-dir']) : DEFAULT_CONFIG_DIR,
  };
}

const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** Compares the committed report with a fresh one; returns the first differing line for the message. */
export function staleness(committed: string | undefined, fresh: string): string | undefined {
  if (committed === fresh) return undefined;
  if (committed === undefined) return 'the file does not exist';
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? Math.min(a.length, b.length) : i;
  return `first difference at line ${at + 1}:\n    committed: ${a[at] ?? '(end of file)'}\n    expected:  ${b[at] ?? '(end of file)'}`;
}

/** `npm run access-report` with its command line: --help and usage errors as tools/cli.ts says. */
export function runAccessReport(argv: readonly string[], deps: AccessReportDeps = {}): number {
  const log = deps.log ?? console.log;
  const error = deps.error ?? console.error;
  return runCommandSync(ACCESS_REPORT_COMMAND, argv, (parsed) => accessReport(options(parsed), deps, log, error), {
    out: log,
    error,
  });
}

function accessReport(
  options: Options,
  deps: AccessReportDeps,
  log: (line: string) => void,
  error: (line: string) => void,
): number {
  const loaded = loadConfig(options.configDir);
  if (!loaded.ok) {
    error(formatIssues(loaded.issues).replace('Nothing was synthesized.', 'No report was written.'));
    return 1;
  }
  const built = accessReportOf(loaded.config);
  if (!built.ok) {
    error(formatRefusal(built));
    return 1;
  }
  const report = built.markdown;

  if (options.check) {
    const committed = fs.existsSync(options.out) ? fs.readFileSync(options.out, 'utf8') : undefined;
    const diff = staleness(committed, report);
    if (diff) {
      error(
        `${shown(options.out)} is stale: it does not match the access the synthesized stacks grant (${diff}).\nRun \`npm run access-report\` and commit the result.`,
      );
      return 1;
    }
    log(`${shown(options.out)} is up to date.`);
    return 0;
  }

  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, report);
  log(`Wrote ${shown(options.out)}.`);
  if (!options.render) return 0;

  const model = built.model;
  const env = options.env ? model.environments.find((e) => e.name === options.env) : pictureEnvironment(model);
  if (!env) {
    error(
      `access-report: --env "${options.env}" is not an environment; allowed: ${model.environments.map((e) => e.name).join(', ')}`,
    );
    return 2;
  }
  const rendered = renderDiagram(environmentDiagram(env), options.image, deps.renderTools ?? findRenderTools());
  if (!rendered.ok) {
    error(
      `access-report: the ${env.name} diagram was not rendered (the Markdown report was written).\n${rendered.reason}`,
    );
    return 1;
  }
  log(`Rendered the ${env.name} diagram to ${shown(options.image)}.`);
  return 0;
}

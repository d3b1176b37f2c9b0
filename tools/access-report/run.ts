/**
 * `npm run access-report` as a function: writes docs/access.md, or with --check compares it with the config and
 * fails when stale; --render also draws one environment's diagram to an image.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_DIR, formatIssues, loadConfig } from '../../config';
import { IMAGE_FILE, pictureEnvironment, renderAccessReport, REPORT_FILE } from './markdown';
import { environmentDiagram } from './mermaid';
import { buildAccessModel } from './model';
import { findRenderTools, type RenderTools, renderDiagram } from './render';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const USAGE = `Usage: npm run access-report -- [--check] [--render] [--out <file>] [--image <file>] [--env <name>] [--config-dir <dir>]

  (no option)         write ${REPORT_FILE} from the configuration
  --check             write nothing; exit 1 when ${REPORT_FILE} differs from what the configuration gives (CI)
  --render            also render one environment's diagram to ${IMAGE_FILE} (needs mmdc and Chromium; see docs/onboarding-tools.md)
  --env <name>        environment to render (default: the last environment, production)
  --out <file>        report file (default: ${REPORT_FILE})
  --image <file>      image file, .svg or .png (default: ${IMAGE_FILE})
  --config-dir <dir>  configuration directory (default: the repository's config/)`;

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

function parse(argv: readonly string[]): Options | 'help' {
  const o: Options = {
    check: false,
    render: false,
    out: path.join(REPO_ROOT, REPORT_FILE),
    image: path.join(REPO_ROOT, IMAGE_FILE),
    configDir: DEFAULT_CONFIG_DIR,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--check') o.check = true;
    else if (arg === '--render') o.render = true;
    else if (arg === '--out') o.out = path.resolve(value());
    else if (arg === '--image') o.image = path.resolve(value());
    else if (arg === '--env') o.env = value();
    else if (arg === '--config-dir') o.configDir = path.resolve(value());
    else if (arg === '-h' || arg === '--help') return 'help';
    else throw new Error(`unknown argument "${arg}"`);
  }
  return o;
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

export function runAccessReport(argv: readonly string[], deps: AccessReportDeps = {}): number {
  const log = deps.log ?? console.log;
  const error = deps.error ?? console.error;
  let options: Options;
  try {
    const parsed = parse(argv);
    if (parsed === 'help') {
      log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (e) {
    error(`access-report: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }

  const loaded = loadConfig(options.configDir);
  if (!loaded.ok) {
    error(formatIssues(loaded.issues).replace('Nothing was synthesized.', 'No report was written.'));
    return 1;
  }
  const report = renderAccessReport(loaded.config);

  if (options.check) {
    const committed = fs.existsSync(options.out) ? fs.readFileSync(options.out, 'utf8') : undefined;
    const diff = staleness(committed, report);
    if (diff) {
      error(
        `${shown(options.out)} is stale: it does not match the configuration (${diff}).\nRun \`npm run access-report\` and commit the result.`,
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

  const model = buildAccessModel(loaded.config);
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

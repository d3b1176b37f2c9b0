/**
 * Optional: renders a Mermaid diagram to SVG/PNG with Mermaid's CLI (mmdc) and a browser already on the machine.
 * Neither is a dependency of the project (mmdc pulls puppeteer and ~400 MB); when one is missing this says how to get
 * it instead of failing obscurely. Puppeteer never downloads a browser of its own here.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export const RENDER_HELP = `To render the diagram you need Mermaid's CLI and a Chromium, neither of which the project installs:
  apt-get update && apt-get install -y chromium          # Debian; or point PUPPETEER_EXECUTABLE_PATH at a Chrome
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix /tmp/mmdc --no-save @mermaid-js/mermaid-cli@12.2.0
  MMDC=/tmp/mmdc/node_modules/.bin/mmdc npm run access-report -- --render`;

export interface RenderTools {
  readonly mmdc?: string;
  readonly browser?: string;
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Finds mmdc (MMDC, PATH, the repository's node_modules) and a browser (PUPPETEER_EXECUTABLE_PATH, usual paths). */
export function findRenderTools(
  env: NodeJS.ProcessEnv = process.env,
  repoRoot: string = path.resolve(__dirname, '..', '..'),
): RenderTools {
  const local = path.join(repoRoot, 'node_modules', '.bin', 'mmdc');
  const mmdc = env.MMDC || onPath('mmdc', env) || (fs.existsSync(local) ? local : undefined);
  const browser = [env.PUPPETEER_EXECUTABLE_PATH, ...BROWSER_CANDIDATES].find(
    (b): b is string => !!b && fs.existsSync(b),
  );
  return { mmdc, browser };
}

export type RenderResult = { ok: true } | { ok: false; reason: string };

/** Renders `diagram` (Mermaid source) to `outFile`; the extension (.svg or .png) picks the format. */
export function renderDiagram(diagram: string, outFile: string, tools: RenderTools): RenderResult {
  if (!tools.mmdc)
    return {
      ok: false,
      reason: `Mermaid's CLI (mmdc) was not found (looked at $MMDC, PATH and node_modules/.bin).\n${RENDER_HELP}`,
    };
  if (!tools.browser)
    return {
      ok: false,
      reason: `No browser was found for Mermaid's CLI (looked at $PUPPETEER_EXECUTABLE_PATH, ${BROWSER_CANDIDATES.join(', ')}).\n${RENDER_HELP}`,
    };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-report-'));
  try {
    const input = path.join(dir, 'diagram.mmd');
    const puppeteer = path.join(dir, 'puppeteer.json');
    const mermaid = path.join(dir, 'mermaid.json');
    fs.writeFileSync(input, diagram);
    fs.writeFileSync(
      puppeteer,
      JSON.stringify({
        executablePath: tools.browser,
        args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
      }),
    );
    // Plain SVG text labels (no HTML in foreignObject), so the picture looks the same in every viewer.
    fs.writeFileSync(
      mermaid,
      JSON.stringify({
        theme: 'default',
        htmlLabels: false,
        flowchart: { htmlLabels: false, curve: 'basis', wrappingWidth: 480 },
      }),
    );
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    execFileSync(
      tools.mmdc,
      ['-i', input, '-o', path.resolve(outFile), '-p', puppeteer, '-c', mermaid, '-b', 'white', '-s', '2', '-q'],
      {
        env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      },
    );
    return { ok: true };
  } catch (e) {
    const err = e as { stderr?: Buffer; message?: string };
    const detail = err.stderr?.toString().trim() || err.message || String(e);
    return { ok: false, reason: `mmdc failed: ${detail.split('\n').slice(0, 8).join('\n')}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `terraform validate` of synthesized stacks, two ways:
 * - validateStack(dir): one stack, its own init + validate (one provider start-up per stack);
 * - validateStacksTogether(stacks): one scratch root module that calls every stack as a child module, so a single
 *   init and a single validate (one provider start-up) cover all of them; each diagnostic is mapped back to the
 *   stack whose file it points into.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformEnv } from './cli-config';
import { runTerraform } from './exec';
import { initStack, initStacks, requiredProvidersOf } from './init';
import type { SynthesizedStack } from './stacks';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  /** The stack the diagnostic points into (validateStacksTogether), when it points into one. */
  readonly stack?: string;
  /** File and line, e.g. `cdk.tf.json:42`. */
  readonly location?: string;
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
  readonly durationMs: number;
}

interface JsonDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

function parseValidateJson(stdout: string): { valid: boolean; diagnostics: JsonDiagnostic[] } {
  try {
    const json = JSON.parse(stdout) as { valid: boolean; diagnostics?: JsonDiagnostic[] };
    return { valid: json.valid, diagnostics: json.diagnostics ?? [] };
  } catch {
    return {
      valid: false,
      diagnostics: [{ severity: 'error', summary: `terraform validate printed no JSON: ${stdout.slice(0, 500)}` }],
    };
  }
}

/** Warnings that validating a stack as a child module causes by design, not problems of the stack. */
function isArtifactOfChildModule(d: JsonDiagnostic): boolean {
  return d.severity === 'warning' && /Backend configuration ignored/i.test(d.summary);
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.stack, d.location].filter(Boolean).join(' ');
  return `${d.severity}: ${where ? `${where}: ` : ''}${d.summary}${d.detail ? `\n  ${d.detail.split('\n').join('\n  ')}` : ''}`;
}

/** Init (without backend) + validate of one stack directory. */
export async function validateStack(
  dir: string,
  options: { env?: NodeJS.ProcessEnv; skipInit?: boolean } = {},
): Promise<ValidateResult> {
  const started = Date.now();
  const env = terraformEnv(options.env);
  if (!options.skipInit) await initStack(dir, { backend: false, env });
  const result = await runTerraform(['validate', '-json', '-no-color'], { cwd: dir, env });
  const { valid, diagnostics } = parseValidateJson(result.stdout);
  const mapped = diagnostics.map((d) => ({
    severity: d.severity,
    summary: d.summary,
    detail: d.detail,
    location: d.range ? `${d.range.filename}:${d.range.start.line}` : undefined,
  }));
  return {
    valid: valid && result.code === 0,
    errors: mapped.filter((d) => d.severity === 'error'),
    warnings: mapped.filter((d) => d.severity === 'warning'),
    durationMs: Date.now() - started,
  };
}

export interface ValidateTogetherOptions {
  /** Scratch directory for the combined root module; default `<outdir>/validate-all` beside the stacks directory. */
  readonly workDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Module names must be identifiers; stack names already are (letters, digits, "-"), anything else becomes "_". */
const moduleName = (stack: string) => stack.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');

type TfJson = { provider?: Record<string, unknown[]>; terraform?: Record<string, unknown>; [k: string]: unknown };

/** True when the stack's provider blocks can be lifted to the root: one unaliased block per provider. */
function hasPlainProviders(json: TfJson): boolean {
  return Object.values(json.provider ?? {}).every(
    (blocks) => blocks.length === 1 && !(blocks[0] as { alias?: string }).alias,
  );
}

/**
 * One init + one validate for all `stacks` (see the file comment). Each stack is copied into the scratch directory
 * without its backend and provider blocks and called as a child module; the root carries the first stack's
 * provider blocks, which the children inherit. Terraform starts one provider process per provider configuration,
 * so this is one aws provider instead of one per stack (13 stacks: ~6 s instead of ~35 s here). Every resource of
 * every stack is validated against the provider schema; the provider blocks themselves are validated once (they
 * all come from stacks/providers.ts). A stack with aliased providers is called in place, with its own blocks.
 */
export async function validateStacksTogether(
  stacks: readonly SynthesizedStack[],
  options: ValidateTogetherOptions = {},
): Promise<ValidateResult> {
  const started = Date.now();
  const [first] = stacks;
  if (!first) return { valid: true, errors: [], warnings: [], durationMs: 0 };
  const workDir = path.resolve(options.workDir ?? path.join(path.dirname(path.dirname(first.dir)), 'validate-all'));
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(workDir, 'modules'), { recursive: true });

  const stackOfDir = new Map<string, string>();
  const modules: Record<string, { source: string }> = {};
  let rootProviders: Record<string, unknown[]> | undefined;
  const requiredProviders: Record<string, { source: string; version?: string }> = {};
  for (const s of stacks) {
    for (const p of s.providers) requiredProviders[p.name] = { source: p.source, version: p.version };
    const json = JSON.parse(fs.readFileSync(path.join(s.dir, 'cdk.tf.json'), 'utf8')) as TfJson;
    let dir = s.dir;
    if (hasPlainProviders(json)) {
      rootProviders ??= json.provider;
      const { provider: _lifted, ...rest } = json;
      const { backend: _ignored, ...terraformBlock } = (rest.terraform ?? {}) as Record<string, unknown>;
      dir = path.join(workDir, 'modules', moduleName(s.name));
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, 'cdk.tf.json'),
        `${JSON.stringify({ ...rest, terraform: terraformBlock }, null, 2)}\n`,
      );
    }
    // Local module sources must be relative ("./" or "../"), otherwise Terraform copies them like remote modules.
    let source = path.relative(workDir, dir).split(path.sep).join('/');
    if (!source.startsWith('.')) source = `./${source}`;
    modules[moduleName(s.name)] = { source };
    stackOfDir.set(path.resolve(dir), s.name);
  }
  const root = {
    terraform: { required_providers: requiredProviders },
    ...(rootProviders ? { provider: rootProviders } : {}),
    module: modules,
  };
  fs.writeFileSync(path.join(workDir, 'main.tf.json'), `${JSON.stringify(root, null, 2)}\n`);
  if (requiredProvidersOf(workDir).length === 0)
    throw new Error('validateStacksTogether: the stacks declare no providers');

  const env = terraformEnv(options.env);
  await initStacks([workDir], 1, { backend: false, env });
  const result = await runTerraform(['validate', '-json', '-no-color'], { cwd: workDir, env });
  const { valid, diagnostics } = parseValidateJson(result.stdout);

  const mapped: Diagnostic[] = diagnostics
    .filter((d) => !isArtifactOfChildModule(d))
    .map((d) => {
      const file = d.range ? path.resolve(workDir, d.range.filename) : undefined;
      return {
        severity: d.severity,
        summary: d.summary,
        detail: d.detail,
        stack: file ? stackOfDir.get(path.dirname(file)) : undefined,
        location: file ? `${path.relative(process.cwd(), file)}:${d.range!.start.line}` : undefined,
      };
    });
  return {
    valid: valid && result.code === 0,
    errors: mapped.filter((d) => d.severity === 'error'),
    warnings: mapped.filter((d) => d.severity === 'warning'),
    durationMs: Date.now() - started,
  };
}

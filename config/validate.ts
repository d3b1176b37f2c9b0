/**
 * Validation of the whole configuration: each file parsed once with its schema (parse.ts), what parsed resolved into
 * the model (resolve.ts), then every cross-file check (checks/) over both. Collects every problem before returning,
 * grouped by file; builds nothing.
 */
import { CONFIG_CHECKS, type ValidateOptions } from './checks';
import type { ConfigIssue } from './errors';
import type { PlatformConfig } from './model';
import { parseSources } from './parse';
import { resolveConfig } from './resolve';
import type { ConfigSources } from './sources';

export type { ValidateOptions } from './checks';

export type ValidationResult = { ok: true; config: PlatformConfig } | { ok: false; issues: ConfigIssue[] };

export function validateConfig(sources: ConfigSources, options: ValidateOptions = {}): ValidationResult {
  const { parsed, issues } = parseSources(sources);
  const model = parsed.platform ? resolveConfig(parsed, parsed.platform) : undefined;
  for (const check of CONFIG_CHECKS) issues.push(...check.run({ sources, parsed, model, options }));
  if (issues.length > 0 || !model) return { ok: false, issues: byFile(issues, sources) };
  return { ok: true, config: model };
}

/** The issues grouped by file (environments, platform, then teams as loaded), each file's in the order found. */
function byFile(issues: readonly ConfigIssue[], sources: ConfigSources): ConfigIssue[] {
  const files = [sources.environments.file, sources.platform.file, ...sources.teams.map((t) => t.file)];
  const rank = (issue: ConfigIssue) => {
    const i = files.indexOf(issue.file);
    return i < 0 ? files.length : i;
  };
  return [...issues].sort((a, b) => rank(a) - rank(b));
}

/**
 * Validation of the whole configuration: each file parsed once with its schema (parse.ts), what parsed resolved into
 * the model (resolve.ts), then every cross-file check (checks/) over both. Collects every problem before returning,
 * grouped by file, each with the line of its field when the file's text is known; builds nothing.
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
  if (issues.length > 0 || !model) return { ok: false, issues: sortByFile(issues, sources) };
  return { ok: true, config: model };
}

/**
 * The issues grouped by file (environments, platform, then teams as loaded), each file's in the order found, and
 * each given the line of its field (or of the nearest enclosing field) when that file's text is known.
 */
export function sortByFile(issues: readonly ConfigIssue[], sources: ConfigSources): ConfigIssue[] {
  const all = [sources.environments, sources.platform, ...sources.teams, ...(sources.otherFiles ?? [])];
  const files = all.map((s) => s.file);
  const rank = (issue: ConfigIssue) => {
    const i = files.indexOf(issue.file);
    return i < 0 ? files.length : i;
  };
  const locations = new Map(all.map((s) => [s.file, s.locations]));
  return [...issues]
    .sort((a, b) => rank(a) - rank(b))
    .map((issue) => {
      const at = issue.line === undefined ? locations.get(issue.file) : undefined;
      if (!at || issue.path === '') return issue;
      for (let p: string | undefined = issue.path; p; p = parentPath(p)) {
        const found = at.get(p);
        if (found) return { ...issue, line: found.line, column: found.column };
      }
      return issue;
    });
}

/** `a.b[0].c` → `a.b[0]` → `a.b` → `a` → undefined. */
function parentPath(path: string): string | undefined {
  const m = /(?:\.[^.[\]]*|\[\d+\])$/.exec(path);
  return m && m.index > 0 ? path.slice(0, m.index) : undefined;
}

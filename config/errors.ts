/** A configuration problem, precise enough to fix without reading code. */
export interface ConfigIssue {
  /** Path of the config file, relative to the repository, e.g. `config/teams/telehealth.ts`. */
  readonly file: string;
  /** Field path inside the file, e.g. `snowflake.warehouses[0].size.prod`; empty for the file as a whole. */
  readonly path: string;
  /** Line (1-based) in the file where the problem is, when the file's text is known. */
  readonly line?: number;
  /** Column (1-based) on that line. */
  readonly column?: number;
  /** What is wrong. */
  readonly message: string;
  /** The value that was given, if there was one. */
  readonly given?: unknown;
  /** What is allowed instead. */
  readonly allowed?: string;
  /** How to fix it. */
  readonly fix?: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function formatIssue(issue: ConfigIssue): string {
  const at = issue.line === undefined ? '' : `:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`;
  const lines = [`✖ ${issue.file}${at}${issue.path ? ` › ${issue.path}` : ''}: ${issue.message}`];
  if ('given' in issue) lines.push(`    given:   ${show(issue.given)}`);
  if (issue.allowed) lines.push(`    allowed: ${issue.allowed}`);
  if (issue.fix) lines.push(`    fix:     ${issue.fix}`);
  return lines.join('\n');
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  const files = new Set(issues.map((i) => i.file)).size;
  return [
    `Invalid configuration: ${issues.length} problem${issues.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}. Nothing was synthesized.`,
    '',
    ...issues.map(formatIssue),
  ].join('\n');
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
  }
}

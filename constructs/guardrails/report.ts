/** The guardrail report as text for a terminal or a CI log: every finding, where it is, and how to fix or suppress it. */
import { passes } from './engine';
import type { Finding, GuardrailReport, Rule } from './types';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Where a stack's suppressions are declared, as the user edits them (e.g. a file name); the report names it in its
 * "or suppress it" hint. The guardrails themselves know nothing about where suppressions come from.
 */
export type SuppressionSite = (stack: string) => string;

function formatFinding(finding: Finding, rules: readonly Rule[], site?: SuppressionSite): string {
  const rule = rules.find((r) => r.id === finding.ruleId);
  const mark = finding.level === 'error' ? '✖' : '⚠';
  const lines = [
    `${mark} ${finding.level} ${finding.ruleId} in stack ${finding.stack}`,
    `    at:   ${finding.path}${finding.address ? ` (${finding.address})` : ''}`,
    `    what: ${finding.message}`,
    `    fix:  ${finding.fix}`,
  ];
  lines.push(
    rule?.unsuppressible
      ? '    this rule cannot be suppressed'
      : `    or suppress it${site ? ` in ${site(finding.stack)}` : ''}: { rule: '${finding.ruleId}', path: '${finding.path}', reason: '<why this is acceptable, who agreed>' }`,
  );
  return lines.join('\n');
}

export function summary(report: GuardrailReport): string {
  const parts = [
    plural(report.errors.length, 'error'),
    plural(report.warnings.length, 'warning'),
    `${report.suppressed.length} suppressed`,
  ];
  if (report.unusedSuppressions.length) parts.push(plural(report.unusedSuppressions.length, 'unused suppression'));
  if (report.refusedSuppressions.length) parts.push(plural(report.refusedSuppressions.length, 'refused suppression'));
  return `Guardrails: ${plural(report.rulesChecked, 'rule')} over ${plural(report.stacksChecked, 'stack')}: ${parts.join(', ')}.`;
}

/** The whole report; `rules` adds how to suppress each finding, `site` where. */
export function formatReport(report: GuardrailReport, rules: readonly Rule[] = [], site?: SuppressionSite): string {
  const lines = [summary(report)];
  if (!passes(report))
    lines.push('Nothing was synthesized: fix the errors below (or suppress a suppressible one with a reason).');
  for (const f of [...report.errors, ...report.warnings]) lines.push('', formatFinding(f, rules, site));
  for (const { suppression: s, why } of report.refusedSuppressions) {
    lines.push('', `✖ refused suppression of ${s.rule} for '${s.path}' (${s.origin}): ${why}`);
  }
  for (const s of report.unusedSuppressions) {
    lines.push('', `⚠ unused suppression of ${s.rule} for '${s.path}' (${s.origin}): it matches no finding; delete it`);
  }
  return lines.join('\n');
}

export class GuardrailError extends Error {
  constructor(
    readonly report: GuardrailReport,
    rules: readonly Rule[] = [],
    site?: SuppressionSite,
  ) {
    super(formatReport(report, rules, site));
    this.name = 'GuardrailError';
  }
}

/** The deploy report: what was applied, what failed, what was skipped and why; as JSON and as text. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPORT_FORMAT = 'data-platform-deploy-report/1' as const;

export type StackOutcome = 'applied' | 'failed' | 'skipped';

export interface StackReport {
  readonly stack: string;
  readonly status: StackOutcome;
  /** 1-based deploy wave; absent for stacks that were never scheduled (no changes, or refused before any wave). */
  readonly wave?: number;
  /** Why it failed or was skipped, one line. */
  readonly reason?: string;
  /** Failed: whether before anything was applied (`preflight`: its plan failed or is missing) or while applying. */
  readonly phase?: 'preflight' | 'apply';
  /** Terraform refused the saved plan because the state changed after it was made. */
  readonly stale?: boolean;
  /** Skipped: the failed stacks it depends on (directly or not). */
  readonly blockedBy?: readonly string[];
  readonly durationMs?: number;
  /** When its apply started and ended (applied and failed stacks). */
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** The apply output, relative to the report's directory. */
  readonly log?: string;
}

export interface DeployReport {
  readonly format: typeof REPORT_FORMAT;
  readonly environment?: string;
  readonly plansDir: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** `applied` (everything with changes applied), `nothing-to-apply`, `failed` (an apply failed), `refused`
   * (problems with the plan set: nothing was applied). */
  readonly outcome: 'applied' | 'nothing-to-apply' | 'failed' | 'refused';
  readonly ok: boolean;
  /** Why the set was refused before anything was applied. */
  readonly problems: readonly string[];
  /** The waves that were scheduled, first first. */
  readonly waves: readonly (readonly string[])[];
  readonly concurrency: number;
  readonly counts: Readonly<Record<StackOutcome, number>>;
  readonly stacks: readonly StackReport[];
}

const secs = (ms?: number) => (ms === undefined ? '' : ` ${(ms / 1000).toFixed(1)}s`);

export function renderReportText(report: DeployReport): string {
  const { applied, failed, skipped } = report.counts;
  const title = report.environment ? `Deploy of ${report.environment}` : 'Deploy';
  const verdict = {
    applied: 'OK',
    'nothing-to-apply': 'OK, nothing to apply',
    failed: 'FAILED',
    refused: 'REFUSED, nothing applied',
  }[report.outcome];
  const lines = [
    `${title}: ${verdict} — ${applied} applied, ${failed} failed, ${skipped} skipped (${(report.durationMs / 1000).toFixed(1)}s, plans from ${report.plansDir})`,
  ];
  if (report.problems.length > 0) {
    lines.push('', 'The plan set cannot be deployed as it is (nothing was applied):');
    for (const p of report.problems) lines.push(`  - ${p}`);
  }
  if (report.waves.length > 0) {
    lines.push('', `Waves (dependency order, ${report.concurrency} at a time within a wave):`);
    report.waves.forEach((w, i) => lines.push(`  ${i + 1}. ${w.join(', ')}`));
  }
  lines.push('');
  const label = { applied: 'applied', failed: 'FAILED ', skipped: 'skipped' };
  for (const s of report.stacks) {
    const where = s.wave ? ` (wave ${s.wave}${secs(s.durationMs)})` : '';
    lines.push(`  ${label[s.status]}  ${s.stack}${where}${s.reason ? `: ${s.reason}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes deploy-report.json and deploy-report.txt into `dir`; returns their paths. */
export function writeReport(report: DeployReport, dir: string): { json: string; text: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'deploy-report.json');
  const text = path.join(dir, 'deploy-report.txt');
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(text, renderReportText(report));
  return { json, text };
}

/**
 * The access report end to end: synthesize the configuration, evaluate the access of the synthesized stacks,
 * compare it with the role model's promises and render docs/access.md. Refused (nothing to write) when the
 * Snowflake grants cannot all be read, the AWS model cannot be built, or evaluated access and intent disagree.
 */
import type { PlatformConfig } from '../../config';
import { disagreements } from './intent';
import { renderAccessReport } from './markdown';
import { type AccessModel, buildAccessModel } from './model';
import { type SynthesizedStacks, synthesizeForReport } from './synthesize';

export type AccessReport =
  | { readonly ok: true; readonly model: AccessModel; readonly markdown: string }
  | { readonly ok: false; readonly reason: string; readonly problems: readonly string[] };

/** `synthesized`: the config's stacks when the caller already has them (default: synthesized here). */
export function accessReportOf(config: PlatformConfig, synthesized?: SynthesizedStacks): AccessReport {
  let model: AccessModel;
  try {
    model = buildAccessModel(config, synthesized ?? synthesizeForReport(config));
  } catch (e) {
    return { ok: false, reason: 'the synthesized stacks could not be evaluated', problems: [(e as Error).message] };
  }
  if (model.problems.length)
    return {
      ok: false,
      reason: 'some Snowflake grants of the synthesized stacks could not be read',
      problems: model.problems,
    };
  const differ = disagreements(config, model);
  if (differ.length)
    return {
      ok: false,
      reason:
        "the access the synthesized stacks grant differs from what the platform's role model promises " +
        '(tools/access-report/intent.ts); fix the construct, or the promise if the role model changed on purpose',
      problems: differ,
    };
  return { ok: true, model, markdown: renderAccessReport(model) };
}

/** A refused report as lines for the terminal. */
export function formatRefusal(report: Extract<AccessReport, { ok: false }>): string {
  const shown = report.problems.slice(0, 40).map((p) => `  - ${p}`);
  const more = report.problems.length > 40 ? [`  ... and ${report.problems.length - 40} more`] : [];
  return [`access-report: no report was written: ${report.reason}:`, ...shown, ...more].join('\n');
}

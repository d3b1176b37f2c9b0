/**
 * The plug-in point for security subsections computed by other analyses (e.g. "Access changes": effective access
 * gained or lost, from an access evaluator). A provider gets the plans (and the synthesized configuration when the
 * review was given it) and returns a section or nothing; the review renders each one under the security heading,
 * in this order, never folded and never shortened or dropped to fit a comment (fit.ts splits the comment instead).
 *
 * Adding one is one line here; nothing in the model or the rendering changes.
 */
import { accessChangesProvider } from './access-changes';
import type { ReviewSection } from './model';
import type { StackPlan } from './plan-json';

export interface SectionContext {
  readonly plans: readonly StackPlan[];
  /** Synth output directories (stacks/<stack>/cdk.tf.json) of the base revision and the head, when known. */
  readonly baseSynth?: string;
  readonly headSynth?: string;
}

export type SecuritySectionProvider = (context: SectionContext) => ReviewSection | undefined;

/** Registered providers, in the order their sections are rendered. */
export const SECURITY_SECTION_PROVIDERS: readonly SecuritySectionProvider[] = [accessChangesProvider];

export function securitySectionsFor(
  context: SectionContext,
  providers: readonly SecuritySectionProvider[] = SECURITY_SECTION_PROVIDERS,
): ReviewSection[] {
  return providers.map((p) => p(context)).filter((s): s is ReviewSection => s !== undefined);
}

/**
 * The "Access changes" security subsection: every source of access deltas, rendered together (access-delta.ts).
 * AWS is the first source (access-changes-aws.ts); the Snowflake grants source is added here, one line.
 */
import { awsAccessChanges } from './access-changes-aws';
import { type AccessChangesContext, accessChangesSection, type AccessDeltaSource } from './access-delta';
import type { ReviewSection } from './model';

export const ACCESS_DELTA_SOURCES: readonly ((context: AccessChangesContext) => AccessDeltaSource)[] = [
  (context) => awsAccessChanges(context),
];

export function accessChangesProvider(context: AccessChangesContext): ReviewSection | undefined {
  return accessChangesSection(ACCESS_DELTA_SOURCES.map((source) => source(context)));
}

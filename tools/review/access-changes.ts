/**
 * The "Access changes" security subsection: every source of access deltas, rendered together (access-delta.ts).
 * AWS (access-changes-aws.ts: IAM policies) and Snowflake (access-changes-snowflake.ts: grants).
 */
import { awsAccessChanges } from './access-changes-aws';
import { snowflakeReviewAccessChanges } from './access-changes-snowflake';
import { type AccessChangesContext, accessChangesSection, type AccessDeltaSource } from './access-delta';
import type { ReviewSection } from './model';

export const ACCESS_DELTA_SOURCES: readonly ((context: AccessChangesContext) => AccessDeltaSource)[] = [
  (context) => awsAccessChanges(context),
  (context) => snowflakeReviewAccessChanges(context),
];

export function accessChangesProvider(context: AccessChangesContext): ReviewSection | undefined {
  return accessChangesSection(ACCESS_DELTA_SOURCES.map((source) => source(context)));
}

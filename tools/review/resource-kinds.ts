/**
 * Which resource types the review treats specially. Kept as data so adding a type is a one-line change.
 * Data-bearing types (a delete or replace is a blocker unless allowed) are shared with the deletion-protection
 * guardrail: domain/data-bearing-resources.ts.
 */
import { isDataBearing } from '../../domain/data-bearing-resources';

export { isDataBearing };

/** Exact types whose changes a security reviewer must see, beyond the prefixes below. */
const SECURITY_TYPES: ReadonlySet<string> = new Set([
  'aws_organizations_policy',
  'aws_organizations_policy_attachment',
  'aws_organizations_organization',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_account_public_access_block',
  'aws_ecr_repository_policy',
  'aws_ecr_registry_policy',
  'aws_kms_key_policy',
  'snowflake_account_role',
  'snowflake_role',
  'snowflake_database_role',
  'snowflake_service_user',
  'snowflake_legacy_service_user',
  'snowflake_user',
  'snowflake_user_public_keys',
  'snowflake_network_policy',
  'snowflake_network_policy_attachment',
  'snowflake_network_rule',
  'snowflake_authentication_policy',
  'snowflake_user_authentication_policy_attachment',
  'snowflake_password_policy',
  'snowflake_user_password_policy_attachment',
  'snowflake_account_password_policy_attachment',
  'snowflake_account_authentication_policy_attachment',
  'snowflake_user_programmatic_access_token',
]);

/** Every IAM resource (roles, policies, OIDC providers, users), every Snowflake grant and integration. */
const SECURITY_PREFIXES = ['aws_iam_', 'snowflake_grant_'] as const;
const SECURITY_SUFFIXES = ['_integration'] as const;

export function isSecuritySensitive(type: string): boolean {
  if (SECURITY_TYPES.has(type)) return true;
  if (SECURITY_PREFIXES.some((p) => type.startsWith(p))) return true;
  return type.startsWith('snowflake_') && SECURITY_SUFFIXES.some((s) => type.endsWith(s));
}

export const WAREHOUSE_TYPE = 'snowflake_warehouse';
export const RESOURCE_MONITOR_TYPE = 'snowflake_resource_monitor';

/** Attributes that are noise in a security before/after (tags are reviewed elsewhere, timeouts are not behaviour). */
export const NOISE_ATTRIBUTES: ReadonlySet<string> = new Set(['tags', 'tags_all', 'timeouts']);

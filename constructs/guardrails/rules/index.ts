import type { Rule } from '../types';
import { awsPlanReadCoverage } from './aws-plan-read';
import { awsRequiredTags, awsTagOverride } from './aws-tags';
import { deletionProtection } from './deletion-protection';
import { ecrImmutableTags, ecrNoForceDelete, ecrScanOnPush } from './ecr';
import { iamNoAdminWildcard, iamOidcRestrictSub, iamPolicyReadable, iamProdDeployMainOnly } from './iam';
import { iamKnownActions } from './iam-known-actions';
import { s3Encryption, s3NoForceDestroy, s3PublicAccessBlock, s3TlsOnly, s3Versioning } from './s3';
import {
  snowflakeAccountAdminScope,
  snowflakeDatabaseRetention,
  snowflakeNoAdminRoleGrants,
  snowflakeServiceUserNoPassword,
  snowflakeWarehouseAutoSuspend,
  snowflakeWarehouseMonitor,
} from './snowflake';
import { terraformLocalReferences } from './terraform';
import {
  terraformAllowedProviders,
  terraformNoExternalData,
  terraformNoProvisioners,
  terraformNoRemoteModules,
} from './terraform-trust';

/** Every rule, in the order of the docs table. */
export const GUARDRAIL_RULES: readonly Rule[] = [
  awsRequiredTags,
  awsTagOverride,
  s3Encryption,
  s3Versioning,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3NoForceDestroy,
  ecrImmutableTags,
  ecrScanOnPush,
  ecrNoForceDelete,
  iamNoAdminWildcard,
  iamPolicyReadable,
  iamOidcRestrictSub,
  iamProdDeployMainOnly,
  iamKnownActions,
  awsPlanReadCoverage,
  snowflakeWarehouseMonitor,
  snowflakeWarehouseAutoSuspend,
  snowflakeNoAdminRoleGrants,
  snowflakeAccountAdminScope,
  snowflakeServiceUserNoPassword,
  snowflakeDatabaseRetention,
  deletionProtection,
  terraformLocalReferences,
  terraformAllowedProviders,
  terraformNoExternalData,
  terraformNoProvisioners,
  terraformNoRemoteModules,
];

export * from './aws-plan-read';
export * from './aws-tags';
export * from './deletion-protection';
export * from './ecr';
export * from './iam';
export * from './iam-known-actions';
export * from './s3';
export * from './snowflake';
export * from './terraform';
export * from './terraform-trust';

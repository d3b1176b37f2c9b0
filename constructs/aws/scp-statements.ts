/**
 * The baseline service control policy statements (guardrails for workload accounts), as typed data. Each function
 * is one guardrail; serviceControlPolicyStatements() picks them from plain toggles.
 */
import type { Statement } from './policy-document';

/** Largest SCP document AWS Organizations accepts, in characters (whitespace counts, hence compact JSON). */
export const SCP_MAX_CHARACTERS = 5120;

export function denyLeaveOrganization(): Statement {
  return { Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: ['*'] };
}

/** Audit and detection stay on: CloudTrail, GuardDuty, Security Hub and AWS Config cannot be stopped or removed. */
export function protectSecurityServices(): Statement[] {
  return [
    {
      Sid: 'ProtectCloudTrail',
      Effect: 'Deny',
      Action: [
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'cloudtrail:UpdateTrail',
        'cloudtrail:PutEventSelectors',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'ProtectGuardDuty',
      Effect: 'Deny',
      Action: [
        'guardduty:DeleteDetector',
        'guardduty:DisassociateFromAdministratorAccount',
        'guardduty:DisassociateFromMasterAccount',
        'guardduty:UpdateDetector',
        'guardduty:DeleteMembers',
        'guardduty:StopMonitoringMembers',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'ProtectSecurityHub',
      Effect: 'Deny',
      Action: [
        'securityhub:DisableSecurityHub',
        'securityhub:DisassociateFromAdministratorAccount',
        'securityhub:DisassociateFromMasterAccount',
        'securityhub:DeleteMembers',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'ProtectConfig',
      Effect: 'Deny',
      Action: [
        'config:StopConfigurationRecorder',
        'config:DeleteConfigurationRecorder',
        'config:DeleteDeliveryChannel',
        'config:DeleteConfigRule',
        'config:DeleteConfigurationAggregator',
      ],
      Resource: ['*'],
    },
  ];
}

export function requireEbsEncryption(): Statement {
  return {
    Sid: 'DenyDisableEbsDefaultEncryption',
    Effect: 'Deny',
    Action: ['ec2:DisableEbsEncryptionByDefault'],
    Resource: ['*'],
  };
}

/**
 * Services that are global (their API lives in us-east-1 whatever region the caller uses) and so must be exempt from
 * the region allow-list, after AWS's own example SCP "Deny access to AWS based on the requested AWS Region".
 */
export const GLOBAL_SERVICE_ACTIONS = [
  'a4b:*',
  'access-analyzer:*',
  'account:*',
  'acm:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'billing:*',
  'budgets:*',
  'ce:*',
  'chime:*',
  'cloudfront:*',
  'config:*',
  'cur:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'fms:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'kms:*',
  'mobileanalytics:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
] as const;

/** Deny every non-global action outside the allowed regions. */
export function restrictRegions(allowedRegions: readonly string[]): Statement {
  if (allowedRegions.length === 0) throw new Error('restrictRegions needs at least one allowed region');
  return {
    Sid: 'DenyOutsideAllowedRegions',
    Effect: 'Deny',
    NotAction: [...GLOBAL_SERVICE_ACTIONS],
    Resource: ['*'],
    Condition: { StringNotEquals: { 'aws:RequestedRegion': [...allowedRegions] } },
  };
}

/** The member accounts' root users do nothing; people use roles. */
export function denyRootUser(): Statement {
  return {
    Sid: 'DenyRootUser',
    Effect: 'Deny',
    Action: ['*'],
    Resource: ['*'],
    Condition: { ArnLike: { 'aws:PrincipalArn': ['arn:*:iam::*:root'] } },
  };
}

export interface ScpToggles {
  readonly denyLeaveOrganization: boolean;
  readonly protectSecurityServices: boolean;
  readonly requireEbsEncryption: boolean;
  readonly restrictRegions: boolean;
  readonly denyRootUser: boolean;
  /** Used when restrictRegions is on. */
  readonly allowedRegions: readonly string[];
}

/** The statements of the enabled guardrails, in a fixed order (empty when all are off). */
export function serviceControlPolicyStatements(toggles: ScpToggles): Statement[] {
  return [
    ...(toggles.denyLeaveOrganization ? [denyLeaveOrganization()] : []),
    ...(toggles.protectSecurityServices ? protectSecurityServices() : []),
    ...(toggles.requireEbsEncryption ? [requireEbsEncryption()] : []),
    ...(toggles.restrictRegions ? [restrictRegions(toggles.allowedRegions)] : []),
    ...(toggles.denyRootUser ? [denyRootUser()] : []),
  ];
}

import {
  GLOBAL_SERVICE_ACTIONS,
  SCP_MAX_CHARACTERS,
  type ScpToggles,
  serviceControlPolicyStatements,
} from '../../constructs/aws/scp-statements';
import { ServiceControlPolicy } from '../../constructs/aws/service-control-policy';
import { parsePolicy, synth } from './helpers';

const allOn: ScpToggles = {
  denyLeaveOrganization: true,
  protectSecurityServices: true,
  requireEbsEncryption: true,
  restrictRegions: true,
  denyRootUser: true,
  allowedRegions: ['eu-west-1', 'eu-central-1'],
};

describe('baseline SCP statements', () => {
  it('are all Deny statements, one or more per enabled guardrail', () => {
    const statements = serviceControlPolicyStatements(allOn);
    expect(statements.every((s) => s.Effect === 'Deny')).toBe(true);
    expect(statements.map((s) => s.Sid)).toEqual([
      'DenyLeaveOrganization',
      'ProtectCloudTrail',
      'ProtectGuardDuty',
      'ProtectSecurityHub',
      'ProtectConfig',
      'DenyDisableEbsDefaultEncryption',
      'DenyOutsideAllowedRegions',
      'DenyRootUser',
    ]);
  });

  it.each([
    ['denyLeaveOrganization', ['DenyLeaveOrganization']],
    ['protectSecurityServices', ['ProtectCloudTrail', 'ProtectGuardDuty', 'ProtectSecurityHub', 'ProtectConfig']],
    ['requireEbsEncryption', ['DenyDisableEbsDefaultEncryption']],
    ['restrictRegions', ['DenyOutsideAllowedRegions']],
    ['denyRootUser', ['DenyRootUser']],
  ] as const)('turning %s off removes exactly its statements', (toggle, sids) => {
    const without = serviceControlPolicyStatements({ ...allOn, [toggle]: false }).map((s) => s.Sid);
    const all = serviceControlPolicyStatements(allOn).map((s) => s.Sid);
    expect(all.filter((s) => !without.includes(s))).toEqual(sids);
  });

  it('give no statements when every guardrail is off', () => {
    const off = {
      ...allOn,
      denyLeaveOrganization: false,
      protectSecurityServices: false,
      requireEbsEncryption: false,
      restrictRegions: false,
      denyRootUser: false,
    };
    expect(serviceControlPolicyStatements(off)).toEqual([]);
  });

  it('deny everything outside the allowed regions except global services (IAM, STS, Organizations...)', () => {
    const region = serviceControlPolicyStatements(allOn).find((s) => s.Sid === 'DenyOutsideAllowedRegions')!;
    expect(region.Action).toBeUndefined();
    expect(region.NotAction).toEqual(
      expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*', 'route53:*']),
    );
    expect(region.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } });
    // A regional service must not be exempt, or the allow-list would not restrict it.
    for (const regional of ['s3:*', 'ec2:*', 'ecr:*', 'lambda:*'])
      expect(GLOBAL_SERVICE_ACTIONS).not.toContain(regional);
  });

  it('deny the root user everything, matched by principal ARN in any account and partition', () => {
    const root = serviceControlPolicyStatements(allOn).find((s) => s.Sid === 'DenyRootUser')!;
    expect(root).toMatchObject({ Effect: 'Deny', Action: ['*'], Resource: ['*'] });
    expect(root.Condition).toEqual({ ArnLike: { 'aws:PrincipalArn': ['arn:*:iam::*:root'] } });
  });

  it('protect CloudTrail, GuardDuty, Security Hub and Config from being stopped or removed', () => {
    const actions = serviceControlPolicyStatements(allOn).flatMap((s) => s.Action ?? []);
    expect(actions).toEqual(
      expect.arrayContaining([
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'guardduty:DeleteDetector',
        'securityhub:DisableSecurityHub',
        'config:StopConfigurationRecorder',
        'config:DeleteConfigurationRecorder',
        'ec2:DisableEbsEncryptionByDefault',
        'organizations:LeaveOrganization',
      ]),
    );
  });
});

describe('ServiceControlPolicy', () => {
  it('is one SERVICE_CONTROL_POLICY with valid, compact JSON under the 5,120-character limit, attached to each target', () => {
    let content = '';
    const out = synth((scope) => {
      content = new ServiceControlPolicy(scope, 'scp', {
        policyName: 'baseline',
        description: 'test',
        statements: serviceControlPolicyStatements(allOn),
        targetIds: { workloads: 'ou-aaaa-11111111', sandbox: 'ou-aaaa-22222222' },
      }).content;
    });
    const policy = out.one('aws_organizations_policy');
    expect(policy.type).toBe('SERVICE_CONTROL_POLICY');
    expect(policy.content).toBe(content);
    expect(content.length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    expect(parsePolicy(policy.content).Statement).toHaveLength(8);
    const targets = Object.values(out.of('aws_organizations_policy_attachment'))
      .map((a) => a.target_id)
      .sort();
    expect(targets).toEqual(['ou-aaaa-11111111', 'ou-aaaa-22222222']);
  });

  it('refuses a policy AWS would reject for its size, saying how to fix it', () => {
    const regions = Array.from({ length: 400 }, (_, i) => `eu-test-${i}`);
    expect(() =>
      synth((scope) => {
        new ServiceControlPolicy(scope, 'scp', {
          policyName: 'too-big',
          description: 'test',
          statements: serviceControlPolicyStatements({ ...allOn, allowedRegions: regions }),
          targetIds: {},
        });
      }),
    ).toThrow(/accepts at most 5120.*turn off a guardrail/);
  });
});

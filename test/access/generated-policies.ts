/**
 * Random policies over the whole grammar the project's evaluator implements — every condition operator (with
 * IfExists and ForAnyValue/ForAllValues), Action/NotAction, Resource/NotResource with wildcards and policy
 * variables, Principal/NotPrincipal (role, account, `*`), Allow/Deny, permissions boundaries, SCP levels, same and
 * cross account, S3 Block Public Access on and off — and random requests against them, for the differential test
 * against iam-simulate. The example org uses only part of this grammar; this covers the rest. Seeded.
 */
import type { EvaluationInput, NamedPolicy, PolicyDocument } from '../../tools/access/aws';
import { random } from './generated-requests';

const A = '111111111111';
const B = '222222222222';
const ROLE_A = `arn:aws:iam::${A}:role/r1`;
const ROLE_A2 = `arn:aws:iam::${A}:role/team/r2`;
const ROLE_B = `arn:aws:iam::${B}:role/r1`;
const BUCKET = 'arn:aws:s3:::fx-bucket';

type Key = { key: string; type: 'string' | 'arn' | 'bool' | 'numeric'; multi?: boolean; values: string[] };
const KEYS: Key[] = [
  {
    key: 'aws:PrincipalTag/team',
    type: 'string',
    values: ['data', 'ml', 'Data', 'd*', '*', '${aws:PrincipalAccount}'],
  },
  { key: 'aws:RequestedRegion', type: 'string', values: ['eu-west-1', 'us-east-1', 'eu-*', '??-west-1'] },
  { key: 'aws:PrincipalAccount', type: 'string', values: [A, B, '1111*'] },
  {
    key: 'aws:PrincipalArn',
    type: 'arn',
    values: [ROLE_A, ROLE_B, `arn:aws:iam::${A}:role/*`, 'arn:aws:iam::*:role/r?', `arn:aws:iam::${A}:role/team/*`],
  },
  { key: 'aws:SecureTransport', type: 'bool', values: ['true', 'false'] },
  { key: 'aws:MultiFactorAuthPresent', type: 'bool', values: ['true', 'false'] },
  { key: 'aws:MultiFactorAuthAge', type: 'numeric', values: ['0', '300', '3600', '3600.5'] },
  {
    key: 'aws:CalledVia',
    type: 'string',
    multi: true,
    values: ['athena.amazonaws.com', 'glue.amazonaws.com', '*.amazonaws.com'],
  },
  { key: 'aws:TagKeys', type: 'string', multi: true, values: ['team', 'env', 'cost', 't*'] },
];
const OPERATORS: Record<Key['type'], string[]> = {
  string: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
  ],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  bool: ['Bool'],
  numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
};
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetBucketPolicy'];
const ACTION_PATTERNS = [...ACTIONS, 's3:Get*', 'S3:getobject', 's3:*', '*', 's3:List*', 's3:?utObject', 'ec2:*'];
const RESOURCE_PATTERNS = [
  `${BUCKET}/*`,
  BUCKET,
  `${BUCKET}/in/*`,
  '*',
  'arn:aws:s3:::fx-*',
  'arn:aws:s3:::fx-bucket/${aws:PrincipalTag/team}/*',
  'arn:aws:s3:::fx-bucket/${aws:PrincipalAccount}/*',
  'arn:aws:s3:::other-bucket/*',
];
const OBJECTS = ['k', 'in/x', 'data/x', `${A}/x`, 'ml/deep/x'].map((k) => `${BUCKET}/${k}`);

export interface GeneratedPolicyCase {
  readonly input: EvaluationInput;
}

export function generatePolicyCases(count: number, seed: number): GeneratedPolicyCase[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  const some = <T>(xs: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(rnd() * max);
    return [...new Set(Array.from({ length: n }, () => pick(xs)))];
  };
  const one = <T>(xs: T[]): T | T[] => (xs.length === 1 && chance(0.5) ? xs[0] : xs);

  const condition = () => {
    const block: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 1 + Math.floor(rnd() * 2); i++) {
      if (chance(0.12)) {
        const k = pick(KEYS);
        block.Null = { ...block.Null, [k.key]: pick(['true', 'false']) };
        continue;
      }
      const k = pick(KEYS);
      let op = pick(OPERATORS[k.type]);
      if (chance(0.25)) op += 'IfExists';
      if (k.multi && chance(0.7)) op = `${pick(['ForAnyValue:', 'ForAllValues:'])}${op}`;
      // Variables only where both evaluators take them (String and Arn operators).
      const values = some(
        k.values.filter((v) => k.type === 'string' || !v.includes('${')),
        2,
      );
      block[op] = { ...block[op], [k.key]: one(values) };
    }
    return block;
  };
  const statement = (resourcePolicy: boolean, scp = false) => {
    const s: Record<string, unknown> = { Effect: chance(scp ? 0.5 : 0.7) ? 'Allow' : 'Deny' };
    if (chance(0.5)) s.Sid = `S${Math.floor(rnd() * 100)}`;
    s[chance(0.15) ? 'NotAction' : 'Action'] = one(some(ACTION_PATTERNS, 3));
    if (!resourcePolicy || chance(0.9)) s[chance(0.15) ? 'NotResource' : 'Resource'] = one(some(RESOURCE_PATTERNS, 2));
    if (resourcePolicy) {
      const principals: unknown[] = [
        '*',
        { AWS: '*' },
        { AWS: A },
        { AWS: `arn:aws:iam::${A}:root` },
        { AWS: ROLE_A },
        { AWS: [ROLE_A2, B] },
        { AWS: `arn:aws:iam::${B}:root` },
        { AWS: ROLE_B },
      ];
      if (chance(0.1)) s.NotPrincipal = pick(principals.slice(4));
      else s.Principal = pick(principals);
    }
    if (chance(0.55)) s.Condition = condition();
    return s;
  };
  const policy = (name: string, n: number, resourcePolicy = false, scp = false): NamedPolicy => ({
    name,
    document: {
      Version: '2012-10-17',
      Statement: Array.from({ length: 1 + Math.floor(rnd() * n) }, () => statement(resourcePolicy, scp)),
    } as PolicyDocument,
  });

  const out: GeneratedPolicyCase[] = [];
  for (let i = 0; i < count; i++) {
    const principal = pick([ROLE_A, ROLE_A, ROLE_A2, ROLE_B]);
    const principalAccountId = principal.split(':')[4];
    const action = pick(ACTIONS);
    const resource = action === 's3:ListBucket' || action === 's3:GetBucketPolicy' ? BUCKET : pick(OBJECTS);
    const context: Record<string, string | string[]> = {
      'aws:PrincipalArn': principal,
      'aws:PrincipalAccount': principalAccountId,
    };
    if (chance(0.8)) context['aws:SecureTransport'] = pick(['true', 'false']);
    if (chance(0.7)) context['aws:RequestedRegion'] = pick(['eu-west-1', 'us-east-1', 'eu-central-1']);
    if (chance(0.6)) context['aws:PrincipalTag/team'] = pick(['data', 'ml', 'Data', A]);
    if (chance(0.5)) context['aws:MultiFactorAuthPresent'] = pick(['true', 'false']);
    if (chance(0.5)) context['aws:MultiFactorAuthAge'] = pick(['0', '299', '300', '3600', '86400']);
    if (chance(0.5))
      context['aws:CalledVia'] = some(['athena.amazonaws.com', 'glue.amazonaws.com', 'x.amazonaws.com'], 2);
    if (chance(0.4)) context['aws:TagKeys'] = some(['team', 'env', 'x'], 3);
    const scpLevels = chance(0.35)
      ? [
          {
            target: 'r-root',
            policies: [
              ...(chance(0.7)
                ? [{ name: 'FullAWSAccess', document: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } }]
                : []),
              policy('scp-1', 2, false, true),
            ],
          },
          { target: principalAccountId, policies: [policy('scp-2', 2, false, true)] },
        ]
      : [];
    out.push({
      input: {
        principal,
        principalAccountId,
        action,
        resource,
        resourceAccountId: A,
        context,
        identityPolicies: Array.from({ length: Math.floor(rnd() * 3) }, (_, k) => policy(`identity-${k}`, 3)),
        permissionsBoundary: chance(0.3) ? policy('boundary', 2) : undefined,
        serviceControlPolicies: scpLevels,
        resourcePolicy: chance(0.75) ? policy('bucket policy of fx-bucket', 3, true) : undefined,
        s3BlockPublicAccess: chance(0.5),
      },
    });
  }
  return out;
}

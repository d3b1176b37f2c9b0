import { policyDocument, policyJson } from '../../constructs/aws/policy-document';
import { awsPartition } from '../../domain/aws';

describe('policyDocument', () => {
  const ok = { Sid: 'A1', Effect: 'Allow' as const, Action: ['s3:GetObject'], Resource: ['*'] };

  it('renders compact JSON with the 2012-10-17 version', () => {
    const text = policyJson([ok]);
    expect(text).not.toMatch(/\s/);
    expect(JSON.parse(text)).toEqual({ Version: '2012-10-17', Statement: [ok] });
  });

  it.each([
    ['no statements', [], /at least one statement/],
    ['a Sid with punctuation', [{ ...ok, Sid: 'deny-all' }], /only letters and digits/],
    ['a duplicate Sid', [ok, ok], /used twice/],
    ['both Action and NotAction', [{ ...ok, NotAction: ['s3:*'] }], /exactly one of Action or NotAction/],
    [
      'neither Action nor NotAction',
      [{ Sid: 'X', Effect: 'Deny' as const, Resource: ['*'] }],
      /exactly one of Action or NotAction/,
    ],
    ['an empty action list', [{ ...ok, Action: [] }], /empty action list/],
    ['Resource and NotResource', [{ ...ok, NotResource: ['x'] }], /both Resource and NotResource/],
  ])('rejects %s', (_what, statements, message) => {
    expect(() => policyDocument(statements)).toThrow(message);
  });

  it('knows the ARN partition of China and GovCloud regions', () => {
    expect([awsPartition('eu-west-1'), awsPartition('cn-north-1'), awsPartition('us-gov-west-1')]).toEqual([
      'aws',
      'aws-cn',
      'aws-us-gov',
    ]);
  });
});

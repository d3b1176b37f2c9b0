/**
 * The project's IamEvaluator on small hand-made requests, each expectation taken from AWS's documentation (IAM User
 * Guide: "Policy evaluation logic", "Condition operators", "Single-valued vs. multivalued context keys", "Policy
 * variables", "Permissions boundaries", "NotPrincipal"; S3 User Guide: "Blocking public access") rather than from
 * the evaluator: matching, the decision logic, every condition operator, and what it refuses.
 */
import {
  type EvaluationInput,
  type EvaluationResult,
  iamEvaluator,
  IamEvaluator,
  UnsupportedPolicyError,
} from '../../tools/access/aws';

const A = '111111111111';
const B = '222222222222';
const ROLE = `arn:aws:iam::${A}:role/ci`;
const ROLE_B = `arn:aws:iam::${B}:role/ci`;
const OBJECT = 'arn:aws:s3:::data/in/a.csv';
type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: unknown, Resource: unknown = '*', more: Statement = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...more,
});
const deny = (Action: unknown, Resource: unknown = '*', more: Statement = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...more,
});

function input(over: Partial<EvaluationInput> & { identity?: Statement[]; bucket?: Statement[] }): EvaluationInput {
  const { identity, bucket, ...rest } = over;
  const principal = rest.principal ?? ROLE;
  return {
    principal,
    principalAccountId: principal.split(':')[4] || A,
    action: 's3:GetObject',
    resource: OBJECT,
    resourceAccountId: A,
    context: { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principal.split(':')[4] },
    identityPolicies: identity ? [{ name: 'own', document: doc(...identity) }] : [],
    serviceControlPolicies: [],
    resourcePolicy: bucket ? { name: 'bucket policy of data', document: doc(...bucket) } : undefined,
    ...rest,
  };
}
const decide = (i: EvaluationInput): EvaluationResult['decision'] => iamEvaluator.decide(i).decision;
const withCondition = (Condition: Statement, context: EvaluationInput['context'] = {}) =>
  decide(
    input({
      identity: [allow('s3:GetObject', '*', { Condition })],
      context: { 'aws:PrincipalArn': ROLE, ...context },
    }),
  );

describe('matching', () => {
  it('actions: case-insensitive, with * and ?', () => {
    for (const a of ['s3:GetObject', 'S3:getobject', 's3:Get*', 's3:?etObject', '*', ['ec2:*', 's3:*']])
      expect({ a, d: decide(input({ identity: [allow(a)] })) }).toEqual({ a, d: 'Allowed' });
    for (const a of ['s3:Put*', 's3:GetObjectAcl', 'ec2:*', 's3:G?Object'])
      expect({ a, d: decide(input({ identity: [allow(a)] })) }).toEqual({ a, d: 'ImplicitlyDenied' });
  });

  it('NotAction and NotResource: everything but the listed ones', () => {
    expect(decide(input({ identity: [{ Effect: 'Allow', NotAction: 's3:Put*', Resource: '*' }] }))).toBe('Allowed');
    expect(decide(input({ identity: [{ Effect: 'Allow', NotAction: 's3:Get*', Resource: '*' }] }))).toBe(
      'ImplicitlyDenied',
    );
    const denyOutside = { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::data/out/*' };
    expect(decide(input({ identity: [allow('s3:*'), denyOutside] }))).toBe('ExplicitlyDenied');
    expect(decide(input({ identity: [allow('s3:*'), denyOutside], resource: 'arn:aws:s3:::data/out/b' }))).toBe(
      'Allowed',
    );
  });

  it('resources: ARN parts one by one, wildcards never cross a colon outside the resource part', () => {
    const ok = (pattern: string, resource: string) =>
      decide(input({ identity: [allow('s3:GetObject', pattern)], resource }));
    expect(ok('arn:aws:s3:::data/*', OBJECT)).toBe('Allowed');
    expect(ok('arn:aws:s3:::data/in/*', OBJECT)).toBe('Allowed');
    expect(ok('arn:aws:s3:::data', OBJECT)).toBe('ImplicitlyDenied');
    expect(ok('arn:aws:s3:::Data/*', OBJECT)).toBe('ImplicitlyDenied'); // case-sensitive
    expect(ok('arn:aws:*:::data/*', OBJECT)).toBe('Allowed');
    const ecr = (pattern: string) =>
      decide(
        input({
          identity: [allow('ecr:PutImage', pattern)],
          action: 'ecr:PutImage',
          resource: `arn:aws:ecr:eu-west-1:${A}:repository/t/api`,
        }),
      );
    expect(ecr(`arn:aws:ecr:eu-*:${A}:repository/t/*`)).toBe('Allowed');
    expect(ecr(`arn:aws:ecr:*:${A}:repository/*`)).toBe('Allowed');
    // A `*` in the region part does not reach into the account part.
    expect(ecr(`arn:aws:ecr:eu-west-1*:repository/t/api`)).toBe('ImplicitlyDenied');
  });
});

describe('the decision', () => {
  it('an explicit Deny anywhere wins over any Allow, and every deciding Deny is named', () => {
    const r = iamEvaluator.decide(
      input({
        identity: [allow('s3:*'), { ...deny('s3:GetObject'), Sid: 'NoReads' }],
        bucket: [{ ...deny('s3:*', 'arn:aws:s3:::data/*'), Principal: '*', Sid: 'Lock' }],
      }),
    );
    expect(r.decision).toBe('ExplicitlyDenied');
    expect(
      r.deniedBy.map((d) => (d.type === 'explicit' ? `${d.statement.kind}:${d.statement.sid}` : d.kind)).sort(),
    ).toEqual(['identity:NoReads', 'resource:Lock']);
  });

  it('same account: the identity policy or the resource policy suffices; neither: implicitly denied by both', () => {
    expect(decide(input({ identity: [allow('s3:GetObject')] }))).toBe('Allowed');
    expect(decide(input({ bucket: [{ ...allow('s3:GetObject', OBJECT), Principal: { AWS: ROLE } }] }))).toBe('Allowed');
    const r = iamEvaluator.decide(
      input({ identity: [allow('s3:PutObject')], bucket: [deny('s3:PutObject', '*', { Principal: '*' })] }),
    );
    expect(r).toEqual({
      decision: 'ImplicitlyDenied',
      allowedBy: [],
      deniedBy: [
        { type: 'implicit', kind: 'identity' },
        { type: 'implicit', kind: 'resource' },
      ],
    });
  });

  it('same account: a resource policy that names the account delegates to the identity policies', () => {
    const bucket = [{ ...allow('s3:GetObject', OBJECT), Principal: { AWS: `arn:aws:iam::${A}:root` } }];
    expect(decide(input({ bucket }))).toBe('ImplicitlyDenied');
    expect(decide(input({ bucket, identity: [allow('s3:GetObject')] }))).toBe('Allowed');
  });

  it('cross account: both the identity policy and the resource policy must allow', () => {
    const cross = { principal: ROLE_B, context: { 'aws:PrincipalArn': ROLE_B, 'aws:PrincipalAccount': B } };
    const bucket = [{ ...allow('s3:GetObject', OBJECT), Principal: { AWS: B } }];
    expect(decide(input({ ...cross, identity: [allow('s3:GetObject')] }))).toBe('ImplicitlyDenied');
    expect(decide(input({ ...cross, bucket }))).toBe('ImplicitlyDenied');
    expect(decide(input({ ...cross, bucket, identity: [allow('s3:GetObject')] }))).toBe('Allowed');
    const r = iamEvaluator.decide(input({ ...cross, identity: [allow('s3:GetObject')] }));
    expect(r.deniedBy).toEqual([{ type: 'implicit', kind: 'resource' }]);
  });

  it('a permissions boundary caps the identity policies, and a resource-policy grant to the role; not one to "*"', () => {
    const boundary = { name: 'boundary', document: doc(allow('s3:List*')) };
    const r = iamEvaluator.decide(input({ identity: [allow('s3:*')], permissionsBoundary: boundary }));
    expect(r.deniedBy).toEqual([{ type: 'implicit', kind: 'permissionsBoundary' }]);
    const toRole = [{ ...allow('s3:GetObject', OBJECT), Principal: { AWS: ROLE } }];
    expect(decide(input({ bucket: toRole, permissionsBoundary: boundary }))).toBe('ImplicitlyDenied');
    const toEveryone = [{ ...allow('s3:GetObject', OBJECT), Principal: '*' }];
    expect(decide(input({ bucket: toEveryone, permissionsBoundary: boundary }))).toBe('Allowed');
  });

  it('SCPs: every level from the root to the account must allow; FullAWSAccess is one such Allow', () => {
    const full = { name: 'FullAWSAccess', document: doc(allow('*')) };
    const scp = (levels: EvaluationInput['serviceControlPolicies']) =>
      iamEvaluator.decide(input({ identity: [allow('s3:*')], serviceControlPolicies: levels }));
    expect(
      scp([
        { target: 'r-1', policies: [full] },
        { target: A, policies: [full] },
      ]).decision,
    ).toBe('Allowed');
    expect(
      scp([
        { target: 'r-1', policies: [full] },
        { target: A, policies: [] },
      ]).deniedBy,
    ).toEqual([{ type: 'implicit', kind: 'scp', target: A }]);
    const noS3 = { name: 'guardrails', document: doc(deny('s3:GetObject')) };
    expect(scp([{ target: 'r-1', policies: [full, noS3] }]).decision).toBe('ExplicitlyDenied');
  });

  it('assuming a role needs its trust policy, in the same account too; a web identity has only the trust policy', () => {
    const role2 = `arn:aws:iam::${A}:role/target`;
    const trust = (Principal: unknown, Action = 'sts:AssumeRole') => ({
      name: 'trust policy of target',
      document: doc({ Effect: 'Allow', Principal, Action }),
    });
    const assume = (over: Partial<EvaluationInput>) =>
      decide(input({ action: 'sts:AssumeRole', resource: role2, identity: [allow('sts:AssumeRole')], ...over }));
    expect(assume({})).toBe('ImplicitlyDenied'); // identity alone: no
    expect(assume({ resourcePolicy: trust({ AWS: ROLE }) })).toBe('Allowed');
    expect(assume({ resourcePolicy: trust({ AWS: A }), identityPolicies: [] })).toBe('ImplicitlyDenied');
    const provider = `arn:aws:iam::${A}:oidc-provider/oidc.example.com`;
    const web = (Principal: unknown) =>
      iamEvaluator.decide({
        ...input({ action: 'sts:AssumeRoleWithWebIdentity', resource: role2 }),
        principal: provider,
        context: {},
        resourcePolicy: trust(Principal, 'sts:AssumeRoleWithWebIdentity'),
      });
    expect(web({ Federated: provider }).decision).toBe('Allowed');
    expect(web({ Federated: `arn:aws:iam::${A}:oidc-provider/other.example.com` }).deniedBy).toEqual([
      { type: 'implicit', kind: 'identity' },
      { type: 'implicit', kind: 'resource' },
    ]);
  });

  it('the root user needs no identity policy in its own account; sts:GetCallerIdentity is never denied', () => {
    expect(decide(input({ principal: `arn:aws:iam::${A}:root`, context: {} }))).toBe('Allowed');
    expect(decide(input({ principal: `arn:aws:iam::${B}:root`, context: {} }))).toBe('ImplicitlyDenied');
    expect(decide(input({ action: 'sts:GetCallerIdentity', resource: '*', identity: [deny('*')] }))).toBe('Allowed');
  });

  it('S3 Block Public Access: a public bucket policy lets in only the bucket account', () => {
    const publicRead = [{ ...allow('s3:GetObject', 'arn:aws:s3:::data/*'), Principal: '*' }];
    const cross = {
      principal: ROLE_B,
      context: { 'aws:PrincipalArn': ROLE_B, 'aws:PrincipalAccount': B },
      identity: [allow('s3:GetObject')],
    };
    const blocked = iamEvaluator.decide(input({ ...cross, bucket: publicRead }));
    expect(blocked.decision).toBe('ExplicitlyDenied');
    expect(blocked.deniedBy[0]).toMatchObject({
      type: 'explicit',
      statement: { policy: expect.stringMatching(/Block Public Access/) },
    });
    expect(decide(input({ ...cross, bucket: publicRead, s3BlockPublicAccess: false }))).toBe('Allowed');
    expect(
      new IamEvaluator({ s3BlockPublicAccess: false }).decide(input({ ...cross, bucket: publicRead })).decision,
    ).toBe('Allowed');
    expect(decide(input({ bucket: publicRead }))).toBe('Allowed'); // the bucket's own account
    // Pinned to an exact principal ARN: not public.
    const pinned = [
      {
        ...allow('s3:GetObject', 'arn:aws:s3:::data/*'),
        Principal: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_B } },
      },
    ];
    expect(decide(input({ ...cross, bucket: pinned }))).toBe('Allowed');
  });

  it('NotPrincipal leaves out a listed principal or account; with Deny it always applies to a role with a boundary', () => {
    const lockOut = [{ Effect: 'Deny', Action: 's3:*', Resource: '*', NotPrincipal: { AWS: ROLE } }];
    expect(decide(input({ identity: [allow('s3:*')], bucket: lockOut }))).toBe('Allowed');
    expect(decide(input({ identity: [allow('s3:*')], bucket: lockOut, principal: ROLE_B, resourceAccountId: A }))).toBe(
      'ExplicitlyDenied',
    );
    const boundary = { name: 'boundary', document: doc(allow('*')) };
    expect(decide(input({ identity: [allow('s3:*')], bucket: lockOut, permissionsBoundary: boundary }))).toBe(
      'ExplicitlyDenied',
    );
  });
});

describe('conditions', () => {
  it('string operators, exact and with wildcards, case-sensitive unless IgnoreCase', () => {
    const c = { 'aws:PrincipalTag/team': 'Data' };
    expect(withCondition({ StringEquals: { 'aws:PrincipalTag/team': 'Data' } }, c)).toBe('Allowed');
    expect(withCondition({ StringEquals: { 'aws:PrincipalTag/team': 'data' } }, c)).toBe('ImplicitlyDenied');
    expect(withCondition({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'data' } }, c)).toBe('Allowed');
    expect(withCondition({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'DATA' } }, c)).toBe(
      'ImplicitlyDenied',
    );
    expect(withCondition({ StringLike: { 'aws:PrincipalTag/team': 'D?t*' } }, c)).toBe('Allowed');
    expect(withCondition({ StringLike: { 'aws:PrincipalTag/team': 'd*' } }, c)).toBe('ImplicitlyDenied');
    expect(withCondition({ StringNotLike: { 'aws:PrincipalTag/team': ['x*', 'y*'] } }, c)).toBe('Allowed');
    expect(withCondition({ StringNotEquals: { 'aws:PrincipalTag/team': ['ml', 'Data'] } }, c)).toBe('ImplicitlyDenied');
    // Condition keys are case-insensitive.
    expect(withCondition({ StringEquals: { 'AWS:principaltag/TEAM': 'Data' } }, c)).toBe('Allowed');
  });

  it('several keys, operators: all must hold; several values: any', () => {
    const c = { 'aws:PrincipalTag/team': 'data', 'aws:RequestedRegion': 'eu-west-1' };
    expect(
      withCondition(
        { StringEquals: { 'aws:PrincipalTag/team': ['ml', 'data'], 'aws:RequestedRegion': 'eu-west-1' } },
        c,
      ),
    ).toBe('Allowed');
    expect(
      withCondition(
        { StringEquals: { 'aws:PrincipalTag/team': 'data' }, StringLike: { 'aws:RequestedRegion': 'us-*' } },
        c,
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('a missing key: positive operators false, negated true, IfExists true, Null tests it', () => {
    expect(withCondition({ StringEquals: { 'aws:PrincipalTag/team': 'x' } })).toBe('ImplicitlyDenied');
    expect(withCondition({ StringNotEquals: { 'aws:PrincipalTag/team': 'x' } })).toBe('Allowed');
    expect(withCondition({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'x' } })).toBe('Allowed');
    expect(
      withCondition({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'x' } }, { 'aws:PrincipalTag/team': 'y' }),
    ).toBe('ImplicitlyDenied');
    expect(withCondition({ Null: { 'aws:PrincipalTag/team': 'true' } })).toBe('Allowed');
    expect(withCondition({ Null: { 'aws:PrincipalTag/team': 'false' } })).toBe('ImplicitlyDenied');
  });

  it('Bool, Numeric, Arn', () => {
    expect(withCondition({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'false' })).toBe(
      'Allowed',
    );
    expect(withCondition({ Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': 'true' })).toBe(
      'Allowed',
    );
    const age = { 'aws:MultiFactorAuthAge': '300' };
    expect(withCondition({ NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '300' } }, age)).toBe('Allowed');
    expect(withCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } }, age)).toBe('ImplicitlyDenied');
    expect(withCondition({ NumericGreaterThan: { 'aws:MultiFactorAuthAge': 299.5 } }, age)).toBe('Allowed');
    expect(withCondition({ NumericEquals: { 'aws:MultiFactorAuthAge': 'abc' } }, age)).toBe('ImplicitlyDenied');
    expect(withCondition({ NumericNotEquals: { 'aws:MultiFactorAuthAge': ['1', '2'] } }, age)).toBe('Allowed');
    expect(withCondition({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } })).toBe('Allowed');
    expect(withCondition({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::*:role/c?` } })).toBe('Allowed');
    expect(withCondition({ ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${B}:*` } })).toBe('Allowed');
    expect(withCondition({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } })).toBe('ImplicitlyDenied'); // six parts each
  });

  it('ForAnyValue / ForAllValues on multivalued keys, and their missing-key rules', () => {
    const tags = { 'aws:TagKeys': ['team', 'env'] };
    expect(withCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'x'] } }, tags)).toBe('Allowed');
    expect(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'x'] } }, tags)).toBe(
      'ImplicitlyDenied',
    );
    expect(withCondition({ 'ForAllValues:StringLike': { 'aws:TagKeys': ['*'] } }, tags)).toBe('Allowed');
    expect(withCondition({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['cost'] } }, tags)).toBe('Allowed');
    expect(withCondition({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['team', 'env'] } }, tags)).toBe(
      'ImplicitlyDenied',
    );
    expect(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'x' } })).toBe('Allowed'); // missing: true
    expect(withCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'x' } })).toBe('ImplicitlyDenied'); // missing: false
    expect(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'x' } }, { 'aws:TagKeys': [] })).toBe(
      'Allowed',
    );
  });

  it('policy variables in resources and condition values, with the escapes and a default', () => {
    const tagged = { 'aws:PrincipalArn': ROLE, 'aws:PrincipalTag/team': 'in' };
    const own = (Resource: string, context: EvaluationInput['context'] = tagged) =>
      decide(input({ identity: [allow('s3:GetObject', Resource)], context }));
    expect(own('arn:aws:s3:::data/${aws:PrincipalTag/team}/*')).toBe('Allowed');
    expect(own('arn:aws:s3:::data/${aws:PrincipalTag/team}/*', { 'aws:PrincipalTag/team': 'out' })).toBe(
      'ImplicitlyDenied',
    );
    expect(own('arn:aws:s3:::data/${aws:PrincipalTag/team}/*', {})).toBe('ImplicitlyDenied'); // no value: no match
    expect(own("arn:aws:s3:::data/${aws:PrincipalTag/team, 'in'}/*", {})).toBe('Allowed');
    // A value's * is literal, and so is ${*}.
    expect(own('arn:aws:s3:::data/${aws:PrincipalTag/team}/*', { 'aws:PrincipalTag/team': '*' })).toBe(
      'ImplicitlyDenied',
    );
    expect(
      decide(input({ identity: [allow('s3:GetObject', 'arn:aws:s3:::data/${*}')], resource: 'arn:aws:s3:::data/*' })),
    ).toBe('Allowed');
    expect(decide(input({ identity: [allow('s3:GetObject', 'arn:aws:s3:::data/${*}')] }))).toBe('ImplicitlyDenied');
    expect(
      withCondition(
        { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalAccount}' } },
        { 'aws:PrincipalTag/team': A, 'aws:PrincipalAccount': A },
      ),
    ).toBe('Allowed');
    // Version 2008-10-17 has no variables: the text is literal.
    const old = {
      name: 'old',
      document: {
        Version: '2008-10-17',
        Statement: [allow('s3:GetObject', 'arn:aws:s3:::data/${aws:PrincipalTag/team}/*')],
      },
    };
    expect(iamEvaluator.decide({ ...input({ context: tagged }), identityPolicies: [old] }).decision).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('what it refuses (never a silent Allow or Deny)', () => {
  const refuses = (i: EvaluationInput, message: RegExp | string) => {
    expect(() => iamEvaluator.decide(i)).toThrow(UnsupportedPolicyError);
    expect(() => iamEvaluator.decide(i)).toThrow(message);
  };
  it.each([
    ['DateGreaterThan', { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }],
    ['IpAddress', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
    ['BinaryEquals', { BinaryEquals: { 'aws:x': 'QmluYXJ5' } }],
    ['NullIfExists', { NullIfExists: { 'aws:x': 'true' } }],
  ])('the condition operator %s', (op, Condition) => {
    // Refused even where the statement would not apply: the policy as a whole is not evaluated.
    refuses(input({ identity: [allow('ec2:*', '*', { Condition })] }), new RegExp(`condition operator ${op}`));
  });

  it.each([
    ['empty', ''],
    ['ending in a line break', 'StringEquals\n'],
  ])('a condition operator name that is %s (no operator of AWS, not a crash)', (_, name) => {
    refuses(
      input({ identity: [allow('s3:GetObject', '*', { Condition: { [name]: { 'aws:x': 'y' } } })] }),
      `condition operator ${JSON.stringify(name)} is not a condition operator`,
    );
  });

  it('invalid or unknown grammar', () => {
    refuses(
      input({ identity: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Principal: '*' }] }),
      /has no Principal element/,
    );
    refuses(input({ identity: [{ Effect: 'Permit', Action: 's3:*', Resource: '*' }] }), /Effect must be/);
    refuses(input({ identity: [{ Effect: 'Allow', Action: 's3:*' }] }), /neither Resource nor NotResource/);
    refuses(
      input({ identity: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Notes: 'x' }] }),
      /unknown element Notes/,
    );
    refuses(input({ identity: [allow('s3 GetObject')] }), /is not an action/);
    refuses(input({ bucket: [allow('s3:*')] }), /neither Principal nor NotPrincipal/);
    refuses(input({ bucket: [{ ...allow('s3:*'), Principal: { Group: 'x' } }] }), /principal type Group/);
  });

  it('a single-valued operator on a multivalued key (AWS defines none)', () => {
    refuses(
      input({
        identity: [allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:TagKeys': 'team' } } })],
        context: { 'aws:TagKeys': ['team', 'env'] },
      }),
      /multivalued key, which needs ForAnyValue: or ForAllValues:/,
    );
  });
});

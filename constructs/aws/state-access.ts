/**
 * Who reaches which Terraform state objects in the state bucket, as data: one scope per pipeline (an environment, or
 * the management account), its key patterns and its plan/deploy roles. From it come both sides of every request:
 * the roles' own (identity) statements, confined to their keys by an explicit Deny, and the bucket policy's Allow
 * statements (cross-account requests need both). Terraform's S3 backend writes `<key>` and, with use_lockfile, the
 * lock `<key>.tflock`; it reads the lock back before deleting it.
 */
import { arnPatternMatches, patternsIntersection } from './arn-patterns';
import type { Statement } from './policy-document';

export const LOCK_SUFFIX = '.tflock';

/** Object actions that read or change state: what every pipeline role is denied outside its own keys. */
export const STATE_OBJECT_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
] as const;

export interface StateScope {
  /** Short name, e.g. the environment (`dev`) or `organization`; statement ids are derived from it. */
  readonly name: string;
  /** For messages: `environment "dev"`. */
  readonly label: string;
  /** Patterns of the scope's state object keys (without the bucket), e.g. `data-platform/dev-*-aws.tfstate`. */
  readonly stateKeys: readonly string[];
  /** The scope's deployed-revision record, e.g. `data-platform/deployed/dev.json`: deploy writes it, plan reads it. */
  readonly recordKey: string;
  readonly planRoleArn: string;
  readonly deployRoleArn: string;
}

export interface StateAccessLayout {
  /** `arn:<partition>:s3:::<bucket>`. */
  readonly bucketArn: string;
  readonly scopes: readonly StateScope[];
  /** Keys no pipeline role may reach (e.g. the bootstrap stack's own state), with what they are. */
  readonly reservedKeys: readonly { readonly key: string; readonly label: string }[];
}

export type PipelineRoleKind = 'plan' | 'deploy';

export function lockKeys(scope: StateScope): string[] {
  return scope.stateKeys.map((k) => `${k}${LOCK_SUFFIX}`);
}

/** Every key pattern the scope owns: its state objects, their lock files, its deployed-revision record. */
export function scopeKeys(scope: StateScope): string[] {
  return [...scope.stateKeys, ...lockKeys(scope), scope.recordKey];
}

/** The scope whose key patterns match `key` (a real key, no wildcards), if any. */
export function scopeOfKey(layout: StateAccessLayout, key: string): StateScope | undefined {
  return layout.scopes.find((s) => scopeKeys(s).some((p) => arnPatternMatches(p, key)));
}

/**
 * Every pair of scopes whose key patterns could match the same object (e.g. environments `dev` and `dev-data`:
 * `dev-*-aws.tfstate` also matches `dev-data-x-aws.tfstate`), and every scope pattern matching a reserved key.
 * Each message names both sides and a key that proves the overlap.
 */
export function stateKeyOverlaps(layout: StateAccessLayout): string[] {
  const problems: string[] = [];
  const owned = layout.scopes.map((s) => ({ label: s.label, keys: scopeKeys(s) }));
  const others = [...owned, ...layout.reservedKeys.map((r) => ({ label: r.label, keys: [r.key] }))];
  for (const [i, a] of owned.entries()) {
    for (const [j, b] of others.entries()) {
      if (j <= i) continue;
      for (const p of a.keys) {
        const q = b.keys.find((k) => patternsIntersection(p, k) !== undefined);
        if (q === undefined) continue;
        problems.push(
          `${a.label}'s state key pattern "${p}" also matches ${b.label}'s "${q}" (e.g. "${patternsIntersection(p, q)}"): ` +
            `its pipeline roles would reach the other's state`,
        );
        break;
      }
    }
  }
  return problems;
}

/** Throws (listing every overlap) unless every scope's keys are its own; call before building any statement. */
export function assertStateKeysDisjoint(layout: StateAccessLayout): void {
  for (const s of layout.scopes) {
    for (const k of scopeKeys(s)) {
      if (k.startsWith('/') || k.includes('?')) throw new Error(`State key pattern "${k}" of ${s.label} is not a key`);
    }
  }
  const problems = stateKeyOverlaps(layout);
  if (problems.length) {
    throw new Error(
      `State keys overlap (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Rename an environment so that no environment name followed by "-" starts ' +
        'another one: state keys are "<keyPrefix>/<environment>-<stack>.tfstate".',
    );
  }
}

const objectArns = (layout: StateAccessLayout, keys: readonly string[]) => keys.map((k) => `${layout.bucketArn}/${k}`);

/**
 * Listing is allowed for the scope's own keys as prefixes. `...IfExists`: a HeadObject of a state that does not
 * exist yet carries no `s3:prefix`, and S3 only answers 404 (which Terraform needs for a new stack) instead of 403
 * when the caller may list the bucket. Listing reveals key names (stack names), never state.
 */
function listCondition(scope: StateScope) {
  return { StringLikeIfExists: { 's3:prefix': scopeKeys(scope) } };
}

/**
 * The role's own statements on the state bucket: list, read its state, lock files and record; the deploy role
 * also writes its state and record. An explicit Deny of every state object action outside its own keys confines
 * it even when another policy (AdministratorAccess) allows more.
 */
export function stateRoleStatements(layout: StateAccessLayout, scope: StateScope, role: PipelineRoleKind): Statement[] {
  const statements: Statement[] = [
    {
      Sid: 'StateList',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [layout.bucketArn],
      Condition: listCondition(scope),
    },
    { Sid: 'StateRead', Effect: 'Allow', Action: ['s3:GetObject'], Resource: objectArns(layout, scopeKeys(scope)) },
    {
      Sid: 'StateLock',
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:PutObject'],
      Resource: objectArns(layout, lockKeys(scope)),
    },
  ];
  if (role === 'deploy') {
    statements.push({
      Sid: 'StateWrite',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: objectArns(layout, [...scope.stateKeys, scope.recordKey]),
    });
  }
  statements.push({
    Sid: 'StateOnlyOwnKeys',
    Effect: 'Deny',
    Action: [...STATE_OBJECT_ACTIONS],
    NotResource: objectArns(layout, scopeKeys(scope)),
  });
  return statements;
}

/** `dev-data` -> `DevData`: statement ids allow letters and digits only. */
function sidOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The bucket policy's side: for every scope, the same list/read/lock grants to its plan and deploy roles and the
 * state/record writes to its deploy role, and nothing else. Principals are matched with `aws:PrincipalArn` (exact
 * ARNs, so S3 does not count the policy as public) rather than named in `Principal`: S3 rejects a policy naming a
 * role that does not exist yet (the bucket is created before any account), and a recreated role would silently
 * drop out of it.
 */
export function stateBucketPolicyStatements(layout: StateAccessLayout): Statement[] {
  assertStateKeysDisjoint(layout);
  return layout.scopes.flatMap((scope) => {
    const both = { ArnEquals: { 'aws:PrincipalArn': [scope.planRoleArn, scope.deployRoleArn] } };
    const sid = `State${sidOf(scope.name)}`;
    return [
      {
        Sid: `${sid}List`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:ListBucket'],
        Resource: [layout.bucketArn],
        Condition: { ...both, ...listCondition(scope) },
      },
      {
        Sid: `${sid}Read`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:GetObject'],
        Resource: objectArns(layout, scopeKeys(scope)),
        Condition: both,
      },
      {
        Sid: `${sid}Lock`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:DeleteObject', 's3:PutObject'],
        Resource: objectArns(layout, lockKeys(scope)),
        Condition: both,
      },
      {
        Sid: `${sid}Write`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['s3:PutObject'],
        Resource: objectArns(layout, [...scope.stateKeys, scope.recordKey]),
        Condition: { ArnEquals: { 'aws:PrincipalArn': [scope.deployRoleArn] } },
      },
    ] satisfies Statement[];
  });
}

/**
 * IAM policy documents as typed data, rendered with JSON.stringify. Never `data "aws_iam_policy_document"`: that
 * data source is evaluated by the provider, and these stacks must plan offline without calling AWS.
 */

/** IAM condition operators used here; extend when a new one is needed (a typo would silently never match). */
export type ConditionOperator =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringLike'
  | 'StringLikeIfExists'
  | 'StringNotLike'
  | 'ArnEquals'
  | 'ArnNotEquals'
  | 'ArnLike'
  | 'ArnNotLike'
  | 'Bool'
  | 'NumericLessThan';

/** `{ StringEquals: { 'aws:SourceAccount': '123' } }`: operator -> condition key -> value(s). */
export type Conditions = Partial<Record<ConditionOperator, Record<string, string | readonly string[]>>>;

export type Principal =
  | '*'
  | {
      readonly AWS?: string | readonly string[];
      readonly Federated?: string;
      readonly Service?: string | readonly string[];
    };

export interface Statement {
  /** Statement id: letters and digits only (IAM and SCPs reject anything else). */
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal;
  /** Exactly one of Action / NotAction. */
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  /** Exactly one of Resource / NotResource, except in trust policies, which have neither. */
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Condition?: Conditions;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

/**
 * Builds a document, checking what IAM would reject only at apply time: empty statement lists, Sids with
 * punctuation, duplicate Sids, a statement with both or neither of Action/NotAction.
 */
export function policyDocument(statements: readonly Statement[]): PolicyDocument {
  if (statements.length === 0) throw new Error('A policy document needs at least one statement');
  const sids = new Set<string>();
  for (const s of statements) {
    if (s.Sid !== undefined) {
      if (!/^[A-Za-z0-9]+$/.test(s.Sid))
        throw new Error(`Statement id "${s.Sid}" must contain only letters and digits`);
      if (sids.has(s.Sid)) throw new Error(`Statement id "${s.Sid}" is used twice in one policy`);
      sids.add(s.Sid);
    }
    if ((s.Action === undefined) === (s.NotAction === undefined)) {
      throw new Error(`Statement ${s.Sid ?? JSON.stringify(s)} needs exactly one of Action or NotAction`);
    }
    if ((s.Action ?? s.NotAction)!.length === 0) throw new Error(`Statement ${s.Sid ?? ''} has an empty action list`);
    if (s.Resource !== undefined && s.NotResource !== undefined) {
      throw new Error(`Statement ${s.Sid ?? ''} has both Resource and NotResource`);
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The JSON text IAM/Organizations receive: compact (SCP size limits count whitespace). */
export function policyJson(statements: readonly Statement[]): string {
  return JSON.stringify(policyDocument(statements));
}

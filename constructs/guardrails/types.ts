/**
 * The guardrail model: rules look at Terraform resource TYPES and ATTRIBUTES (as they will be written to
 * cdk.tf.json), never at our construct classes, so they hold whoever builds the resources.
 */

export type Level = 'error' | 'warning';

/**
 * What a stack is, as plain data: the rules need it to know how strict to be. Built by the stacks layer from config;
 * the guardrails know nothing about config files or environment names.
 */
export interface GuardrailContext {
  /** Team that owns the stack; undefined for platform-wide stacks. Team-only rules and team suppressions use it. */
  readonly team?: string;
  /** AWS account the stack deploys to: account-wide settings in sibling stacks (registry scanning) count for it. */
  readonly awsAccountId?: string;
  /** The stack deploys to the organization's management account (not an environment account). Default: false. */
  readonly managementAccount?: boolean;
  /** Data-bearing resources need `lifecycle.prevent_destroy` (strict protection level). Default: false. */
  readonly strict?: boolean;
  /**
   * Names of Organizations member accounts that need deletion protection even though the stack itself is not
   * strict (the organization stack holds the accounts of every environment). Default: none.
   */
  readonly protectedAccountNames?: readonly string[];
  /** ECR repositories must have immutable tags (release environments). Default: false. */
  readonly requireImmutableImages?: boolean;
  /** Roles federated by OIDC may only be assumed from the main branch (production). Default: false. */
  readonly requireMainBranch?: boolean;
  /** The branch `requireMainBranch` means. Default: `main`. */
  readonly mainBranch?: string;
  /** IAM roles allowed to hold `*` on `*` (the platform's deploy role). Default: none. */
  readonly adminRoleNames?: readonly string[];
  /** Read-only OIDC roles (plan) exempt from the main-branch restriction. Default: none. */
  readonly readOnlyRoleNames?: readonly string[];
  /** Upper limit of a warehouse's auto-suspend, in seconds. Default: 600. */
  readonly maxAutoSuspendSeconds?: number;
  /** Minimum Time Travel of Snowflake databases, in days; undefined: not checked. */
  readonly minDataRetentionDays?: number;
  /**
   * The platform's own Snowflake administration roles in the stack's account: a team stack never grants them to
   * anything. Default: none.
   */
  readonly snowflakePlatformRoleNames?: readonly string[];
  /** Tag keys every AWS provider must set as default tags. Default: none (rule passes). */
  readonly requiredTagKeys?: readonly string[];
}

/** One Terraform element of a synthesized stack, with its configuration resolved (tokens become `${...}` strings). */
export interface ElementView {
  readonly kind: 'resource' | 'data' | 'provider' | 'module';
  /** Terraform type, e.g. `aws_s3_bucket`; for providers the provider name, e.g. `aws`; for modules `module`. */
  readonly type: string;
  /** Logical id in the stack (the second part of the address); the alias, or the name, for providers. */
  readonly name: string;
  /** `aws_s3_bucket.<name>`, `data.<type>.<name>`, `provider.aws`, `module.<name>`. */
  readonly address: string;
  /** Construct path, e.g. `prod-telehealth-aws/workspace/bucket/bucket`: what suppressions match. */
  readonly path: string;
  /** The element's attributes as Terraform gets them (snake_case), including `lifecycle` and `provider`. */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface StackView {
  readonly stackName: string;
  readonly context: GuardrailContext;
  readonly elements: readonly ElementView[];
  /**
   * The stack's `terraform` block as written (`required_providers`, `backend`...); undefined when the stack's JSON
   * was not kept (its elements were resolved one by one).
   */
  readonly terraform?: Readonly<Record<string, unknown>>;
}

/** Everything a rule may look at: one stack, and the other stacks of the same synthesis (account-wide settings). */
export interface RuleScope {
  readonly stack: StackView;
  readonly allStacks: readonly StackView[];
}

/** A problem found by a rule at one element. */
export interface Violation {
  readonly element: ElementView;
  /** What is wrong, with the values involved. */
  readonly message: string;
}

export interface Rule {
  /** Stable, kebab-case id: suppressions and docs name it. */
  readonly id: string;
  readonly level: Level;
  /** Error-level rules that protect data or access for everyone cannot be suppressed. */
  readonly unsuppressible?: boolean;
  /** One line: what the rule requires. */
  readonly description: string;
  /** How to fix a violation. */
  readonly fix: string;
  readonly check: (scope: RuleScope) => readonly Violation[];
}

export interface Finding {
  readonly ruleId: string;
  readonly level: Level;
  readonly stack: string;
  readonly path: string;
  readonly address: string;
  readonly message: string;
  readonly fix: string;
}

/** An accepted exception: `path` is a construct path or minimatch glob; it also covers the construct's children. */
export interface Suppression {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
  /** Where it was declared, for messages (e.g. a file name). */
  readonly origin: string;
  /** Only stacks of this team; undefined: every stack. */
  readonly team?: string;
}

export interface SuppressedFinding extends Finding {
  readonly suppression: Suppression;
}

export interface GuardrailReport {
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Suppressions that matched nothing: stale exceptions to delete. */
  readonly unusedSuppressions: readonly Suppression[];
  /** Suppressions of unsuppressible or unknown rules: ignored, reported as errors. */
  readonly refusedSuppressions: readonly { readonly suppression: Suppression; readonly why: string }[];
  readonly stacksChecked: number;
  readonly rulesChecked: number;
}

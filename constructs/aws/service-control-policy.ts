import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Construct } from 'constructs';
import { policyJson, type Statement } from './policy-document';
import { SCP_MAX_CHARACTERS } from './scp-statements';

export interface ServiceControlPolicyProps {
  /** Policy name in AWS Organizations. */
  readonly policyName: string;
  /** Shown in the Organizations console: where the policy comes from. */
  readonly description: string;
  /** The statements (see scp-statements.ts); rendered as compact JSON, at most 5,120 characters. */
  readonly statements: readonly Statement[];
  /**
   * Roots, OUs or accounts the policy is attached to, keyed by a stable name (the key becomes part of the
   * attachment's construct id, so keep it when the id behind it changes).
   */
  readonly targetIds: Readonly<Record<string, string>>;
}

/** One SCP and its attachments. Several guardrails share one policy: a target may carry at most 5 SCPs. */
export class ServiceControlPolicy extends Construct {
  readonly policy: OrganizationsPolicy;
  /** The policy JSON as sent to AWS (for tests and reports). */
  readonly content: string;

  constructor(scope: Construct, id: string, props: ServiceControlPolicyProps) {
    super(scope, id);
    this.content = policyJson(props.statements);
    if (this.content.length > SCP_MAX_CHARACTERS) {
      throw new Error(
        `Service control policy "${props.policyName}" is ${this.content.length} characters; AWS Organizations accepts at most ` +
          `${SCP_MAX_CHARACTERS}. Generate fewer statements (turn off a guardrail) or split the policy.`,
      );
    }
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.policyName,
      description: props.description,
      type: 'SERVICE_CONTROL_POLICY',
      content: this.content,
    });
    for (const [key, targetId] of Object.entries(props.targetIds)) {
      new OrganizationsPolicyAttachment(this, `attachment-${key}`, { policyId: this.policy.id, targetId });
    }
  }
}

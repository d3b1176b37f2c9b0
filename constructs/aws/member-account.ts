import { OrganizationsAccount } from '@cdktf/provider-aws/lib/organizations-account';
import { Construct } from 'constructs';

export interface MemberAccountProps {
  /** Account name shown in Organizations. */
  readonly accountName: string;
  /** Root user email; unique across all of AWS. */
  readonly email: string;
  /** The OU the account lives in. */
  readonly parentId: string;
  /** Role Organizations creates in the account for the management account to assume. */
  readonly roleName: string;
  /** Set explicitly: changing it after creation makes Terraform recreate the account. */
  readonly iamUserAccessToBilling: 'ALLOW' | 'DENY';
  /** lifecycle.prevent_destroy on the account. Default: true (an account holds everything in it). */
  readonly preventDestroy?: boolean;
}

/**
 * A member account of the organization. Removing it from code never closes it (close_on_deletion false), and
 * prevent_destroy stops a plan that would. `role_name` is only used at creation and cannot be read back, so later
 * differences are ignored rather than planned as a replacement.
 */
export class MemberAccount extends Construct {
  readonly account: OrganizationsAccount;

  constructor(scope: Construct, id: string, props: MemberAccountProps) {
    super(scope, id);
    this.account = new OrganizationsAccount(this, 'account', {
      name: props.accountName,
      email: props.email,
      parentId: props.parentId,
      roleName: props.roleName,
      iamUserAccessToBilling: props.iamUserAccessToBilling,
      closeOnDeletion: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true, ignoreChanges: ['role_name'] },
    });
  }
}

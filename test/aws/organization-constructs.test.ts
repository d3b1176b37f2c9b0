import { MemberAccount } from '../../constructs/aws/member-account';
import { OrganizationLayout } from '../../constructs/aws/organization-layout';
import { synth } from './helpers';

describe('OrganizationLayout', () => {
  it('puts Security and Workloads under the root, and Prod and NonProd under Workloads', () => {
    const out = synth((scope) => {
      new OrganizationLayout(scope, 'org', { rootId: 'r-ab12' });
    });
    const ous = Object.entries(out.of('aws_organizations_organizational_unit'));
    const byName = Object.fromEntries(ous.map(([id, ou]) => [ou.name, { id, parent: ou.parent_id }]));
    expect(Object.keys(byName).sort()).toEqual(['NonProd', 'Prod', 'Security', 'Workloads']);
    expect(byName.Security.parent).toBe('r-ab12');
    expect(byName.Workloads.parent).toBe('r-ab12');
    expect(byName.Prod.parent).toBe(`\${aws_organizations_organizational_unit.${byName.Workloads.id}.id}`);
    expect(byName.NonProd.parent).toBe(`\${aws_organizations_organizational_unit.${byName.Workloads.id}.id}`);
  });
});

describe('MemberAccount', () => {
  const props = {
    accountName: 'dp-dev',
    email: 'dev@example.com',
    parentId: 'ou-1',
    roleName: 'OrganizationAccountAccessRole',
  };

  it('never closes the account, guards it with prevent_destroy, and ignores the unreadable role_name', () => {
    const account = synth((scope) => {
      new MemberAccount(scope, 'dev', { ...props, iamUserAccessToBilling: 'DENY' });
    }).one('aws_organizations_account');
    expect(account).toMatchObject({
      name: 'dp-dev',
      email: 'dev@example.com',
      parent_id: 'ou-1',
      role_name: 'OrganizationAccountAccessRole',
      iam_user_access_to_billing: 'DENY',
      close_on_deletion: false,
    });
    expect(account.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['role_name'] });
  });

  it('always sets iam_user_access_to_billing explicitly (changing it later would recreate the account)', () => {
    const account = synth((scope) => {
      new MemberAccount(scope, 'dev', { ...props, iamUserAccessToBilling: 'ALLOW', preventDestroy: false });
    }).one('aws_organizations_account');
    expect(account.iam_user_access_to_billing).toBe('ALLOW');
    expect(account.lifecycle.prevent_destroy).toBe(false);
  });
});

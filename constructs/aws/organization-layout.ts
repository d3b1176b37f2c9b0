import { OrganizationsOrganizationalUnit } from '@cdktf/provider-aws/lib/organizations-organizational-unit';
import { Construct } from 'constructs';

export interface OrganizationLayoutProps {
  /** Id of the organization's root (`r-xxxx`); the organization itself exists already and is not managed here. */
  readonly rootId: string;
}

/**
 * The organizational units: `Security` (audit/log-archive accounts, none managed yet) and `Workloads` with
 * `Prod` and `NonProd` below it. Guardrail SCPs attach to `Workloads`, so every workload account inherits them.
 */
export class OrganizationLayout extends Construct {
  readonly security: OrganizationsOrganizationalUnit;
  readonly workloads: OrganizationsOrganizationalUnit;
  readonly prod: OrganizationsOrganizationalUnit;
  readonly nonprod: OrganizationsOrganizationalUnit;

  constructor(scope: Construct, id: string, props: OrganizationLayoutProps) {
    super(scope, id);
    this.security = new OrganizationsOrganizationalUnit(this, 'security', { name: 'Security', parentId: props.rootId });
    this.workloads = new OrganizationsOrganizationalUnit(this, 'workloads', {
      name: 'Workloads',
      parentId: props.rootId,
    });
    this.prod = new OrganizationsOrganizationalUnit(this, 'workloads-prod', {
      name: 'Prod',
      parentId: this.workloads.id,
    });
    this.nonprod = new OrganizationsOrganizationalUnit(this, 'workloads-nonprod', {
      name: 'NonProd',
      parentId: this.workloads.id,
    });
  }
}

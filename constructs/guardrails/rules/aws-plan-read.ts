/** The plan roles read exactly TERRAFORM_READ_ACTIONS: every AWS resource type a stack holds must be in it. */
import { TERRAFORM_READ_ACTIONS } from '../../aws/terraform-read-actions';
import { quote } from '../attributes';
import type { Rule, Violation } from '../types';

export const awsPlanReadCoverage: Rule = {
  id: 'aws-plan-read-coverage',
  level: 'error',
  unsuppressible: true,
  description:
    "Every AWS resource type in a stack has an entry in the plan roles' refresh table (`TERRAFORM_READ_ACTIONS`); in an environment account, not a management-only one.",
  fix: 'add the type to TERRAFORM_READ_ACTIONS (constructs/aws/terraform-read-actions.ts) with the control-plane read actions the provider calls to refresh it, and check them against the provider source',
  check: ({ stack }) => {
    const out: Violation[] = [];
    const seen = new Set<string>();
    for (const element of stack.elements) {
      if (element.kind !== 'resource' || !element.type.startsWith('aws_') || seen.has(element.type)) continue;
      seen.add(element.type);
      const entry = TERRAFORM_READ_ACTIONS[element.type];
      if (!entry) {
        out.push({
          element,
          message: `resource type ${quote(element.type)} has no refresh actions in TERRAFORM_READ_ACTIONS: the plan role could not read it`,
        });
      } else if (entry.managementOnly && !stack.context.managementAccount) {
        out.push({
          element,
          message: `resource type ${quote(element.type)} is marked management-only in TERRAFORM_READ_ACTIONS, so the environment account's plan role does not get its refresh actions`,
        });
      }
    }
    return out;
  },
};

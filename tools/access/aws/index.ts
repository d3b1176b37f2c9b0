/**
 * AWS effective access, computed from the Terraform itself (docs/aws.md, "Access by evaluation"):
 *
 * - `stackFromSynthesized(stack, cdkTfJson)` / `stackFromPlan(stack, planJson, 'before' | 'after')`: a stack's
 *   resources, account and region (`StackResources`).
 * - `loadAwsAccessModel(stacks, { accountIds, managedPolicies })`: roles (inline, managed, attached policies,
 *   boundaries, trust), bucket/repository policies, the organization's OUs, accounts and SCPs (`AwsAccessModel`).
 *   Throws `AccessModelError` listing everything it could not resolve.
 * - `new AwsAccess(model, evaluator).evaluate({ principal, action, resource, context })`: the decision
 *   (`Allowed`, `ExplicitlyDenied`, `ImplicitlyDenied`) and the statements that decided it.
 * - `Evaluator`: the policy evaluator is plugged in. `IamEvaluator` / `iamEvaluator` (evaluate.ts) is the project's
 *   own (MIT-clean): AWS's documented evaluation logic for the policy grammar the platform uses, proven identical to
 *   iam-simulate (the test-only oracle) in test/access; `decide(input)` is its synchronous form.
 * - `accessChanges(before, after, scope)` (delta.ts): access gained and lost between two models for what changed
 *   (roles, resource policies, SCPs), from a bounded question set; `trustSubjects` (trust-subjects.ts) are the
 *   callers a web-identity trust is asked about; `mergeAccessModels` joins models loaded one stack at a time.
 * - action-facts.ts: resource types, access levels and pattern expansion from the IAM database (iam-data, MIT).
 */
export * from './access';
export * from './action-facts';
export * from './conditions';
export * from './delta';
export * from './evaluate';
export * from './evaluator';
export * from './inputs';
export * from './load';
export * from './managed-policies';
export * from './model';
export * from './trust-subjects';

import type { IConstruct } from 'constructs';

export interface PropProblem {
  /** The prop, e.g. `monthlyCreditQuota`. */
  readonly prop: string;
  /** What is wrong, e.g. `must be greater than 0`. */
  readonly problem: string;
  readonly given: unknown;
  readonly allowed: string;
  readonly fix: string;
}

/** An error that says which construct and prop were wrong, what was given, what is allowed and how to fix it. */
export function propError(scope: IConstruct, p: PropProblem): Error {
  return new Error(
    `${scope.node.path}: ${p.prop} ${p.problem} (given: ${JSON.stringify(p.given)}; allowed: ${p.allowed}). Fix: ${p.fix}`,
  );
}

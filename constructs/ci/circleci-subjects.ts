/**
 * Subject patterns for CircleCI OIDC tokens. CircleCI's V2 token `sub` is
 * `org/<ORG>/project/<PROJECT>/user/<USER>/vcs-origin/<ORIGIN>/vcs-ref/<REF>`.
 */

export interface CircleCiSubjectOptions {
  readonly organizationId: string;
  readonly projectIds: readonly string[];
  /** true: only pipelines on the default branch `main`; false: any branch. */
  readonly mainOnly: boolean;
}

/** One StringLike pattern per project: any user, and either any ref or only refs/heads/main. */
export function circleCiSubjects(options: CircleCiSubjectOptions): string[] {
  return options.projectIds.map((project) => {
    const base = `org/${options.organizationId}/project/${project}/user/*`;
    return options.mainOnly ? `${base}/vcs-origin/*/vcs-ref/refs/heads/main` : base;
  });
}

/**
 * Who might present a token to a role's web-identity trust: a finite set of representative callers read from the
 * trust policies themselves (both sides of a change), so "who can assume this role" becomes a few evaluations.
 * CircleCI subjects (`org/<org>/project/<project>/user/<user>/vcs-origin/<origin>/vcs-ref/<ref>`) are known: every
 * project and ref the patterns name, plus another project, the main branch, another branch, a tag, and a branch
 * whose name contains `/vcs-ref/` (the forged-ref case). Any other provider: each subject value the policies name,
 * as written, and another subject.
 */
import type { PolicyDocument } from './model';

export interface TrustSubject {
  /** The request's claims (`<host>:sub`, `<host>:aud`). */
  readonly context: Readonly<Record<string, string>>;
  /** For CircleCI subjects: what the caller is. */
  readonly project?: string;
  readonly ref?: string;
  /** The project is none the policies name (any other project of the organization). */
  readonly otherProject?: boolean;
  /** A subject the policies do not name. */
  readonly otherSubject?: boolean;
  /** Plain words: `CircleCI project 5ea0…, refs/heads/main`. */
  readonly description: string;
  /** How many refs were generated for this subject's project: all of them changing is "any branch or tag". */
  readonly refCount?: number;
}

export interface ProviderSubjects {
  /** The identity provider's ARN (the Federated principal). */
  readonly provider: string;
  readonly subjects: readonly TrustSubject[];
}

const CIRCLECI_SUB = /^org\/([^/*?]+)\/project\/([^/]+)\/user\/(.*)$/;
/** A CircleCI OIDC subject (`org/<org>/project/<project>/user/<rest>`) in parts; undefined for another subject. */
function circleciSubject(sub: string): { org: string; project: string; rest: string } | undefined {
  const [, org, project, rest] = CIRCLECI_SUB.exec(sub) ?? [];
  return org && project && rest !== undefined ? { org, project, rest } : undefined;
}
export const OTHER_PROJECT = '00000000-0000-4000-8000-000000000000';
export const REPRESENTATIVE_REFS: readonly { readonly ref: string; readonly label: string }[] = [
  { ref: 'refs/heads/main', label: 'refs/heads/main' },
  { ref: 'refs/heads/feature/x', label: 'a feature branch' },
  { ref: 'refs/heads/x/vcs-ref/refs/heads/main', label: 'a branch named x/vcs-ref/refs/heads/main' },
  { ref: 'refs/tags/v1.0.0', label: 'a tag' },
];

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
const statementsOf = (doc: PolicyDocument): Record<string, unknown>[] =>
  [doc.Statement].flat().filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);

/** Values the policies require a condition key to match (positive String operators), by lower-cased key. */
function conditionValues(statements: readonly Record<string, unknown>[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of statements)
    for (const [op, byKey] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>))
      if (/^(ForAnyValue:|ForAllValues:)?String(Equals|Like)(IgnoreCase)?(IfExists)?$/.test(op))
        for (const [key, raw] of Object.entries(byKey ?? {}))
          out.set(key.toLowerCase(), [...new Set([...(out.get(key.toLowerCase()) ?? []), ...asList(raw)])]);
  return out;
}

/** The representative callers of every web-identity provider the trust policies trust. */
export function trustSubjects(trustPolicies: readonly PolicyDocument[]): ProviderSubjects[] {
  const byProvider = new Map<string, Record<string, unknown>[]>();
  for (const doc of trustPolicies)
    for (const s of statementsOf(doc)) {
      const federated = asList((s.Principal as Record<string, unknown> | undefined)?.Federated);
      for (const p of federated) byProvider.set(p, [...(byProvider.get(p) ?? []), s]);
    }
  return [...byProvider.entries()].map(([provider, statements]) => {
    const host = provider.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, '');
    const values = conditionValues(statements);
    const subs = values.get(`${host}:sub`.toLowerCase()) ?? [];
    const auds = (values.get(`${host}:aud`.toLowerCase()) ?? []).filter((a) => !/[*?]/.test(a));
    const circleci = subs.map(circleciSubject).filter((m) => m !== undefined);
    const subjects: TrustSubject[] = [];
    if (circleci.length > 0 && circleci.length === subs.length) {
      const orgs = [...new Set(circleci.map((m) => m.org))];
      const projects = [...new Set(circleci.map((m) => m.project).filter((p) => !/[*?]/.test(p)))].sort();
      const named = circleci
        .map((m) => /\/vcs-ref\/([^*?]+)$/.exec(m.rest)?.[1])
        .filter((r): r is string => r !== undefined);
      const refs = [
        ...REPRESENTATIVE_REFS,
        ...[...new Set(named)]
          .filter((r) => !REPRESENTATIVE_REFS.some((x) => x.ref === r))
          .map((r) => ({ ref: r, label: r })),
      ];
      for (const org of orgs)
        for (const aud of auds.length ? auds : [org])
          for (const project of [...projects, OTHER_PROJECT])
            for (const { ref, label } of refs) {
              const other = project === OTHER_PROJECT;
              subjects.push({
                context: {
                  [`${host}:aud`]: aud,
                  [`${host}:sub`]: `org/${org}/project/${project}/user/u/vcs-origin/github.com/o/r/vcs-ref/${ref}`,
                },
                project: other ? undefined : project,
                otherProject: other || undefined,
                ref: label,
                refCount: refs.length,
                description: `${other ? 'another CircleCI project' : `CircleCI project \`${project}\``}, ${label}`,
              });
            }
    } else {
      for (const aud of auds.length ? auds : [''])
        for (const sub of [...subs, 'another-subject']) {
          const other = sub === 'another-subject';
          subjects.push({
            context: { ...(aud ? { [`${host}:aud`]: aud } : {}), [`${host}:sub`]: sub },
            otherSubject: other || undefined,
            description: other ? `a subject the trust policy does not name` : `subject \`${sub}\``,
          });
        }
    }
    return { provider, subjects };
  });
}

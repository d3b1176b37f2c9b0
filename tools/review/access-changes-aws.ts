/**
 * The AWS source of "Access changes": from each planned AWS stack's before (prior state) and after (planned
 * values), the access models of both sides (tools/access/aws), the access gained and lost for what the plans change
 * (delta.ts: roles, bucket/repository policies, SCPs), as `AccessDelta`s for access-delta.ts.
 *
 * - Only stacks whose plan changes an IAM, policy or organization resource are modelled; the others cannot change
 *   access (a shared change of tags to 300 teams costs nothing here).
 * - Unknown until apply: a policy document (or the role, bucket or policy it belongs to) that is known only after
 *   apply is never guessed: its owner's access is reported as "changes in ways not known until apply", with the
 *   attribute and what it is computed from, and no other line is made for it.
 * - Accounts: the provider's `allowed_account_ids` in the plan (live plans), else config (an environment's account,
 *   the management account for `organization`). SCPs: from the `organization` plan when it is in the set, else the
 *   head synthesis's `organization` stack (the same on both sides) when the review was given it.
 * - A stack whose model cannot be built (a policy it cannot read, grammar the evaluator refuses) is named in a
 *   warning of the section: never silently skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, stackNames } from '../../config';
import { serviceActions } from '../../constructs/guardrails/iam-database';
import { textBefore } from '../../domain/text';
import {
  type AccessChangeScope,
  type AccessPrincipal,
  AccessModelError,
  accessChanges,
  actionAppliesTo,
  type AwsAccessChange,
  type AwsAccessModel,
  type DecidingStatement,
  type LoadOptions,
  loadAwsAccessModel,
  mergeAccessModels,
  OWN_POLICIES,
  type StackResources,
  stackFromPlan,
  stackFromSynthesized,
  UnsupportedPolicyError,
} from '../access/aws';
import type { AccessChangesContext, AccessDelta, AccessDeltaSource } from './access-delta';
import type { PlanJson, ResourceChange, StackPlan } from './plan-json';

/** Where each stack's AWS provider deploys, and what to call each account. */
export interface AccountDirectory {
  /** Account id and environment of a stack (`organization`: the management account). */
  readonly stackAccount: (stack: string) => { readonly accountId: string; readonly environment: string } | undefined;
  /** Environment (or `management`) of an account id. */
  readonly environmentOf: (accountId: string) => string | undefined;
  /** Organizations account name -> id, for the organization stack. */
  readonly accountIds: Readonly<Record<string, string>>;
}

/** The directory from config (DATA_PLATFORM_CONFIG_DIR or the repository's config/); undefined if it is invalid. */
export function accountDirectoryFromConfig(configDir?: string): AccountDirectory | undefined {
  const loaded = loadConfig(configDir);
  if (!loaded.ok) return undefined;
  const { platform, environments } = loaded.config;
  const byStack = new Map<string, { accountId: string; environment: string }>();
  const byAccount = new Map<string, string>([[platform.aws.managementAccountId, 'management']]);
  byStack.set(stackNames.organization, { accountId: platform.aws.managementAccountId, environment: 'management' });
  for (const env of environments) {
    const at = { accountId: env.aws.accountId, environment: env.name };
    byAccount.set(env.aws.accountId, env.name);
    byStack.set(env.stacks.platformAws, at);
    for (const team of env.teams) byStack.set(stackNames.teamAws(env.name, team.name), at);
  }
  return {
    stackAccount: (stack) => byStack.get(stack),
    environmentOf: (account) => byAccount.get(account),
    accountIds: Object.fromEntries(environments.map((e) => [e.aws.accountName, e.aws.accountId])),
  };
}

/** Resource types whose change can change access, and the attributes that carry it. */
const ACCESS_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['name', 'path', 'assume_role_policy', 'permissions_boundary', 'inline_policy', 'managed_policy_arns'],
  aws_iam_role_policy: ['role', 'name', 'policy'],
  aws_iam_policy: ['name', 'path', 'policy'],
  aws_iam_role_policy_attachment: ['role', 'policy_arn'],
  aws_iam_policy_attachment: ['roles', 'policy_arn'],
  aws_s3_bucket: ['bucket'],
  aws_s3_bucket_policy: ['bucket', 'policy'],
  aws_s3_bucket_public_access_block: ['bucket', 'block_public_policy', 'restrict_public_buckets'],
  aws_ecr_repository: ['name'],
  aws_ecr_repository_policy: ['repository', 'policy'],
  aws_organizations_policy: ['content', 'type'],
  aws_organizations_policy_attachment: ['policy_id', 'target_id'],
  aws_organizations_account: ['parent_id'],
  aws_organizations_organizational_unit: ['parent_id'],
};
const DOCUMENT_ATTRIBUTES = new Set(['assume_role_policy', 'policy', 'content']);
const EMPTY_DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [] });

type Json = Record<string, unknown>;

interface UnknownOwner {
  /** `role:<name>`, `bucket:<name>`, `repository:<name>`, `organization`, `address:<address>`. */
  readonly key: string;
  readonly stack: string;
  readonly address: string;
  readonly attribute: string;
  /** What the configuration computes it from (`data.aws_iam_policy_document.x.json`). */
  readonly from: readonly string[];
}

const isAwsPlan = (plan: PlanJson) =>
  plan.data_platform_source !== 'synthesized' &&
  (plan.resource_changes ?? []).some(
    (rc) => rc.provider_name?.endsWith('/hashicorp/aws') || rc.type.startsWith('aws_'),
  );

const changes = (rc: ResourceChange) =>
  rc.mode === 'managed' && !rc.change.actions.every((a) => a === 'no-op' || a === 'read');

function unknownAt(mask: unknown, attribute: string): boolean {
  const m = (mask as Json | undefined)?.[attribute];
  const any = (v: unknown): boolean =>
    v === true || (Array.isArray(v) ? v.some(any) : typeof v === 'object' && v !== null && Object.values(v).some(any));
  return any(m);
}

function referencesOf(plan: PlanJson, address: string, attribute: string): string[] {
  const r = (plan.configuration?.root_module?.resources ?? []).find((x) => x.address === address);
  const e = r?.expressions?.[attribute] as { references?: string[] } | undefined;
  const refs = e?.references ?? [];
  return refs.filter((x) => !refs.some((o) => o !== x && o.startsWith(`${x}.`)));
}

function configuredAttributes(plan: PlanJson, address: string): Set<string> {
  const r = (plan.configuration?.root_module?.resources ?? []).find((x) => x.address === address);
  return new Set(Object.keys(r?.expressions ?? {}));
}

/** The owner whose access an unknown attribute leaves open. */
function ownerOf(rc: ResourceChange, resolved: Readonly<Record<string, string>> = {}): string {
  const v = { ...((rc.change.before ?? {}) as Json), ...((rc.change.after ?? {}) as Json), ...resolved };
  const name = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  switch (rc.type) {
    case 'aws_iam_role':
      return name('name') ? `role:${name('name')}` : `address:${rc.address}`;
    case 'aws_iam_role_policy':
    case 'aws_iam_role_policy_attachment':
      return name('role') ? `role:${name('role')}` : `address:${rc.address}`;
    case 'aws_s3_bucket':
    case 'aws_s3_bucket_policy':
    case 'aws_s3_bucket_public_access_block':
      return name('bucket') ? `bucket:${name('bucket')}` : `address:${rc.address}`;
    case 'aws_ecr_repository':
      return name('name') ? `repository:${name('name')}` : `address:${rc.address}`;
    case 'aws_ecr_repository_policy':
      return name('repository') ? `repository:${name('repository')}` : `address:${rc.address}`;
    case 'aws_organizations_policy':
    case 'aws_organizations_policy_attachment':
    case 'aws_organizations_account':
    case 'aws_organizations_organizational_unit':
      return 'organization';
    default:
      return `address:${rc.address}`;
  }
}

/**
 * Resources a configured reference may name whose name is known before apply although the referenced attribute is
 * not (`${aws_s3_bucket.x.id}` of a new bucket): the loader resolves such a reference within the stack, as in
 * synthesized JSON. The attribute that holds the name.
 */
const NAMED_BY: Readonly<Record<string, string>> = {
  aws_iam_role: 'name',
  aws_iam_policy: 'name',
  aws_s3_bucket: 'bucket',
  aws_ecr_repository: 'name',
  // OUs and policies are matched by their resource (an OU's id exists only in AWS), accounts by name.
  aws_organizations_organizational_unit: 'name',
  aws_organizations_policy: 'name',
  aws_organizations_account: 'name',
};

/**
 * The after side without what is unknown until apply: references the loader resolves put back (`references`),
 * unknown documents emptied, other unknown resources dropped.
 */
function knownAfter(
  stack: StackResources,
  unknown: ReadonlyMap<string, readonly string[]>,
  references: ReadonlyMap<string, Readonly<Record<string, string>>>,
): StackResources {
  if (unknown.size === 0 && references.size === 0) return stack;
  const resources = stack.resources.flatMap((r) => {
    const refs = references.get(`${r.type}.${r.name}`);
    if (refs) r = { ...r, values: { ...r.values, ...refs } };
    const attrs = unknown.get(`${r.type}.${r.name}`);
    if (!attrs) return [r];
    if (attrs.some((a) => !DOCUMENT_ATTRIBUTES.has(a))) return [];
    const values = { ...r.values };
    for (const a of attrs) values[a] = EMPTY_DOCUMENT;
    return [{ ...r, values }];
  });
  return { ...stack, resources };
}

interface StackSides {
  readonly stack: string;
  readonly before: AwsAccessModel;
  readonly after: AwsAccessModel;
  readonly unknown: readonly UnknownOwner[];
}

const JSONKEY = (x: unknown) => JSON.stringify(x ?? null);

/** What changed between a stack's two models: the roles, resource policies and SCPs whose content differs. */
function scopeOf(sides: StackSides, unknownKeys: ReadonlySet<string>): AccessChangeScope {
  const roles = new Set<string>();
  for (const arn of new Set([...sides.before.roles.keys(), ...sides.after.roles.keys()])) {
    const [b, a] = [sides.before.roles.get(arn), sides.after.roles.get(arn)];
    const content = (r: typeof b) =>
      r && JSONKEY([r.trustPolicy, r.identityPolicies, r.permissionsBoundary?.document ?? null]);
    if (content(b) !== content(a) && !unknownKeys.has(`role:${(a ?? b)!.name}`)) roles.add(arn);
  }
  const resources = new Set<string>();
  const buckets = new Set([
    ...sides.before.resourcePolicies.keys(),
    ...sides.after.resourcePolicies.keys(),
    ...(sides.before.publicAccessBlocks?.keys() ?? []),
    ...(sides.after.publicAccessBlocks?.keys() ?? []),
  ]);
  for (const arn of buckets) {
    const same =
      JSONKEY(sides.before.resourcePolicies.get(arn)?.policy.document) ===
        JSONKEY(sides.after.resourcePolicies.get(arn)?.policy.document) &&
      JSONKEY(sides.before.publicAccessBlocks?.get(arn)) === JSONKEY(sides.after.publicAccessBlocks?.get(arn));
    const name = arn.includes(':s3:::')
      ? `bucket:${arn.split(':::')[1]}`
      : `repository:${arn.split(':repository/')[1]}`;
    if (
      !same &&
      !unknownKeys.has(name) &&
      (sides.before.resourcePolicies.has(arn) || sides.after.resourcePolicies.has(arn))
    )
      resources.add(arn);
  }
  const org = (m: AwsAccessModel) =>
    JSONKEY([...(m.organization?.nodes.values() ?? [])].map((n) => [n.id, n.parentId, n.policies]));
  const scps = org(sides.before) !== org(sides.after) && !unknownKeys.has('organization');
  return { roles: [...roles].sort(), resources: [...resources].sort(), scps };
}

export interface AwsAccessChangesResult extends AccessDeltaSource {
  readonly questions: number;
  readonly stacks: number;
  readonly durationMs: number;
}

export interface AwsAccessOptions {
  readonly directory?: AccountDirectory;
  /** Default: the loaded config's directory (read once). */
  readonly loadDirectory?: () => AccountDirectory | undefined;
}

/** The AWS access deltas of a set of plans. */
export function awsAccessChanges(
  context: AccessChangesContext,
  options: AwsAccessOptions = {},
): AwsAccessChangesResult {
  const started = Date.now();
  const problems: string[] = [];
  const candidates = context.plans.filter(
    (p): p is StackPlan & { plan: PlanJson } =>
      p.plan !== undefined &&
      isAwsPlan(p.plan) &&
      (p.plan.resource_changes ?? []).some((rc) => changes(rc) && rc.type in ACCESS_ATTRIBUTES),
  );
  const empty = { name: 'AWS', deltas: [], questions: 0, stacks: 0, durationMs: Date.now() - started };
  if (candidates.length === 0) return empty;
  const directory =
    options.directory ??
    (options.loadDirectory ?? (() => accountDirectoryFromConfig(process.env.DATA_PLATFORM_CONFIG_DIR || undefined)))();
  const loadOptions: LoadOptions = { accountIds: directory?.accountIds };

  const sides: StackSides[] = [];
  for (const { stack, plan } of candidates) {
    const json = plan as unknown as Json;
    const accountId = stackFromPlan(stack, json, 'after').accountId ?? directory?.stackAccount(stack)?.accountId;
    if (!accountId) {
      problems.push(
        `\`${stack}\`: its AWS account is unknown (no \`allowed_account_ids\` in the plan, not in config): not evaluated.`,
      );
      continue;
    }
    // What is known only after apply, by address, and whose access that leaves open.
    const unknownAttrs = new Map<string, string[]>();
    const references = new Map<string, Record<string, string>>();
    const unknown: UnknownOwner[] = [];
    const afterValues = new Map(
      (plan.resource_changes ?? []).map((rc) => [rc.address, (rc.change.after ?? undefined) as Json | undefined]),
    );
    for (const rc of plan.resource_changes ?? []) {
      const attrs = ACCESS_ATTRIBUTES[rc.type];
      if (!attrs || !changes(rc) || rc.change.after === null) continue;
      const configured = configuredAttributes(plan, rc.address);
      const open = attrs.filter(
        (a) =>
          unknownAt(rc.change.after_unknown, a) && (configured.has(a) || DOCUMENT_ATTRIBUTES.has(a) || a === 'name'),
      );
      // A role's inline_policy/managed_policy_arns unknown only because they are read back: not configured, ignored.
      const readBack = (a: string) => a === 'inline_policy' || a === 'managed_policy_arns';
      // A reference to a resource of this stack whose name is known: the loader resolves it.
      const resolved: Record<string, string> = {};
      const names: Record<string, string> = {};
      for (const a of open) {
        if (DOCUMENT_ATTRIBUTES.has(a)) continue;
        const [ref, ...otherRefs] = referencesOf(plan, rc.address, a);
        const only = otherRefs.length === 0 ? ref : undefined;
        const [, type, resourceName] = (only ? /^(aws_[a-z0-9_]+)\.([^.\s]+)\.[a-z_]+$/.exec(only) : null) ?? [];
        const nameAttribute = type ? NAMED_BY[type] : undefined;
        const name = nameAttribute ? afterValues.get(`${type}.${resourceName}`)?.[nameAttribute] : undefined;
        if (typeof name === 'string') {
          resolved[a] = `\${${only}}`;
          names[a] = name;
        }
      }
      if (Object.keys(resolved).length) references.set(rc.address, resolved);
      const relevant = open.filter(
        (a) => !(a in resolved) && (rc.type !== 'aws_iam_role' || configured.has(a) || !readBack(a)),
      );
      if (relevant.length === 0) continue;
      unknownAttrs.set(rc.address, relevant);
      for (const attribute of relevant)
        unknown.push({
          key: ownerOf(rc, names),
          stack,
          address: rc.address,
          attribute,
          from: referencesOf(plan, rc.address, attribute),
        });
    }
    try {
      const before = loadAwsAccessModel([stackFromPlan(stack, json, 'before', accountId)], loadOptions);
      const after = loadAwsAccessModel(
        [knownAfter(stackFromPlan(stack, json, 'after', accountId), unknownAttrs, references)],
        loadOptions,
      );
      sides.push({ stack, before, after, unknown });
    } catch (e) {
      if (!(e instanceof AccessModelError || e instanceof UnsupportedPolicyError)) throw e;
      problems.push(
        `\`${stack}\`: its access could not be modelled, review its policies by hand: ${e instanceof AccessModelError ? e.problems.join('; ') : e.message}`,
      );
    }
  }

  // SCPs when the organization stack is not planned: the head synthesis's, on both sides.
  const context_ = organizationContext(context, sides, directory, loadOptions, problems);
  const before = mergeAccessModels([...context_, ...sides.map((s) => s.before)]);
  const after = mergeAccessModels([...context_, ...sides.map((s) => s.after)]);

  const deltas: AccessDelta[] = [];
  let questions = 0;
  const scope = (account: string) => directory?.environmentOf(account) ?? account;
  for (const s of sides) {
    const unknownKeys = new Set(s.unknown.map((u) => u.key));
    const sc = scopeOf(s, unknownKeys);
    try {
      const result = accessChanges(before, after, sc);
      questions += result.questions;
      for (const c of anyRef(result.changes)) deltas.push(toDelta(c, s.stack, before, after, scope));
    } catch (e) {
      if (!(e instanceof UnsupportedPolicyError)) throw e;
      problems.push(
        `\`${s.stack}\`: a policy uses what the evaluator does not implement, so its access is not evaluated: ${e.message}`,
      );
    }
    for (const [key, owners] of groupBy(s.unknown, (u) => u.key))
      deltas.push(unknownDelta(key, owners, s.stack, directory?.stackAccount(s.stack)?.environment ?? s.stack));
  }
  return {
    name: 'AWS',
    deltas,
    problems,
    collapse: collapseActions,
    method: `${questions} questions (principal, action, resource) evaluated on both sides of ${sides.length} stack${sides.length === 1 ? '' : 's'} by the project's IAM evaluator (docs/review.md, "Access changes").`,
    questions,
    stacks: sides.length,
    durationMs: Date.now() - started,
  };
}

function organizationContext(
  context: AccessChangesContext,
  sides: readonly StackSides[],
  directory: AccountDirectory | undefined,
  loadOptions: LoadOptions,
  problems: string[],
): AwsAccessModel[] {
  if (sides.some((s) => s.stack === stackNames.organization)) return [];
  if (!context.headSynth) return [];
  const file = path.join(context.headSynth, 'stacks', stackNames.organization, 'cdk.tf.json');
  if (!fs.existsSync(file)) return [];
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    const accountId = directory?.stackAccount(stackNames.organization)?.accountId;
    return [loadAwsAccessModel([stackFromSynthesized(stackNames.organization, json, accountId)], loadOptions)];
  } catch (e) {
    problems.push(
      `the organization's SCPs could not be read from ${file} (${(e as Error).message}): evaluated without SCPs.`,
    );
    return [];
  }
}

/** One line per project when every ref generated for it changes the same way: "any branch or tag". */
function anyRef(changes: readonly AwsAccessChange[]): AwsAccessChange[] {
  const key = (c: AwsAccessChange) =>
    c.principal.type === 'web-identity' && c.principal.subject.refCount
      ? JSON.stringify([
          c.change,
          c.resource,
          c.principal.provider,
          c.principal.subject.project ?? null,
          c.principal.subject.otherProject ?? false,
          c.principal.subject.context[Object.keys(c.principal.subject.context).find((k) => k.endsWith(':aud')) ?? ''],
          c.allowedBy,
        ])
      : undefined;
  const groups = groupBy(
    changes.filter((c) => key(c) !== undefined),
    (c) => key(c)!,
  );
  const merged = new Set<AwsAccessChange>();
  const out: AwsAccessChange[] = [];
  for (const c of changes) {
    const k = key(c);
    const group = (k ? groups.get(k) : undefined) ?? []; // c's own group (with c), none without a key
    const [first] = group;
    const p = c.principal;
    if (!first || p.type !== 'web-identity' || group.length !== p.subject.refCount) out.push(c);
    else if (!merged.has(first)) {
      merged.add(first);
      out.push({ ...c, principal: { ...p, subject: { ...p.subject, ref: 'any branch or tag' } } });
    }
  }
  return out;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
}

function unknownDelta(key: string, owners: readonly UnknownOwner[], stack: string, environment: string): AccessDelta {
  const [kind, name] = key.includes(':')
    ? [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)]
    : [key, ''];
  const what =
    kind === 'role'
      ? `access of role \`${name}\``
      : kind === 'bucket'
        ? `access to bucket \`${name}\``
        : kind === 'repository'
          ? `access to repository \`${name}\``
          : kind === 'organization'
            ? "the organization's SCPs"
            : `access granted by \`${name}\``;
  const because = owners
    .map(
      (o) =>
        `\`${o.attribute}\` of \`${o.address}\` is known after apply${o.from.length ? ` (from ${o.from.map((f) => `\`${f}\``).join(', ')})` : ''}`,
    )
    .join('; ');
  return {
    source: 'AWS',
    change: 'unknown',
    kind: 'access',
    principal: what,
    scope: environment,
    stack,
    what: '',
    target: name,
    note: `changes in ways not known until apply: ${because}. Review the policy by hand.`,
  };
}

const shortId = (s: string) => (/^[0-9a-f-]{36}$/.test(s) ? `${s.slice(0, 8)}…` : s);

function principalText(p: AccessPrincipal, scope: (account: string) => string): { text: string; world?: boolean } {
  switch (p.type) {
    case 'role':
      return { text: `\`${p.arn.split('/').pop()}\`` };
    case 'anyone':
      return { text: '**anyone** (`*`, also without AWS credentials)', world: true };
    case 'account':
      return { text: `principals of account \`${p.account}\` (${scope(p.account)}) whose own policies allow it` };
    case 'role-outside':
      return { text: `\`${p.arn}\` (if its own policies allow it)` };
    case 'service':
      return { text: `service \`${p.name}\`` };
    case 'web-identity': {
      const s = p.subject;
      const world = s.otherProject === true || s.otherSubject === true;
      const who = s.otherProject
        ? 'any CircleCI project of the organization'
        : s.otherSubject
          ? 'a subject the trust policy does not name'
          : s.project
            ? `CircleCI project \`${shortId(s.project)}\``
            : s.description;
      return { text: s.ref ? `${who} (${s.ref})` : who, world };
    }
    case 'account-ceiling':
      return { text: `every principal of \`${scope(p.account)}\` (SCP ceiling of account \`${p.account}\`)` };
  }
}

function statementText(s: DecidingStatement, action: string, resource: string): string {
  // A managed policy by its name (`AdministratorAccess`), not its ARN; a boundary says it is one.
  const label = `\`${(s.policy ?? '').replace(/^arn:[^:]+:iam::[^:]*:policy\/(?:.*\/)?/, '')}\``;
  const name =
    s.kind === 'permissionsBoundary'
      ? `the boundary ${label}`
      : s.kind !== 'resource'
        ? label
        : /^sts:AssumeRole/i.test(action)
          ? 'the trust policy'
          : resource.includes(':s3:::')
            ? 'the bucket policy'
            : resource.includes(':repository/')
              ? 'the repository policy'
              : 'the resource policy';
  return `${name} › ${s.sid ? `\`${s.sid}\`` : `statement ${s.index}`}`;
}

function toDelta(
  c: AwsAccessChange,
  stack: string,
  before: AwsAccessModel,
  after: AwsAccessModel,
  scope: (account: string) => string,
): AccessDelta {
  const who = principalText(c.principal, scope);
  const roleAccount = (arn: string) =>
    (after.roles.get(arn) ?? before.roles.get(arn))?.accountId ?? /iam::(\d{12}):/.exec(arn)?.[1];
  const where =
    c.principal.type === 'account-ceiling'
      ? scope(c.principal.account)
      : c.kind === 'assume' || c.principal.type !== 'role'
        ? scopeOfResource(c.resource, before, after, scope)
        : scope(roleAccount(c.principal.arn) ?? '');
  // An SCP ceiling is allowed by the stand-in's own policies and FullAWSAccess: no statement to name.
  const deciding =
    c.principal.type === 'account-ceiling'
      ? []
      : c.allowedBy.filter((s) => s.kind !== 'scp' && s.policy !== OWN_POLICIES.name);
  const text = (st: DecidingStatement) => statementText(st, c.action, c.resource);
  const why = deciding.length ? deciding.map(text).join(' and ') : undefined;
  const denied = c.deniedBy.flatMap((d) => (d.type === 'explicit' ? [text(d.statement)] : []));
  const notes = [
    c.change === 'lost' && denied.length ? `(now denied by ${denied.join(' and ')})` : '',
    c.region ? `in \`${c.region}\`` : '',
    c.principalSideOnly ? "(its own policies; the resource's policy is not in these plans)" : '',
    c.principal.type === 'anyone' ? publicAccessNote(c.resource, after) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const role = c.kind === 'assume' ? c.resource.split('/').pop()! : undefined;
  return {
    source: 'AWS',
    change: c.change,
    kind: c.kind,
    principal: who.text,
    scope: where,
    stack,
    what: c.kind === 'assume' ? c.action : c.action,
    target: c.kind === 'assume' ? role! : c.resource,
    why,
    world: who.world,
    note: notes || undefined,
    // Trust lines are grouped under the role they open.
    group: role ? `${where} who may assume ${role}` : undefined,
  };
}

/** What S3 Block Public Access on the bucket does to a grant to anyone (the bucket's block after the change). */
function publicAccessNote(resource: string, after: AwsAccessModel): string {
  const bucket = /^(arn:[^:]+:s3:::[^/]+)/.exec(resource)?.[1];
  const block = bucket ? after.publicAccessBlocks?.get(bucket) : undefined;
  if (!bucket) return '';
  if (!block) return '(the bucket has no public access block in these plans: the grant takes effect)';
  if (block.blockPublicPolicy)
    return "(the bucket's public access block has `block_public_policy`: S3 refuses this policy and the apply fails while it is on)";
  if (block.restrictPublicBuckets)
    return "(the bucket's public access block has `restrict_public_buckets`: only its own account gets in while it is on)";
  return "(the bucket's public access block does not stop it: the grant takes effect)";
}

function scopeOfResource(
  resource: string,
  before: AwsAccessModel,
  after: AwsAccessModel,
  scope: (a: string) => string,
): string {
  const role = after.roles.get(resource) ?? before.roles.get(resource);
  if (role) return scope(role.accountId);
  const bucket = /^(arn:[^:]+:s3:::[^/]+)/.exec(resource)?.[1];
  const account =
    (bucket && (after.resourceAccounts.get(bucket) ?? before.resourceAccounts.get(bucket))) ??
    /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1];
  return account ? scope(account) : '—';
}

/**
 * A line's actions, collapsed: every action of a service that applies to the target -> `svc:*`; every action of a
 * family (`Get`, `List`, `Put`...) that applies -> `svc:Get*`; the rest as they are (IAM database facts).
 */
export function collapseActions(actions: readonly string[], target: string): string[] {
  const out: string[] = [];
  const byService = groupBy(actions, (a) => textBefore(a, ':').toLowerCase());
  for (const [service, list] of [...byService.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const set = new Set(list.map((a) => a.toLowerCase()));
    const applicable = (serviceActions(service) ?? [])
      .map((a) => `${service}:${a}`)
      .filter((a) => target === '*' || actionAppliesTo(a, target));
    const covered = (xs: readonly string[]) => xs.length > 1 && xs.every((a) => set.has(a.toLowerCase()));
    if (covered(applicable)) {
      out.push(`${service}:*`);
      continue;
    }
    const rest = new Set(list);
    const verbs = groupBy(applicable, (a) => /^[^:]+:([A-Z][a-z]+)/.exec(a)?.[1] ?? a);
    for (const [verb, family] of [...verbs.entries()].sort(([a], [b]) => a.localeCompare(b)))
      if (covered(family) && family.length >= 3) {
        out.push(`${service}:${verb}*`);
        for (const a of list) if (family.some((f) => f.toLowerCase() === a.toLowerCase())) rest.delete(a);
      }
    out.push(...[...rest].sort());
  }
  return out;
}

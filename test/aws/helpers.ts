/** Synthesizes constructs in a bare scope and gives typed access to the resources and parsed policy JSON. */
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import type { PolicyDocument, Statement } from '../../constructs/aws/policy-document';

export type TfResource = Record<string, any>;

export interface Synthesized {
  /** Resources of one type, keyed by logical id. */
  of(type: string): Record<string, TfResource>;
  /** The only resource of a type (fails when there are none or several). */
  one(type: string): TfResource;
  count(type: string): number;
}

export function synth(build: (scope: Construct) => void): Synthesized {
  const json = JSON.parse(Testing.synthScope(build)) as { resource?: Record<string, Record<string, TfResource>> };
  const resources = json.resource ?? {};
  return {
    of: (type) => resources[type] ?? {},
    one: (type) => {
      const all = Object.values(resources[type] ?? {});
      if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
      return all[0];
    },
    count: (type) => Object.keys(resources[type] ?? {}).length,
  };
}

export function parsePolicy(text: string): PolicyDocument {
  const doc = JSON.parse(text) as PolicyDocument;
  expect(doc.Version).toBe('2012-10-17');
  return doc;
}

/** Allow statements granting every action on every resource: never wanted outside the platform's admin role. */
export function adminStatements(doc: PolicyDocument): Statement[] {
  return doc.Statement.filter(
    (s) =>
      s.Effect === 'Allow' &&
      (s.NotAction !== undefined || (s.Action ?? []).some((a) => a === '*' || a === '*:*')) &&
      (s.Resource ?? ['*']).includes('*'),
  );
}

/**
 * Whether a web-identity token with these claims passes the trust policy's conditions, evaluated the way IAM does
 * for StringEquals / StringLike / StringNotLike (every condition must hold; a list means "any of").
 */
export function trustAllows(assumeRolePolicy: string, host: string, claims: { aud: string; sub: string }): boolean {
  const like = (pattern: string, value: string) =>
    new RegExp(
      `^${pattern
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
        .join('')}$`,
      's',
    ).test(value);
  const claim = (key: string) => (key === `${host}:aud` ? claims.aud : key === `${host}:sub` ? claims.sub : undefined);
  return parsePolicy(assumeRolePolicy).Statement.some((s) => {
    if (s.Effect !== 'Allow' || !(s.Action ?? []).includes('sts:AssumeRoleWithWebIdentity')) return false;
    return Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys as Record<string, string | string[]>).every(([key, expected]) => {
        const value = claim(key);
        const values = ([] as string[]).concat(expected);
        if (value === undefined) return false;
        if (operator === 'StringEquals') return values.includes(value);
        if (operator === 'StringLike') return values.some((p) => like(p, value));
        if (operator === 'StringNotLike') return !values.some((p) => like(p, value));
        throw new Error(`trustAllows: condition operator ${operator} is not modelled`);
      }),
    );
  });
}

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
    (s) => s.Effect === 'Allow' && (s.NotAction !== undefined || (s.Action ?? []).some((a) => a === '*' || a === '*:*')) && (s.Resource ?? ['*']).includes('*'),
  );
}

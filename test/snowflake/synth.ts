/** Helpers for the Snowflake construct tests: synthesize a scope and read its resources as plain JSON. */
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
// Types of cdktf's jest matchers (toHaveResourceWithProperties...), registered at run time by test/setup.ts.
import type {} from '../../cdktf-internals/jest-matchers';

export type Resource = Record<string, any>;

export interface Synthesized {
  /** The synthesized JSON string, for cdktf's jest matchers. */
  readonly json: string;
  /** Resources of one Terraform type, by logical id. */
  of(type: string): Record<string, Resource>;
  /** Resources of one Terraform type, as a list. */
  list(type: string): Resource[];
}

export function parse(json: string): Synthesized {
  const doc = JSON.parse(json);
  const of = (type: string): Record<string, Resource> => doc.resource?.[type] ?? {};
  return { json, of, list: (type) => Object.values(of(type)) };
}

export function synth(build: (scope: Construct) => void): Synthesized {
  return parse(Testing.synthScope(build));
}

/** An RSA public key body of the shape config accepts (not a real key; the provider is never run here). */
export const PUBLIC_KEY = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${'A'.repeat(300)}IDAQAB`;

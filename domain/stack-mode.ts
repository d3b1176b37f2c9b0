/**
 * How stacks are synthesized, as the stacks layer writes them and the Terraform tools read them back.
 * - `live`: S3 backend, real credentials from the environment running Terraform (CI: OIDC; people: SSO).
 * - `offline`: local backend, placeholder credentials, skip flags and a dead loopback endpoint, so `terraform
 *   validate`/`plan` run on a machine with no cloud account and any stray API call fails at once.
 */
export const STACK_MODES = ['live', 'offline'] as const;
export type StackMode = (typeof STACK_MODES)[number];

export function isStackMode(mode: string): mode is StackMode {
  return (STACK_MODES as readonly string[]).includes(mode);
}

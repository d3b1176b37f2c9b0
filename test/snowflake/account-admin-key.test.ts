/**
 * The account-admin user's private key reaches the ACCOUNTADMIN provider through the variable the Snowflake stacks
 * declare (stacks/providers.ts). No Snowflake provider exists here, so real Terraform runs that exact variable block
 * (taken from a synthesized platform stack) with a builtin `terraform_data` resource: it must never be written to a
 * saved plan or to state, and a saved plan must ask for it again at apply (what `npm run deploy` does in CI, where the
 * context sets TF_VAR_snowflake_accountadmin_private_key).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig } from '../../config';
import { addPlatformStacks } from '../../stacks/app';
import { ACCOUNT_ADMIN_KEY_VARIABLE } from '../../stacks/providers';
import { runTerraform, terraformEnv } from '../../tools/terraform';

const SECRET = 'not-a-real-key-0123456789';
const CONTROL = 'control-value-9876543210';
jest.setTimeout(120_000);

const loaded = loadConfig();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const app = Testing.app();
const [platform] = addPlatformStacks(
  app,
  loaded.config,
  { mode: 'offline', awsAuth: 'assume-role' },
  new Set(['dev-platform-snowflake']),
);
const synthesized = JSON.parse(Testing.synth(platform));

let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-account-admin-key-'));
  const variable = synthesized.variable[ACCOUNT_ADMIN_KEY_VARIABLE];
  fs.writeFileSync(
    path.join(dir, 'main.tf.json'),
    JSON.stringify({
      variable: {
        [ACCOUNT_ADMIN_KEY_VARIABLE]: variable,
        // The same block without `ephemeral`: what a plain sensitive variable would leak.
        control: { ...variable, ephemeral: undefined },
      },
      // Ephemeral values may flow only into ephemeral places (provider configuration, locals).
      locals: { key: `\${var.${ACCOUNT_ADMIN_KEY_VARIABLE}}` },
      resource: { terraform_data: { x: { input: 'static' } } },
    }),
  );
  expect((await tf(['init', '-input=false'])).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function tf(args: string[], vars: Record<string, string> = {}) {
  const env = { ...terraformEnv(), TF_VAR_control: CONTROL, ...vars };
  return runTerraform(args, { cwd: dir, env });
}
const withKey = { [`TF_VAR_${ACCOUNT_ADMIN_KEY_VARIABLE}`]: SECRET };

describe('the account-admin key variable (real terraform, builtin resources only)', () => {
  it('is declared ephemeral, sensitive and required in the synthesized stack', () => {
    expect(synthesized.variable[ACCOUNT_ADMIN_KEY_VARIABLE]).toMatchObject({
      type: 'string',
      sensitive: true,
      nullable: false,
      ephemeral: true,
    });
    expect(synthesized.provider.snowflake[0].private_key).toBe(`\${var.${ACCOUNT_ADMIN_KEY_VARIABLE}}`);
  });

  it('is kept out of the saved plan (a plain sensitive variable is not) and out of state, and needed at apply', async () => {
    expect((await tf(['plan', '-input=false', '-out=saved.tfplan'], withKey)).code).toBe(0);
    const shown = await tf(['show', '-json', 'saved.tfplan']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(CONTROL);
    expect(shown.stdout).not.toContain(SECRET);

    const without = await tf(['apply', '-input=false', 'saved.tfplan']);
    expect(without.code).not.toBe(0);
    expect(without.stderr.replace(/\s+/g, ' ')).toContain('must also be set during the apply phase');

    expect((await tf(['apply', '-input=false', 'saved.tfplan'], withKey)).code).toBe(0);
    const state = fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8');
    expect(state).toContain('terraform_data');
    expect(state).not.toContain(SECRET);
  });
});

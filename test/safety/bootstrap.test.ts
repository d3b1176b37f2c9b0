/**
 * The state-bucket bootstrap: the bucket every stack's S3 backend uses is created versioned, encrypted, private,
 * TLS-only and protected from destroy; its own state is local first and can move into the bucket (S3 lock files).
 * The CLI test runs a real offline `terraform plan` (hashicorp/aws from the local mirror).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig } from '../../config';
import {
  BOOTSTRAP_STACK,
  LOCAL_STATE_FILE,
  STATE_VERSION_RETENTION_DAYS,
  synthesizeBootstrap,
  type BootstrapBackend,
} from '../../bootstrap/stack';
import type { SynthOptions } from '../../stacks/context';
import { findTerraform } from '../../tools/terraform';
import { type Json, LIVE, synthStacks } from './addresses';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config: PlatformConfig = loaded.config;
const state = config.platform.stateBackend;

function synth(options: SynthOptions, backend: BootstrapBackend) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bootstrap-test-'));
  try {
    const { stackDir, report } = synthesizeBootstrap(config, options, outdir, backend);
    const json: Json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    return { json, report, stackDir };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const one = (json: Json, type: string): Json => {
  const all = Object.values(json.resource?.[type] ?? {}) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
};

describe('the state bucket', () => {
  const { json, report, stackDir } = synth(LIVE, 'local');

  it("is the bucket every stack's S3 backend uses", () => {
    expect(one(json, 'aws_s3_bucket').bucket).toBe(state.bucket);
    for (const stack of synthStacks(config, LIVE).values())
      expect(stack.terraform.backend.s3).toMatchObject({ bucket: state.bucket, region: state.region });
  });

  it('is versioned, encrypted, private, TLS-only and cannot be destroyed', () => {
    expect(one(json, 'aws_s3_bucket').lifecycle).toEqual({ prevent_destroy: true });
    expect(one(json, 'aws_s3_bucket').force_destroy).toBeUndefined();
    expect(one(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(
      one(json, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default
        .sse_algorithm,
    ).toBe('AES256');
    expect(one(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(one(json, 'aws_s3_bucket_policy').policy);
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Resource: [`arn:aws:s3:::${state.bucket}`, `arn:aws:s3:::${state.bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(one(json, 'aws_s3_bucket_lifecycle_configuration').rule[0].noncurrent_version_expiration).toEqual([
      { noncurrent_days: STATE_VERSION_RETENTION_DAYS },
    ]);
  });

  it('passes every guardrail as a strict (deletion-protected) stack', () => {
    expect([...report.errors, ...report.warnings]).toEqual([]);
    expect(report.stacksChecked).toBe(1);
  });

  it('is created in the management account only, in the state region', () => {
    const [provider] = json.provider.aws;
    expect(provider.allowed_account_ids).toEqual([config.platform.aws.managementAccountId]);
    expect(provider.region).toBe(state.region);
    expect(provider.assume_role).toBeUndefined();
    expect(provider.default_tags[0].tags).toMatchObject({
      stack: BOOTSTRAP_STACK,
      'cost-center': config.platform.costCenter,
    });
  });

  it('keeps its own state locally at first, in bootstrap/terraform.tfstate', () => {
    expect(path.resolve(stackDir, json.terraform.backend.local.path)).toBe(LOCAL_STATE_FILE);
  });

  it('can move its own state into the bucket, with S3 lock files', () => {
    const s3 = synth(LIVE, 's3').json.terraform.backend;
    expect(s3.local).toBeUndefined();
    expect(s3.s3).toEqual({
      bucket: state.bucket,
      key: `${state.keyPrefix}/${BOOTSTRAP_STACK}.tfstate`,
      region: state.region,
      encrypt: true,
      use_lockfile: true,
    });
  });
});

describe('npm run bootstrap (offline)', () => {
  const repo = path.resolve(__dirname, '..', '..');
  const outdir = path.join(repo, '.cache', `test-bootstrap-${process.pid}`);
  const tsx = path.join(repo, 'node_modules', '.bin', 'tsx');
  const env = { ...process.env, DATA_PLATFORM_MODE: 'offline', BOOTSTRAP_OUTDIR: outdir };
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('refuses to apply with placeholder credentials', () => {
    const result = spawnSync(tsx, ['bootstrap/main.ts', 'apply'], { cwd: repo, env, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('it can plan, never apply');
  });

  it('plans the seven bucket resources with a real terraform plan', () => {
    // Fails (says terraform is not on PATH) rather than skipping: this test exists to run the real binary.
    findTerraform();
    const out = execFileSync(tsx, ['bootstrap/main.ts', 'plan'], { cwd: repo, env, encoding: 'utf8', stdio: 'pipe' });
    expect(out).toContain('Guardrails: ');
    expect(out).toContain('Plan: 7 to add, 0 to change, 0 to destroy.');
    expect(out).toMatch(/aws_s3_bucket\.\S+ will be created/);
    // A plan writes no state: the local state file only appears after a real apply.
    expect(fs.existsSync(path.join(outdir, 'stacks', BOOTSTRAP_STACK, 'cdk.tf.json'))).toBe(true);
  });
});

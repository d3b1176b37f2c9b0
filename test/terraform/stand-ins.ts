/**
 * Stand-in stacks for real `terraform apply` tests: the example org's stacks and dependencies (from its synthesized
 * manifest), each stack one builtin `terraform_data` resource with a local backend — no provider plugin, no network.
 * A stand-in named in `failing` fails at apply (never at plan): its resource's postcondition tests `self.output`,
 * which Terraform knows only after apply.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StandInOptions {
  /** Stacks whose apply fails. */
  readonly failing?: readonly string[];
  /** The value each stand-in's resource holds (default `v1`); changing it is an update. */
  readonly value?: (stack: string) => string;
}

interface Manifest {
  stacks: Record<
    string,
    { name: string; workingDirectory: string; synthesizedStackPath?: string; dependencies?: string[] }
  >;
  [key: string]: unknown;
}

export function readManifest(outdir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
}

export function standInConfig(stack: string, value: string): object {
  return {
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    resource: {
      terraform_data: {
        'stand-in': {
          input: value,
          lifecycle: {
            postcondition: [
              { condition: '${self.output != "fail"}', error_message: `stand-in ${stack} fails at apply, as asked` },
            ],
          },
        },
      },
    },
  };
}

/**
 * Writes stand-ins of every stack of `fromOutdir` into `dest`: cdktf's manifest.json as it is (the cdktf CLI reads it
 * too), each stack's cdk.tf.json replaced by its stand-in, keeping cdktf's `//` metadata block (a comment to
 * Terraform; the cdktf CLI reads it).
 */
export function writeStandIns(fromOutdir: string, dest: string, options: StandInOptions = {}): string {
  const manifest = readManifest(fromOutdir);
  for (const s of Object.values(manifest.stacks)) {
    const dir = path.join(dest, 'stacks', s.name);
    fs.mkdirSync(dir, { recursive: true });
    const value = options.failing?.includes(s.name) ? 'fail' : (options.value?.(s.name) ?? 'v1');
    const original = JSON.parse(fs.readFileSync(path.join(fromOutdir, 'stacks', s.name, 'cdk.tf.json'), 'utf8'));
    const config = { '//': original['//'], ...standInConfig(s.name, value) };
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), `${JSON.stringify(config, null, 2)}\n`);
  }
  fs.writeFileSync(path.join(dest, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dest;
}

/** The value held by a stand-in's state in `outdir`, or undefined when it has no state (never applied). */
export function appliedValue(outdir: string, stack: string): string | undefined {
  const file = path.join(outdir, 'stacks', stack, 'terraform.tfstate');
  if (!fs.existsSync(file)) return undefined;
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    resources?: { instances: { attributes: { output?: { value?: string } } }[] }[];
  };
  // terraform_data's output is a dynamic value: {"type": "string", "value": ...} in the state.
  return state.resources?.[0]?.instances[0]?.attributes.output?.value;
}

/** Copies a stand-in output directory and its plans (nothing terraform wrote into the stack directories). */
export function copyStandIns(from: string, dest: string): string {
  fs.cpSync(from, dest, {
    recursive: true,
    filter: (src) => !/[\\/](\.terraform|terraform\.tfstate(\.backup)?|\.terraform\.lock\.hcl)$/.test(src),
  });
  return dest;
}

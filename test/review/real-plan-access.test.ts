/**
 * "Access changes" on real Terraform plans (offline: a state seeded from a base plan's planned values, the changed
 * config planned with -refresh=false; helpers/scenario.ts), each change made the way a code change makes it:
 * - a team gains a repository (config: one more `ecrRepositories` entry, synthesized) and its bucket policy gains
 *   a statement for Principal `*`: push/pull gained on exactly the new repository, and anyone's read flagged first;
 * - prod: the CI role's trust admits any branch (its `sub` patterns no longer end in `refs/heads/main` and the
 *   forged-ref guard goes): a feature branch, the forged ref and tags gain it, main was already in;
 * - the plan role's refresh table gains an image pull and loses a tag read: one gained, one lost line.
 * Expected lines are built from config and config/naming.ts, and from the edit itself (which statement it edits),
 * never from the evaluator. The bucket renamed / trust changed / repository removed case is in real-plans.test.ts,
 * the policy known only after apply in real-plan-edges.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { circleciOidc, loadConfig, platformAwsNames, stackNames, teamAwsNames } from '../../config';
import { accessChangesProvider } from '../../tools/review/access-changes';
import { loadPlans, type ReviewSection } from '../../tools/review/index';
import { planStack } from '../../tools/terraform';
import { copySynth, sharedPlans, type SharedPlans } from '../terraform/shared';
import { planChanged, type TfJson } from './helpers/scenario';
import { repoSources, synthesize, withTeam } from './helpers/synth';

const loaded = loadConfig();
if (!loaded.ok) throw new Error('config invalid');
const { platform, environments } = loaded.config;
const dev = environments.find((e) => e.name === 'dev')!;
const prod = environments.find((e) => e.name === 'prod')!;
const TEAM = 'telehealth';
const NEW_REPO = 'call-quality-batch';
const names = (env: string) => teamAwsNames(platform.namePrefix, env, TEAM);
const oidc = circleciOidc(platform.circleci.organizationId);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'review-access-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sectionOf = (plansDir: string): ReviewSection | undefined =>
  accessChangesProvider({ plans: loadPlans(plansDir) });
const linesOf = (s: ReviewSection | undefined) => (s?.markdown ?? '').split('\n').filter((l) => l.startsWith('- '));
type Statement = {
  Sid?: string;
  Action?: string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
type Doc = { Statement: Statement[] };

let shared: SharedPlans;
let team: ReviewSection | undefined;
let trust: ReviewSection | undefined;
let refresh: ReviewSection | undefined;
let edited: { gained: string; lost: string; gainedSid: string; lostSid: string; gainedOn: string; lostOn: string };

beforeAll(async () => {
  shared = await sharedPlans();

  // 1. dev team: a new repository from config, and a public statement in the bucket policy.
  const teamStack = stackNames.teamAws(dev.name, TEAM);
  const withRepo = synthesize(
    withTeam(repoSources(), TEAM, (t) => {
      t.aws!.ecrRepositories = [...(t.aws!.ecrRepositories ?? []), { name: NEW_REPO }];
    }),
    path.join(work, 'synth-repo'),
  );
  const teamPlan = planChanged(shared, teamStack, path.join(work, 'team'), () => {
    const json = JSON.parse(fs.readFileSync(path.join(withRepo, teamStack, 'cdk.tf.json'), 'utf8')) as TfJson;
    const [key, policy] = Object.entries(json.resource.aws_s3_bucket_policy)[0];
    const doc = JSON.parse(String(policy.policy)) as Doc;
    doc.Statement.push({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::${names(dev.name).dataBucket}/*`],
    } as Statement);
    json.resource.aws_s3_bucket_policy[key] = { ...policy, policy: JSON.stringify(doc) };
    return json;
  });

  // 2. prod: the CI role's trust admits any branch. prod is not in the shared run: plan its base first.
  const prodStack = stackNames.teamAws(prod.name, TEAM);
  const baseOut = copySynth(shared.outdir, path.join(work, 'prod-base'));
  const trustPlan = planStack(prodStack, { outdir: baseOut, plansDir: path.join(baseOut, 'plans') }).then((base) => {
    if (base.status !== 'planned') throw new Error(`base plan of ${prodStack}: ${base.reason}`);
    return planChanged(
      shared,
      prodStack,
      path.join(work, 'trust'),
      (json) => {
        const role = Object.values(json.resource.aws_iam_role)[0];
        const doc = JSON.parse(String(role.assume_role_policy)) as Doc;
        for (const s of doc.Statement) {
          const c = s.Condition!;
          const sub = `${oidc.host}:sub`;
          c.StringLike[sub] = ([] as string[])
            .concat(c.StringLike[sub] as string[])
            .map((p) => p.replace(/\/vcs-origin\/\*\/vcs-ref\/refs\/heads\/main$/, ''));
          delete c.StringNotLike;
        }
        role.assume_role_policy = JSON.stringify(doc);
      },
      [],
      path.join(baseOut, 'plans', `${prodStack}.json`),
    );
  });

  // 3. the plan role's refresh table: one data-plane read more, one tag read less.
  const platformStack = dev.stacks.platformAws;
  const refreshPlan = planChanged(shared, platformStack, path.join(work, 'refresh'), (json) => {
    const policies = json.resource.aws_iam_role_policy;
    const [key, p] = Object.entries(policies).find(([, v]) => v.name === 'terraform-refresh')!;
    const doc = JSON.parse(String(p.policy)) as Doc;
    const gain = doc.Statement.find((s) => s.Action?.includes('ecr:DescribeRepositories'))!;
    const lose = doc.Statement.find((s) => s.Action?.includes('iam:ListRoleTags'))!;
    gain.Action = [...gain.Action!, 'ecr:BatchGetImage'];
    lose.Action = lose.Action!.filter((a) => a !== 'iam:ListRoleTags');
    const resource = (s: Statement) => ([] as string[]).concat((s as { Resource: string[] }).Resource)[0];
    edited = {
      gained: 'ecr:BatchGetImage',
      lost: 'iam:ListRoleTags',
      gainedSid: gain.Sid!,
      lostSid: lose.Sid!,
      gainedOn: resource(gain),
      lostOn: resource(lose),
    };
    policies[key] = { ...p, policy: JSON.stringify(doc) };
  });

  const [a, b, c] = await Promise.all([teamPlan, trustPlan, refreshPlan]);
  team = sectionOf(a.plansDir);
  trust = sectionOf(b.plansDir);
  refresh = sectionOf(c.plansDir);
}, 900_000);

describe('a team gains a repository, and its bucket is opened to anyone', () => {
  test('anyone may read the bucket: the first line, flagged, with what S3 Block Public Access will do', () => {
    expect(linesOf(team)[0]).toBe(
      `- ⚠️ ➕ **anyone** (\`*\`, also without AWS credentials) (dev · \`${stackNames.teamAws(dev.name, TEAM)}\`) may now \`s3:GetObject\` on \`arn:aws:s3:::${names(dev.name).dataBucket}/*\` — through the bucket policy › \`PublicRead\` (the bucket's public access block has \`block_public_policy\`: S3 refuses this policy and the apply fails while it is on)`,
    );
  });

  test('the CI role gains push and pull on the new repository, and nothing on the repositories it had', () => {
    const repo = `arn:aws:ecr:${dev.aws.region}:${dev.aws.accountId}:repository/${names(dev.name).ecrRepository(NEW_REPO)}`;
    const role = linesOf(team).filter((l) => l.includes(`\`${names(dev.name).ciRole}\``));
    expect(role).toHaveLength(1);
    expect(role[0]).toMatch(
      new RegExp(
        `^- ➕ \`${names(dev.name).ciRole}\` \\(dev · \`${stackNames.teamAws(dev.name, TEAM)}\`\\) may now .* on \`${repo.replace(/[/.]/g, '\\$&')}\` — through \`team-resources\` › \`EcrPushPull\`$`,
      ),
    );
    for (const action of ['ecr:PutImage', 'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:GetDownloadUrlForLayer'])
      expect(role[0]).toContain(`\`${action}\``);
    // The new repository has no repository policy: nobody else gains it; the summary says what was found.
    expect(team!.markdown).toMatch(
      /^Effective access before → after each plan: \*\*\d+ gained, 0 lost\*\* \(principal, action, resource\) for 1 principal, \*\*1 open to anyone\*\*\./,
    );
  });
});

describe('prod: the CI role trust admits any branch', () => {
  test('each kind of ref that was refused now assumes it, per project; main is not listed (it was in)', () => {
    const role = names(prod.name).ciRole;
    const projects = prod.teams.find((t) => t.name === TEAM)!.aws.ciRole.circleciProjectIds;
    const expected = [...projects]
      .sort()
      .flatMap((p) =>
        ['a feature branch', 'a branch named x/vcs-ref/refs/heads/main', 'a tag'].map(
          (ref) =>
            `- ➕ CircleCI project \`${p.slice(0, 8)}…\` (${ref}) may now assume \`${role}\` (prod · \`${stackNames.teamAws(prod.name, TEAM)}\`) — through the trust policy › \`AssumeWithOidc\``,
        ),
      );
    expect(linesOf(trust)).toEqual(expected);
    expect(trust!.markdown).not.toContain('(refs/heads/main) may');
  });
});

describe("the plan role's refresh table", () => {
  test('an image pull gained and a tag read lost, each through the statement the change edited', () => {
    const role = platformAwsNames(platform.namePrefix).planRole;
    const where = `(dev · \`${dev.stacks.platformAws}\`)`;
    expect(linesOf(refresh)).toEqual([
      `- ➕ \`${role}\` ${where} may now \`${edited.gained}\` on \`${edited.gainedOn}\` — through \`terraform-refresh\` › \`${edited.gainedSid}\``,
      `- ➖ \`${role}\` ${where} may no longer \`${edited.lost}\` on \`${edited.lostOn}\` — was through \`terraform-refresh\` › \`${edited.lostSid}\``,
    ]);
  });
});

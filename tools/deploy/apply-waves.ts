/**
 * Applying waves of saved plans: a bounded number at a time within a wave, waves one after the other, and at the
 * first failure nothing more starts — the applies already running finish, no other stack of the wave and no later
 * wave is started. Every stack gets a StackReport: applied, failed (with why, stale or not), or skipped (not started,
 * with the failed stacks it depends on).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  applyPlanFile,
  type ApplyResult,
  Progress,
  runBounded,
  type SynthesizedStack,
  tokenRefresher,
} from '../terraform';
import type { PlannedStack } from './plan-set';
import type { StackReport } from './report';
import { dependencyClosure } from './waves';

export interface ApplyWavesOptions {
  readonly waves: readonly (readonly string[])[];
  readonly plans: ReadonlyMap<string, PlannedStack>;
  readonly stacks: ReadonlyMap<string, SynthesizedStack>;
  readonly graph: ReadonlyMap<string, readonly string[]>;
  readonly concurrency: number;
  /** Where `<stack>.apply.txt` (each apply's output) goes. */
  readonly logDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly progress?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } | null;
  readonly log: (line: string) => void;
}

export async function applyWaves(options: ApplyWavesOptions): Promise<StackReport[]> {
  const { waves, plans, stacks, concurrency, env } = options;
  const total = waves.reduce((n, w) => n + w.length, 0);
  options.log(`Applying ${total} saved plan(s) in ${waves.length} wave(s), ${concurrency} at a time within a wave`);
  fs.mkdirSync(options.logDir, { recursive: true });
  const refresher = tokenRefresher(env);
  const reports = new Map<string, StackReport>();
  const failed: string[] = [];
  const progress =
    options.progress === null ? undefined : new Progress(total, 'applying', options.progress ?? process.stdout);

  const applyOne = async (name: string, wave: number) => {
    if (failed.length > 0) return; // stop at the first failure: start nothing more
    const plan = plans.get(name)!;
    const stack = stacks.get(name)!;
    progress?.start(name);
    const startedAt = new Date().toISOString();
    let result: ApplyResult;
    try {
      await refresher.refreshIfDue();
      result = await applyPlanFile({
        dir: stack.dir,
        planFile: plan.planFile!,
        lockFile: plan.lockFile,
        mode: stack.mode,
        env,
      });
    } catch (e) {
      const reason = (e as Error).message.split('\n')[0];
      result = { status: 'failed', stale: false, reason, output: '', durationMs: 0 };
    }
    const logFile = path.join(options.logDir, `${name}.apply.txt`);
    fs.writeFileSync(logFile, result.output);
    if (result.status === 'failed') failed.push(name);
    reports.set(name, {
      stack: name,
      status: result.status,
      wave,
      ...(result.status === 'failed' ? { phase: 'apply' as const, reason: result.reason, stale: result.stale } : {}),
      durationMs: result.durationMs,
      startedAt,
      finishedAt: new Date().toISOString(),
      log: path.basename(logFile),
    });
    progress?.finish({
      name,
      ok: result.status === 'applied',
      detail: result.status === 'applied' ? `applied (${(result.durationMs / 1000).toFixed(1)}s)` : result.reason!,
    });
  };

  try {
    for (const [i, wave] of waves.entries()) {
      if (failed.length > 0) break;
      options.log(`wave ${i + 1}/${waves.length}: ${wave.join(', ')}`);
      await runBounded(wave, concurrency, (name) => applyOne(name, i + 1));
    }
  } finally {
    progress?.stop();
  }

  return waves.flatMap((wave, i) =>
    wave.map((name): StackReport => {
      const done = reports.get(name);
      if (done) return done;
      const closure = dependencyClosure(options.graph, name);
      const blockedBy = failed.filter((f) => closure.has(f));
      return {
        stack: name,
        status: 'skipped',
        wave: i + 1,
        blockedBy,
        reason:
          blockedBy.length > 0
            ? `not started: depends on ${blockedBy.join(', ')}, which failed`
            : `not started: the deploy stops at the first failure (${failed[0]})`,
      };
    }),
  );
}

/**
 * Progress of a batch of terraform runs. On a TTY: one status line redrawn in place (done/total, what is running,
 * elapsed). Otherwise (CI logs, pipes): one line per finished item, nothing redrawn.
 */
export interface ProgressLine {
  readonly name: string;
  readonly ok: boolean | 'skipped';
  readonly detail: string;
}

export class Progress {
  private readonly running = new Map<string, number>();
  private done = 0;
  private readonly started = Date.now();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly total: number,
    private readonly verb: string,
    private readonly out: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } = process.stdout,
  ) {
    if (this.out.isTTY) this.timer = setInterval(() => this.draw(), 1000).unref();
  }

  start(name: string): void {
    this.running.set(name, Date.now());
    this.draw();
  }

  finish(line: ProgressLine): void {
    this.running.delete(line.name);
    this.done += 1;
    const mark = line.ok === 'skipped' ? 'skip' : line.ok ? ' ok ' : 'FAIL';
    this.clear();
    this.out.write(`[${mark}] ${line.name}  ${line.detail}\n`);
    this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
  }

  private clear(): void {
    if (this.out.isTTY) this.out.write('\r\x1b[K');
  }

  private draw(): void {
    if (!this.out.isTTY || this.running.size === 0) return;
    const secs = Math.round((Date.now() - this.started) / 1000);
    const names = [...this.running.keys()].join(', ');
    const columns = (this.out as NodeJS.WriteStream).columns ?? 120;
    const text = `${this.verb} ${this.done}/${this.total} (${secs}s): ${names}`;
    this.out.write(`\r\x1b[K${text.length > columns - 1 ? `${text.slice(0, columns - 2)}…` : text}`);
  }
}

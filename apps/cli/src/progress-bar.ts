/**
 * A one-line progress bar, hand-written: it needs bytes, speed and ETA for uploads and rows/s
 * for imports, on stderr only, and nothing else. The small libraries either lack the non-TTY
 * mode or bring a rendering loop and theming we would configure away (about 60 lines here).
 */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class ProgressBar {
  private lastDraw = 0;
  private lastLine = 0;
  private drawn = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly label: string,
    /** Without a TTY: one plain line at most this often, so logs stay readable. */
    private readonly lineEveryMs = 5_000,
  ) {}

  /** fraction in [0, 1] (null: unknown); detail is the text after the percentage. */
  update(fraction: number | null, detail: string): void {
    const now = Date.now();
    const percent = fraction === null ? '  ?%' : `${Math.floor(fraction * 100)}%`.padStart(4);
    if (this.out.isTTY) {
      // Redrawing more than ~10 times a second only costs CPU the upload could use.
      if (now - this.lastDraw < 100 && fraction !== 1) return;
      this.lastDraw = now;
      const width = Math.max(10, Math.min(30, (this.out.columns ?? 80) - 60));
      const full = Math.round((fraction ?? 0) * width);
      const bar = `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
      this.out.write(`\r\x1b[2K${this.label} ${bar} ${percent} ${detail}`);
      this.drawn = true;
    } else if (now - this.lastLine >= this.lineEveryMs) {
      this.lastLine = now;
      this.out.write(`${this.label} ${percent.trim()} ${detail}\n`);
    }
  }

  /** Clears the bar (on a TTY) and leaves a final line in its place. */
  finish(line?: string): void {
    if (this.out.isTTY && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
    if (line) this.out.write(`${line}\n`);
  }
}

/** Speed over the last few seconds rather than since the start, so a resumed upload or a stall shows. */
export class RateMeter {
  private samples: { at: number; value: number }[] = [];

  constructor(private readonly windowMs = 5_000) {}

  /** Records the running total; returns units per second over the window. */
  sample(value: number, at = Date.now()): number {
    this.samples.push({ at, value });
    while (this.samples.length > 2 && at - (this.samples[0]?.at ?? at) > this.windowMs) {
      this.samples.shift();
    }
    const first = this.samples[0];
    if (!first || at === first.at) return 0;
    return ((value - first.value) * 1000) / (at - first.at);
  }
}

import { ProgressBar } from './progress-bar.js';

/**
 * Where output goes. stdout carries only the result (the summary, the JSON line, the CSV), so
 * it can be piped; notes and progress go to stderr. With --json, notes are silent and progress
 * is drawn only when stderr is a terminal.
 */
export class Ui {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  note(line: string): void {
    if (!this.json) this.stderr.write(`${line}\n`);
  }

  result(line: string): void {
    this.stdout.write(`${line}\n`);
  }

  error(line: string): void {
    this.stderr.write(`${line}\n`);
  }

  /** A bar on a TTY, occasional plain lines otherwise, nothing for --json off a TTY. */
  progress(label: string): ProgressBar {
    if (this.json && !this.stderr.isTTY) return new ProgressBar({ write: () => true }, label);
    return new ProgressBar(this.stderr, label);
  }
}

import { createInterface } from 'node:readline/promises';
import { CliError, EXIT, usageError } from './exit-codes.js';

/** A line typed on the terminal, echoed (an email address). */
export async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw usageError(`No terminal to ask "${question.trim()}" on`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/**
 * A password typed on the terminal, not echoed. Hand-written on raw mode (about 30 lines): the
 * well-kept prompt libraries (@inquirer/password 5.3+, its core 12.1+) now need Node 22, and
 * Intake supports Node 20.19.
 */
export function askHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) {
    return Promise.reject(usageError('No terminal to ask the password on: set INTAKE_PASSWORD'));
  }
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: CliError) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new CliError(EXIT.interrupted, 'Login cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

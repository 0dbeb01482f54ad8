#!/usr/bin/env node
import { toCliError } from './api-client.js';
import type { Command } from './command.js';
import { errorsCommand } from './commands/errors.js';
import { importCommand } from './commands/import.js';
import { importsCommand } from './commands/imports.js';
import { loginCommand } from './commands/login.js';
import { logoutCommand } from './commands/logout.js';
import { readEnv } from './env.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const commands: Command[] = [
  loginCommand,
  logoutCommand,
  importCommand,
  importsCommand,
  errorsCommand,
];

const usage = `Usage: intake <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

Run "intake <command> --help" for its options. Exit codes: 0 ok, 1 internal error, 2 usage,
3 server refused, 4 import failed or cancelled, 5 server unreachable, 6 not signed in (run
"intake login"), 130 interrupted.`;

async function main(argv: string[]): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = commands.find((c) => c.name === rest[0]);
    process.stdout.write(`${topic ? topic.help : usage}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage}\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, readEnv());
  } catch (error) {
    const err = toCliError(error, `intake ${name}`);
    process.stderr.write(`${err.message}\n`);
    if (err.exitCode === EXIT.usage) process.stderr.write(`Run "intake ${name} --help".\n`);
    if (err.exitCode === EXIT.internal && err.cause instanceof Error && err.cause.stack) {
      process.stderr.write(`${err.cause.stack}\n`);
    }
    return err.exitCode;
  }
}

// process.exit rather than waiting for the event loop: idle keep-alive sockets would hold the
// process open for seconds after the answer is printed. Writes to pipes and files are
// synchronous on Linux, so nothing printed is lost.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(EXIT.internal);
  },
);

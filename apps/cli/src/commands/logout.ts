import { type Command, parse } from '../command.js';
import { credentialsPath, deleteCredentials } from '../credentials.js';
import { EXIT, usageError } from '../exit-codes.js';

export const logoutCommand: Command = {
  name: 'logout',
  summary: 'forget the token saved by "intake login"',
  help: `Usage: intake logout

Deletes credentials.json from your config dir. The token itself stays valid on the server until
it expires: revoke it on the web app's Account page (API tokens) to end it now.`,

  async run(argv, env) {
    const { positionals } = parse(argv, { help: { type: 'boolean', short: 'h' } });
    if (positionals.length > 0) throw usageError('logout takes no arguments');
    const path = credentialsPath(env.configDir);
    const deleted = await deleteCredentials(env.configDir);
    process.stderr.write(
      deleted ? `Signed out: deleted ${path}\n` : `Not signed in (no ${path})\n`,
    );
    return EXIT.ok;
  },
};

// One benchmark server, pinned by run.ts to its own core; `argv[2]` picks the variant (app.ts).
import { buildBenchApp, VARIANTS, type Variant } from './app.js';

const variant = (process.argv[2] ?? 'plain') as Variant;
if (!VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant}`);
const app = await buildBenchApp(variant);

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);

// A clean exit, so `node --cpu-prof` writes its profile.
process.on('SIGINT', () => {
  void app.close().then(() => process.exit(0));
});

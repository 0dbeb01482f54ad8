import { buildSandbox } from './sandbox.js';

/** `pnpm --filter @intake/payment-sandbox start`: a sandbox on 127.0.0.1:4010 with dev credentials. */
const port = Number(process.env.SANDBOX_PORT ?? 4010);
const { app } = await buildSandbox({
  merchantId: process.env.SANDBOX_MERCHANT_ID ?? 'merchant_dev',
  apiKey: process.env.SANDBOX_API_KEY ?? 'sk_dev',
  callbackSecret:
    process.env.SANDBOX_CALLBACK_SECRET ?? 'whsec_ZGV2LWNhbGxiYWNrLXNlY3JldC0xMjM0NTY3OA==',
  users: { demo: process.env.SANDBOX_PASSWORD ?? 'demo-password' },
});
await app.listen({ host: '127.0.0.1', port });
console.log(`payment sandbox listening on http://127.0.0.1:${port}`);

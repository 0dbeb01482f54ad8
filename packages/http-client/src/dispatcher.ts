import type { Logger } from 'pino';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import type { PemInput, ProxyOptions, TlsOptions } from './types.js';

export interface DispatcherOptions {
  readonly connections: number;
  readonly keepAliveTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly tls: TlsOptions | undefined;
  readonly proxy: ProxyOptions | undefined;
  readonly logger: Logger;
  /** Log the insecure-TLS warning (once per client, not per extra pool). */
  readonly announce?: boolean;
}

const pem = (input: PemInput | undefined): string | Buffer | Array<string | Buffer> | undefined =>
  input === undefined || typeof input === 'string' || Buffer.isBuffer(input) ? input : [...input];

const tlsConnectOptions = (tls: TlsOptions | undefined) => {
  if (!tls) {
    return {};
  }
  const options: {
    ca?: string | Buffer | Array<string | Buffer>;
    cert?: string | Buffer | Array<string | Buffer>;
    key?: string | Buffer | Array<string | Buffer>;
    passphrase?: string;
    servername?: string;
    rejectUnauthorized?: boolean;
  } = {};
  const ca = pem(tls.ca);
  const cert = pem(tls.cert);
  const key = pem(tls.key);
  if (ca !== undefined) options.ca = ca;
  if (cert !== undefined) options.cert = cert;
  if (key !== undefined) options.key = key;
  if (tls.passphrase !== undefined) options.passphrase = tls.passphrase;
  if (tls.servername !== undefined) options.servername = tls.servername;
  if (tls.insecure) options.rejectUnauthorized = false;
  return options;
};

/**
 * One keep-alive pool per origin, `connections` sockets each. With a proxy, EnvHttpProxyAgent
 * routes per NO_PROXY; explicit proxy settings are passed whole so it never falls back to env.
 */
export const createDispatcher = (options: DispatcherOptions): Dispatcher => {
  const tls = tlsConnectOptions(options.tls);
  if (options.tls?.insecure && options.announce !== false) {
    options.logger.warn(
      { tlsInsecure: true },
      'TLS certificate verification is DISABLED for this http client (tls.insecure). Never use this in production.',
    );
  }
  const agentOptions = {
    connections: options.connections,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    connect: { timeout: options.connectTimeoutMs, ...tls },
  };
  if (options.proxy === undefined) {
    return new Agent(agentOptions);
  }
  if (options.proxy === 'env') {
    return new EnvHttpProxyAgent({ ...agentOptions, requestTls: tls });
  }
  return new EnvHttpProxyAgent({
    ...agentOptions,
    requestTls: tls,
    httpProxy: options.proxy.httpProxy ?? '',
    httpsProxy: options.proxy.httpsProxy ?? options.proxy.httpProxy ?? '',
    noProxy: options.proxy.noProxy ?? '',
  });
};

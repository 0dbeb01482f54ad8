import type { RequestContext } from './errors/http-client-error.js';
import { redactUrl } from './utils/redact.js';

/**
 * The call as errors and logs describe it. Redacting costs a URL copy and a regex, so it happens
 * only when an error or a log line reads `url`; a class keeps the getter off each instance.
 */
export class CallContext implements RequestContext {
  readonly method: string;
  readonly requestId: string;
  readonly #url: URL;
  #redacted: string | undefined;

  constructor(method: string, url: URL, requestId: string) {
    this.method = method;
    this.#url = url;
    this.requestId = requestId;
  }

  get url(): string {
    this.#redacted ??= redactUrl(this.#url);
    return this.#redacted;
  }
}

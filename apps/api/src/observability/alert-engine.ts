import type { AlertEvent, AlertRuleId, AlertStatus } from '@intake/schema';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AlertInputs, AlertRule } from './alert-rules.js';

interface RuleState {
  state: AlertStatus['state'];
  since: string | null;
  value: number | null;
}
interface EngineState {
  rules: Partial<Record<AlertRuleId, RuleState>>;
  history: AlertEvent[];
}

const HISTORY = 50;

/**
 * Evaluates the alert rules the way Prometheus does: a rule whose figure is above its threshold
 * is `pending`, and `firing` once that has held for `forSeconds`; when the figure drops back the
 * alert is `resolved`. Each transition to firing or resolved is logged and handed to `notify`
 * (the signed `alert.firing` / `alert.resolved` webhooks).
 *
 * With several instances (`shared`), one of them evaluates at a time (a lease in Redis, renewed
 * at each evaluation), so a transition is sent once; the state lives in Redis, so every
 * instance's Health page shows the same alerts and a new leader carries on where the last one
 * stopped.
 */
export class AlertEngine {
  #local: EngineState = { rules: {}, history: [] };

  constructor(
    private readonly deps: {
      rules: AlertRule[];
      log: Logger;
      notify: (event: AlertEvent) => Promise<void>;
      shared?: { redis: Redis; prefix: string; instanceId: string; leaseMs: number } | undefined;
    },
  ) {}

  get rules(): AlertRule[] {
    return this.deps.rules;
  }

  /** Evaluates every rule once (only on the lease holder when shared). */
  async evaluate(inputs: AlertInputs, now = new Date()): Promise<void> {
    if (!(await this.#holdsLease())) return;
    const state = await this.#load();
    const events: AlertEvent[] = [];
    for (const rule of this.deps.rules) {
      const value = rule.enabled ? rule.measure(inputs, rule) : null;
      const before = state.rules[rule.id] ?? { state: 'ok', since: null, value: null };
      const next = transition(rule, before, value, now);
      state.rules[rule.id] = next;
      if (before.state !== 'firing' && next.state === 'firing')
        events.push(eventOf(rule, 'firing', value, now));
      if (before.state === 'firing' && next.state !== 'firing')
        events.push(eventOf(rule, 'resolved', value, now));
    }
    state.history = [...events.reverse(), ...state.history].slice(0, HISTORY);
    await this.#save(state);
    for (const event of events) {
      const line = { alert: event };
      if (event.state === 'firing') this.deps.log.warn(line, `alert firing: ${event.summary}`);
      else this.deps.log.info(line, `alert resolved: ${event.summary}`);
      // An unreachable receiver must not stop the next evaluation; deliveries retry on their own.
      await this.deps
        .notify(event)
        .catch((err: unknown) =>
          this.deps.log.error({ err, alert: event }, 'could not queue the alert webhook'),
        );
    }
  }

  /** Every rule's current state and the latest transitions, newest first. */
  async snapshot(): Promise<{ alerts: AlertStatus[]; history: AlertEvent[] }> {
    const state = await this.#load();
    return {
      alerts: this.deps.rules.map((rule) => {
        const s = state.rules[rule.id] ?? { state: 'ok', since: null, value: null };
        return {
          rule: rule.id,
          summary: rule.summary(s.value, rule),
          state: rule.enabled ? s.state : 'ok',
          value: s.value,
          threshold: rule.threshold,
          unit: rule.unit,
          windowSeconds: rule.windowSeconds,
          forSeconds: rule.forSeconds,
          since: s.since,
        };
      }),
      history: state.history,
    };
  }

  async #holdsLease(): Promise<boolean> {
    const shared = this.deps.shared;
    if (!shared) return true;
    const key = `${shared.prefix}:health:alert-lease`;
    const got = await shared.redis.set(key, shared.instanceId, 'PX', shared.leaseMs, 'NX');
    if (got === 'OK') return true;
    if ((await shared.redis.get(key)) !== shared.instanceId) return false;
    await shared.redis.pexpire(key, shared.leaseMs);
    return true;
  }

  async #load(): Promise<EngineState> {
    const shared = this.deps.shared;
    if (!shared) return this.#local;
    const json = await shared.redis.get(`${shared.prefix}:health:alerts`);
    return json ? (JSON.parse(json) as EngineState) : { rules: {}, history: [] };
  }

  async #save(state: EngineState): Promise<void> {
    const shared = this.deps.shared;
    if (!shared) {
      this.#local = state;
      return;
    }
    await shared.redis.set(`${shared.prefix}:health:alerts`, JSON.stringify(state));
  }
}

function transition(
  rule: AlertRule,
  before: RuleState,
  value: number | null,
  now: Date,
): RuleState {
  const breached = value !== null && value > rule.threshold;
  const at = now.toISOString();
  if (!breached)
    return before.state === 'ok' ? { ...before, value } : { state: 'ok', since: at, value };
  if (before.state === 'firing') return { ...before, value };
  const pendingSince = before.state === 'pending' && before.since ? before.since : at;
  const held = now.getTime() - new Date(pendingSince).getTime();
  return held >= rule.forSeconds * 1000
    ? { state: 'firing', since: at, value }
    : { state: 'pending', since: pendingSince, value };
}

function eventOf(
  rule: AlertRule,
  state: AlertEvent['state'],
  value: number | null,
  now: Date,
): AlertEvent {
  return {
    rule: rule.id,
    state,
    summary: rule.summary(value, rule),
    value,
    threshold: rule.threshold,
    at: now.toISOString(),
  };
}

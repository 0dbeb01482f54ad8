import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { LazyInputs } from '../src/lazy-inputs.js';

const identity = (value: unknown) => value;

describe('LazyInputs', () => {
  it('parses once, on first read', () => {
    let parsed = 0;
    const inputs = new LazyInputs('{"0":1,"1":2}', false, true, 2, (value) => {
      parsed++;
      return value;
    });
    expect(inputs.result(1)).toBeUndefined();
    expect(inputs.read(0)).toBe(1);
    expect(inputs.read(1)).toBe(2);
    expect(inputs.result(1)).toBe(2);
    expect(parsed).toBe(2);
  });

  it('turns parse errors into one BAD_REQUEST, thrown on every read', () => {
    const inputs = new LazyInputs('{', true, false, 1, identity);
    const first = (() => {
      try {
        inputs.read(0);
      } catch (error) {
        return error;
      }
    })();
    expect(first).toBeInstanceOf(TRPCError);
    expect((first as TRPCError).code).toBe('BAD_REQUEST');
    expect(() => inputs.read(0)).toThrow(first as Error);
    expect(inputs.result(0)).toBeUndefined();
  });

  it('treats an empty GET input as no input, an empty POST body as invalid JSON', () => {
    expect(new LazyInputs('', false, false, 1, identity).read(0)).toBeUndefined();
    expect(() => new LazyInputs('', true, false, 1, identity).read(0)).toThrow(TRPCError);
  });

  it('drops a byte order mark from the body, as Request.json() does', () => {
    expect(new LazyInputs('\uFEFF{"a":1}', true, false, 1, identity).read(0)).toEqual({ a: 1 });
  });

  it('requires an object for batches', () => {
    expect(() => new LazyInputs('[1]', false, true, 1, identity).read(0)).toThrow(
      '"input" needs to be an object when doing a batch call',
    );
  });
});

import { z } from 'zod';

/** Unwraps optional/default/nullable to the schema that decides how a value is read. */
function base(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/**
 * Query strings carry only text; turns the values of number and boolean fields of an object
 * input into numbers and booleans so the same zod schema validates both faces. Anything that
 * does not look like a number is left as text, for zod to refuse with its own message.
 */
export function coerceQuery(schema: z.ZodType | undefined, query: Record<string, unknown>) {
  if (!(schema instanceof z.ZodObject)) return query;
  const out: Record<string, unknown> = { ...query };
  for (const [key, value] of Object.entries(query)) {
    const field = schema.shape[key];
    if (typeof value !== 'string' || !field) continue;
    const kind = base(field as z.ZodType);
    if (kind instanceof z.ZodNumber && /^-?\d+(\.\d+)?$/.test(value)) out[key] = Number(value);
    if (kind instanceof z.ZodBoolean && (value === 'true' || value === 'false'))
      out[key] = value === 'true';
  }
  return out;
}

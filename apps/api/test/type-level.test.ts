import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AppRouter } from '../src/index.js';

const consumer = fileURLToPath(new URL('./type-level/consumer.ts', import.meta.url));
const schemaImports = fileURLToPath(
  new URL('../../../packages/schema/src/imports.ts', import.meta.url),
);
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

/** Type-checks the consumer, optionally with one schema file rewritten in memory. */
function compileConsumer(rewrite?: (source: string) => string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    return rewrite && text !== undefined && file === schemaImports ? rewrite(text) : text;
  };
  const program = ts.createProgram([consumer], parsed.options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file?.fileName.split('/src/').at(-1)?.split('/test/').at(-1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('AppRouter as the contract between server and clients', () => {
  it('infers procedure inputs and outputs from the zod schemas', () => {
    type Inputs = inferRouterInputs<AppRouter>;
    type Outputs = inferRouterOutputs<AppRouter>;
    expectTypeOf<Inputs['imports']['createFromRows']['dataset']>().toEqualTypeOf<
      'orders' | 'contacts'
    >();
    expectTypeOf<Outputs['imports']['createFromRows']['rejected'][number]>().toEqualTypeOf<{
      row: number;
      field: string;
      message: string;
      value?: string | undefined;
    }>();
    expectTypeOf<Outputs['datasets']['rows']['nextCursor']>().toEqualTypeOf<string | null>();
    expectTypeOf<Inputs['datasets']['rows']['limit']>().toEqualTypeOf<number | undefined>();
  });

  it('compiles a consumer that uses the schema as it is', () => {
    expect(compileConsumer()).toEqual([]);
  }, 60_000);

  it('refuses to compile the consumer when a schema field is renamed', () => {
    const source = readFileSync(schemaImports, 'utf8');
    expect(source).toContain(
      '  accepted: z.number().int().nonnegative(),\n  rejected: z.array(rejection),',
    );
    const errors = compileConsumer((text) =>
      text.replace(
        '  accepted: z.number().int().nonnegative(),\n  rejected: z.array(rejection),',
        '  acceptedCount: z.number().int().nonnegative(),\n  rejected: z.array(rejection),',
      ),
    );
    // Both ends stop compiling: the server's service still returns `accepted`, and the
    // consumer still reads it.
    expect(errors).toEqual([
      expect.stringMatching(
        /^services\/imports\.ts: Object literal may only specify known properties, and 'accepted'/,
      ),
      expect.stringMatching(/^type-level\/consumer\.ts: Property 'accepted' does not exist/),
    ]);
  }, 60_000);
});

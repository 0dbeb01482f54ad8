// The moonshot measurement: a copy of the installed @trpc/server whose `callRecursive` (the
// middleware loop every procedure call runs) uses native object spread, i.e. what tRPC's own
// build would emit with an ES2018+ target instead of `target: ['node18', 'es2017']`. The copy
// lives under bench/results/ (git-ignored); node_modules is never touched. A loader hook sends
// every import of the installed package to the copy, so adapters and router share one instance.
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ES2017_CALL_RECURSIVE = `		return await middleware(_objectSpread2(_objectSpread2({}, opts), {}, {
			meta: _def.meta,
			input: opts.input,
			next(_nextOpts) {
				var _nextOpts$getRawInput;
				const nextOpts = _nextOpts;
				return callRecursive(index + 1, _def, _objectSpread2(_objectSpread2({}, opts), {}, {
					ctx: (nextOpts === null || nextOpts === void 0 ? void 0 : nextOpts.ctx) ? _objectSpread2(_objectSpread2({}, opts.ctx), nextOpts.ctx) : opts.ctx,
					input: nextOpts && "input" in nextOpts ? nextOpts.input : opts.input,
					getRawInput: (_nextOpts$getRawInput = nextOpts === null || nextOpts === void 0 ? void 0 : nextOpts.getRawInput) !== null && _nextOpts$getRawInput !== void 0 ? _nextOpts$getRawInput : opts.getRawInput
				}));
			}
		}));`;

// procedureBuilder.ts as written, with native spreads (ES2018) and optional chaining (ES2020).
const NATIVE_CALL_RECURSIVE = `		return await middleware({
			...opts,
			meta: _def.meta,
			input: opts.input,
			next(_nextOpts) {
				const nextOpts = _nextOpts;
				return callRecursive(index + 1, _def, {
					...opts,
					ctx: nextOpts?.ctx ? { ...opts.ctx, ...nextOpts.ctx } : opts.ctx,
					input: nextOpts && "input" in nextOpts ? nextOpts.input : opts.input,
					getRawInput: nextOpts?.getRawInput ?? opts.getRawInput
				});
			}
		});`;

export interface NativeSpreadTRPC {
  originalDist: string;
  patchedDist: string;
  /** Node flags that make a server load the patched copy instead of the installed package. */
  nodeFlags: string[];
  /** Same, for an unpatched copy: the control for the copy and the resolve hook themselves. */
  controlNodeFlags: string[];
}

/** Copies the package to bench/results/<name>, optionally patched; returns the loader flags. */
async function redirectedCopy(
  benchDir: string,
  original: string,
  name: string,
  patch: boolean,
): Promise<{ dist: string; nodeFlags: string[] }> {
  const copy = join(benchDir, 'results', name);
  await cp(original, copy, { recursive: true, dereference: true });
  const dist = join(copy, 'dist');
  if (patch) {
    const file = (await readdir(dist)).find((entry) => /^initTRPC-.*\.mjs$/.test(entry));
    if (file === undefined) throw new Error('initTRPC chunk not found in @trpc/server dist');
    const source = await readFile(join(dist, file), 'utf8');
    if (!source.includes(ES2017_CALL_RECURSIVE)) {
      throw new Error(`callRecursive in ${file} is not the 11.22 text this patch was written for`);
    }
    await writeFile(join(dist, file), source.replace(ES2017_CALL_RECURSIVE, NATIVE_CALL_RECURSIVE));
  }
  const hooks = join(benchDir, 'results', `${name}-hooks.mjs`);
  await writeFile(
    hooks,
    `const from = ${JSON.stringify(`${pathToFileURL(original).href}/`)};
const to = ${JSON.stringify(`${pathToFileURL(copy).href}/`)};
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  return result.url.startsWith(from) ? { ...result, url: to + result.url.slice(from.length) } : result;
}
`,
  );
  const register = join(benchDir, 'results', `${name}-register.mjs`);
  await writeFile(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  return { dist, nodeFlags: ['--import', register] };
}

export async function prepareNativeSpreadTRPC(benchDir: string): Promise<NativeSpreadTRPC> {
  const require = createRequire(join(benchDir, 'package.json'));
  const original = dirname(require.resolve('@trpc/server/package.json'));
  const patched = await redirectedCopy(benchDir, original, 'trpc-server-native-spread', true);
  const control = await redirectedCopy(benchDir, original, 'trpc-server-copy', false);
  return {
    originalDist: join(original, 'dist'),
    patchedDist: patched.dist,
    nodeFlags: patched.nodeFlags,
    controlNodeFlags: control.nodeFlags,
  };
}

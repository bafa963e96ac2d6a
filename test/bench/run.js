'use strict';

/**
 * `npm run bench`: runs test/bench/scale.ts in plain Node (see its header for why not under
 * jest), with the same harness the tests use. TypeScript files are transpiled as they are
 * required (typescript, a devDependency; types are not checked here, `npx tsc` does that).
 */
const { readFileSync, rmSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true, sourceMap: false },
	});
	module._compile(outputText, filename);
};

const { main } = require('./scale.ts');

main()
	.then(() => {
		// A full run with the default output goes into README's Performance section too.
		if (!process.env.BENCH_ONLY && !process.env.BENCH_OUT && process.env.BENCH_SKIP_RATE !== '1') require('./readme').update();
	})
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => {
		// the throw-away N8N_USER_FOLDER test/harness/env.ts made
		if (process.env.N8N_HARNESS_USER_FOLDER) rmSync(process.env.N8N_HARNESS_USER_FOLDER, { recursive: true, force: true });
		// n8n-core keeps timers alive (as in the e2e runs): end when the work is done
		setImmediate(() => process.exit());
	});

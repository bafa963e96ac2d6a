'use strict';

/**
 * Runs in a child process, spawned by hostile-size.test.ts (issue 8, class 5): one node run
 * through the real harness (n8n-core's WorkflowExecute over the built dist/) against a sandbox in
 * this process, with the process's memory sampled while it runs. A child of its own, so the
 * numbers are not those of a jest worker that ran other tests before.
 *
 *   node --expose-gc test/faults/memory-child.js '<scenario JSON>'
 *
 * scenario: {
 *   provider, parameters (the node's, resource added), counts? (sandbox counts),
 *   fault?: { kind, ...params, match?: { path?: "<RegExp source>", nth? } },
 *   probe?: true   gc() and read the heap at every list request: what the node holds mid-list
 *   warmup?: false  skip the warm-up run of the scenario itself (a run with limit 1 still loads everything)
 * }
 * prints one JSON line: { error, items, elapsedMs, written, baseline, peak, after, probes }
 * (memory in bytes: rss, heapUsed, external, arrayBuffers).
 */

const { readFileSync } = require('node:fs');
const ts = require('typescript');

require('../harness/setup-env');

// The harness is TypeScript (jest compiles it with ts-jest); here each file is transpiled on load.
require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
	});
	module._compile(outputText, filename);
};

const { runNode } = require('../harness');
const { createSandbox } = require('../sandbox/server');
const registry = require('../providers');

const memory = () => {
	const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
	return { rss, heapUsed, external, arrayBuffers };
};

async function main() {
	const scenario = JSON.parse(process.argv[2]);
	const p = registry.byKey[scenario.provider];
	const sandbox = await createSandbox({ seed: 11, counts: scenario.counts ?? {}, pph: { paginate: true } });
	const run = async (parameters) =>
		await runNode({
			type: p.nodeType,
			parameters: { resource: 'invoice', ...parameters },
			credentials: { type: p.credentialType, data: { baseUrl: sandbox.baseUrls[p.key], apiKey: sandbox.tokens[p.key], ...p.credentialData } },
		});
	try {
		// warm up: n8n-core, the package and the code paths are loaded before the baseline
		await run({ operation: 'getAll', returnAll: false, limit: 1 });
		if (scenario.warmup !== false) await run(scenario.parameters);
		sandbox.reset();

		if (scenario.fault) {
			const { match = {}, ...spec } = scenario.fault;
			const fault = sandbox.fault(p.key, { ...spec, match: { ...match, path: match.path === undefined ? undefined : new RegExp(match.path) } });
			scenario.liveFault = fault;
		}
		const probes = [];
		if (scenario.probe) {
			const push = sandbox.requests.push.bind(sandbox.requests);
			sandbox.requests.push = (...entries) => {
				// a list request arrives: the node is waiting for it, holding what it read so far
				global.gc();
				probes.push(memory());
				return push(...entries);
			};
		}
		global.gc();
		const baseline = memory();
		const peak = { ...baseline };
		const sample = () => {
			const now = memory();
			for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], now[key]);
		};
		const timer = setInterval(sample, 2);
		const started = Date.now();
		const result = await run(scenario.parameters);
		const elapsedMs = Date.now() - started;
		clearInterval(timer);
		sample();
		const afterRun = memory();
		// let sockets close and finalizers run, then collect: what is still held after the run
		for (let round = 0; round < 3; round++) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			global.gc();
		}
		const after = memory();
		// the heap the raw records take when held: a parsed copy of the whole list
		let rawHeap;
		if (scenario.probe) {
			global.gc();
			const before = process.memoryUsage().heapUsed;
			const copy = JSON.parse(JSON.stringify(sandbox.data[p.key]));
			global.gc();
			rawHeap = process.memoryUsage().heapUsed - before;
			if (copy.length < 0) throw new Error('unreachable');
		}
		process.stdout.write(
			`${JSON.stringify({
				error: result.error ? result.error.message : undefined,
				items: result.items.length,
				elapsedMs,
				written: scenario.liveFault ? scenario.liveFault.written : undefined,
				compressedBytes: scenario.liveFault ? scenario.liveFault.compressedBytes : undefined,
				baseline,
				peak,
				afterRun,
				after,
				probes,
				rawHeap,
			})}\n`,
		);
	} finally {
		await sandbox.close();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
		process.exit(1);
	},
);

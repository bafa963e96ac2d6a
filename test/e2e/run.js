#!/usr/bin/env node
'use strict';
/**
 * End-to-end tests in the real n8n app.
 *
 *   node test/e2e/run.js                 n8n 2.41.1 (Node 24): smoke + nodes + examples + triggers + editor
 *   node test/e2e/run.js --n8n=1x        the same against n8n 1.123.81 (Node 20), test/e2e/n8n-1x (no editor suite)
 *   node test/e2e/run.js --only=vpsbg    only tests whose name contains "vpsbg" (repeatable, comma list)
 *   node test/e2e/run.js --suite=smoke   smoke | nodes | examples | triggers | editor | queue (comma list)
 *   node test/e2e/run.js --suite=queue   queue mode: Redis + PostgreSQL + main + 2 workers (npm run test:queue;
 *                                        not in the default run)
 *   node test/e2e/run.js --suite=editor --screenshots=docs/images   the editor suite's PNGs go there
 *                                        (default test/e2e/screenshots, not committed)
 *   E2E_VERBOSE=1  print each n8n command with its time;  E2E_KEEP=1  keep temp user folders
 *
 * Needs `npm run build` first for the nodes/examples suites (the package is `npm pack`ed from dist/).
 * Installs n8n on first use (scripts/e2e-setup.js). Prints a final line "N passed, N failed";
 * exit code 1 if anything failed. Bounded: each test has a time limit, the whole run
 * E2E_TOTAL_TIMEOUT_MS (default 40 min); every child process group is killed at the end.
 */
const path = require('node:path');
const { createRunner } = require('./lib/runner');
const setup = require('../../scripts/e2e-setup.js');

function parseArgs(argv) {
	const args = { variant: '2x', only: [], suites: null, screenshots: null };
	for (const a of argv) {
		if (a.startsWith('--n8n=')) args.variant = a.slice(6).replace(/^v/, '').toLowerCase();
		else if (a === '--compat') args.variant = '1x';
		else if (a.startsWith('--only=')) args.only.push(...a.slice(7).split(',').filter(Boolean));
		else if (a.startsWith('--suite=')) args.suites = a.slice(8).split(',').filter(Boolean);
		else if (a.startsWith('--screenshots=')) args.screenshots = a.slice(14);
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new Error(`unknown argument ${a}`);
	}
	if (!['2x', '1x'].includes(args.variant)) throw new Error(`--n8n must be 2x or 1x, got ${args.variant}`);
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write(require('node:fs').readFileSync(__filename, 'utf8').split('*/')[0] + '*/\n');
		return 0;
	}
	const verbose = process.env.E2E_VERBOSE === '1';
	const t0 = Date.now();
	const log = verbose ? (m) => process.stdout.write(`    · ${m} (+${((Date.now() - t0) / 1000).toFixed(1)} s)\n`) : () => {};
	const p = await setup.setup({ variant: args.variant });
	process.stdout.write(`e2e: n8n ${p.n8nVersion} from ${path.relative(process.cwd(), p.dir) || p.dir} (node ${p.node24 ? '24' : process.version})\n`);

	const runner = createRunner({
		totalTimeoutMs: Number(process.env.E2E_TOTAL_TIMEOUT_MS || 40 * 60 * 1000),
		filter: args.only.length ? args.only : null,
	});
	const ctx = { variant: args.variant, log, verbose, screenshots: args.screenshots };
	// the editor suite drives n8n 2.x in Chromium; against 1.x it is left out
	const suites = args.suites || ['smoke', 'nodes', 'examples', 'triggers', ...(args.variant === '2x' ? ['editor'] : [])];
	for (const s of suites) {
		const file = {
			smoke: './smoke.e2e.js',
			nodes: './nodes.e2e.js',
			examples: './examples.e2e.js',
			triggers: './triggers.e2e.js',
			editor: './editor.e2e.js',
			queue: './queue.e2e.js',
		}[s];
		if (!file) throw new Error(`unknown suite ${s}`);
		require(file)(runner, ctx);
	}
	const { failed } = await runner.run();
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`e2e: ${e && e.stack ? e.stack : e}\n0 passed, 1 failed\n`);
		process.exit(1);
	},
);

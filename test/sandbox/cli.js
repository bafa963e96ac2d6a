#!/usr/bin/env node
'use strict';

/**
 * Starts the sandbox and prints one base URL and token per provider; runs until Ctrl-C.
 *   node test/sandbox/cli.js [--port N] [--host H] [--seed S] [--pph-paginate] [--northflank-legacy]
 */

const { createSandbox } = require('./server');
const { PROVIDERS, authHeaderLabel } = require('../providers');

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {import('./server').SandboxOptions} */
	const options = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (flag === '--port') options.port = Number(value());
		else if (flag === '--host') options.host = value();
		else if (flag === '--seed') {
			const seed = value();
			options.seed = /^\d+$/.test(seed) ? Number(seed) : seed;
		} else if (flag === '--pph-paginate') options.pph = { paginate: true };
		else if (flag === '--northflank-legacy') options.northflank = { generation: 'legacy' };
		else if (flag === '--help' || flag === '-h') {
			console.log('usage: node test/sandbox/cli.js [--port N] [--host H] [--seed S] [--pph-paginate] [--northflank-legacy]');
			process.exit(0);
		} else throw new Error(`unknown argument: ${arg}`);
	}
	if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port < 65536)) throw new Error('--port must be 0..65535');
	return options;
}

async function main() {
	const sandbox = await createSandbox(parseArgs(process.argv.slice(2)));
	// one row per token: "vpsbg", "vpsbg (read-only)" for vpsbgReadOnly, "i3dnet", …
	const rows = PROVIDERS.flatMap((p) => Object.keys(p.tokens).map((name) => [
		name === p.key ? p.key : `${p.key} (${name.slice(p.key.length).replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)})`,
		sandbox.baseUrls[p.key],
		sandbox.tokens[name],
		authHeaderLabel(p),
	]));
	const width = Math.max(...rows.map((r) => r[0].length));
	const urlWidth = Math.max(...rows.map((r) => r[1].length));
	console.log(`Invoice API sandbox on ${sandbox.url} (other origin ${sandbox.otherUrl}), seed ${sandbox.options.seed}`);
	for (const [name, url, token, header] of rows) console.log(`  ${name.padEnd(width)}  ${url.padEnd(urlWidth)}  ${token}  (${header})`);
	console.log('Press Ctrl-C to stop.');
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error.message || error);
	process.exit(1);
});

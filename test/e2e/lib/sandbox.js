'use strict';
/**
 * The provider sandbox (test/sandbox/server.js), started in this process on 127.0.0.1,
 * plus a few helpers the e2e tests need on top of it.
 */
const fs = require('node:fs');
const path = require('node:path');

const SERVER = path.resolve(__dirname, '..', '..', 'sandbox', 'server.js');

function available() {
	return fs.existsSync(SERVER);
}

function load() {
	if (!available()) throw new Error(`the sandbox is missing: ${SERVER}`);
	return require(SERVER);
}

/** createSandbox({port: 0, seed, counts}) bound to 127.0.0.1. */
async function startSandbox(opts = {}) {
	const mod = load();
	const create = mod.createSandbox || (mod.default && mod.default.createSandbox);
	if (typeof create !== 'function') throw new Error('test/sandbox/server.js does not export createSandbox');
	const sandbox = await create({ port: 0, host: '127.0.0.1', seed: 'e2e', ...opts });
	return sandbox;
}

/** The bytes the sandbox serves as the PDF of an invoice (Buffer), or null when it has none. */
async function pdfBytes(sandbox, provider, id) {
	const mod = load();
	const fn =
		(typeof sandbox.pdfBytes === 'function' && sandbox.pdfBytes.bind(sandbox)) ||
		(typeof mod.pdfBytes === 'function' && ((p, i) => mod.pdfBytes(sandbox, p, i)));
	if (!fn) throw new Error('the sandbox has no pdfBytes(provider, id)');
	const b = await fn(provider, id);
	return b == null ? null : Buffer.from(b);
}

module.exports = { available, load, startSandbox, pdfBytes, SERVER };

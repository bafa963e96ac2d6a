'use strict';

/**
 * The benchmark's sandbox, in a process of its own: the server's work (building pages, PDFs)
 * runs beside the measured client instead of on its event loop, as a real API does, and the
 * client's memory is measured without it. Driven over IPC by test/bench/sandbox.ts.
 */
const { createSandbox } = require('../sandbox/server');

/** @type {Awaited<ReturnType<typeof createSandbox>> | undefined} */
let sandbox;

const commands = {
	async start(options) {
		sandbox = await createSandbox(options);
		return { baseUrls: sandbox.baseUrls, tokens: sandbox.tokens, url: sandbox.url };
	},
	latency({ ms }) {
		sandbox.options.latencyMs = ms;
	},
	reset() {
		sandbox.reset();
	},
	/** The requests since the last reset: how many, and how many refused with a 429. */
	log() {
		return {
			count: sandbox.requests.length,
			refused: sandbox.requests.filter((request) => request.status === 429).length,
			paths: sandbox.requests.map((request) => request.path),
		};
	},
	/** The records as the list endpoint serves them (what a raw client needs to know in advance: nothing but ids). */
	ids({ provider }) {
		return sandbox.data[provider].map((record) => record.id);
	},
	/** Renders (and caches) the PDFs of these invoices, so no run pays for the first rendering. */
	async warm({ provider, ids }) {
		for (const id of ids) await sandbox.pdfBytes(provider, id);
	},
	async close() {
		await sandbox?.close();
		setImmediate(() => process.exit(0));
	},
};

process.on('message', async ({ id, command, args }) => {
	try {
		const value = await commands[command](args ?? {});
		process.send({ id, value });
	} catch (error) {
		process.send({ id, error: String((error && error.stack) || error) });
	}
});

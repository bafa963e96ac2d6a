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

/** Laravel's JSON date: 2026-12-02T09:30:00.000000Z (microseconds, as both APIs send them). */
const laravelDate = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/**
 * How a new invoice enters a provider's live data set (`sandbox.data[provider]`, which the API
 * reads on every request), in that API's record shape. `at` is where the API lists a new
 * invoice: first on a newest-first API, last on an oldest-first one (see test/sandbox/README.md).
 * The PDF of a new record is rendered from the record itself (`sandbox.pdfBytes()` gives the
 * same bytes the download endpoint serves).
 */
const NEW_INVOICE = {
	vpsbg: {
		at: 'head',
		newest: (data) => data[0],
		make(template, id, ms) {
			return { ...template, id, invoice_number: String(id).padStart(10, '0'), type: 'original', created_at: laravelDate(ms) };
		},
	},
	pph: {
		at: 'tail',
		newest: (data) => data[data.length - 1],
		make(template, id, ms, sandbox) {
			const record = JSON.parse(JSON.stringify(template));
			const base = sandbox.baseUrls.pph;
			Object.assign(record, {
				id,
				date: laravelDate(ms),
				duedate: laravelDate(ms + 14 * 86400000),
				datepaid: '-000001-11-29T23:06:32.000000Z',
				status: 'Unpaid',
				status_label: 'Unbezahlt',
				is_open: true,
				credit: 0,
				resources: { invoice: `${base}/client/invoices/${id}`, download: `${base}/client/invoices/${id}/download` },
			});
			delete record.transaction;
			record.items = record.items.map((item, k) => ({ ...item, id: id * 10 + k, invoiceid: id }));
			return record;
		},
	},
};

/** The providers addInvoices() can add to. */
const CAN_ADD = Object.keys(NEW_INVOICE);

/**
 * Adds `count` new invoices to a running sandbox, each newer than everything there (dates one
 * minute apart, from `from` or a minute after the newest record), with new ids. They are in
 * the live data set at once, so the next list request sees them. Returns the raw records,
 * oldest first (the order a trigger emits them in).
 */
function addInvoices(sandbox, provider, count = 1, { from } = {}) {
	const how = NEW_INVOICE[provider];
	if (!how) throw new Error(`addInvoices: no recipe for ${provider} (only ${CAN_ADD.join(', ')})`);
	const data = sandbox.data[provider];
	const ids = data.map((r) => Number(r.id)).filter(Number.isFinite);
	const dates = data.map((r) => Date.parse(r.created_at || r.date)).filter(Number.isFinite);
	let id = Math.max(0, ...ids);
	let ms = from ?? Math.max(...dates) + 60000;
	const added = [];
	for (let k = 0; k < count; k++) {
		const record = how.make(how.newest(data), ++id, ms, sandbox);
		if (how.at === 'head') data.unshift(record);
		else data.push(record);
		added.push(record);
		ms += 60000;
	}
	return added;
}

module.exports = { available, load, startSandbox, pdfBytes, addInvoices, CAN_ADD, SERVER };

'use strict';
/**
 * Assertions on what our nodes output inside the real n8n app, against the sandbox's data.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const pkg = require('./package');
const sandboxLib = require('./sandbox');

const INVOICE_KEYS = [
	'provider',
	'id',
	'number',
	'type',
	'status',
	'description',
	'currency',
	'subtotal',
	'tax',
	'total',
	'amountDue',
	'taxRate',
	'issuedAt',
	'dueAt',
	'paidAt',
	'periodStart',
	'periodEnd',
	'lines',
	'pdf',
];
const TYPES = ['invoice', 'proforma', 'credit_note'];
const STATUSES = ['paid', 'unpaid', 'overdue', 'cancelled', 'refunded', 'pending', 'unknown'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let distCache = null;
/** The built provider definitions (dist/nodes/<P>/<p>.provider.js of the package snapshot; <p>.api.js before): {[name]: {idOf, normalize}}. */
function distProviders() {
	if (distCache) return distCache;
	distCache = {};
	const nodesDir = path.join(pkg.snapshot(), 'dist', 'nodes');
	if (!fs.existsSync(nodesDir)) return distCache;
	for (const dir of fs.readdirSync(nodesDir)) {
		const d = path.join(nodesDir, dir);
		if (!fs.statSync(d).isDirectory()) continue;
		for (const f of fs.readdirSync(d).filter((x) => /\.(api|provider)\.js$/.test(x))) {
			let mod;
			try {
				mod = require(path.join(d, f));
			} catch {
				continue;
			}
			for (const v of Object.values(mod)) {
				if (v && typeof v === 'object' && typeof v.name === 'string' && typeof v.idOf === 'function') {
					distCache[v.name] = v;
				}
			}
		}
	}
	return distCache;
}

let invoiceModule = null;
/** The built finishInvoice() of the package snapshot: what the node makes of a normalize() draft. */
function finishInvoice(providerKey, draft) {
	if (!invoiceModule) invoiceModule = require(path.join(pkg.snapshot(), 'dist', 'nodes', 'shared', 'invoice.js'));
	return invoiceModule.finishInvoice(providerKey, draft);
}

function idOf(providerKey, raw) {
	const p = distProviders()[providerKey];
	if (p) return String(p.idOf(raw));
	for (const k of ['id', 'invoice_id', 'invoiceId', 'number']) if (raw[k] != null) return String(raw[k]);
	throw new Error(`cannot tell the id of a ${providerKey} record`);
}

const plain = (v) => JSON.parse(JSON.stringify(v));

function checkShape(json, providerKey) {
	for (const k of INVOICE_KEYS) assert.ok(k in json, `${providerKey} ${json.id}: field ${k} missing`);
	assert.equal(json.provider, providerKey);
	assert.equal(typeof json.id, 'string');
	assert.ok(TYPES.includes(json.type), `${providerKey} ${json.id}: type ${json.type}`);
	assert.ok(STATUSES.includes(json.status), `${providerKey} ${json.id}: status ${json.status}`);
	assert.ok(json.currency === null || /^[A-Z]{3}$/.test(json.currency), `${providerKey} ${json.id}: currency ${json.currency}`);
	for (const k of ['subtotal', 'tax', 'total', 'amountDue', 'taxRate'])
		assert.ok(json[k] === null || Number.isFinite(json[k]), `${providerKey} ${json.id}: ${k} ${json[k]}`);
	for (const k of ['issuedAt', 'dueAt', 'paidAt', 'periodStart', 'periodEnd'])
		assert.ok(json[k] === null || ISO.test(json[k]), `${providerKey} ${json.id}: ${k} ${json[k]}`);
	assert.ok(Array.isArray(json.lines), `${providerKey} ${json.id}: lines`);
	assert.equal(typeof json.pdf, 'object');
	assert.equal(typeof json.pdf.available, 'boolean');
	assert.ok(!('raw' in json), 'raw is only there with Include Raw Data');
}

/**
 * Every raw record exactly once, every item well-formed, a few records equal to the
 * package's own normalize() of the sandbox record, PDFs with name, type and the sandbox's bytes.
 * Returns stats for notes.
 */
async function checkListOutput({ provider, items, sandbox, readBinary, pdf = provider.pdf, variant }) {
	const raws = sandbox.data[provider.key];
	assert.ok(Array.isArray(raws) && raws.length > 0, `sandbox has no ${provider.key} data`);
	assert.ok(Array.isArray(items), `no output items from ${provider.label}`);
	const expectedIds = raws.map((r) => idOf(provider.key, r));
	const gotIds = items.map((i) => i.json.id);
	const dupes = gotIds.filter((id, i) => gotIds.indexOf(id) !== i);
	assert.deepEqual(dupes, [], `${provider.label}: invoices output twice`);
	const missing = expectedIds.filter((id) => !gotIds.includes(id));
	const extra = gotIds.filter((id) => !expectedIds.includes(id));
	assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${provider.label}: ids differ from the sandbox`);
	assert.equal(items.length, raws.length);

	for (const item of items) checkShape(item.json, provider.key);

	// a few records in full: the package's own normalize() of the sandbox record, run here
	const def = distProviders()[provider.key];
	const picks = [...new Set([0, Math.floor(raws.length / 2), raws.length - 1])];
	let compared = 0;
	if (def && typeof def.normalize === 'function') {
		for (const k of picks) {
			const raw = raws[k];
			const id = idOf(provider.key, raw);
			const got = items.find((i) => i.json.id === id).json;
			// the account currency and the amount unit come from other calls (environment()); take them from the output
			const env = { timezone: 'UTC', currency: got.currency, amountsInMinorUnits: true };
			// as the node finishes a listed invoice (nodes/shared/invoice.ts finishInvoice: pdf, provider)
			const want = plain(finishInvoice(provider.key, def.normalize(raw, env)));
			delete want.raw;
			assert.deepEqual(got, want, `${provider.label} ${id}: normalized invoice differs from normalize(sandbox record)`);
			compared++;
		}
	}

	// PDFs
	let pdfs = 0;
	let bytes = 0;
	for (const item of items) {
		const bin = item.binary && item.binary.data;
		if (!pdf) {
			assert.ok(!item.binary || !item.binary.data, `${provider.label} ${item.json.id}: unexpected binary`);
			continue;
		}
		if (!item.json.pdf.available) {
			assert.ok(!bin, `${provider.label} ${item.json.id}: binary although pdf.available is false`);
			continue;
		}
		assert.ok(bin, `${provider.label} ${item.json.id}: pdf.available but no binary "data"`);
		assert.equal(bin.mimeType, 'application/pdf');
		assert.equal(bin.fileName, item.json.pdf.fileName);
		assert.match(bin.fileName, new RegExp(`^${provider.key}-[A-Za-z0-9._-]+\\.pdf$`));
		if (variant === '2x') assert.match(String(bin.id || ''), /^filesystem-v2:/, 'n8n 2.x keeps binaries on disk');
		const got = readBinary(bin);
		const want = await sandboxLib.pdfBytes(sandbox, provider.key, item.json.id);
		assert.ok(want, `${provider.label} ${item.json.id}: the sandbox has no PDF for it`);
		assert.ok(got.equals(want), `${provider.label} ${item.json.id}: PDF bytes differ (${got.length} vs ${want.length})`);
		assert.equal(got.subarray(0, 5).toString(), '%PDF-');
		pdfs++;
		bytes += got.length;
	}
	if (pdf) assert.ok(pdfs > 0, `${provider.label}: no PDFs at all`);
	return { invoices: items.length, compared, pdfs, bytes };
}

/** How many list requests the sandbox saw for a provider (pagination proof), if it logs requests. */
function listRequests(sandbox, providerKey, since = 0) {
	const reqs = Array.isArray(sandbox.requests) ? sandbox.requests.slice(since) : [];
	return reqs.filter((r) => (r.provider || '') === providerKey && !/pdf|download/i.test(r.path || r.url || '')).length;
}

module.exports = { checkListOutput, checkShape, distProviders, finishInvoice, idOf, listRequests, INVOICE_KEYS };

'use strict';
/**
 * Assertions on what our nodes output inside the real n8n app, against the sandbox's data.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const pkg = require('./package');
const sandboxLib = require('./sandbox');
const registry = require('../../providers');
const { byKey, sandboxCredentialData } = require('./providers');

/** Every field of an output item, in the order the engine writes them (finishInvoice). */
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
	'discount',
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
/**
 * The built provider descriptors (dist/nodes/<P>/<p>.provider.js of the package snapshot):
 * {[name]: InvoiceProvider} with name, idOf, normalize, environment, listOrder, ...
 */
function distProviders() {
	if (distCache) return distCache;
	distCache = {};
	const nodesDir = path.join(pkg.snapshot(), 'dist', 'nodes');
	if (!fs.existsSync(nodesDir)) return distCache;
	for (const dir of fs.readdirSync(nodesDir)) {
		const d = path.join(nodesDir, dir);
		if (!fs.statSync(d).isDirectory()) continue;
		for (const f of fs.readdirSync(d).filter((x) => x.endsWith('.provider.js'))) {
			const mod = require(path.join(d, f));
			for (const v of Object.values(mod)) {
				if (v && typeof v === 'object' && typeof v.name === 'string' && typeof v.idOf === 'function' && typeof v.normalize === 'function') {
					distCache[v.name] = v;
				}
			}
		}
	}
	return distCache;
}

/** The engine's finishInvoice (dist/nodes/shared/invoice.js of the snapshot): stamps provider and pdf. */
function finishInvoice(providerKey, draft) {
	return require(path.join(pkg.snapshot(), 'dist', 'nodes', 'shared', 'invoice.js')).finishInvoice(providerKey, draft);
}

function idOf(providerKey, raw) {
	const p = distProviders()[providerKey];
	if (p) return String(p.idOf(raw));
	return registry.provider(providerKey).idOf(raw);
}

const envCache = new WeakMap();
/**
 * What the engine hands a provider's normalize(): `{ timezone, ...(await provider.environment(ctx)) }`.
 * environment() runs here for real, against the sandbox (e.g. VPSBG's GET /balance and PPH's
 * GET /client give the account currency), with a minimal context: the request goes to the
 * credential's Base URL with the provider's auth header, and the credential fields are those the
 * e2e credentials have. Cached per sandbox and provider (the account does not change in a run).
 */
async function sandboxEnvironment(sandbox, providerKey) {
	if (!envCache.has(sandbox)) envCache.set(sandbox, new Map());
	const cache = envCache.get(sandbox);
	if (cache.has(providerKey)) return cache.get(providerKey);
	const def = distProviders()[providerKey];
	const spec = registry.provider(providerKey);
	const credentials = sandboxCredentialData(byKey[providerKey], sandbox);
	const timezone = credentials.timezone || 'UTC';
	const api = {
		// The Base URL as the engine's client holds it (checkBaseUrl: parsed and printed again);
		// WiseCP's environment() hands it to normalize() for pdf.url.
		settings: { baseUrl: new URL(String(credentials.baseUrl).trim()).toString() },
		async request({ method = 'GET', path: rel, qs }) {
			const url = new URL(`${credentials.baseUrl.replace(/\/+$/, '')}/${String(rel).replace(/^\/+/, '')}`);
			for (const [k, v] of Object.entries(qs || {})) url.searchParams.set(k, String(v));
			const res = await fetch(url, { method, headers: registry.authHeaders(spec, credentials.apiKey, { client: true }) });
			const text = await res.text();
			if (!res.ok) throw new Error(`${method} ${url} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
			return { body: text ? JSON.parse(text) : null, headers: Object.fromEntries(res.headers), statusCode: res.status };
		},
	};
	const ctx = { provider: def, api, credentials, timezone, itemIndex: 0, memo: (_k, load) => load(), param: (_n, fallback) => fallback };
	const loaded = def && typeof def.environment === 'function' ? await def.environment(ctx) : {};
	const env = { timezone, ...loaded };
	cache.set(providerKey, env);
	return env;
}

/** The invoice the package makes of a sandbox record: finishInvoice(name, normalize(raw, env)). */
function expectedInvoice(providerKey, raw, env) {
	const def = distProviders()[providerKey];
	const want = plain(finishInvoice(def.name, def.normalize(raw, env)));
	delete want.raw;
	return want;
}

const plain = (v) => JSON.parse(JSON.stringify(v));

function checkShape(json, providerKey) {
	for (const k of INVOICE_KEYS) assert.ok(k in json, `${providerKey} ${json.id}: field ${k} missing`);
	assert.deepEqual(Object.keys(json), INVOICE_KEYS, `${providerKey} ${json.id}: fields (in this order)`);
	assert.equal(json.provider, providerKey);
	assert.equal(typeof json.id, 'string');
	assert.ok(TYPES.includes(json.type), `${providerKey} ${json.id}: type ${json.type}`);
	assert.ok(STATUSES.includes(json.status), `${providerKey} ${json.id}: status ${json.status}`);
	assert.ok(json.currency === null || /^[A-Z]{3}$/.test(json.currency), `${providerKey} ${json.id}: currency ${json.currency}`);
	for (const k of ['subtotal', 'tax', 'total', 'discount', 'amountDue', 'taxRate'])
		assert.ok(json[k] === null || Number.isFinite(json[k]), `${providerKey} ${json.id}: ${k} ${json[k]}`);
	for (const k of ['issuedAt', 'dueAt', 'paidAt', 'periodStart', 'periodEnd'])
		assert.ok(json[k] === null || ISO.test(json[k]), `${providerKey} ${json.id}: ${k} ${json[k]}`);
	assert.ok(Array.isArray(json.lines), `${providerKey} ${json.id}: lines`);
	assert.equal(typeof json.pdf, 'object');
	assert.equal(typeof json.pdf.available, 'boolean');
	assert.deepEqual(Object.keys(json.pdf), ['available', 'fileName', 'url'], `${providerKey} ${json.id}: pdf fields (in this order)`);
	// A direct link only where the API gives one (WiseCP's formalized file), else null.
	if (providerKey !== 'wisecp' || !json.pdf.available) assert.equal(json.pdf.url, null, `${providerKey} ${json.id}: pdf.url`);
	else assert.match(json.pdf.url, /^https?:\/\//, `${providerKey} ${json.id}: pdf.url`);
}

/**
 * Every raw record exactly once, newest first, every item well-formed (every field, in order), a
 * few records equal to the package's own finishInvoice(normalize()) of the sandbox record, PDFs
 * with name, type and the sandbox's bytes (readBinary may be async: database mode reads over HTTP).
 * Returns stats for notes.
 */
async function checkListOutput({ provider, items, sandbox, readBinary, pdf = provider.pdf, variant, binaryMode }) {
	// where n8n keeps binaries: 2.x on disk by default, in the database in queue mode; 1.x inline
	const mode = binaryMode || (variant === '2x' ? 'filesystem-v2' : null);
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

	// newest first on every provider: an oldest-first API's list comes out turned around
	const def = distProviders()[provider.key];
	assert.ok(def, `no provider descriptor "${provider.key}" in dist/nodes/*/*.provider.js`);
	const newestFirst = def.listOrder === 'oldest-first' ? [...expectedIds].reverse() : expectedIds;
	assert.deepEqual(gotIds, newestFirst, `${provider.label}: Get Many is not newest first (API order ${def.listOrder || 'newest-first'})`);
	const dates = items.map((i) => i.json.issuedAt || i.json.periodEnd);
	for (let k = 1; k < dates.length; k++) {
		if (dates[k - 1] && dates[k]) assert.ok(dates[k - 1] >= dates[k], `${provider.label}: item ${k} (${dates[k]}) is newer than item ${k - 1} (${dates[k - 1]})`);
	}

	// a few records in full: the package's own normalize() of the sandbox record, run here
	// through the engine's finishInvoice, with the environment its environment() gives
	const env = await sandboxEnvironment(sandbox, provider.key);
	const picks = [...new Set([0, 1, Math.floor(raws.length / 2), raws.length - 1])];
	let compared = 0;
	for (const k of picks) {
		const raw = raws[k];
		const id = idOf(provider.key, raw);
		const got = items.find((i) => i.json.id === id).json;
		assert.deepEqual(got, expectedInvoice(provider.key, raw, env), `${provider.label} ${id}: normalized invoice differs from finishInvoice(normalize(sandbox record))`);
		compared++;
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
		if (mode) assert.match(String(bin.id || ''), new RegExp(`^${mode}:`), `binaries kept in mode ${mode}`);
		const got = await readBinary(bin);
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

module.exports = {
	checkListOutput,
	checkShape,
	distProviders,
	finishInvoice,
	sandboxEnvironment,
	expectedInvoice,
	idOf,
	listRequests,
	INVOICE_KEYS,
};

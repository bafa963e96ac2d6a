'use strict';

const { json, binary, html, nginxPage, param } = require('./http');
const { pdfFor } = require('./pdf-models');
const { basePath } = require('../providers').byKey.wisecp;

/** The API mount: the registry's basePath ('/wisecp/api/', with the trailing slash WiseCP shows) without the slash. */
const API_PREFIX = basePath.replace(/\/$/, '');
/** The install root the API lives under (formalized files, share pages). */
const ROOT_PREFIX = '/wisecp';

/**
 * WiseCP legacy External API (`/wisecp/api/`): `Apikey` header, and the HTTP status is ALWAYS
 * 200; failures are `{"status":"error","message":"..."}`. The install root `/wisecp` also serves,
 * without auth, the formalized invoice files (`/resources/uploads/invoices/<hex>.pdf`) and the
 * share page (`/invoice?token=`).
 */

/** @typedef {import('./routing').RequestContext} RequestContext */

const SORTS = ['id', 'number', 'created_at', 'due_date', 'payment_date', 'total'];
const SORT_TYPES = ['ASC', 'DESC'];
const STATUSES = ['all', 'pending', 'unpaid', 'paid', 'cancelled', 'refunded'];
const BOOLEANS = ['none', 'true', 'false'];
const BOOLEAN_FILTERS = { 'filter[local]': 'local', 'filter[taxfree]': 'taxfree', 'filter[formalized]': 'formalize' };

/** A WiseCP error: HTTP 200 unless a fault asks for another status. */
function errorResponse(ctx, status, message) {
	return json(status, { status: 'error', message: message ?? 'An error has occurred' });
}

/** @param {string} message */
function fail(message) {
	return json(200, { status: 'error', message });
}

/** @param {RequestContext} ctx */
function authenticate(ctx) {
	const key = ctx.headers.apikey;
	return typeof key === 'string' && key === ctx.sandbox.tokens.wisecp ? null : fail('Invalid API key');
}

/** A query value, with '' treated as absent. */
function option(ctx, key) {
	const value = param(ctx.query, key);
	return value === undefined || value === '' ? undefined : value;
}

/** Compares two records for a sort field; ties fall back to id. */
function compare(field, a, b) {
	const x = a[field];
	const y = b[field];
	if (field === 'number') {
		const diff = String(x).localeCompare(String(y), 'en', { numeric: true });
		return diff || a.id - b.id;
	}
	if (typeof x === 'number' && typeof y === 'number') return x - y || a.id - b.id;
	return x < y ? -1 : x > y ? 1 : a.id - b.id;
}

/** `GET Billing/GetInvoices` */
function getInvoices(ctx) {
	const pageText = option(ctx, 'page') ?? '1';
	if (!/^\d+$/.test(pageText) || Number(pageText) < 1) return fail('page must be a positive integer');
	const limitText = option(ctx, 'limit') ?? '10';
	if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 50) return fail('limit must be between 1 and 50');
	const sort = option(ctx, 'sort') ?? 'id';
	if (!SORTS.includes(sort)) return fail(`sort must be one of: ${SORTS.join(', ')}`);
	const sortType = (option(ctx, 'sort_type') ?? 'DESC').toUpperCase();
	if (!SORT_TYPES.includes(sortType)) return fail(`sort_type must be one of: ${SORT_TYPES.join(', ')}`);
	const status = (option(ctx, 'filter[status]') ?? 'all').toLowerCase();
	if (!STATUSES.includes(status)) return fail(`filter[status] must be one of: ${STATUSES.join(', ')}`);
	/** @type {Array<[string, boolean]>} */
	const flags = [];
	for (const [key, field] of Object.entries(BOOLEAN_FILTERS)) {
		const value = (option(ctx, key) ?? 'none').toLowerCase();
		if (!BOOLEANS.includes(value)) return fail(`${key} must be one of: ${BOOLEANS.join(', ')}`);
		if (value !== 'none') flags.push([field, value === 'true']);
	}
	const idText = option(ctx, 'filter[id]');
	if (idText !== undefined && !/^\d+$/.test(idText)) return fail('filter[id] must be an integer');
	const number = option(ctx, 'filter[number]');

	const page = ctx.faults.ignorePaging ? 1 : Number(pageText);
	const limit = Number(limitText);
	const matching = ctx.sandbox.store.data.wisecp
		.filter((r) => status === 'all' || r.status === status)
		.filter((r) => flags.every(([field, wanted]) => r[field] === wanted))
		.filter((r) => idText === undefined || r.id === Number(idText))
		.filter((r) => number === undefined || r.number === number || r.number === `#${number}`)
		.sort((a, b) => (sortType === 'ASC' ? 1 : -1) * compare(sort, a, b));
	const data = matching.slice((page - 1) * limit, page * limit);
	return json(200, {
		status: 'successful',
		total: matching.length,
		page,
		limit,
		next_page: page * limit < matching.length ? page + 1 : 0,
		data,
	});
}

/** `GET Billing/GetInvoice?id=` (inferred from WiseCP naming; see README) */
function getInvoice(ctx) {
	const idText = option(ctx, 'id');
	if (idText === undefined) return fail('id is required');
	if (!/^\d+$/.test(idText)) return fail('id must be an integer');
	const record = ctx.sandbox.store.find('wisecp', idText);
	return record ? json(200, { status: 'successful', data: record }) : fail('Invoice not found');
}

/** `GET /resources/uploads/invoices/<file>` on the install root, no auth. */
async function uploadedFile(ctx, match) {
	const record = findByFile(ctx, match[1]);
	if (!record) return html(404, nginxPage(404));
	return binary(200, /** @type {Buffer} */ (await pdfFor('wisecp', record, ctx.sandbox.store)), 'application/pdf');
}

function findByFile(ctx, name) {
	const suffix = `/resources/uploads/invoices/${name}`;
	return ctx.sandbox.store.data.wisecp.find((r) => typeof r.formalize_file === 'string' && r.formalize_file.endsWith(suffix));
}

/** `GET /invoice?token=` share page (HTML, no auth). */
function sharePage(ctx) {
	const token = param(ctx.query, 'token');
	const record = token && ctx.sandbox.store.data.wisecp.find((r) => r.share && r.share.token === token);
	if (!record) return html(404, nginxPage(404));
	const rows = record.items.map((item) => `<tr><td>${escape(item.description)}</td><td>${item.quantity}</td><td>${item.total.toFixed(2)} ${record.currency}</td></tr>`).join('');
	return html(200, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Invoice ${escape(record.number)}</title></head><body>`
		+ `<h1>Invoice ${escape(record.number)}</h1><p>Status: ${escape(record.status)}</p><p>Date: ${escape(record.created_at)}</p>`
		+ `<table><tr><th>Description</th><th>Qty</th><th>Amount</th></tr>${rows}</table>`
		+ `<p>Total: ${record.total.toFixed(2)} ${record.currency}</p></body></html>`);
}

/** @param {string} text */
function escape(text) {
	return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] || c);
}

/**
 * What this API's invoice PDF shows, built from the same record the API returns (rendered by
 * pdf-models.js `pdfFor`, which the download endpoints and `sandbox.pdfBytes()` use).
 * @param {any} record @param {import('./data').DataStore} store @returns {import('./pdf').PdfModel | null}
 */
function pdfModel(record) {
	if (!record.formalize || !record.formalize_file) return null;
	const u = record.user;
	const a = u.address || {};
	const discount = record.discounts.reduce((sum, d) => sum + d.amount, 0);
	return {
		title: 'INVOICE',
		number: record.number,
		issued: Date.parse(`${record.created_at.replace(' ', 'T')}Z`),
		due: record.due_date.startsWith('0000') ? null : Date.parse(`${record.due_date.replace(' ', 'T')}Z`),
		status: record.status.toUpperCase(),
		seller: ['Example Hosting Ltd. Sti.', 'Maslak Mah. Büyükdere Cad. No:255', '34398 Sariyer / Istanbul, Turkey', 'Tax office Maslak, tax no 1234567890'],
		buyer: [u.company_name || u.full_name, u.company_name ? u.full_name : '', a.detail, `${a.zipcode || ''} ${a.city || ''}, ${a.country_name || ''}`]
			.filter(Boolean),
		currency: record.currency,
		lines: record.items.map((item) => ({ description: item.description, quantity: item.quantity, unitPrice: item.amount, total: item.total })),
		totals: [
			['Subtotal', record.subtotal],
			...(discount ? [/** @type {[string, number]} */ (['Discount', -discount])] : []),
			[`Tax ${record.tax_rate}%`, record.tax],
			['Total', record.total, true],
		],
		notes: record.notes ? [record.notes] : [],
	};
}

/**
 * `sandbox.setStatus('wisecp', id, status)`: the record's `status` word (the filter vocabulary:
 * paid, unpaid, pending, cancelled, refunded).
 * @param {import('./server').SandboxState} state @param {any} record @param {string} status
 */
function setStatus(state, record, status) {
	const known = STATUSES.filter((word) => word !== 'all');
	if (!known.includes(status)) throw new TypeError(`setStatus: WiseCP knows ${known.join(', ')}, not ${status}`);
	record.status = status;
}

/** @type {import('./routing').ProviderModule} */
module.exports = {
	name: 'wisecp',
	errorResponse,
	authenticate,
	pdfModel,
	setStatus,
	mounts: [
		{
			prefix: API_PREFIX,
			routes: [
				{ method: 'GET', pattern: /^\/Billing\/GetInvoices$/, tags: ['list'], handle: getInvoices },
				{ method: 'GET', pattern: /^\/Billing\/GetInvoice$/, handle: getInvoice },
			],
			notFound: () => fail('Invalid API request: unknown action'),
			methodNotAllowed: (ctx, allowed) => fail(`Invalid request method, expected ${allowed.join(' or ')}`),
		},
		{
			prefix: ROOT_PREFIX,
			routes: [
				{
					method: 'GET', pattern: /^\/resources\/uploads\/invoices\/([^/]+\.pdf)$/, tags: ['binary'], auth: false, handle: uploadedFile,
					file: (ctx, match) => {
						const record = findByFile(ctx, match[1]);
						return record ? { provider: 'wisecp', id: String(record.id) } : null;
					},
				},
				{ method: 'GET', pattern: /^\/invoice$/, auth: false, handle: sharePage },
			],
			notFound: () => html(404, nginxPage(404)),
			methodNotAllowed: () => html(405, nginxPage(405)),
		},
	],
};

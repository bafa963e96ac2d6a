'use strict';

const crypto = require('crypto');
const { json, binary, attachment, param } = require('./http');
const { bearer } = require('./tokens');
const { paginate, resolvePage } = require('./laravel');
const { pdfFor, laravelMs } = require('./pdf-models');
const { makeZip } = require('./zip');
const { laravelDate, HOUR } = require('./dates');
const { basePath } = require('../providers').byKey.pph;
const { LABELS } = require('./generators/pph');

/**
 * PPH / vionity (`/pph`, the registry's basePath): Laravel API with Bearer token; errors are `{"data":{"message":"..."}}`.
 * `GET /client/invoices` is unpaginated (`{data:[...]}`) unless the sandbox option
 * `pph.paginate` is on; then `page`/`per_page` (default 15) and Laravel `links`/`meta` whose URLs
 * use the `http://` scheme, like the real API.
 */

/** @typedef {import('./routing').RequestContext} RequestContext */

const MESSAGES = {
	401: 'Unauthenticated.', 403: 'This action is unauthorized.', 404: 'Not found', 422: 'The given data was invalid.',
	429: 'Too Many Attempts.', 500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

function round2(value) {
	return Math.round(value * 100) / 100;
}

/** @param {RequestContext} ctx @param {number} status @param {string} [message] */
function errorResponse(ctx, status, message) {
	return json(status, { data: { message: message ?? MESSAGES[status] ?? 'Server Error' } });
}

/** @param {RequestContext} ctx */
function authenticate(ctx) {
	return bearer(ctx.headers) === ctx.sandbox.tokens.pph ? null : errorResponse(ctx, 401);
}

/** Invoices matching `status`, `type` and `transactions` (shared by the list and the archive). */
function filtered(ctx) {
	const status = (param(ctx.query, 'status') ?? '').toLowerCase();
	const type = (param(ctx.query, 'type') ?? '').toLowerCase();
	const transactions = ['true', '1', 'yes', 'on'].includes((param(ctx.query, 'transactions') ?? '').toLowerCase());
	return ctx.sandbox.store.data.pph
		.filter((r) => !status || r.status.toLowerCase() === status)
		.filter((r) => !type || r.items.some((item) => String(item.type).toLowerCase() === type))
		.filter((r) => !transactions || (r.transaction && typeof r.transaction === 'object'));
}

/** `GET /client` */
function client(ctx) {
	const account = ctx.sandbox.store.sets.pph.account;
	const open = ctx.sandbox.store.data.pph.filter((r) => r.status === 'Unpaid').reduce((sum, r) => sum + r.credit, 0);
	const avatar = `https://www.gravatar.com/avatar/${crypto.createHash('md5').update(account.email).digest('hex')}`;
	return json(200, { data: { ...account, credit_on_open_invoices: round2(open), avatar } });
}

/** `GET /client/invoices` */
function list(ctx) {
	const items = filtered(ctx);
	if (!ctx.sandbox.options.pph.paginate) return json(200, { data: items });
	const page = ctx.faults.ignorePaging ? 1 : resolvePage(param(ctx.query, 'page'));
	const perPageText = param(ctx.query, 'per_page');
	const perPage = perPageText && /^\d+$/.test(perPageText) && Number(perPageText) >= 1 ? Number(perPageText) : 15;
	const path = `${ctx.base}/client/invoices`.replace(/^https:/, 'http:');
	return json(200, paginate({ items, page, perPage, path }));
}

/** @param {RequestContext} ctx @param {string} id */
function find(ctx, id) {
	return ctx.sandbox.store.find('pph', id);
}

/** `GET /client/invoices/{id}` */
function show(ctx, match) {
	const record = find(ctx, match[1]);
	return record ? json(200, { data: record }) : errorResponse(ctx, 404);
}

/** `GET /client/invoices/{id}/download` */
async function download(ctx, match) {
	const record = find(ctx, match[1]);
	if (!record) return errorResponse(ctx, 404);
	const pdf = /** @type {Buffer} */ (await pdfFor('pph', record, ctx.sandbox.store));
	return binary(200, pdf, 'application/pdf', { 'content-disposition': attachment(`invoice-${record.id}.pdf`) });
}

/** `POST /client/invoices/{id}/pay`: pays the open balance from the account credit. */
function pay(ctx, match) {
	const record = find(ctx, match[1]);
	if (!record) return errorResponse(ctx, 404);
	const account = ctx.sandbox.store.sets.pph.account;
	if (record.status === 'Paid') return errorResponse(ctx, 422, 'This invoice has already been paid.');
	if (record.status !== 'Unpaid') return errorResponse(ctx, 422, `Only unpaid invoices can be paid (status: ${record.status}).`);
	const balance = round2(record.total - record.credit);
	if (account.credit < balance) {
		return errorResponse(ctx, 422, `Insufficient credit: the invoice balance is ${balance.toFixed(2)} EUR but only ${account.credit.toFixed(2)} EUR credit is available.`);
	}
	account.credit = round2(account.credit - balance);
	record.credit = round2(record.credit + balance);
	record.status = 'Paid';
	record.status_label = LABELS.Paid;
	record.is_open = false;
	record.datepaid = laravelDate(Math.floor(Date.now() / 1000) * 1000);
	return json(200, { data: record });
}

/** `POST /client/invoices/{id}/remove-credit`: gives the applied credit back to the account. */
function removeCredit(ctx, match) {
	const record = find(ctx, match[1]);
	if (!record) return errorResponse(ctx, 404);
	if (record.status !== 'Unpaid') return errorResponse(ctx, 422, `Credit can only be removed from unpaid invoices (status: ${record.status}).`);
	const account = ctx.sandbox.store.sets.pph.account;
	account.credit = round2(account.credit + record.credit);
	record.credit = 0;
	return json(200, { data: record });
}

/** `GET /client/invoices/download/archive` */
async function archive(ctx) {
	const files = [];
	for (const record of filtered(ctx)) {
		const bytes = /** @type {Buffer} */ (await pdfFor('pph', record, ctx.sandbox.store));
		files.push({ name: `invoice-${record.id}.pdf`, bytes, mtime: laravelMs(record.date) + 12 * 3600_000 });
	}
	return binary(200, makeZip(files), 'application/zip', { 'content-disposition': attachment('invoices.zip') });
}

/**
 * What this API's invoice PDF shows, built from the same record the API returns (rendered by
 * pdf-models.js `pdfFor`, which the download endpoints and `sandbox.pdfBytes()` use).
 * @param {any} record @param {import('./data').DataStore} store @returns {import('./pdf').PdfModel | null}
 */
function pdfModel(record, store) {
	const account = store.sets.pph.account || {};
	const due = laravelMs(record.duedate);
	return {
		title: 'RECHNUNG',
		number: String(record.id),
		issued: laravelMs(record.date) + 12 * HOUR, // the German calendar day
		due: Number.isFinite(due) ? due + 12 * HOUR : null,
		status: record.status_label,
		seller: ['vionity (Prepaid-Hoster)', 'Musterweg 1', '12345 Musterstadt, Deutschland', 'USt-IdNr. DE123456789'],
		buyer: [account.full_name, account.address1, `${account.postcode} ${account.city}`, `Kundennummer ${account.id}`].filter(Boolean),
		currency: (account.currency && account.currency.code) || 'EUR',
		lines: record.items.map((item) => ({ description: item.description, quantity: 1, unitPrice: Number(item.amount), total: Number(item.amount) })),
		totals: [
			['Zwischensumme', record.subtotal],
			[`MwSt. ${record.taxrate}%`, record.tax],
			['Gesamt', record.total, true],
			...(record.credit ? [/** @type {[string, number]} */ (['Guthaben', -record.credit])] : []),
		],
		labels: { number: 'Rechnungsnr.', date: 'Datum', due: 'Fällig', status: 'Status', billTo: 'Rechnungsempfänger', description: 'Beschreibung', qty: 'Menge', unit: 'Einzelpreis', amount: 'Betrag' },
	};
}

/**
 * This API's sandbox option `pph: { paginate }` (default off: the list is unpaginated).
 * @param {{ paginate?: boolean } | undefined} raw
 */
function options(raw) {
	return { paginate: Boolean(raw && raw.paginate) };
}

/**
 * `sandbox.setStatus('pph', id, status)`: `status` (Paid, Unpaid, Cancelled, Refunded), its German
 * `status_label` and `is_open`; `datepaid` stays as it was.
 * @param {import('./server').SandboxState} state @param {any} record @param {string} status
 */
function setStatus(state, record, status) {
	const word = status.charAt(0).toUpperCase() + status.slice(1);
	if (!Object.hasOwn(LABELS, word)) throw new TypeError(`setStatus: PPH knows ${Object.keys(LABELS).join(', ')}, not ${status}`);
	record.status = word;
	record.status_label = LABELS[word];
	record.is_open = word === 'Unpaid';
}

/** @type {import('./routing').ProviderModule} */
module.exports = {
	name: 'pph',
	errorResponse,
	authenticate,
	options,
	pdfModel,
	setStatus,
	mounts: [{
		prefix: basePath,
		routes: [
			{ method: 'GET', pattern: /^\/client$/, handle: client },
			{ method: 'GET', pattern: /^\/client\/invoices$/, tags: ['list'], handle: list },
			{ method: 'GET', pattern: /^\/client\/invoices\/download\/archive$/, tags: ['binary'], handle: archive },
			{ method: 'GET', pattern: /^\/client\/invoices\/(\d+)$/, handle: show },
			{
				method: 'GET', pattern: /^\/client\/invoices\/(\d+)\/download$/, tags: ['binary'], handle: download,
				file: (ctx, match) => ({ provider: 'pph', id: match[1] }),
			},
			{ method: 'POST', pattern: /^\/client\/invoices\/(\d+)\/pay$/, handle: pay },
			{ method: 'POST', pattern: /^\/client\/invoices\/(\d+)\/remove-credit$/, handle: removeCredit },
		],
		notFound: (ctx) => errorResponse(ctx, 404),
		methodNotAllowed: (ctx) => errorResponse(ctx, 405, 'Method not allowed.'),
	}],
};

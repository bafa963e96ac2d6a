'use strict';

const { json, binary, param } = require('./http');
const { pdfFor } = require('./pdf-models');
const { integerId, safeDecode } = require('./routing');
const { basePath } = require('../providers').byKey.i3dnet;

/**
 * i3D.net API v3 (`/i3d/v3`, the registry's basePath): `PRIVATE-TOKEN` header; every success is a JSON array (even single
 * invoices); errors are `{errorCode, errorMessage, errors[]}`. Lists page with the request header
 * `RANGED-DATA: start=S,results=R` (default 0/25, results capped at 100) and return no total.
 */

/** @typedef {import('./routing').RequestContext} RequestContext */

const DEFAULT_RESULTS = 25;
const MAX_RESULTS = 100;
const ERRORS = {
	403: [20001, 'Invalid credentials'], 404: [10001, 'Entity not found'], 422: [10002, 'Validation failed'],
	429: [20002, 'Too many requests'], 500: [10000, 'Internal server error'], 502: [10000, 'Bad gateway'],
	503: [10000, 'Service unavailable'], 504: [10000, 'Gateway timeout'],
};

/**
 * @param {RequestContext} ctx @param {number} status @param {string} [message]
 * @param {Array<{property: string, message: string}>} [errors] @param {number} [code]
 */
function errorResponse(ctx, status, message, errors = [], code) {
	const [defaultCode, defaultMessage] = ERRORS[status] || [10000, 'Error'];
	return json(status, { errorCode: code ?? defaultCode, errorMessage: message ?? defaultMessage, errors });
}

/** @param {RequestContext} ctx */
function authenticate(ctx) {
	const token = ctx.headers['private-token'];
	return typeof token === 'string' && token === ctx.sandbox.tokens.i3dnet ? null : errorResponse(ctx, 403);
}

/**
 * Parses `RANGED-DATA: start=S,results=R`. Missing or invalid parts fall back to 0 / 25;
 * results above 100 are capped at 100.
 * @param {unknown} header
 */
function parseRange(header) {
	let start = 0;
	let results = DEFAULT_RESULTS;
	if (typeof header === 'string') {
		for (const part of header.split(',')) {
			const [key, value = ''] = part.split('=').map((s) => s.trim().toLowerCase());
			if (!/^\d+$/.test(value)) continue;
			if (key === 'start') start = Number(value);
			if (key === 'results' && Number(value) >= 1) results = Math.min(Number(value), MAX_RESULTS);
		}
	}
	return { start, results };
}

/** @param {(record: any) => boolean} keep */
function listHandler(keep) {
	/** @param {RequestContext} ctx */
	return (ctx) => {
		let { start, results } = parseRange(ctx.headers['ranged-data']);
		const ignore = ctx.faults.ignorePaging;
		if (ignore) {
			start = 0;
			if (!ignore.params.keepSize) results = DEFAULT_RESULTS;
		}
		const filter = (param(ctx.query, 'filter') ?? '').toLowerCase();
		const matching = ctx.sandbox.store.data.i3dnet.filter((r) => keep(r) && (!filter || r.description.toLowerCase().includes(filter)));
		return json(200, matching.slice(start, start + results));
	};
}

/** Validates `{invoiceId}` and finds the invoice, or returns the error response. */
function findById(ctx, raw) {
	const id = integerId(safeDecode(raw));
	if (id === null) return { error: errorResponse(ctx, 422, 'Validation failed', [{ property: 'invoiceId', message: 'Must be an integer' }]) };
	const record = ctx.sandbox.store.find('i3dnet', id);
	if (!record) return { error: errorResponse(ctx, 404, 'Invalid invoice ID') };
	return { record };
}

/** `GET /account/invoice/{invoiceId}` */
function details(ctx, match) {
	const { record, error } = findById(ctx, match[1]);
	return error || json(200, [ctx.sandbox.store.extra('i3dnet', Number(record.id))]);
}

/** `GET /account/invoice/number/{invoiceNumber}` */
function byNumber(ctx, match) {
	const number = safeDecode(match[1]);
	const record = ctx.sandbox.store.data.i3dnet.find((r) => r.invoiceNumber === number);
	if (!record) return errorResponse(ctx, 404, 'Invalid invoice number');
	return json(200, [ctx.sandbox.store.extra('i3dnet', Number(record.id))]);
}

/** `GET /account/invoice/{invoiceId}/pdf` (no Content-Disposition: the spec documents none) */
async function pdf(ctx, match) {
	const { record, error } = findById(ctx, match[1]);
	if (error) return error;
	return binary(200, /** @type {Buffer} */ (await pdfFor('i3dnet', record, ctx.sandbox.store)), 'application/pdf');
}

/**
 * What this API's invoice PDF shows, built from the same record the API returns (rendered by
 * pdf-models.js `pdfFor`, which the download endpoints and `sandbox.pdfBytes()` use).
 * @param {any} record @param {import('./data').DataStore} store @returns {import('./pdf').PdfModel | null}
 */
function pdfModel(record, store) {
	const d = store.extra('i3dnet', Number(record.id));
	if (!d) return null;
	const c = d.clientDetails;
	const k = d.companyDetails;
	return {
		title: d.isCredit ? 'CREDIT INVOICE' : 'INVOICE',
		number: d.invoiceNumber,
		issued: record.creationDate * 1000,
		due: record.dueDate * 1000,
		status: d.isCredit ? null : d.paymentStatus === 1 ? 'Paid' : 'Unpaid',
		seller: [k.name, k.address, `${k.zip} ${k.city}, ${k.country}`, k.phone, k.email, `IBAN ${k.iban} / BIC ${k.bic}`],
		buyer: [c.companyName, c.fullName, c.address, `${c.zip} ${c.city}, ${c.country}`, `VAT ${c.vatNumber}`, `Client number ${d.clientNumber}`],
		currency: d.currency,
		lines: d.items.map((item) => ({
			description: `${item.description} (${item.periodFrom} - ${item.periodTo})${item.remarks ? `\n${item.remarks}` : ''}`,
			quantity: item.quantity,
			unitPrice: Number(item.unitPrice) / 100,
			total: Number(item.amountExclVat) / 100,
		})),
		totals: [['Total excl. VAT', Number(d.amountExclVat) / 100], [`VAT ${d.vatPercentage}%`, Number(d.vatAmount) / 100], ['Total incl. VAT', Number(d.amountIncVat) / 100, true]],
		notes: [`Payment term ${d.paymentTerm} days. Reference ${d.invoiceHash}.`],
	};
}

/**
 * `sandbox.detail('i3dnet', id)`: the InvoiceDetails element of `GET /account/invoice/{id}`.
 * @param {import('./server').SandboxState} state @param {string|number} id
 */
function detail(state, id) {
	return state.store.find('i3dnet', id) ? state.store.extra('i3dnet', Number(id)) : undefined;
}

/**
 * `sandbox.setStatus('i3dnet', id, status)`: `paymentStatus` 1 ('paid', paid in full the day
 * after creation) or 0 ('unpaid', nothing paid), in the list record and its InvoiceDetails.
 * @param {import('./server').SandboxState} state @param {any} record @param {string} status
 */
function setStatus(state, record, status) {
	if (status !== 'paid' && status !== 'unpaid') throw new TypeError(`setStatus: i3D.net knows only paid and unpaid (paymentStatus 1 / 0), not ${status}`);
	const paid = status === 'paid';
	const change = {
		paymentStatus: paid ? 1 : 0,
		paymentDate: paid ? record.creationDate + 86400 : 0,
		remainingAmount: paid ? '0' : record.amountIncVAT,
		totalPaidAmount: paid ? record.amountIncVAT : '0',
	};
	Object.assign(record, change);
	const details = state.store.extra('i3dnet', Number(record.id));
	if (details) {
		details.paymentStatus = change.paymentStatus;
		details.paymentDate = change.paymentDate;
	}
}

/** @type {import('./routing').ProviderModule} */
module.exports = {
	name: 'i3dnet',
	errorResponse,
	authenticate,
	detail,
	pdfModel,
	setStatus,
	mounts: [{
		prefix: basePath,
		routes: [
			{ method: 'GET', pattern: /^\/account\/invoice$/, tags: ['list'], handle: listHandler(() => true) },
			{ method: 'GET', pattern: /^\/account\/invoice\/unpaid$/, tags: ['list'], handle: listHandler((r) => r.paymentStatus === 0 && r.isCredit === 0) },
			{ method: 'GET', pattern: /^\/account\/invoice\/number\/([^/]+)$/, handle: byNumber },
			{
				method: 'GET', pattern: /^\/account\/invoice\/([^/]+)\/pdf$/, tags: ['binary'], handle: pdf,
				file: (ctx, match) => ({ provider: 'i3dnet', id: match[1] }),
			},
			{ method: 'GET', pattern: /^\/account\/invoice\/([^/]+)$/, handle: details },
			{ method: 'GET', pattern: /^\/account\/details$/, handle: (ctx) => json(200, [ctx.sandbox.store.sets.i3dnet.account]) },
		],
		notFound: (ctx) => errorResponse(ctx, 404, 'Route not found', [], 10000),
		methodNotAllowed: (ctx) => errorResponse(ctx, 405, 'Method not allowed', [], 10000),
	}],
};

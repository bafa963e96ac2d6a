'use strict';

const { json, binary, attachment, param } = require('./http');
const { bearer } = require('./tokens');
const { paginate, resolvePage } = require('./laravel');
const { pdfFor, laravelMs } = require('./pdf-models');
const { makeZip } = require('./zip');
const { HOUR } = require('./dates');
const { basePath } = require('../providers').byKey.vpsbg;

/**
 * VPSBG (`/vpsbg/v1`, the registry's basePath): Laravel API. Bearer token; a read-only token may only GET.
 * Every response carries X-RateLimit-Limit (default 60) and X-RateLimit-Remaining: Laravel's
 * throttle, a fixed window that opens with the first request after the last one ended and
 * counts every request it lets through. By default it only counts (use a `status` 429 fault for
 * a refusal); with the option `vpsbg: { rateLimit: { enforce: true } }` it refuses as Laravel does:
 * 429 "Too Many Attempts." with Retry-After and X-RateLimit-Reset (a Unix time), which a 200
 * never carries. `limit` and `windowMs` size the window (default 60 per 60 000 ms).
 */

/** @typedef {import('./routing').RequestContext} RequestContext */

const PER_PAGE = 30;
const MESSAGES = {
	401: 'Unauthenticated.', 403: 'You do not have access to this resource', 404: 'No results found',
	422: 'The given data was invalid.', 423: 'The resource is locked at the moment', 429: 'Too Many Attempts.',
	500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** `createSandbox({ vpsbg: { rateLimit: { limit, windowMs, enforce } } })`. */
function options(raw = {}) {
	const rate = (raw && raw.rateLimit) || {};
	for (const [key, value] of Object.entries({ limit: rate.limit, windowMs: rate.windowMs })) {
		if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new TypeError(`createSandbox: vpsbg.rateLimit.${key} must be a positive integer`);
	}
	return { rateLimit: { limit: rate.limit ?? 60, windowMs: rate.windowMs ?? 60_000, enforce: rate.enforce === true } };
}

/** @param {RequestContext} ctx @param {number} status @param {string} [message] */
function errorResponse(ctx, status, message) {
	return json(status, { message: message ?? MESSAGES[status] ?? 'Server Error' });
}

/** @param {RequestContext} ctx */
function authenticate(ctx) {
	const token = bearer(ctx.headers);
	const { tokens } = ctx.sandbox;
	if (token && token === tokens.vpsbg) return null;
	if (token && token === tokens.vpsbgReadOnly) {
		return ctx.method === 'GET' || ctx.method === 'HEAD' ? null : errorResponse(ctx, 403);
	}
	return errorResponse(ctx, 401);
}

/** This API's per-sandbox state: the rate-limit window (`reset()` starts a fresh one). */
function init() {
	return { rate: { windowStart: 0, used: 0 } };
}

/** @param {ReturnType<typeof init>} own */
function reset(own) {
	own.rate = { windowStart: 0, used: 0 };
}

/**
 * Laravel's throttle, before anything else: counts the request in the current window, or (when
 * enforcing) refuses it once the window's limit is used up.
 * @param {RequestContext} ctx
 */
function throttle(ctx) {
	const { limit, windowMs, enforce } = ctx.sandbox.options.vpsbg.rateLimit;
	const rate = ctx.own.rate;
	const now = Date.now();
	if (now - rate.windowStart >= windowMs) {
		rate.windowStart = now;
		rate.used = 0;
	}
	if (enforce && rate.used >= limit) {
		ctx.rateLimited = true;
		ctx.throttled = true;
		return errorResponse(ctx, 429);
	}
	rate.used += 1;
	return null;
}

/** @param {RequestContext} ctx @param {import('./http').SandboxResponse} response */
function decorate(ctx, response) {
	const { limit, windowMs } = ctx.sandbox.options.vpsbg.rateLimit;
	const rate = ctx.own.rate;
	const remaining = ctx.rateLimited ? 0 : Math.max(0, limit - rate.used);
	// Laravel's spelling of the throttle headers
	response.headers['X-RateLimit-Limit'] = String(limit);
	response.headers['X-RateLimit-Remaining'] = String(remaining);
	if (ctx.rateLimited) {
		const resetAt = rate.windowStart + windowMs;
		response.headers['X-RateLimit-Reset'] = String(Math.ceil(resetAt / 1000));
		// The throttle's own refusal says when to come back (a `status` fault says what it is given).
		if (ctx.throttled) response.headers['Retry-After'] = String(Math.max(0, Math.ceil((resetAt - Date.now()) / 1000)));
	}
}

/** `GET /invoices?page=N` */
function list(ctx) {
	const page = ctx.faults.ignorePaging ? 1 : resolvePage(param(ctx.query, 'page'));
	return json(200, paginate({ items: ctx.sandbox.store.data.vpsbg, page, perPage: PER_PAGE, path: `${ctx.base}/invoices` }));
}

/** `GET /balance` */
function balance(ctx) {
	return json(200, ctx.sandbox.store.sets.vpsbg.account);
}

/** `POST /invoices/{id}/download` (empty body) */
async function downloadOne(ctx, match) {
	const record = /^\d+$/.test(match[1]) ? ctx.sandbox.store.find('vpsbg', match[1]) : undefined;
	if (!record) return errorResponse(ctx, 404);
	const pdf = await pdfFor('vpsbg', record, ctx.sandbox.store);
	return binary(200, /** @type {Buffer} */ (pdf), 'application/pdf', { 'content-disposition': attachment(`invoice-${record.invoice_number}.pdf`) });
}

/** Laravel's 422 body for one failed rule. */
function validationError(ctx, field, message) {
	return json(422, { message, errors: { [field]: [message] } });
}

/** `POST /invoices/download` with `{"invoices":[id,...]}` */
async function downloadMany(ctx) {
	const body = ctx.body && typeof ctx.body === 'object' ? /** @type {any} */ (ctx.body) : {};
	const ids = body.invoices;
	if (ids === undefined || ids === null || ids === '' || (Array.isArray(ids) && ids.length === 0)) {
		return validationError(ctx, 'invoices', 'The invoices field is required.');
	}
	if (!Array.isArray(ids)) return validationError(ctx, 'invoices', 'The invoices field must be an array.');
	for (const [i, id] of ids.entries()) {
		if (!(Number.isInteger(id) || (typeof id === 'string' && /^\d+$/.test(id)))) {
			return validationError(ctx, `invoices.${i}`, `The invoices.${i} field must be an integer.`);
		}
	}
	const records = [];
	for (const id of ids) {
		const record = ctx.sandbox.store.find('vpsbg', id);
		if (!record) return errorResponse(ctx, 404);
		if (!records.includes(record)) records.push(record);
	}
	const files = [];
	for (const record of records) {
		const bytes = /** @type {Buffer} */ (await pdfFor('vpsbg', record, ctx.sandbox.store));
		files.push({ name: `invoice-${record.invoice_number}.pdf`, bytes, mtime: laravelMs(record.created_at) + 15 * 3600_000 });
	}
	return binary(200, makeZip(files), 'application/zip', { 'content-disposition': attachment('invoices.zip') });
}

const VPSBG_SELLER = ['VPSBG.eu', 'Tsarigradsko shose 115', '1784 Sofia, Bulgaria', 'VAT BG205845178'];
const VPSBG_BUYER = ['Nordlicht Hosting B.V.', 'Keizersgracht 123', '1015 CJ Amsterdam, Netherlands', 'VAT NL853746190B01'];

/**
 * What this API's invoice PDF shows, built from the same record the API returns (rendered by
 * pdf-models.js `pdfFor`, which the download endpoints and `sandbox.pdfBytes()` use).
 * @param {any} record @param {import('./data').DataStore} store @returns {import('./pdf').PdfModel | null}
 */
function pdfModel(record, store) {
	const extra = store.extra('vpsbg', record.id) || { lines: [] };
	const vat = record.amount_with_vat - record.amount;
	return {
		title: record.type === 'proform' ? 'PROFORMA INVOICE' : 'INVOICE',
		number: record.invoice_number,
		issued: laravelMs(record.created_at) + 3 * HOUR, // the Sofia calendar day
		seller: VPSBG_SELLER,
		buyer: VPSBG_BUYER,
		currency: 'EUR',
		lines: extra.lines.map((line) => ({
			description: `${line.description} (order #${line.orderId})`, quantity: line.quantity, unitPrice: line.unitPrice, total: line.quantity * line.unitPrice,
		})),
		totals: [['Amount', record.amount], ['VAT 20%', vat], ['Total', record.amount_with_vat, true]],
		notes: record.type === 'proform' ? ['A proforma invoice is not a tax document. The VAT invoice follows after payment.'] : [],
	};
}

/** @type {import('./routing').ProviderModule} */
module.exports = {
	name: 'vpsbg',
	errorResponse,
	authenticate,
	throttle,
	decorate,
	options,
	init,
	reset,
	pdfModel,
	mounts: [{
		prefix: basePath,
		routes: [
			{ method: 'GET', pattern: /^\/invoices$/, tags: ['list'], handle: list },
			{ method: 'POST', pattern: /^\/invoices\/download$/, tags: ['binary'], handle: downloadMany },
			{
				method: 'POST', pattern: /^\/invoices\/([^/]+)\/download$/, tags: ['binary'], handle: downloadOne,
				file: (ctx, match) => ({ provider: 'vpsbg', id: match[1] }),
			},
			{ method: 'GET', pattern: /^\/balance$/, handle: balance },
		],
		notFound: (ctx) => json(404, { message: `The route v1${ctx.path} could not be found.` }),
		methodNotAllowed: (ctx, allowed) => json(405, {
			message: `The ${ctx.method} method is not supported for route v1${ctx.path}. Supported methods: ${allowed.join(', ')}.`,
		}),
	}],
};

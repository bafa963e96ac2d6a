'use strict';

const { json, param } = require('./http');
const { bearer } = require('./tokens');
const { resolvePage } = require('./laravel');
const { Rng } = require('./random');
const { currentDetails, legacyDetails, makeModel, breakdown } = require('./generators/northflank');
const { safeDecode } = require('./routing');
const { basePath } = require('../providers').byKey.northflank;

/**
 * Northflank (`/northflank/v1`, the registry's basePath): Bearer token; errors are `{"error":{"status","message","id"}}`;
 * every response carries x-ratelimit-limit (1000), x-ratelimit-remaining and x-ratelimit-reset
 * (seconds until the hourly window resets). Two API generations (sandbox option
 * `northflank.generation`):
 *   - 'current': list items with ids, cursor paging, `GET /billing/invoices/{id}`;
 *   - 'legacy':  list items without ids (`cursor` or `page`), `GET /billing/invoices/details?timestamp=`.
 * The last page omits `pagination.cursor` (the JS client loops while a cursor is present).
 */

/** @typedef {import('./routing').RequestContext} RequestContext */

const RATE_LIMIT = 1000;
const WINDOW_MS = 3600_000;
const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 100;
const MESSAGES = {
	400: 'Bad request', 401: 'Unauthorized: invalid API token', 403: 'Forbidden', 404: 'Not found',
	429: 'Too many requests, please try again later', 500: 'Internal server error', 502: 'Bad gateway',
	503: 'Service unavailable', 504: 'Gateway timeout',
};

/**
 * @param {RequestContext} ctx @param {number} status @param {string} [message] @param {object} [details]
 */
function errorResponse(ctx, status, message, details) {
	const error = { status, message: message ?? MESSAGES[status] ?? 'Error', id: ctx.own.nextErrorId() };
	return json(status, { error: details ? { ...error, details } : error });
}

/** @param {RequestContext} ctx */
function authenticate(ctx) {
	return bearer(ctx.headers) === ctx.sandbox.tokens.northflank ? null : errorResponse(ctx, 401);
}

/**
 * This API's sandbox option `northflank: { generation }`: 'current' (default) or 'legacy'.
 * @param {{ generation?: string } | undefined} raw
 */
function options(raw) {
	const generation = (raw && raw.generation) || 'current';
	if (generation !== 'current' && generation !== 'legacy') throw new TypeError("createSandbox: northflank.generation must be 'current' or 'legacy'");
	return { generation };
}

/**
 * This API's per-sandbox state: seeded error ids (they go on across `reset()`), the cursor salt,
 * the last cursor sent (for `repeatCursor`) and the hourly rate-limit window.
 * @param {import('./server').SandboxState} state
 */
function init(state) {
	const errorIds = Rng.for(state.options.seed, 'northflank:error-ids');
	return {
		nextErrorId: () => errorIds.uuid(),
		cursorSalt: Rng.for(state.options.seed, 'northflank:cursor').hex(8),
		/** @type {string|undefined} */
		lastCursor: undefined,
		rate: { windowStart: 0, used: 0 },
	};
}

/** `reset()`: forget the last cursor, start a fresh rate-limit window. @param {ReturnType<typeof init>} own */
function reset(own) {
	own.lastCursor = undefined;
	own.rate = { windowStart: 0, used: 0 };
}

/** @param {RequestContext} ctx @param {import('./http').SandboxResponse} response */
function decorate(ctx, response) {
	const rate = ctx.own.rate;
	const now = Date.now();
	if (!rate.windowStart || now - rate.windowStart >= WINDOW_MS) {
		rate.windowStart = now;
		rate.used = 0;
	}
	rate.used += 1;
	const reset = ctx.rateLimitReset ?? Math.max(0, Math.ceil((rate.windowStart + WINDOW_MS - now) / 1000));
	response.headers['x-ratelimit-limit'] = String(RATE_LIMIT);
	response.headers['x-ratelimit-remaining'] = String(ctx.rateLimited ? 0 : Math.max(0, RATE_LIMIT - rate.used));
	response.headers['x-ratelimit-reset'] = String(reset);
}

/** Opaque cursor: base64url of offset and a per-sandbox salt. */
function encodeCursor(ctx, offset) {
	return Buffer.from(`${offset}.${ctx.own.cursorSalt}`).toString('base64url');
}

/** @returns {number|null} the offset, or null when the cursor is not one of ours */
function decodeCursor(ctx, cursor) {
	const match = /^(\d{1,9})\.([0-9a-f]+)$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
	return match && match[2] === ctx.own.cursorSalt ? Number(match[1]) : null;
}

/** `GET /billing/invoices?per_page&cursor` (legacy also `page`) */
function list(ctx) {
	const legacy = ctx.sandbox.options.northflank.generation === 'legacy';
	const perPageText = param(ctx.query, 'per_page') ?? param(ctx.query, 'perPage');
	let perPage = DEFAULT_PER_PAGE;
	if (perPageText !== undefined) {
		if (!/^\d+$/.test(perPageText)) return errorResponse(ctx, 400, 'Validation error: per_page must be an integer', { per_page: ['must be an integer'] });
		perPage = Number(perPageText);
		if (perPage < 1) return errorResponse(ctx, 400, 'Validation error: per_page must be greater than or equal to 1', { per_page: ['must be >= 1'] });
		if (perPage > MAX_PER_PAGE) return errorResponse(ctx, 400, `Validation error: per_page must be less than or equal to ${MAX_PER_PAGE}`, { per_page: [`must be <= ${MAX_PER_PAGE}`] });
	}
	const cursor = param(ctx.query, 'cursor');
	const pageText = param(ctx.query, 'page');
	let offset = 0;
	if (!ctx.faults.ignorePaging) {
		if (cursor !== undefined && cursor !== '') {
			const decoded = decodeCursor(ctx, cursor);
			if (decoded === null) return errorResponse(ctx, 400, 'Invalid cursor', { cursor: ['is not a valid cursor'] });
			offset = decoded;
		} else if (legacy && pageText !== undefined) {
			offset = (resolvePage(pageText) - 1) * perPage;
		}
	}
	const all = ctx.sandbox.store.data.northflank;
	const invoices = all.slice(offset, offset + perPage);
	const hasNextPage = offset + invoices.length < all.length;
	/** @type {{ hasNextPage: boolean, cursor?: string, count: number }} */
	let pagination = hasNextPage
		? { hasNextPage, cursor: encodeCursor(ctx, offset + invoices.length), count: invoices.length }
		: { hasNextPage, count: invoices.length };
	if (ctx.faults.repeatCursor) {
		const repeated = ctx.own.lastCursor ?? (cursor || pagination.cursor);
		if (repeated) pagination = { hasNextPage: true, cursor: repeated, count: invoices.length };
	}
	if (pagination.cursor) ctx.own.lastCursor = pagination.cursor;
	return json(200, { data: { invoices }, pagination });
}

/** `GET /billing/invoices/{invoiceId}` (current generation) */
function show(ctx, match) {
	if (ctx.sandbox.options.northflank.generation === 'legacy') return errorResponse(ctx, 404);
	const id = safeDecode(match[1]);
	const model = ctx.sandbox.store.data.northflank.some((r) => r.id === id) ? ctx.sandbox.store.extra('northflank', id) : undefined;
	if (!model) return errorResponse(ctx, 404, `Invoice ${id} not found`);
	const data = currentDetails(model);
	const resources = data.paasUsage.teams.flatMap((t) => t.projects.flatMap((p) => p.resourceTypes.flatMap((rt) => rt.resources)));
	return json(200, { data, pagination: { hasNextPage: false, count: resources.length } });
}

/** `GET /billing/invoices/details?timestamp=T` (legacy generation) */
function legacyDetailsRoute(ctx, match) {
	if (ctx.sandbox.options.northflank.generation !== 'legacy') return show(ctx, /** @type {any} */ (['', 'details']));
	const text = param(ctx.query, 'timestamp');
	const models = [...ctx.sandbox.store.sets.northflank.extras.values()];
	if (text === undefined || text === '') return json(200, { data: legacyDetails(preview(ctx, models)) });
	if (!/^\d+$/.test(text)) return errorResponse(ctx, 400, 'Validation error: timestamp must be an integer', { timestamp: ['must be an integer'] });
	const timestamp = Number(text);
	const model = models.find((m) => m.period.start <= timestamp && timestamp <= m.period.end);
	return model ? json(200, { data: legacyDetails(model) }) : errorResponse(ctx, 404, 'No invoice found for this timestamp');
}

/** The current, not yet invoiced period (legacy details without timestamp). */
function preview(ctx, models) {
	const start = Math.max(1655910214, ...models.map((m) => m.period.end)) + 1;
	const model = makeModel(Rng.for(ctx.sandbox.options.seed, 'northflank:preview'), 'preview', { start, end: start + 30 * 86400 - 1 }, { paid: false, carried: false });
	model.teams = breakdown(ctx.sandbox.options.seed, model);
	return model;
}

const TEAM = '(?:teams\\/[^/]+\\/)?';

/**
 * `sandbox.detail('northflank', id)`: current → `data` of `GET /billing/invoices/{id}`; legacy →
 * `data` of `/billing/invoices/details?timestamp=<id>` (id = any unix second inside the period).
 * @param {import('./server').SandboxState} state @param {string|number} id
 */
function detail(state, id) {
	const models = [...state.store.sets.northflank.extras.values()];
	if (state.options.northflank.generation === 'legacy') {
		const model = models.find((m) => m.period.start <= Number(id) && Number(id) <= m.period.end);
		return model && legacyDetails(model);
	}
	const model = state.store.extra('northflank', String(id));
	return model && currentDetails(model);
}

/**
 * `sandbox.setStatus('northflank', id, status)`: `paid` true ('paid') or false ('unpaid'), in the
 * list item (current generation; legacy items have no `paid`) and in the details.
 * @param {import('./server').SandboxState} state @param {any} record @param {string} status
 */
function setStatus(state, record, status) {
	if (status !== 'paid' && status !== 'unpaid') throw new TypeError(`setStatus: Northflank knows only paid and unpaid (paid true / false), not ${status}`);
	const paid = status === 'paid';
	if ('paid' in record) record.paid = paid;
	const model = record.id !== undefined
		? state.store.extra('northflank', record.id)
		: [...state.store.sets.northflank.extras.values()].find((m) => m.period.start === record.period.start && m.period.end === record.period.end);
	if (model) model.paid = paid;
}

/** @type {import('./routing').ProviderModule} */
module.exports = {
	name: 'northflank',
	errorResponse,
	authenticate,
	decorate,
	options,
	init,
	reset,
	detail,
	setStatus,
	mounts: [{
		prefix: basePath,
		routes: [
			{ method: 'GET', pattern: new RegExp(`^\\/${TEAM}billing\\/invoices$`), tags: ['list'], handle: list },
			{ method: 'GET', pattern: new RegExp(`^\\/${TEAM}billing\\/invoices\\/details$`), handle: legacyDetailsRoute },
			{ method: 'GET', pattern: new RegExp(`^\\/${TEAM}billing\\/invoices\\/([^/]+)$`), handle: show },
		],
		notFound: (ctx) => errorResponse(ctx, 404),
		methodNotAllowed: (ctx) => errorResponse(ctx, 405, 'Method not allowed'),
	}],
};

'use strict';

const zlib = require('zlib');
const registry = require('../providers');
const { json, html } = require('./http');
const { resolveRoute, safeDecode } = require('./routing');

/**
 * Hostile and broken API behaviour (issue 8), as fault kinds on top of faults.js. Each kind
 * occupies a slot of its own (see faults.js SLOT), so it combines with the classic kinds:
 *
 *   before    deleteRecord   an invoice disappears just before this request is answered
 *   request   otherRecord    the request is answered as if it named another invoice
 *   envelope  laravelFlat    Laravel's plain paginate()->toArray() instead of the resource collection
 *             dropPaginator  the list's paging facts are gone (or garbled)
 *             dropCursor     hasNextPage: true, but no cursor
 *   total     inflateTotal   the reported total is larger than the list
 *   rewrite   renumber       invoices get the given numbers, in every JSON answer
 *   terminal  echoKey        an error that echoes the key sent, in an encoding of choice
 *   delivery  trickle        the headers, then the body a few bytes at a time
 *             stall          the headers, then nothing
 *             endless        the headers, then a body without end (or until maxBytes)
 *             oversize       a finite body of `bytes` bytes (with its Content-Length)
 *             gzipBomb       Content-Encoding: gzip; a small body that inflates to `bytes`
 */

/** @typedef {import('./faults').Fault} Fault @typedef {import('./routing').RequestContext} RequestContext */

const WITH_NUMBERS = registry.PROVIDERS.filter((p) => p.numberField && p.pdf).map((p) => p.key);
/** The APIs whose lists report their size and are paged by number: VPSBG, WiseCP, PPH (paged). */
const WITH_TOTAL = registry.PROVIDERS.filter((p) => p.paging === 'page').map((p) => p.key);
/** The Laravel APIs (resource collections): VPSBG and PPH (when paged). */
const LARAVEL = ['vpsbg', 'pph'];
const CURSOR_PAGED = registry.PROVIDERS.filter((p) => p.paging === 'cursor').map((p) => p.key);
const EVERY_API = [...registry.PROVIDER_KEYS, 'files'];

/** Kind → slot, route tag needed, providers it applies to. */
const KINDS = {
	deleteRecord: { slot: 'before', tag: 'list', only: registry.PROVIDER_KEYS },
	otherRecord: { slot: 'request', only: registry.PROVIDER_KEYS },
	laravelFlat: { slot: 'envelope', tag: 'list', only: LARAVEL },
	dropPaginator: { slot: 'envelope', tag: 'list', only: WITH_TOTAL },
	dropCursor: { slot: 'envelope', tag: 'list', only: CURSOR_PAGED },
	inflateTotal: { slot: 'total', tag: 'list', only: WITH_TOTAL },
	renumber: { slot: 'rewrite', only: WITH_NUMBERS },
	echoKey: { slot: 'terminal', only: EVERY_API },
	trickle: { slot: 'delivery', only: EVERY_API },
	stall: { slot: 'delivery', only: EVERY_API },
	endless: { slot: 'delivery', only: EVERY_API },
	oversize: { slot: 'delivery', only: EVERY_API },
	gzipBomb: { slot: 'delivery', only: EVERY_API },
};

const MiB = 1024 * 1024;

// ---------------------------------------------------------------- before / request

/**
 * `deleteRecord` (`count` = 1, `index` = 0 in API order, or `id`): removes invoices from the data
 * set before this request is answered; the removed records are kept on the fault (`removed`).
 * @param {any} state @param {RequestContext} ctx @param {Fault} fault
 */
function deleteRecords(state, ctx, fault) {
	const records = state.store.data[ctx.provider];
	const { id, count = 1 } = fault.params;
	const index = id !== undefined ? records.findIndex((record) => registry.byKey[ctx.provider].idOf(record) === String(id)) : (fault.params.index ?? 0);
	if (index < 0 || index >= records.length) throw new Error(`deleteRecord: no ${ctx.provider} record ${id ?? index}`);
	fault.removed = [...(fault.removed ?? []), ...records.splice(index, count)];
}

/**
 * `otherRecord` (`from`, `to`): every path segment and query value equal to `from` reads `to`,
 * so the API answers about another invoice (the log keeps what was asked). Returns the route
 * for the rewritten path.
 * @param {RequestContext} ctx @param {any} mount @param {Fault} fault
 */
function rewriteRequest(ctx, mount, fault) {
	const from = String(fault.params.from);
	const to = String(fault.params.to);
	ctx.path = ctx.path.split('/').map((segment) => (safeDecode(segment) === from ? encodeURIComponent(to) : segment)).join('/');
	ctx.query = Object.fromEntries(Object.entries(ctx.query).map(([key, value]) => [key, value === from ? to : value]));
	return resolveRoute(mount.routes, ctx.method, ctx.path);
}

// ---------------------------------------------------------------- JSON rewrites

const PAGING_KEYS = ['links', 'meta', 'current_page', 'last_page', 'next_page_url', 'prev_page_url', 'first_page_url', 'last_page_url', 'from', 'to', 'per_page', 'path', 'total', 'next_page', 'page', 'limit'];

/** Laravel's `paginate()->toArray()` made from a resource collection. */
function flatten(body) {
	const { data, links, meta } = body;
	if (!meta || !links || Array.isArray(links)) throw new Error('laravelFlat: the answer is not a Laravel resource collection (is PPH paged?)');
	return {
		current_page: meta.current_page,
		data,
		first_page_url: links.first,
		from: meta.from,
		last_page: meta.last_page,
		last_page_url: links.last,
		links: meta.links.map((link) => ({ ...link, label: link.label.replace('«', '&laquo;').replace('»', '&raquo;') })),
		next_page_url: links.next,
		path: meta.path,
		per_page: meta.per_page,
		prev_page_url: links.prev,
		to: meta.to,
		total: meta.total,
	};
}

/** @param {any} body @param {Fault} fault */
function envelope(body, fault) {
	switch (fault.kind) {
		case 'laravelFlat':
			return flatten(body);
		case 'dropPaginator': {
			if (fault.params.garble) {
				// still there, but unreadable: the page number as words
				if (body.meta) body.meta.current_page = 'two';
				else if ('current_page' in body) body.current_page = 'two';
				else body.next_page = 'more';
				return body;
			}
			for (const key of PAGING_KEYS) delete body[key];
			return body;
		}
		case 'dropCursor':
			if (body.pagination && body.pagination.hasNextPage) delete body.pagination.cursor;
			return body;
		default:
			throw new Error(`unhandled envelope kind ${fault.kind}`);
	}
}

/** `inflateTotal` (`by` = 1): the reported total, wherever the answer has it, grows by `by`. */
function inflate(body, fault) {
	const by = Number(fault.params.by ?? 1);
	if (body.meta && typeof body.meta.total === 'number') body.meta.total += by;
	else if (typeof body.total === 'number') body.total += by;
	else throw new Error('inflateTotal: the answer reports no total');
	return body;
}

/**
 * `renumber` (`numbers`: id → number): every object of the answer whose id is a key gets that
 * number in the provider's number field (the registry's numberField).
 */
function renumber(provider, body, fault) {
	const { idOf, numberField } = registry.byKey[provider];
	const numbers = fault.params.numbers || {};
	const visit = (value) => {
		if (Array.isArray(value)) value.forEach(visit);
		else if (value && typeof value === 'object') {
			const id = value.id !== undefined ? idOf(value) : undefined;
			if (id !== undefined && Object.hasOwn(numbers, id)) value[numberField] = numbers[id];
			Object.values(value).forEach(visit);
		}
	};
	visit(body);
	return body;
}

/**
 * The JSON rewrites of one answer (envelope, then total, then numbers). Records are copied
 * first: the sandbox's live data stays as it is.
 * @param {RequestContext} ctx @param {import('./http').SandboxResponse} response @param {Record<string, Fault|undefined>} picked
 */
function rewriteResponse(ctx, response, picked) {
	const faults = [picked.envelope, picked.total, picked.rewrite].filter(Boolean);
	if (faults.length === 0 || !/json/.test(response.headers['content-type'] || '') || response.status >= 400) return response;
	let body = JSON.parse(response.body.toString('utf8'));
	if (picked.envelope) body = envelope(body, picked.envelope);
	if (picked.total) body = inflate(body, picked.total);
	if (picked.rewrite) body = renumber(ctx.provider, body, picked.rewrite);
	return { ...response, body: Buffer.from(JSON.stringify(body)) };
}

// ---------------------------------------------------------------- echoKey

/** @type {Record<string, (key: string) => string>} */
const ENCODINGS = {
	verbatim: (key) => key,
	url: (key) => encodeURIComponent(key),
	urlLower: (key) => encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
	form: (key) => new URLSearchParams({ k: key }).toString().slice(2),
	doubleUrl: (key) => encodeURIComponent(encodeURIComponent(key)),
	base64: (key) => Buffer.from(key).toString('base64'),
	base64url: (key) => Buffer.from(key).toString('base64url'),
	bearerBase64: (key) => Buffer.from(`Bearer ${key}`).toString('base64'),
	basicAuth: (key) => Buffer.from(`api:${key}`).toString('base64'),
	json: (key) => JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
	htmlEntities: (key) => [...key].map((char) => (/[A-Za-z0-9]/.test(char) ? char : `&#x${char.codePointAt(0).toString(16)};`)).join(''),
	hex: (key) => Buffer.from(key).toString('hex'),
};

/** The key the request carried (the provider's auth header), else the sandbox's token for it. */
function sentKey(state, ctx) {
	const spec = registry.PROVIDERS.find((p) => p.key === ctx.provider);
	if (spec) {
		const value = ctx.headers[spec.authHeader];
		if (typeof value === 'string' && value) return spec.authScheme ? value.replace(new RegExp(`^${spec.authScheme}\\s+`, 'i'), '') : value;
	}
	return state.tokens[ctx.provider === 'files' ? registry.PROVIDER_KEYS[0] : ctx.provider];
}

/**
 * `echoKey` (`encoding` of ENCODINGS, `where`, `status`): an answer that quotes the key.
 *   body          the provider's own error body (default 401; WiseCP-like APIs: any status)
 *   json200       a 200 JSON `{message}` (where a file was expected, the node quotes it)
 *   html          an HTML page whose title quotes a URL with the key (default status 500)
 *   location      a redirect (default 302) to the other origin, the key in the query
 *   hostLocation  a redirect to a host named after the key (for keys that can be host names)
 * @param {any} state @param {RequestContext} ctx @param {any} mount @param {Fault} fault
 */
function echoResponse(state, ctx, mount, fault) {
	const p = fault.params;
	const encode = ENCODINGS[p.encoding ?? 'verbatim'];
	if (!encode) throw new TypeError(`echoKey: unknown encoding "${p.encoding}" (expected one of ${Object.keys(ENCODINGS).join(', ')})`);
	const echoed = encode(sentKey(state, ctx));
	switch (p.where ?? 'body') {
		case 'body':
			return mount.module.errorResponse(ctx, p.status ?? 401, `Refused token=${echoed} for this call`);
		case 'json200':
			return json(200, { message: `Session ${echoed} has expired, sign in again` });
		case 'html':
			return html(p.status ?? 500, `<html><head><title>Not here: https://cdn.example/?a=1&amp;token=${echoed}</title></head><body>Gone</body></html>`);
		case 'location':
		case 'hostLocation': {
			const location = p.where === 'location'
				? `${state.otherUrl}/elsewhere/login?next=%2Finvoices&token=${echoed}`
				: `https://${echoed.toLowerCase()}.evil.example/?k=${echoed}`;
			return { status: p.status ?? 302, headers: { location, 'content-type': 'text/html; charset=UTF-8' }, body: Buffer.from(`<a href="${location}">moved</a>`) };
		}
		default:
			throw new TypeError(`echoKey: unknown where "${p.where}"`);
	}
}

// ---------------------------------------------------------------- delivery

/** The start of an endless or bomb body: the answer's first bytes when it has some, so it looks right. */
function startOf(response) {
	const type = response.headers['content-type'] || '';
	if (/json/.test(type)) return Buffer.from('{"data":[');
	if (/pdf/.test(type)) return Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n');
	return response.body.subarray(0, 16);
}

/** Headers of the answer without its length and encoding (the delivery sets its own). */
function headersOf(response, extra = {}) {
	const headers = { ...response.headers, ...extra };
	delete headers['content-length'];
	return headers;
}

/** @param {any} state @param {() => void} fn @param {number} ms */
function later(state, fn, ms) {
	const timer = setTimeout(() => {
		state.timers.delete(timer);
		fn();
	}, ms);
	state.timers.add(timer);
	return timer;
}

/** `trickle` (`ms` = 100, `bytes` = 1): the full Content-Length, then `bytes` bytes every `ms`. */
function trickle(state, res, response, fault) {
	const ms = Number(fault.params.ms ?? 100);
	const step = Number(fault.params.bytes ?? 1);
	res.writeHead(response.status, { ...headersOf(response), 'content-length': String(response.body.length) });
	res.flushHeaders();
	let offset = 0;
	const tick = () => {
		if (res.destroyed) return;
		const chunk = response.body.subarray(offset, offset + step);
		offset += chunk.length;
		if (offset >= response.body.length) return void res.end(chunk);
		res.write(chunk);
		later(state, tick, ms);
	};
	later(state, tick, ms);
}

/** `stall`: the headers (full Content-Length), then silence until the client gives up. */
function stall(state, res, response) {
	res.writeHead(response.status, { ...headersOf(response), 'content-length': String(response.body.length) });
	res.flushHeaders();
}

/**
 * `endless` (`ms` = 0: as fast as the client reads, else one chunk every `ms`; `chunkBytes` =
 * 64 KiB; `maxBytes` = 4 GiB, a safety stop) and `oversize` (`bytes`: a finite body, with its
 * Content-Length). Counts what it wrote on the fault (`written`).
 */
function flood(state, res, response, fault) {
	const finite = fault.kind === 'oversize';
	const total = finite ? Number(fault.params.bytes ?? 60 * MiB) : Number(fault.params.maxBytes ?? 4096 * MiB);
	const ms = Number(fault.params.ms ?? 0);
	const start = startOf(response);
	const filler = Buffer.alloc(Number(fault.params.chunkBytes ?? 64 * 1024), /json/.test(response.headers['content-type'] || '') ? ' ' : '0');
	res.writeHead(response.status, headersOf(response, finite ? { 'content-length': String(total) } : {}));
	fault.written = 0;
	let first = true;
	const pump = () => {
		while (!res.destroyed && fault.written < total) {
			let chunk = first ? Buffer.concat([start, filler]) : filler;
			first = false;
			if (chunk.length > total - fault.written) chunk = chunk.subarray(0, total - fault.written);
			fault.written += chunk.length;
			const more = res.write(chunk);
			if (fault.written >= total) return void res.end();
			if (ms > 0) return void later(state, pump, ms);
			if (!more) return void res.once('drain', pump);
		}
	};
	pump();
}

/** Compressed bombs by content and size, made once per process (a 1 GiB one takes a few seconds). */
const bombs = new Map();

/** gzip of `start` followed by spaces or zeros up to `bytes`, streamed through zlib (never held inflated). */
function bomb(start, fillByte, bytes) {
	const key = `${start.toString('hex')}:${fillByte}:${bytes}`;
	if (!bombs.has(key)) {
		bombs.set(key, new Promise((resolve, reject) => {
			const gzip = zlib.createGzip({ level: 9 });
			const out = [];
			gzip.on('data', (chunk) => out.push(chunk));
			gzip.on('end', () => resolve(Buffer.concat(out)));
			gzip.on('error', reject);
			const filler = Buffer.alloc(MiB, fillByte);
			let left = bytes - start.length;
			gzip.write(start);
			const pump = () => {
				while (left > 0) {
					const chunk = left >= filler.length ? filler : filler.subarray(0, left);
					left -= chunk.length;
					if (!gzip.write(chunk)) return void gzip.once('drain', pump);
				}
				gzip.end();
			};
			pump();
		}));
	}
	return bombs.get(key);
}

/** `gzipBomb` (`bytes` = 64 MiB inflated): Content-Encoding: gzip; a body that inflates to `bytes`. */
async function gzipBomb(state, res, response, fault) {
	const isJson = /json/.test(response.headers['content-type'] || '');
	const compressed = await bomb(startOf(response), isJson ? ' ' : '0', Number(fault.params.bytes ?? 64 * MiB));
	fault.compressedBytes = compressed.length;
	if (res.destroyed) return;
	res.writeHead(response.status, headersOf(response, { 'content-encoding': 'gzip', 'content-length': String(compressed.length) }));
	res.end(compressed);
}

/**
 * Sends an answer the way a `delivery` fault says.
 * @param {any} state @param {import('http').ServerResponse} res @param {any} entry
 * @param {import('./http').SandboxResponse} response @param {Fault} fault
 */
async function deliver(state, res, entry, response, fault) {
	entry.status = response.status;
	if (res.destroyed) return;
	switch (fault.kind) {
		case 'trickle':
			return trickle(state, res, response, fault);
		case 'stall':
			return stall(state, res, response);
		case 'endless':
		case 'oversize':
			return flood(state, res, response, fault);
		case 'gzipBomb':
			return await gzipBomb(state, res, response, fault);
		default:
			throw new Error(`unhandled delivery kind ${fault.kind}`);
	}
}

module.exports = { KINDS, ENCODINGS, deleteRecords, rewriteRequest, rewriteResponse, echoResponse, deliver, bomb };

'use strict';

const http = require('http');
const registry = require('../providers');
const { DataStore, PROVIDERS, DEFAULT_COUNTS } = require('./data');
const { FaultQueue } = require('./faults');
const { makeTokens } = require('./tokens');
const { json, html, nginxPage, cloudflarePage, loginPage, readBody, parseBody, queryObject } = require('./http');
const { resolveRoute } = require('./routing');
const { pdfFor } = require('./pdf-models');
const hostile = require('./hostile');

/**
 * The loopback sandbox: one HTTP server speaking the invoice APIs of the provider registry
 * (test/providers.js), one module per API (`sandbox.api` of its entry), see README.md.
 *
 * Requests whose Host is `localhost:PORT` count as the "other origin" (`origin: 'other'` in the
 * request log); everything else (normally `127.0.0.1:PORT`) is the primary origin. Both reach
 * the same routes, so files can be served "elsewhere" and tests can check which credentials
 * were sent there.
 */

/** @type {Record<string, import('./routing').ProviderModule>} the registry's API modules, then the file server */
const MODULES = {
	...Object.fromEntries(registry.PROVIDERS.map((p) => {
		const module = require(`./${p.sandbox.api}`);
		if (module.name !== p.key) throw new Error(`test/sandbox/${p.sandbox.api}.js serves "${module.name}", not ${p.key}`);
		return [p.key, module];
	})),
	files: require('./files'),
};

/** Mount points, longest prefix first ("/wisecp/api" before "/wisecp"). */
const MOUNTS = Object.values(MODULES)
	.flatMap((module) => module.mounts.map((mount) => ({ ...mount, module })))
	.sort((a, b) => b.prefix.length - a.prefix.length);

/** Where each API is served (the credentials' Base URL paths): the registry's `basePath`s. */
const BASE_PATHS = Object.fromEntries(registry.PROVIDERS.map((p) => [p.key, p.basePath]));

/**
 * Besides these, an API module may take an option of its own under its key (its `options(raw)`),
 * e.g. `pph: { paginate }`, `northflank: { generation }`; resolved, it is `options[key]`.
 * @typedef {import('./data').Provider} Provider
 * @typedef {import('./tokens').Tokens} Tokens
 * @typedef {{
 *   port?: number, host?: string, seed?: number|string, counts?: Partial<Record<Provider, number>>,
 *   tokens?: Partial<Tokens>, latencyMs?: number, [provider: string]: any
 * }} SandboxOptions
 * @typedef {{
 *   port: number, host: string, seed: number|string, counts: Record<Provider, number>, latencyMs: number, [provider: string]: any
 * }} ResolvedOptions
 * @typedef {{
 *   provider: string|null, method: string, path: string, query: Record<string, string|string[]>,
 *   headers: Record<string, string|string[]|undefined>, body: unknown, origin: 'primary'|'other',
 *   status: number|null, faults: string[], inFlight: number
 * }} LoggedRequest  `inFlight`: the requests to the same path not yet answered when this one arrived, itself included
 * @typedef {{
 *   options: ResolvedOptions, tokens: Tokens, store: DataStore, url: string, otherUrl: string,
 *   baseUrls: Record<Provider, string>, requests: LoggedRequest[], faults: FaultQueue,
 *   own: Record<string, any>, timers: Set<NodeJS.Timeout>, open: Set<LoggedRequest>
 * }} SandboxState  `own[module]`: each API module's own state (its `init`/`reset`)
 * @typedef {import('./faults').FaultSpec} FaultSpec
 * @typedef {import('./faults').Fault} Fault
 */

/** @param {SandboxOptions} options @returns {ResolvedOptions} */
function resolveOptions(options) {
	const counts = { ...DEFAULT_COUNTS, ...(options.counts || {}) };
	for (const [provider, count] of Object.entries(counts)) {
		if (!PROVIDERS.includes(/** @type {any} */ (provider))) throw new TypeError(`createSandbox: unknown provider in counts: ${provider}`);
		if (!Number.isInteger(count) || count < 0) throw new TypeError(`createSandbox: counts.${provider} must be a non-negative integer`);
	}
	/** @type {Record<string, any>} the API modules' own options, e.g. `pph: { paginate }` */
	const apiOptions = {};
	for (const [key, module] of Object.entries(MODULES)) if (module.options) apiOptions[key] = module.options(options[key]);
	const host = options.host ?? '127.0.0.1';
	if (/^localhost$/i.test(host)) throw new TypeError("createSandbox: host must not be 'localhost' (that name is the other origin)");
	const latencyMs = options.latencyMs ?? 0;
	if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new TypeError('createSandbox: latencyMs must be a number of 0 or more');
	return {
		port: options.port ?? 0,
		host,
		seed: options.seed ?? 1,
		counts,
		latencyMs,
		...apiOptions,
	};
}

/** @param {http.Server} server @param {number} port @param {string} host */
function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({ port, host, ipv6Only: host.includes(':') }, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
}

/**
 * Starts the sandbox.
 * @param {SandboxOptions} [options]
 */
async function createSandbox(options = {}) {
	const opts = resolveOptions(options);
	/** @type {SandboxState} */
	const state = /** @type {any} */ ({ options: opts, requests: [], timers: new Set(), open: new Set() });
	const handler = (req, res) => {
		handle(state, req, res).catch((error) => {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(String(error && error.stack || error));
			}
		});
	};
	const server = http.createServer(handler);
	await listen(server, opts.port, opts.host);
	const port = /** @type {import('net').AddressInfo} */ (server.address()).port;
	const servers = [server];
	// "localhost" may resolve to ::1; listen there too so the other origin always works.
	if (opts.host === '127.0.0.1') {
		const v6 = http.createServer(handler);
		try {
			await listen(v6, port, '::1');
			servers.push(v6);
		} catch {
			// no IPv6 loopback here: localhost resolves to 127.0.0.1 anyway
		}
	}

	const urlHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
	const url = `http://${urlHost}:${port}`;
	const otherUrl = `http://localhost:${port}`;
	const baseUrls = /** @type {Record<Provider, string>} */ (Object.fromEntries(PROVIDERS.map((p) => [p, `${url}${BASE_PATHS[p]}`])));
	Object.assign(state, {
		tokens: makeTokens(opts.seed, options.tokens),
		url,
		otherUrl,
		baseUrls,
		faults: new FaultQueue(Object.keys(MODULES)),
		store: new DataStore({ seed: opts.seed, counts: opts.counts, ctx: { url, otherUrl, baseUrls, options: opts } }),
	});
	state.own = Object.fromEntries(Object.entries(MODULES).map(([key, module]) => [key, module.init ? module.init(state) : {}]));

	let closing = null;
	const sandbox = {
		/** Primary origin, e.g. "http://127.0.0.1:40123". */
		url,
		/** The other origin, "http://localhost:PORT". */
		otherUrl,
		port,
		baseUrls,
		tokens: state.tokens,
		/** Live data sets in API order (reset() refills them in place). */
		data: state.store.data,
		/** Live request log (reset() empties it in place). */
		requests: state.requests,
		options: opts,

		/**
		 * Queues a fault for a provider (a registry key, or 'files' for the file server).
		 * @param {string} provider @param {FaultSpec} spec @returns {Fault}
		 */
		fault: (provider, spec) => state.faults.add(provider, spec),
		clearFaults: () => state.faults.clear(),

		/** Empties the request log, drops faults, restores all data, counters and cursors. */
		reset() {
			// A slow reply whose client gave up would otherwise land in the next test.
			for (const timer of state.timers) clearTimeout(timer);
			state.timers.clear();
			state.requests.length = 0;
			state.faults.clear();
			state.store.reset();
			for (const [key, module] of Object.entries(MODULES)) if (module.reset) module.reset(state.own[key]);
		},

		/** `http://localhost:PORT` + path. @param {string} path */
		otherOriginUrl: (path) => `${otherUrl}${path.startsWith('/') ? '' : '/'}${path}`,

		/**
		 * URL of the plain file server copy of an invoice PDF.
		 * @param {Provider} provider @param {string|number} id @param {{ other?: boolean }} [options]
		 */
		fileUrl: (provider, id, { other = false } = {}) => `${other ? otherUrl : url}/files/${provider}/${encodeURIComponent(String(id))}.pdf`,

		/**
		 * The exact PDF bytes the sandbox serves for an invoice (a copy). null when that invoice has
		 * no PDF (an API without PDFs, Northflank; WiseCP invoices that are not formalized). Throws
		 * for unknown ids.
		 * @param {Provider} provider @param {string|number} id @returns {Promise<Buffer|null>}
		 */
		async pdfBytes(provider, id) {
			if (!PROVIDERS.includes(provider)) throw new TypeError(`pdfBytes: unknown provider ${provider}`);
			if (!registry.byKey[provider].pdf) return null;
			const record = state.store.find(provider, id);
			if (!record) throw new Error(`pdfBytes: no ${provider} invoice with id ${id}`);
			const pdf = await pdfFor(provider, record, state.store);
			return pdf ? Buffer.from(pdf) : null;
		},

		/**
		 * What the single-invoice endpoint returns for an id: the API module's `detail` (i3D.net →
		 * the InvoiceDetails element; Northflank current → `data` of GET /billing/invoices/{id},
		 * legacy → `data` of /billing/invoices/details?timestamp=<id as unix seconds>); others → the record.
		 * @param {Provider} provider @param {string|number} id
		 */
		detail(provider, id) {
			const module = MODULES[provider];
			if (module && module.detail) return module.detail(state, id);
			return state.store.find(provider, id);
		},

		/**
		 * The account object behind the account endpoints (live; PPH's credit changes on pay).
		 * vpsbg: GET /balance; i3dnet: GET /account/details element; pph: GET /client data.
		 * @param {Provider} provider
		 */
		account: (provider) => state.store.sets[provider].account,

		/**
		 * Adds `count` new invoices to a provider's data, as the account's next ones: its own record
		 * shape and id scheme (ids above all others), PDFs where the API serves them (WiseCP:
		 * formalized), each where the API's order lists it. Dated after the newest invoice, or all
		 * at `date` (epoch ms, Date or ISO string, on the API's own granularity: a calendar day for
		 * VPSBG, i3D.net and PPH, a minute for WiseCP, the period end for Northflank); an older date
		 * makes late invoices. `reset()` removes them.
		 * @param {Provider} provider @param {number} count @param {{ date?: number|string|Date }} [options]
		 * @returns {any[]} the new raw records, newest first (by id)
		 */
		addInvoices(provider, count, { date } = {}) {
			if (!PROVIDERS.includes(provider)) throw new TypeError(`addInvoices: unknown provider ${provider}`);
			if (!Number.isInteger(count) || count < 1) throw new TypeError('addInvoices: count must be a positive integer');
			const at = date === undefined ? undefined : date instanceof Date ? date.getTime() : typeof date === 'string' ? Date.parse(date) : date;
			if (at !== undefined && !Number.isFinite(at)) throw new TypeError(`addInvoices: invalid date ${String(date)}`);
			return state.store.add(provider, count, { date: at });
		},

		/**
		 * Sets an invoice's payment status in the API's own vocabulary (the API module's `setStatus`):
		 * i3D.net paymentStatus 1/0, WiseCP's status word, PPH status and German label, Northflank
		 * `paid`. `status` is the node's word: 'paid', 'unpaid', and where the API has them
		 * 'cancelled', 'refunded', 'pending'. Throws for an API without statuses (VPSBG) or a status
		 * it cannot express. Returns the live record.
		 * @param {Provider} provider @param {string|number} id @param {string} status
		 */
		setStatus(provider, id, status) {
			const module = MODULES[provider];
			if (!module || !module.setStatus) throw new TypeError(`setStatus: the ${provider} API reports no invoice status`);
			const record = state.store.find(provider, id);
			if (!record) throw new Error(`setStatus: no ${provider} invoice with id ${id}`);
			module.setStatus(state, record, status);
			return record;
		},

		/** Stops the servers, dropping keep-alive connections and pending `slow` replies. */
		close() {
			if (!closing) {
				for (const timer of state.timers) clearTimeout(timer);
				state.timers.clear();
				closing = Promise.all(servers.map((s) => new Promise((resolve) => {
					s.close(() => resolve(undefined));
					s.closeAllConnections();
				})));
			}
			return closing;
		},
	};
	return sandbox;
}

/** @param {string} pathname */
function findMount(pathname) {
	return MOUNTS.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
}

/** @param {SandboxState} state @param {number} ms */
function sleep(state, ms) {
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			state.timers.delete(timer);
			resolve(undefined);
		}, ms);
		state.timers.add(timer);
	});
}

/**
 * One request: log, route, faults, auth, handler, rate-limit headers, write.
 * @param {SandboxState} state @param {http.IncomingMessage} req @param {http.ServerResponse} res
 */
async function handle(state, req, res) {
	const host = String(req.headers.host || '');
	const origin = /^localhost(:\d+)?$/i.test(host) ? 'other' : 'primary';
	const originUrl = origin === 'other' ? state.otherUrl : state.url;
	const url = new URL(req.url || '/', originUrl);
	const body = parseBody(await readBody(req));
	const method = String(req.method || 'GET').toUpperCase();
	const mount = findMount(url.pathname);
	const path = mount ? url.pathname.slice(mount.prefix.length) || '/' : url.pathname;
	const query = queryObject(url.searchParams);
	/** @type {LoggedRequest} */
	const entry = {
		provider: mount ? mount.module.name : null, method, path, query, headers: { ...req.headers }, body, origin, status: null, faults: [], inFlight: 0,
	};
	state.requests.push(entry);
	// Requests overlapping in time (a client reading pages at once), whatever the latency.
	state.open.add(entry);
	// Answered once the answer is handed to the network ('finish'), or the socket went ('close').
	const answered = () => state.open.delete(entry);
	res.on('finish', answered);
	res.on('close', answered);
	entry.inFlight = [...state.open].filter((other) => other.provider === entry.provider && other.path === entry.path).length;
	if (!mount) return send(res, entry, html(404, nginxPage(404)));

	const module = mount.module;
	const provider = module.name;
	/** @type {import('./routing').RequestContext} */
	const ctx = {
		provider, method, path, query, headers: req.headers, body, origin, originUrl,
		base: `${originUrl}${mount.prefix}`, sandbox: state, faults: {}, own: state.own[provider],
	};
	let { route, match, allowed } = resolveRoute(mount.routes, method, path);
	const picked = state.faults.take(provider, { path, method, tags: (route && route.tags) || [] });
	entry.faults = Object.values(picked).map((fault) => fault.kind);

	if (picked.slow) await sleep(state, Number(picked.slow.params.ms ?? 1000));
	if (picked.shift) state.store.shift(/** @type {Provider} */ (provider), Number(picked.shift.params.count ?? 1), picked.shift.params.position ?? 'head');
	if (picked.before) hostile.deleteRecords(state, ctx, picked.before);
	if (picked.request) ({ route, match, allowed } = hostile.rewriteRequest(ctx, mount, picked.request));

	let response;
	const terminal = picked.terminal;
	if (terminal && terminal.kind === 'reset') {
		const socket = req.socket;
		if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
		else socket.destroy();
		return;
	}
	// The API's own rate limit comes first (Laravel's throttle middleware): it counts the request, or refuses it.
	const throttled = module.throttle ? module.throttle(ctx) : null;
	if (throttled) {
		response = throttled;
	} else if (terminal) {
		response = terminal.kind === 'echoKey' ? hostile.echoResponse(state, ctx, mount, terminal) : faultResponse(state, ctx, mount, terminal, route, match);
	} else {
		ctx.faults = { ignorePaging: picked.ignorePaging, repeatCursor: picked.repeatCursor };
		if (!route) response = allowed.length && mount.methodNotAllowed ? mount.methodNotAllowed(ctx, allowed) : mount.notFound(ctx);
		else response = (route.auth !== false && module.authenticate(ctx)) || (await route.handle(ctx, /** @type {RegExpExecArray} */ (match)));
	}
	response = hostile.rewriteResponse(ctx, response, picked);
	if (module.decorate) module.decorate(ctx, response);
	// The network's round trip, on every answer (`options.latencyMs`, may be changed between runs).
	if (state.options.latencyMs > 0) await sleep(state, state.options.latencyMs);
	if (picked.delivery) return await hostile.deliver(state, res, entry, response, picked.delivery);
	if (picked.truncate) return sendTruncated(res, entry, response);
	return send(res, entry, response);
}

/**
 * The response a terminal fault replaces the normal one with.
 * @param {SandboxState} state @param {import('./routing').RequestContext} ctx @param {any} mount
 * @param {Fault} fault @param {import('./routing').Route|null} route @param {RegExpExecArray|null} match
 */
function faultResponse(state, ctx, mount, fault, route, match) {
	const p = fault.params;
	switch (fault.kind) {
		case 'status': {
			const status = p.status ?? 500;
			const response = p.body !== undefined
				? (typeof p.body === 'string' ? { status, headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: Buffer.from(p.body) } : json(status, p.body))
				: mount.module.errorResponse(ctx, status, p.message);
			if (p.retryAfter !== undefined) response.headers['Retry-After'] = String(p.retryAfter);
			if (status === 429) ctx.rateLimited = true;
			if (p.rateLimitReset !== undefined) ctx.rateLimitReset = Number(p.rateLimitReset);
			return response;
		}
		case 'html': {
			const status = p.status ?? 200;
			const flavor = p.flavor ?? (status >= 500 ? 'nginx' : 'cloudflare');
			return html(status, p.body ?? (flavor === 'nginx' ? nginxPage(status) : cloudflarePage(status)));
		}
		case 'redirect': {
			let location = p.location;
			if (!location) {
				const file = route && route.file && match ? route.file(ctx, match) : null;
				location = file
					? `${state.otherUrl}/files/${file.provider}/${encodeURIComponent(file.id)}.pdf`
					: `${state.otherUrl}${mount.prefix}${ctx.path}${Object.keys(ctx.query).length ? `?${new URLSearchParams(/** @type {any} */ (ctx.query))}` : ''}`;
			}
			return { status: p.status ?? 302, headers: { location, 'content-type': 'text/html; charset=UTF-8' }, body: Buffer.from(`<html><body>Redirecting to <a href="${location}">${location}</a></body></html>`) };
		}
		case 'jsonInsteadOfPdf':
			return json(p.status ?? 200, p.body ?? { message: 'Invoice is being generated' });
		case 'htmlInsteadOfPdf':
			return html(p.status ?? 200, p.body ?? loginPage());
		default:
			throw new Error(`unhandled fault kind ${fault.kind}`);
	}
}

/** @param {http.ServerResponse} res @param {LoggedRequest} entry @param {import('./http').SandboxResponse} response */
function send(res, entry, response) {
	entry.status = response.status;
	if (res.destroyed) return;
	res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
	res.end(response.body);
}

/** Correct headers, then half the body, then the socket is closed (fault `truncate`). */
function sendTruncated(res, entry, response) {
	entry.status = response.status;
	if (res.destroyed) return;
	res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
	res.write(response.body.subarray(0, Math.floor(response.body.length / 2)), () => res.destroy());
}

module.exports = { createSandbox, BASE_PATHS };

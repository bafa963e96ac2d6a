'use strict';

/**
 * Shared shapes for provider modules (one per API of the registry, test/providers.js
 * `sandbox.api`, plus files.js). Besides routes, auth and error bodies, a module may hold the
 * API's own facts: `options(raw)` resolves its sandbox option (`createSandbox({ [key]: raw })`),
 * `init(state)` makes its per-sandbox state (`ctx.own`) and `reset(own)` restores it,
 * `detail(state, id)` answers `sandbox.detail()`, `pdfModel(record, store)` says what its
 * invoice PDF shows, `setStatus(state, record, status)` answers `sandbox.setStatus()` (APIs that
 * report a payment status).
 *
 * @typedef {import('./http').SandboxResponse} SandboxResponse
 * @typedef {{
 *   provider: string, method: string, path: string, query: Record<string, string|string[]>,
 *   headers: Record<string, string|string[]|undefined>, body: unknown, origin: 'primary'|'other',
 *   originUrl: string, base: string, sandbox: import('./server').SandboxState,
 *   faults: { ignorePaging?: import('./faults').Fault, repeatCursor?: import('./faults').Fault },
 *   own: any, rateLimited?: boolean, rateLimitReset?: number, throttled?: boolean
 * }} RequestContext
 * @typedef {{
 *   method: string, pattern: RegExp, tags?: string[], auth?: boolean,
 *   handle: (ctx: RequestContext, match: RegExpExecArray) => SandboxResponse | Promise<SandboxResponse>,
 *   file?: (ctx: RequestContext, match: RegExpExecArray) => { provider: string, id: string } | null
 * }} Route
 * @typedef {{
 *   prefix: string, routes: Route[],
 *   notFound: (ctx: RequestContext) => SandboxResponse,
 *   methodNotAllowed?: (ctx: RequestContext, allowed: string[]) => SandboxResponse
 * }} Mount
 * @typedef {{
 *   name: string, mounts: Mount[],
 *   errorResponse: (ctx: RequestContext, status: number, message?: string) => SandboxResponse,
 *   authenticate: (ctx: RequestContext) => SandboxResponse | null,
 *   throttle?: (ctx: RequestContext) => SandboxResponse | null,
 *   decorate?: (ctx: RequestContext, response: SandboxResponse) => void,
 *   options?: (raw: any) => any,
 *   init?: (state: import('./server').SandboxState) => any,
 *   reset?: (own: any) => void,
 *   detail?: (state: import('./server').SandboxState, id: string|number) => any,
 *   pdfModel?: (record: any, store: import('./data').DataStore) => import('./pdf').PdfModel | null,
 *   setStatus?: (state: import('./server').SandboxState, record: any, status: string) => void
 * }} ProviderModule
 */

/**
 * Finds the route for a method and path. When the path exists only for other methods,
 * `allowed` lists them (for a 405).
 * @param {Route[]} routes @param {string} method @param {string} path
 * @returns {{ route: Route|null, match: RegExpExecArray|null, allowed: string[] }}
 */
function resolveRoute(routes, method, path) {
	const allowed = [];
	for (const route of routes) {
		const match = route.pattern.exec(path);
		if (!match) continue;
		if (route.method === method) return { route, match, allowed };
		allowed.push(route.method);
	}
	return { route: null, match: null, allowed };
}

/** Integer path/query id ("123"), else null. @param {unknown} text */
function integerId(text) {
	return typeof text === 'string' && /^\d{1,15}$/.test(text) ? Number(text) : null;
}

module.exports = { resolveRoute, integerId };

/** decodeURIComponent that returns the input on malformed escapes. @param {string} text */
function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

module.exports.safeDecode = safeDecode;

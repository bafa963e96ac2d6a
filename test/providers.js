'use strict';

/**
 * THE provider registry of the tests: one entry per provider, and the only place in test/ that
 * lists the providers. The sandbox (test/sandbox), the fault and security suites, the e2e
 * helpers and the benchmark all iterate it. Plain CommonJS (no build step) so the JS sandbox can
 * require it; types for the TypeScript tests are in providers.d.ts.
 *
 * What an entry holds:
 *   - the package side: node type, credential type, label (as it appears in the node's
 *     messages), how a raw record's id reads (`idOf`), the node's page size and first list
 *     request, which facts the node's messages are built from;
 *   - the API side as the sandbox serves it: base path, auth header and token prefixes, the
 *     request-log paths of the list and the PDF download, paging style, which sandbox module
 *     serves the API and which generator makes its data (both by module name; the sandbox
 *     requires them, so this file requires nothing);
 *   - the data sizes (sandbox default, fault suite, benchmark);
 *   - the per-provider rows of the shared suites (the documented error example of the fault
 *     table, the sandbox self-test's endpoints and auth error).
 * Facts of a fake API itself (routes, error bodies, rate-limit headers, what its PDF shows, its
 * own sandbox options) stay in that API's sandbox module, test/sandbox/<module>.js.
 *
 * Adding a provider to the tests: one entry here (and its key in providers.d.ts), one sandbox
 * module, one generator, its own node test (test/nodes/<key>.test.ts) and fault-table file
 * (test/faults/<key>.test.ts, one line: jest runs one file per provider in parallel).
 */

/** @param {unknown} value @returns {string|undefined} */
const text = (value) => (value === undefined || value === null ? undefined : String(value));

/** The common id rule: the record's `id`. @param {Record<string, any>} record */
const plainId = (record) => text(record.id);

/** @type {Array<import('./providers').ProviderSpec>} */
const SPECS = [
	{
		key: 'vpsbg',
		nodeType: 'vpsbg',
		credentialType: 'vpsbgApi',
		label: 'VPSBG',
		numberField: 'invoice_number',
		numericIds: true,
		pageSize: 30,
		firstListRequest: '/invoices?page=1',
		// Get Many reads the account first (GET /balance: the currency)
		accountRequestFirst: true,
		paging: 'page',
		basePath: '/vpsbg/v1',
		authHeaderName: 'Authorization',
		authScheme: 'Bearer',
		accept: 'application/json',
		tokens: { vpsbg: 'vpsbg_live_', vpsbgReadOnly: 'vpsbg_read_' },
		listPath: /^\/invoices$/,
		pdfPath: /^\/invoices\/\d+\/download$/,
		unknownId: '999999999',
		sandbox: { api: 'vpsbg', generator: 'vpsbg' },
		counts: { sandbox: 75, faults: 75, bench: 3000 },
		faultTable: {
			documentedError: {
				status: 422,
				body: { message: 'The given data was invalid.', errors: { page: ['The page must be an integer.'] } },
				message: /^VPSBG API error 422: The given data was invalid\. The page must be an integer\.$/,
			},
			wrongShapeError: /^The VPSBG API sent an unexpected response: a list of invoices should be at "data", found undefined$/,
		},
		sandboxTest: {
			authError: () => [401, { message: 'Unauthenticated.' }],
			endpoints: [
				['GET', '/invoices', undefined, 'application/json'],
				['GET', '/balance', undefined, 'application/json'],
				['POST', '/invoices/8431/download', undefined, 'application/pdf'],
				['POST', '/invoices/download', { invoices: [8431, 8425] }, 'application/zip'],
			],
		},
	},
	{
		key: 'i3dnet',
		nodeType: 'i3dNet',
		credentialType: 'i3dNetApi',
		label: 'i3D.net',
		numberField: 'invoiceNumber',
		numericIds: true,
		pageSize: 100,
		firstListRequest: '/account/invoice',
		paging: 'range',
		basePath: '/i3d/v3',
		authHeaderName: 'PRIVATE-TOKEN',
		tokens: { i3dnet: 'i3d_live_' },
		listPath: /^\/account\/invoice$/,
		pdfPath: /^\/account\/invoice\/\d+\/pdf$/,
		unknownId: '999999999',
		sandbox: { api: 'i3dnet', generator: 'i3dnet' },
		counts: { sandbox: 230, faults: 230, bench: 5000 },
		faultTable: {
			documentedError: {
				status: 422,
				body: { errorCode: 10002, errorMessage: 'Validation failed', errors: [{ property: 'RANGED-DATA', message: 'Invalid range' }] },
				message: /^i3D\.net API error 422: RANGED-DATA: Invalid range$/,
			},
			wrongShapeError: /^The i3D\.net API sent an unexpected response: a list of invoices should be the body, found object$/,
			// the node names its windows by item (RANGED-DATA), not by page; each after the first starts on the last invoice of the one before
			secondPage: 'items 99-198',
			// paging ignored on every request: the API's default window (25) from the start, so the second starts on item 24
			pagingIgnoredAt: 'items 24-123',
		},
		sandboxTest: {
			authError: () => [403, { errorCode: 20001, errorMessage: 'Invalid credentials', errors: [] }],
			endpoints: [
				['GET', '/account/invoice', undefined, 'application/json'],
				['GET', '/account/invoice/unpaid', undefined, 'application/json'],
				['GET', '/account/invoice/2188431', undefined, 'application/json'],
				['GET', '/account/invoice/number/20240501234', undefined, 'application/json'],
				['GET', '/account/invoice/2188431/pdf', undefined, 'application/pdf'],
				['GET', '/account/details', undefined, 'application/json'],
			],
		},
	},
	{
		key: 'wisecp',
		nodeType: 'wiseCp',
		credentialType: 'wiseCpApi',
		label: 'WiseCP',
		numberField: 'number',
		numericIds: true,
		pageSize: 50,
		firstListRequest: '/Billing/GetInvoices?page=1&limit=50',
		paging: 'page',
		basePath: '/wisecp/api/',
		authHeaderName: 'Apikey',
		tokens: { wisecp: 'wisecp_live_' },
		// the credential's Time Zone (the API's dates carry none); the e2e credentials set it
		credentialData: { timezone: 'UTC' },
		listPath: /^\/Billing\/GetInvoices$/,
		// the formalized files on the install root: public, no key
		pdfPath: /^\/resources\/uploads\/invoices\/[^/]+\.pdf$/,
		pdfPublic: true,
		// only formalized invoices have a PDF, some of them on the other origin
		hasPdfOn: (record, origin) => typeof record.formalize_file === 'string' && record.formalize !== false && record.formalize_file.startsWith(origin),
		pdfFilters: { formalized: 'true' },
		// failures are HTTP 200 with {"status":"error"}
		errorsAsHttp200: true,
		unknownId: '999999999',
		sandbox: { api: 'wisecp', generator: 'wisecp' },
		counts: { sandbox: 120, faults: 120, bench: 5000 },
		faultTable: {
			documentedError: {
				status: 200,
				body: { status: 'error', message: 'Permission denied for Billing/GetInvoices' },
				message: /^WiseCP API error: Permission denied for Billing\/GetInvoices$/,
			},
			wrongShapeError: /^WiseCP API error: status "missing"$/,
		},
		sandboxTest: {
			authError: () => [200, { status: 'error', message: 'Invalid API key' }],
			successBody: { status: 'successful' },
			endpoints: [
				['GET', 'Billing/GetInvoices?page=1&limit=1', undefined, 'application/json'],
				['GET', 'Billing/GetInvoice?id=327', undefined, 'application/json'],
			],
		},
	},
	{
		key: 'pph',
		nodeType: 'pph',
		credentialType: 'pphApi',
		label: 'PPH',
		numberField: 'invoicenum',
		numericIds: true,
		pageSize: 15,
		firstListRequest: '/client/invoices',
		// Get Many reads the account first (GET /client: the currency)
		accountRequestFirst: true,
		paging: 'page',
		// the API lists by id ascending: Get Many reads it whole and outputs it turned around
		listOrder: 'oldest-first',
		basePath: '/pph',
		authHeaderName: 'Authorization',
		authScheme: 'Bearer',
		accept: 'application/json',
		tokens: { pph: 'pph_live_' },
		listPath: /^\/client\/invoices$/,
		pdfPath: /^\/client\/invoices\/\d+\/download$/,
		unknownId: '999999999',
		sandbox: { api: 'pph', generator: 'pph' },
		// faults: three pages of 15 (the sandbox's default 12 fit on one)
		counts: { sandbox: 12, faults: 40, bench: 2000 },
		faultTable: {
			documentedError: {
				status: 403,
				body: { data: { message: 'This action is unauthorized.' } },
				message: /^PPH API error 403: This action is unauthorized\.$/,
			},
			wrongShapeError: /^The PPH API sent an unexpected response: a list of invoices should be at "data", found undefined$/,
		},
		sandboxTest: {
			authError: () => [401, { data: { message: 'Unauthenticated.' } }],
			endpoints: [
				['GET', '/client', undefined, 'application/json'],
				['GET', '/client/invoices', undefined, 'application/json'],
				['GET', '/client/invoices/212032', undefined, 'application/json'],
				['GET', '/client/invoices/212032/download', undefined, 'application/pdf'],
				['GET', '/client/invoices/download/archive', undefined, 'application/zip'],
				['POST', '/client/invoices/LAST/remove-credit', undefined, 'application/json'],
				['POST', '/client/invoices/FIRST_UNPAID/pay', undefined, 'application/json'],
			],
			// LAST: the last unpaid invoice (remove-credit target), FIRST_UNPAID: the first (pay target)
			resolvePath: (path, data) => {
				const unpaid = data.pph.filter((record) => record.status === 'Unpaid');
				return path.replace('LAST', String(unpaid.at(-1).id)).replace('FIRST_UNPAID', String(unpaid[0].id));
			},
		},
	},
	{
		key: 'northflank',
		nodeType: 'northflank',
		credentialType: 'northflankApi',
		label: 'Northflank',
		// legacy API generation: list items have no id; the node uses the period start
		idOf: (record) => plainId(record) ?? (record.period ? text(record.period.start) : undefined),
		numericIds: false,
		pageSize: 100,
		firstListRequest: '/billing/invoices?per_page=100',
		paging: 'cursor',
		// the API lists by period, oldest first: Get Many reads it whole and outputs it turned around
		listOrder: 'oldest-first',
		basePath: '/northflank/v1',
		authHeaderName: 'Authorization',
		authScheme: 'Bearer',
		tokens: { northflank: 'nf_live_' },
		listPath: /^\/billing\/invoices$/,
		unknownId: 'NOPE-0',
		sandbox: { api: 'northflank', generator: 'northflank' },
		counts: { sandbox: 215, faults: 215, bench: 5000 },
		faultTable: {
			documentedError: {
				status: 400,
				body: { error: { status: 400, message: 'Invalid cursor', id: 'e-1' } },
				message: /^Northflank API error 400: Invalid cursor$/,
			},
			wrongShapeError: /^The Northflank API sent an unexpected response: no list at "data\.invoices"$/,
		},
		sandboxTest: {
			authError: (anyString) => [401, { error: { status: 401, message: 'Unauthorized: invalid API token', id: anyString } }],
			endpoints: [
				['GET', '/billing/invoices?per_page=1', undefined, 'application/json'],
				['GET', '/billing/invoices/835994C3-14310', undefined, 'application/json'],
			],
		},
	},
];

/**
 * Fills the defaults and derived fields: the id rule (`id`), `pdf` (there is a PDF endpoint),
 * `authHeader` (lower-case, as the request log has it), the node's names for page 2, …
 * @param {import('./providers').ProviderSpec} spec @returns {import('./providers').Provider}
 */
function define(spec) {
	for (const field of ['key', 'nodeType', 'credentialType', 'label', 'basePath', 'authHeaderName', 'listPath', 'tokens', 'sandbox', 'counts', 'faultTable', 'sandboxTest']) {
		if (spec[field] === undefined) throw new TypeError(`test/providers.js: ${spec.key ?? 'an entry'} has no ${field}`);
	}
	if (!Object.hasOwn(spec.tokens, spec.key)) throw new TypeError(`test/providers.js: ${spec.key} needs a token named ${spec.key}`);
	return Object.freeze({
		idOf: plainId,
		numberField: undefined,
		authScheme: undefined,
		accept: undefined,
		accountRequestFirst: false,
		listOrder: 'newest-first',
		credentialData: {},
		pdfPath: undefined,
		pdfPublic: false,
		hasPdfOn: undefined,
		pdfFilters: {},
		errorsAsHttp200: false,
		...spec,
		authHeader: spec.authHeaderName.toLowerCase(),
		pdf: spec.pdfPath !== undefined,
		faultTable: { secondPage: 'page 2', pagingIgnoredAt: 'page 2', ...spec.faultTable },
		sandboxTest: { resolvePath: (path) => path, ...spec.sandboxTest },
	});
}

const PROVIDERS = Object.freeze(SPECS.map(define));
const PROVIDER_KEYS = Object.freeze(PROVIDERS.map((p) => p.key));
/** @type {Readonly<Record<string, import('./providers').Provider>>} */
const byKey = Object.freeze(Object.fromEntries(PROVIDERS.map((p) => [p.key, p])));

/** The entry for a key; throws for an unknown one. @param {string} key */
function provider(key) {
	if (!Object.hasOwn(byKey, key)) throw new TypeError(`unknown provider "${key}" (expected one of ${PROVIDER_KEYS.join(', ')})`);
	return byKey[key];
}

/** Every auth header name the APIs use (lower-case, as logged), once each. */
const AUTH_HEADERS = Object.freeze([...new Set(PROVIDERS.map((p) => p.authHeader))]);

/** Every token the sandbox issues: name → prefix, in registry order (e.g. vpsbg, vpsbgReadOnly, i3dnet, …). */
const TOKEN_PREFIXES = Object.freeze(Object.assign({}, ...PROVIDERS.map((p) => p.tokens)));

/** The provider a token name belongs to ('vpsbgReadOnly' → the VPSBG entry). @param {string} name */
function tokenOwner(name) {
	const owner = PROVIDERS.find((p) => Object.hasOwn(p.tokens, name));
	if (!owner) throw new TypeError(`unknown token "${name}"`);
	return owner;
}

/**
 * The headers that send a key to a provider's API, e.g. `{ authorization: 'Bearer k' }`,
 * `{ 'private-token': 'k' }`; with `client: true` also the headers its documented client sends
 * (`Accept: application/json` for the Laravel APIs).
 * @param {import('./providers').Provider} p @param {string} token @param {{ client?: boolean }} [options]
 * @returns {Record<string, string>}
 */
function authHeaders(p, token, { client = false } = {}) {
	const headers = { [p.authHeader]: p.authScheme ? `${p.authScheme} ${token}` : token };
	if (client && p.accept) headers.accept = p.accept;
	return headers;
}

/** How the docs write the auth header: "Authorization: Bearer", "PRIVATE-TOKEN", "Apikey". @param {import('./providers').Provider} p */
function authHeaderLabel(p) {
	return p.authScheme ? `${p.authHeaderName}: ${p.authScheme}` : p.authHeaderName;
}

module.exports = { PROVIDERS, PROVIDER_KEYS, byKey, provider, AUTH_HEADERS, TOKEN_PREFIXES, tokenOwner, authHeaders, authHeaderLabel };

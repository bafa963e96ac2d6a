/**
 * The fault table: every sandbox fault kind against every provider's node, over real HTTP
 * through n8n-core (run by <provider>.test.ts, one file per provider so jest runs them in
 * parallel). Each cell ends in exactly one of two ways:
 *   - the exact invoice set (ids equal to sandbox.data, each once) / the exact PDF bytes, or
 *   - a clear error matching an exact pattern, with no items at all.
 * Never a silently partial list. Cells that cannot exist (a cursor fault on a page-number API,
 * a PDF fault on Northflank, which has no PDFs) assert that they cannot be set up.
 *
 * Waits: the sandbox's Retry-After 0/1 keeps retries fast; the real exponential backoff is
 * exercised once, in faults.test.ts.
 */
import { binaryBuffer, type RunNodeResult } from '../harness';
import { AUTH_HEADERS } from '../providers';
import {
	COUNTS,
	PROVIDERS,
	expectedIds,
	listedIds,
	pdfRecordId,
	requestsOf,
	run,
	startSandbox,
	type Logged,
	type ProviderInfo,
	type ProviderKey,
	type Sandbox,
} from './helpers';

let sandbox: Sandbox;

/** Starts a sandbox for the calling test file (beforeAll/afterAll/beforeEach registered here). */
export function useSandbox(): () => Sandbox {
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());
	return () => sandbox;
}

export type Kind =
	| 'status' | 'reset' | 'slow' | 'truncate' | 'html' | 'jsonInsteadOfPdf' | 'htmlInsteadOfPdf'
	| 'redirect' | 'repeatCursor' | 'ignorePaging' | 'shift';

export const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- operations

const listParameters = (extra: Record<string, unknown> = {}) => ({ operation: 'getAll', returnAll: true, ...extra });

export async function list(p: ProviderInfo, options: Record<string, unknown> = {}): Promise<RunNodeResult> {
	return await run(sandbox, p.key, { parameters: listParameters({ options }) });
}

export async function download(p: ProviderInfo, id: string, options: Record<string, unknown> = {}): Promise<RunNodeResult> {
	return await run(sandbox, p.key, { parameters: { operation: 'download', invoiceId: id, binaryPropertyName: 'data', options } });
}

export const listFault = (p: ProviderInfo, spec: Record<string, unknown>, nth = 2) => {
	const { match, ...rest } = spec as { match?: Record<string, unknown> };
	return sandbox.fault(p.key, { ...rest, match: { path: p.listPath, nth, ...(match ?? {}) } });
};
const pdfFault = (p: ProviderInfo, spec: Record<string, unknown>) => sandbox.fault(p.key, { ...spec, match: { path: p.pdfPath } });

export const listRequests = (p: ProviderInfo) => requestsOf(sandbox, (request) => request.origin === 'primary' && p.listPath.test(request.path));
const pdfRequests = (p: ProviderInfo) => requestsOf(sandbox, (request) => !!p.pdfPath && p.pdfPath.test(request.path));

// ---------------------------------------------------------------- outcomes

/** Every invoice of the sandbox, each exactly once (newest first, as Get Many outputs them, unless pages shifted). */
export function expectExactList(result: RunNodeResult, p: ProviderInfo, { ordered = true } = {}) {
	expect(result.error).toBeUndefined();
	const ids = result.items.map((item) => item.json.id as string);
	const expected = listedIds(sandbox, p.key);
	expect(new Set(ids).size).toBe(ids.length);
	expect([...ids].sort()).toEqual([...expected].sort());
	if (ordered) expect(ids).toEqual(expected);
	expect(ids.length).toBeGreaterThan(p.pageSize * 2);
}

/** A clear error and nothing else: no items, the message exactly as given. */
export function expectError(result: RunNodeResult, message: RegExp, description?: RegExp) {
	expect(result.items).toEqual([]);
	expect(result.error).toBeDefined();
	expect(result.error!.message).toMatch(message);
	if (description) expect(result.error!.description ?? '').toMatch(description);
}

export async function expectExactPdf(result: RunNodeResult, p: ProviderInfo, id: string) {
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	const binary = result.items[0].binary!.data;
	expect(binary.mimeType).toBe('application/pdf');
	expect(binary.fileName).toMatch(new RegExp(`^${p.key}-[A-Za-z0-9._-]+\\.pdf$`));
	expect(binaryBuffer(binary).equals(await sandbox.pdfBytes(p.key, id))).toBe(true);
	expect(result.items[0].json.id).toBe(id);
}

/** How the node names an invoice in PDF messages (its number, the registry's numberField, else its id). */
function pdfLabel(p: ProviderInfo, id: string): string {
	const record = (sandbox.data[p.key] as Array<Record<string, unknown>>).find((raw) => p.idOf(raw) === id)!;
	const number = p.numberField === undefined ? undefined : record[p.numberField];
	return typeof number === 'string' && number.trim() ? number.trim() : id;
}

const pdfError = (p: ProviderInfo, id: string, sent: string) =>
	new RegExp(`^PDF of ${esc(p.label)} invoice ${esc(pdfLabel(p, id))}: expected a PDF but the API sent ${sent}$`);

// ---------------------------------------------------------------- the table

export interface Cell {
	kind: Kind;
	name: string;
	/** Why this cell cannot exist for a provider; the test then proves it cannot be set up. */
	notApplicable?: (p: ProviderInfo) => { reason: string; proof: () => Promise<void> | void } | undefined;
	test(p: ProviderInfo): Promise<void>;
}

const noPdf = (kind: Kind, spec: Record<string, unknown> = {}) => (p: ProviderInfo) =>
	p.pdfPath
		? undefined
		: {
				reason: `${p.label} has no PDF endpoint`,
				proof: async () => {
					if (kind === 'jsonInsteadOfPdf' || kind === 'htmlInsteadOfPdf') {
						expect(() => sandbox.fault(p.key, { kind, ...spec })).toThrow(/does not apply/);
					}
					const result = await download(p, expectedIds(sandbox, p.key)[0]);
					expectError(result, new RegExp(`^The operation "download" is not supported by ${p.label}$`));
					expect(sandbox.requests).toHaveLength(0);
				},
			};

export const CELLS: Cell[] = [
	// ------------------------------------------------------------ status: rate limits
	{
		kind: 'status',
		name: '429 with Retry-After: 0 on page 2 is retried; every invoice once',
		async test(p) {
			listFault(p, { kind: 'status', status: 429, retryAfter: 0 });
			expectExactList(await list(p), p);
			expect(listRequests(p).map((request) => request.status).slice(0, 3)).toEqual([200, 429, 200]);
		},
	},
	{
		kind: 'status',
		name: '429 with Retry-After: 1 (seconds) waits about a second, then recovers',
		async test(p) {
			listFault(p, { kind: 'status', status: 429, retryAfter: 1 });
			const started = Date.now();
			const result = await list(p);
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
			expectExactList(result, p);
		},
	},
	{
		kind: 'status',
		name: '429 with Retry-After as an HTTP date recovers',
		async test(p) {
			listFault(p, { kind: 'status', status: 429, retryAfter: new Date(Date.now() + 1000).toUTCString() });
			expectExactList(await list(p), p);
			expect(listRequests(p).filter((request) => request.status === 429)).toHaveLength(1);
		},
	},
	{
		kind: 'status',
		name: '429 on every attempt: a clear rate-limit error after 5 attempts',
		async test(p) {
			listFault(p, { kind: 'status', status: 429, retryAfter: 0, times: Infinity, message: 'Slow down please' });
			expectError(
				await list(p),
				new RegExp(`^${esc(p.label)} API rate limit: still refused after 5 attempts over \\d+ s \\(Slow down please\\)$`),
				/^Run the workflow later or less often/,
			);
			expect(listRequests(p).filter((request) => request.status === 429)).toHaveLength(5);
		},
	},
	{
		kind: 'status',
		name: 'Retry-After beyond the cap (600 s) is reported at once, not waited for',
		async test(p) {
			listFault(p, { kind: 'status', status: 429, retryAfter: 600, times: Infinity });
			const started = Date.now();
			expectError(
				await list(p),
				new RegExp(`^${esc(p.label)} API rate limit: still refused after 1 attempt over 0 s`),
				/^The API asked to wait 600 s, longer than the 120 s this node waits\./,
			);
			expect(Date.now() - started).toBeLessThan(5000);
		},
	},
	// ------------------------------------------------------------ status: 5xx and the error bodies
	{
		kind: 'status',
		name: '502, 503, 504 in a row (shorter than the retry budget) recover',
		async test(p) {
			for (const status of [502, 503, 504]) listFault(p, { kind: 'status', status, retryAfter: 0 });
			expectExactList(await list(p), p);
			expect(listRequests(p).map((request) => request.status).slice(1, 5)).toEqual([502, 503, 504, 200]);
		},
	},
	{
		kind: 'status',
		name: '503 longer than the retry budget: the provider message, the status and the attempts',
		async test(p) {
			listFault(p, { kind: 'status', status: 503, retryAfter: 0, times: Infinity, message: 'Upstream maintenance' });
			expectError(
				await list(p),
				new RegExp(`^${esc(p.label)} API error 503: Upstream maintenance \\(after 5 attempts\\)$`),
				new RegExp(`^The ${esc(p.label)} server failed 5 times in a row\\.`),
			);
			expect(listRequests(p).filter((request) => request.status === 503)).toHaveLength(5);
		},
	},
	{
		kind: 'status',
		name: '500 is not retried: one attempt, the provider message',
		async test(p) {
			listFault(p, { kind: 'status', status: 500, times: Infinity, message: 'Database exploded' });
			expectError(await list(p), new RegExp(`^${esc(p.label)} API error 500: Database exploded$`));
			expect(listRequests(p).filter((request) => request.status === 500)).toHaveLength(1);
		},
	},
	{
		kind: 'status',
		name: 'a 200 whose JSON body is cut off is a clear error, not a short list',
		async test(p) {
			listFault(p, { kind: 'status', status: 200, body: '{"data":[{"id":1,"total":' });
			expectError(
				await list(p),
				new RegExp(`^The ${esc(p.label)} API sent a response that is not valid JSON \\(cut off or malformed\\)$`),
				/no items were produced/,
			);
		},
	},
	{
		kind: 'status',
		name: "the provider's documented error body becomes the message, with the status",
		async test(p) {
			const { status, body, message } = p.faultTable.documentedError;
			listFault(p, { kind: 'status', status, body });
			expectError(await list(p), message);
		},
	},
	{
		kind: 'status',
		name: 'a 200 JSON body of the wrong shape is a clear error, not an empty list',
		async test(p) {
			listFault(p, { kind: 'status', status: 200, body: { invoices: 'later' } });
			expectError(await list(p), p.faultTable.wrongShapeError);
		},
	},
	// ------------------------------------------------------------ reset
	{
		kind: 'reset',
		name: 'a connection reset on page 2 is retried; every invoice once',
		async test(p) {
			listFault(p, { kind: 'reset' });
			expectExactList(await list(p), p);
			expect(listRequests(p)[1].faults).toEqual(['reset']);
		},
	},
	{
		kind: 'reset',
		name: 'a reset on the PDF download is retried; the exact file arrives',
		notApplicable: noPdf('reset'),
		async test(p) {
			const id = pdfRecordId(sandbox, p.key);
			pdfFault(p, { kind: 'reset' });
			await expectExactPdf(await download(p, id), p, id);
			expect(pdfRequests(p)).toHaveLength(2);
		},
	},
	// ------------------------------------------------------------ slow
	{
		kind: 'slow',
		name: 'page 2 slower than the Timeout option (1 s) is retried; every invoice once',
		async test(p) {
			listFault(p, { kind: 'slow', ms: 1600 });
			const result = await run(sandbox, p.key, { parameters: listParameters({ options: { timeout: 1 } }) });
			expectExactList(result, p);
			expect(listRequests(p)[1].faults).toEqual(['slow']);
		},
	},
	{
		kind: 'slow',
		name: 'a PDF slower than the Timeout option is retried; the exact file arrives',
		notApplicable: noPdf('slow'),
		async test(p) {
			const id = pdfRecordId(sandbox, p.key);
			pdfFault(p, { kind: 'slow', ms: 1600 });
			await expectExactPdf(await download(p, id, { timeout: 1 }), p, id);
			expect(pdfRequests(p)).toHaveLength(2);
		},
	},
	// ------------------------------------------------------------ truncate
	{
		kind: 'truncate',
		name: 'page 2 cut off mid-body is retried; every invoice once',
		async test(p) {
			listFault(p, { kind: 'truncate' });
			expectExactList(await list(p), p);
			expect(listRequests(p)[1].faults).toEqual(['truncate']);
		},
	},
	{
		kind: 'truncate',
		name: 'a PDF cut off mid-body is retried; the exact file arrives',
		notApplicable: noPdf('truncate'),
		async test(p) {
			const id = pdfRecordId(sandbox, p.key);
			pdfFault(p, { kind: 'truncate' });
			await expectExactPdf(await download(p, id), p, id);
		},
	},
	// ------------------------------------------------------------ html
	{
		kind: 'html',
		name: 'an HTML page with 200 instead of page 2 is a clear error',
		async test(p) {
			listFault(p, { kind: 'html', status: 200 });
			expectError(
				await list(p),
				new RegExp(`^The ${esc(p.label)} API answered with an HTML page instead of JSON \\("Just a moment\\.\\.\\."\\)$`),
				/^A proxy, maintenance page or wrong Base URL answered/,
			);
		},
	},
	{
		kind: 'html',
		name: 'an nginx 502 page once is retried; every invoice once',
		async test(p) {
			listFault(p, { kind: 'html', status: 502 });
			expectExactList(await list(p), p);
		},
	},
	{
		kind: 'html',
		name: 'an nginx 500 page is a clear error with the page title',
		async test(p) {
			listFault(p, { kind: 'html', status: 500 });
			expectError(await list(p), new RegExp(`^${esc(p.label)} API error 500: 500 Internal Server Error$`));
		},
	},
	{
		kind: 'html',
		name: 'an HTML page instead of the PDF is a clear error',
		notApplicable: noPdf('html'),
		async test(p) {
			const id = pdfRecordId(sandbox, p.key);
			pdfFault(p, { kind: 'html', status: 200 });
			expectError(await download(p, id), pdfError(p, id, 'an HTML page'), /^No file was attached/);
		},
	},
	// ------------------------------------------------------------ JSON / HTML instead of a PDF
	{
		kind: 'jsonInsteadOfPdf',
		name: 'JSON where a PDF was expected is a clear error quoting its message',
		notApplicable: noPdf('jsonInsteadOfPdf'),
		async test(p) {
			const id = pdfRecordId(sandbox, p.key);
			pdfFault(p, { kind: 'jsonInsteadOfPdf' });
			expectError(await download(p, id), pdfError(p, id, 'JSON \\("Invoice is being generated"\\)'), /^No file was attached/);
		},
	},
	{
		kind: 'htmlInsteadOfPdf',
		name: 'a login page where a PDF was expected is a clear error',
		notApplicable: noPdf('htmlInsteadOfPdf'),
		async test(p) {
			const id = pdfRecordId(sandbox, p.key);
			pdfFault(p, { kind: 'htmlInsteadOfPdf' });
			expectError(await download(p, id), pdfError(p, id, 'an HTML page'), /^No file was attached/);
		},
	},
	{
		kind: 'jsonInsteadOfPdf',
		name: 'Get Many with Download PDFs: one bad PDF fails the run, no partial output',
		notApplicable: noPdf('jsonInsteadOfPdf'),
		async test(p) {
			sandbox.fault(p.key, { kind: 'jsonInsteadOfPdf', match: { path: p.pdfPath, nth: 2 } });
			const result = await run(sandbox, p.key, {
				parameters: { operation: 'getAll', returnAll: false, limit: 4, downloadPdf: true },
			});
			expectError(result, new RegExp(`^PDF of ${esc(p.label)} invoice .+: expected a PDF but the API sent JSON`));
		},
	},
	// ------------------------------------------------------------ redirect
	{
		kind: 'redirect',
		name: 'a PDF redirected to another origin is delivered, and no credential goes there',
		notApplicable: noPdf('redirect'),
		async test(p) {
			const id = pdfRecordId(sandbox, p.key);
			pdfFault(p, { kind: 'redirect' });
			await expectExactPdf(await download(p, id), p, id);
			const other = requestsOf(sandbox, (request) => request.origin === 'other');
			expect(other).toHaveLength(1);
			expect(other[0]).toMatchObject({ provider: 'files', method: 'GET', status: 200 });
			expectNoAuth(other[0]);
			const redirected = pdfRequests(p).find((request) => request.status === 302)!;
			// public files (WiseCP's) need no key; every other provider authenticates the download on its own origin.
			if (!p.pdfPublic) expect(redirected.headers[p.authHeader]).toBeDefined();
		},
	},
	{
		kind: 'redirect',
		name: 'an API call redirected to another origin is refused: no request, no key goes there',
		async test(p) {
			listFault(p, { kind: 'redirect' });
			expectError(
				await list(p),
				new RegExp(`^The ${esc(p.label)} API redirected to ${esc(sandbox.otherUrl)}, which is not the credential's Base URL origin \\(${esc(sandbox.url)}\\)$`),
				/sends the API key only to the Base URL/,
			);
			expect(requestsOf(sandbox, (request) => request.origin === 'other')).toEqual([]);
		},
	},
	{
		kind: 'redirect',
		name: 'a redirect within the API origin keeps the key and the list completes',
		async test(p) {
			const first = listRequestUrl(p);
			listFault(p, { kind: 'redirect', location: first }, 1);
			const result = await list(p);
			expectExactList(result, p);
			const [redirected, followed] = listRequests(p);
			expect(redirected.status).toBe(302);
			expect(followed.headers[p.authHeader]).toBeDefined();
		},
	},
	{
		kind: 'redirect',
		name: 'a redirect loop ends after 5 redirects with a clear error',
		async test(p) {
			listFault(p, { kind: 'redirect', location: listRequestUrl(p), times: Infinity }, 1);
			expectError(await list(p), new RegExp(`^The ${esc(p.label)} API redirected more than 5 times$`), /Check the Base URL/);
			expect(listRequests(p)).toHaveLength(6);
		},
	},
	{
		kind: 'redirect',
		name: 'a redirect to a non-web address (file:, ftp:) is refused',
		async test(p) {
			listFault(p, { kind: 'redirect', location: 'file:///etc/passwd' }, 1);
			expectError(await list(p), new RegExp(`^The ${esc(p.label)} API redirected to an address that is not an http\\(s\\) URL$`));
			// the account request first (VPSBG, PPH), then the redirected list request
			expect(sandbox.requests).toHaveLength(p.accountRequestFirst ? 2 : 1);
		},
	},
	// ------------------------------------------------------------ paging
	{
		kind: 'repeatCursor',
		name: 'a cursor sent twice is a clear error',
		notApplicable: (p) =>
			p.paging === 'cursor'
				? undefined
				: {
						reason: `${p.label} pages by number or offset, not by cursor (see ignorePaging)`,
						proof: () => expect(() => sandbox.fault(p.key, { kind: 'repeatCursor' })).toThrow(/does not apply/),
					},
		async test(p) {
			listFault(p, { kind: 'repeatCursor' });
			expectError(await list(p), new RegExp(`^The ${esc(p.label)} API sent a cursor it had already sent \\(page 2\\)$`), /loop forever/);
		},
	},
	{
		kind: 'ignorePaging',
		name: 'page 2 answered with page 1 again is a clear error',
		async test(p) {
			listFault(p, { kind: 'ignorePaging', keepSize: true });
			const where = p.faultTable.secondPage;
			expectError(await list(p), new RegExp(`^The ${esc(p.label)} API sent the same page twice \\(${where}\\)$`));
		},
	},
	{
		kind: 'ignorePaging',
		name: 'paging ignored on every request (e.g. a proxy drops it) is a clear error, never the first page alone',
		async test(p) {
			listFault(p, { kind: 'ignorePaging', times: Infinity }, 1);
			const where = p.faultTable.pagingIgnoredAt;
			expectError(await list(p), new RegExp(`^The ${esc(p.label)} API sent the same page twice \\(${where}\\)$`));
		},
	},
	{
		kind: 'ignorePaging',
		name: 'i3D.net: RANGED-DATA ignored on a later window (25 from the start) is a clear error',
		notApplicable: (p) =>
			p.key === 'i3dnet'
				? undefined
				: { reason: 'only i3D.net falls back to a smaller default window', proof: () => undefined },
		async test(p) {
			listFault(p, { kind: 'ignorePaging' });
			expectError(await list(p), /^The i3D\.net API sent only invoices it had already sent \(items 99-198\)$/);
		},
	},
	{
		kind: 'ignorePaging',
		name: 'i3D.net: RANGED-DATA ignored once on the first window is noticed and the list completes',
		notApplicable: (p) =>
			p.key === 'i3dnet'
				? undefined
				: { reason: 'page numbers: page 1 is page 1 whether the parameter is read or not', proof: () => undefined },
		async test(p) {
			listFault(p, { kind: 'ignorePaging' }, 1);
			expectExactList(await list(p), p);
			expect(listRequests(p).map((request) => request.headers['ranged-data'])).toEqual([
				// the default 25 from the start; each later window starts on the last invoice of the one before
				'start=0,results=100',
				'start=24,results=100',
				'start=123,results=100',
				'start=222,results=100',
			]);
		},
	},
	{
		kind: 'shift',
		name: '2 invoices arrive before page 2: all present exactly once, the newcomers included',
		async test(p) {
			listFault(p, { kind: 'shift', count: 2 });
			const result = await list(p);
			expect(sandbox.data[p.key].length).toBe(COUNT(p) + 2);
			expectExactList(result, p, { ordered: false });
		},
	},
	{
		kind: 'shift',
		name: '7 invoices arrive before the last page: all present exactly once',
		async test(p) {
			listFault(p, { kind: 'shift', count: 7 }, 3);
			const result = await list(p);
			expect(sandbox.data[p.key].length).toBe(COUNT(p) + 7);
			expectExactList(result, p, { ordered: false });
		},
	},
	{
		kind: 'shift',
		name: 'invoices arriving on page 2 and page 3: all present exactly once',
		async test(p) {
			listFault(p, { kind: 'shift', count: 1 }, 2);
			listFault(p, { kind: 'shift', count: 3 }, 3);
			const result = await list(p);
			expect(sandbox.data[p.key].length).toBe(COUNT(p) + 4);
			expectExactList(result, p, { ordered: false });
		},
	},
];

const COUNT = (p: ProviderInfo) => COUNTS[p.key];

/** The node's first list request (the registry's firstListRequest) as an absolute URL. */
function listRequestUrl(p: ProviderInfo): string {
	const base = sandbox.baseUrls[p.key].replace(/\/$/, '');
	return `${base}${p.firstListRequest}`;
}

/** No API's auth header (every one the registry knows) on the request. */
export function expectNoAuth(request: Logged) {
	expect(AUTH_HEADERS.length).toBeGreaterThan(0);
	for (const header of AUTH_HEADERS) expect(request.headers[header]).toBeUndefined();
}

// ---------------------------------------------------------------- run the table

/** Every cell of the table for one provider. */
export function runTable(key: ProviderKey): void {
	const p = PROVIDERS[key];
	useSandbox();
	it.each(CELLS.map((cell) => [cell.kind, cell.name, cell] as const))('%s: %s', async (_kind, _name, cell) => {
		const na = cell.notApplicable?.(p);
		if (na) {
			await na.proof();
			return;
		}
		await cell.test(p);
	});
}

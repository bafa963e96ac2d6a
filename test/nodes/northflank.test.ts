import { loadPackage, runNode } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
type Raw = { id?: string; period: { start: number; end: number }; currency: string; total: number; subTotal: number; paid?: boolean };
type Logged = { method: string; path: string; query: Record<string, string>; headers: Record<string, string> };

/** The current API (ids, cursor pages, GET /billing/invoices/{id}) and the legacy one (no ids, details?timestamp=). */
let sandbox: Sandbox;
let legacy: Sandbox;

beforeAll(async () => {
	sandbox = await createSandbox({ seed: 7 });
	legacy = await createSandbox({ seed: 7, northflank: { generation: 'legacy' } });
});
afterAll(async () => {
	await sandbox.close();
	await legacy.close();
});
beforeEach(() => {
	sandbox.reset();
	legacy.reset();
});

const credentials = (options: { apiKey?: string; sb?: Sandbox; amountUnit?: string } = {}) => {
	const sb = options.sb ?? sandbox;
	return {
		type: 'northflankApi',
		data: {
			baseUrl: sb.baseUrls.northflank,
			apiKey: options.apiKey ?? sb.tokens.northflank,
			...(options.amountUnit ? { amountUnit: options.amountUnit } : {}),
		},
	};
};
const run = (
	parameters: Record<string, unknown>,
	options: { apiKey?: string; sb?: Sandbox; amountUnit?: string; input?: object[]; continueOnFail?: boolean } = {},
) =>
	runNode({
		type: 'northflank',
		parameters: { resource: 'invoice', ...parameters },
		credentials: credentials(options),
		input: options.input as never,
		continueOnFail: options.continueOnFail,
	});
const requests = (sb: Sandbox = sandbox): Logged[] => sb.requests;
const listRequests = (sb: Sandbox = sandbox) => requests(sb).filter((request) => request.path === '/billing/invoices');
const data = (sb: Sandbox = sandbox): Raw[] => sb.data.northflank;
/** Northflank lists oldest first (so does the sandbox); Get Many outputs newest first. */
const newestFirst = (records: Raw[]): Raw[] => [...records].reverse();
const ids = (items: Array<{ json: { id?: unknown } }>) => items.map((item) => item.json.id);
/** The id the node gives an invoice: the API's id, or (legacy API) the period start. */
const rawIds = (records: Raw[]) => records.map((raw) => raw.id ?? String(raw.period.start));
const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * The list requests of a list longer than one page: the cursor may be an offset (endpoints.ts
 * NORTHFLANK_CURSOR_IS_POSITIONAL), so the list is read twice and the readings compared.
 */
const twice = (cursors: string[]) => {
	const reading = [{ per_page: '100' }, ...cursors.map((cursor) => ({ per_page: '100', cursor }))];
	return [...reading, ...reading];
};

/** The cursors the API hands out for per_page=100, read straight from the sandbox (then the log is cleared). */
async function cursorChain(sb: Sandbox, perPage: number): Promise<string[]> {
	const cursors: string[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ per_page: String(perPage), ...(cursor ? { cursor } : {}) });
		const response = await fetch(`${sb.baseUrls.northflank}/billing/invoices?${query}`, {
			headers: { authorization: `Bearer ${sb.tokens.northflank}` },
		});
		const body = (await response.json()) as { pagination: { cursor?: string; hasNextPage: boolean } };
		cursor = body.pagination.cursor;
		if (cursor) cursors.push(cursor);
	} while (cursor);
	sb.reset();
	return cursors;
}

/**
 * The docs' list example (northflank.txt): usd, total 1200, subTotal 1000, period 1655823815..1655910214.
 * The oldest invoice, so the last one Get Many outputs. The list carries no discount (null).
 */
const docRecord = {
	provider: 'northflank', id: '835994C3-14310', number: '835994C3-14310', type: 'invoice', status: 'paid',
	description: null, currency: 'USD', subtotal: 10, tax: null, total: 12, discount: null, amountDue: null, taxRate: null,
	issuedAt: null, dueAt: null, paidAt: null,
	periodStart: '2022-06-21T15:03:35.000Z', periodEnd: '2022-06-22T15:03:34.000Z',
	lines: [], pdf: { available: false, fileName: null, url: null },
};

describe('Northflank node: Get Many', () => {
	it('Return All follows the cursor with per_page=100 until the API omits it (twice: the readings are compared), every invoice once, newest first', async () => {
		const cursors = await cursorChain(sandbox, 100);
		expect(cursors).toHaveLength(2);
		const { items, error } = await run({ operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(data()).toHaveLength(215);
		expect(ids(items)).toEqual(rawIds(newestFirst(data())));
		expect(new Set(ids(items)).size).toBe(215);
		expect(listRequests().map((request) => request.query)).toEqual(twice(cursors));
		expect(requests()).toHaveLength(6);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Limit 7 gives the newest 7: the oldest-first list is read whole (twice), in pages of 100', async () => {
		const cursors = await cursorChain(sandbox, 100);
		const { items } = await run({ operation: 'getAll', returnAll: false, limit: 7 });
		expect(ids(items)).toEqual(rawIds(newestFirst(data()).slice(0, 7)));
		expect(listRequests().map((request) => request.query)).toEqual(twice(cursors));
	});

	it('Limit above a page gives the newest N, reading every page', async () => {
		const cursors = await cursorChain(sandbox, 100);
		const { items } = await run({ operation: 'getAll', returnAll: false, limit: 150 });
		expect(ids(items)).toEqual(rawIds(newestFirst(data()).slice(0, 150)));
		expect(listRequests().map((request) => request.query)).toEqual(twice(cursors));
	});

	it('normalizes the documented record exactly (amounts in cents by default)', async () => {
		const { items } = await run({ operation: 'getAll', returnAll: true });
		expect(items[items.length - 1].json).toEqual(docRecord);
	});

	it('reads amounts as currency units when the credential says so', async () => {
		const { items } = await run({ operation: 'getAll', returnAll: true }, { amountUnit: 'units' });
		expect(items[items.length - 1].json).toEqual({ ...docRecord, subtotal: 1000, total: 1200 });
		const one = await run({ operation: 'get', invoiceId: '835994C3-14310' }, { amountUnit: 'units' });
		expect(one.items[0].json).toMatchObject({ subtotal: 1000, tax: 200, total: 1200, lines: [expect.objectContaining({ total: 1000 })] });
	});

	it('Issued After / Issued Before compare the period end (there is no issue date) and keep exactly those', async () => {
		const after = '2026-01-01T00:00:00.000Z';
		const before = '2026-04-01T00:00:00.000Z';
		const { items, error } = await run({ operation: 'getAll', returnAll: true, filters: { issuedAfter: after, issuedBefore: before } });
		expect(error).toBeUndefined();
		const kept = data().filter((raw) => raw.period.end * 1000 >= Date.parse(after) && raw.period.end * 1000 < Date.parse(before));
		expect(kept.length).toBeGreaterThan(3);
		expect(ids(items)).toEqual(rawIds(newestFirst(kept)));
		expect(items.every((item) => item.json.issuedAt === null)).toBe(true);
		// The API has no date filter: every page is read, twice (per_page stays at 100, not the Limit).
		expect(listRequests()).toHaveLength(6);
		expect(listRequests().every((request) => request.query.per_page === '100')).toBe(true);
	});

	it('Issued After with Limit returns the newest matching invoices only', async () => {
		const after = '2025-06-01T00:00:00.000Z';
		const { items } = await run({ operation: 'getAll', returnAll: false, limit: 3, filters: { issuedAfter: after } });
		const kept = data().filter((raw) => raw.period.end * 1000 >= Date.parse(after));
		expect(ids(items)).toEqual(rawIds(newestFirst(kept).slice(0, 3)));
	});

	it('rejects an invalid date filter (set by expression) before any request', async () => {
		const { error } = await run({ operation: 'getAll', returnAll: true, filters: { issuedBefore: '={{ "soon" }}' } });
		expect(error?.message).toBe('The Issued Before filter "soon" is not a date');
		expect(requests()).toHaveLength(0);

		const swapped = await run({
			operation: 'getAll', returnAll: true, filters: { issuedAfter: '2026-02-01T00:00:00Z', issuedBefore: '2026-01-01T00:00:00Z' },
		});
		expect(swapped.error?.message).toBe('The Issued After filter is later than Issued Before');
		expect(requests()).toHaveLength(0);
	});

	it('legacy API: invoices without ids are identified by their period start, cursor pages included', async () => {
		const cursors = await cursorChain(legacy, 100);
		const { items, error } = await run({ operation: 'getAll', returnAll: true }, { sb: legacy });
		expect(error).toBeUndefined();
		expect(data(legacy).every((raw) => raw.id === undefined)).toBe(true);
		expect(ids(items)).toEqual(newestFirst(data(legacy)).map((raw) => String(raw.period.start)));
		expect(new Set(ids(items)).size).toBe(215);
		expect(listRequests(legacy).map((request) => request.query)).toEqual(twice(cursors));
		expect(items[items.length - 1].json).toEqual({ ...docRecord, id: '1655823815', number: null, status: 'unknown' });
	});
});

describe('Northflank node: Get', () => {
	it('current API: billing/invoices/{id} with tax and line items', async () => {
		const detail = sandbox.detail('northflank', '835994C3-14310') as { discounts: { total: number } };
		const { items, error } = await run({ operation: 'get', invoiceId: '835994C3-14310' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			...docRecord,
			discount: detail.discounts.total / 100,
			tax: 2,
			taxRate: 20,
			lines: [{ description: 'PaaS usage', quantity: null, unitPrice: null, total: 10, taxRate: null }],
		});
		expect(requests().map((request) => `${request.method} ${request.path}`)).toEqual(['GET /billing/invoices/835994C3-14310']);
	});

	it('legacy API: a numeric id is looked up by timestamp in billing/invoices/details', async () => {
		const detail = legacy.detail('northflank', 1655823815) as { discount: number };
		const { items, error } = await run({ operation: 'get', invoiceId: '1655823815' }, { sb: legacy });
		expect(error).toBeUndefined();
		expect(requests(legacy).map((request) => [request.path, request.query])).toEqual([
			['/billing/invoices/details', { timestamp: '1655823815' }],
		]);
		// The legacy details carry no currency (only the list does): null, never guessed.
		expect(items[0].json).toEqual({
			...docRecord,
			id: '1655823815',
			number: null,
			currency: null,
			discount: detail.discount / 100,
			tax: 2,
			taxRate: 20,
			lines: [{ description: 'PaaS usage', quantity: null, unitPrice: null, total: 10, taxRate: null }],
		});
	});

	it('legacy API: an invoice from the middle of the list is found by its own id', async () => {
		const raw = data(legacy)[120];
		const detail = legacy.detail('northflank', raw.period.start) as {
			total: number; subTotal: number; discount: number; tax: { value: number; percent: number };
		};
		const { items } = await run({ operation: 'get', invoiceId: String(raw.period.start) }, { sb: legacy });
		expect(items[0].json).toMatchObject({
			id: String(raw.period.start),
			periodStart: isoSeconds(raw.period.start),
			periodEnd: isoSeconds(raw.period.end),
			total: detail.total / 100,
			subtotal: detail.subTotal / 100,
			discount: detail.discount / 100,
			tax: detail.tax.value / 100,
			taxRate: detail.tax.percent,
		});
	});

	it('current API: the discount is discounts.total, in the account unit, and the money adds up', async () => {
		type Detail = { subTotal: number; total: number; discounts: { total: number }; tax: { amount: number } };
		const detailOf = (raw: Raw) => sandbox.detail('northflank', raw.id!) as Detail;
		const raw = data().find((candidate) => detailOf(candidate).discounts.total > 0)!;
		const detail = detailOf(raw);
		const { items, error } = await run({ operation: 'get', invoiceId: raw.id! });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			id: raw.id,
			subtotal: detail.subTotal / 100,
			discount: detail.discounts.total / 100,
			tax: detail.tax.amount / 100,
			total: detail.total / 100,
		});
		const { subtotal, discount, tax, total } = items[0].json as Record<string, number>;
		expect(discount).toBeGreaterThan(0);
		expect(Math.round((subtotal - discount + tax) * 100)).toBe(Math.round(total * 100));

		sandbox.reset();
		const units = await run({ operation: 'get', invoiceId: raw.id! }, { amountUnit: 'units' });
		expect(units.items[0].json.discount).toBe(detail.discounts.total);
	});

	it('an unknown id fails with the API error.message and status', async () => {
		const current = await run({ operation: 'get', invoiceId: '835994C3-99999' });
		expect(current.error?.message).toBe('Northflank API error 404: Invoice 835994C3-99999 not found');
		expect((current.error as { httpCode?: string }).httpCode).toBe('404');

		const old = await run({ operation: 'get', invoiceId: '1000000000' }, { sb: legacy });
		expect(old.error?.message).toBe('Northflank API error 404: No invoice found for this timestamp');
		expect((old.error as { httpCode?: string }).httpCode).toBe('404');
	});

	it('rejects an id that would leave its path segment before any request', async () => {
		const { error } = await run({ operation: 'get', invoiceId: '../details' });
		expect(error?.message).toBe('The Invoice ID "../details" contains characters that are not allowed');
		expect(requests()).toHaveLength(0);
	});
});

describe('Northflank node: description and errors', () => {
	it('offers no Download PDF operation and says the API has no PDFs', async () => {
		const { nodes } = await loadPackage();
		const description = (nodes.northflank as { description: { description: string; properties: Array<{ name: string; options?: Array<{ value: string }> }> } }).description;
		const operation = description.properties.find((property) => property.name === 'operation')!;
		expect(operation.options!.map((option) => option.value).sort()).toEqual(['get', 'getAll']);
		expect(operation.options!.some((option) => option.value === 'download')).toBe(false);
		expect(description.description).toMatch(/API has no invoice PDFs/);
		expect(description.properties.some((property) => property.name === 'binaryPropertyName')).toBe(false);

		const { error } = await run({ operation: 'download', invoiceId: '835994C3-14310' });
		expect(error?.message).toBe('The operation "download" is not supported by Northflank');
		expect(requests()).toHaveLength(0);
	});

	it('a refused token gives the API message and status, never the token', async () => {
		const token = 'nf_live_wrong0123456789abcdef';
		const { error } = await run({ operation: 'getAll', returnAll: true }, { apiKey: token });
		expect(error?.message).toBe('Northflank API error 401: Unauthorized: invalid API token');
		expect((error as { httpCode?: string }).httpCode).toBe('401');
		expect(error?.description).toBe(
			'Northflank refused the API key. Check the API token in the Northflank credential and that its API role has Account → Billing → General → Read.',
		);
		expect(JSON.stringify(error)).not.toContain(token);
		expect(String(error?.stack)).not.toContain(token);
		expect(requests()).toHaveLength(1);
	});

	it('continueOnFail: the failing item becomes {error} paired to it, the other is still output', async () => {
		const { items, error } = await run(
			{ operation: 'get', invoiceId: '={{ $json.id }}' },
			{ input: [{ json: { id: '835994C3-14310' } }, { json: { id: 'NOPE-1' } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ id: '835994C3-14310', total: 12, tax: 2 });
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1]).toEqual({ json: { error: 'Northflank API error 404: Invoice NOPE-1 not found' }, pairedItem: { item: 1 } });
	});
});

import { runNode, startTestServer, type TestServer } from '../harness';

// A response that says the rate limit is used up makes the next request wait for the reset,
// instead of spending a request on a 429.

let server: TestServer;
const arrivals: number[] = [];

beforeAll(async () => {
	server = await startTestServer((request) => {
		arrivals.push(Date.now());
		const first = request.query.cursor === undefined;
		return {
			headers: first
				? { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }
				: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-reset': '3600' },
			body: {
				data: { invoices: [{ id: first ? 'INV-1' : 'INV-2', period: { start: 1780272000, end: 1782864000 }, currency: 'usd', total: 100, subTotal: 100, paid: true }] },
				pagination: first ? { hasNextPage: true, cursor: 'next', count: 1 } : { hasNextPage: false, count: 1 },
			},
		};
	});
});
afterAll(async () => await server.close());

it('waits for the announced reset before the next request when none are left', async () => {
	const { items, error } = await runNode({
		type: 'northflank',
		parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
		credentials: { type: 'northflankApi', data: { baseUrl: `${server.url}/v1`, apiKey: 'nf_rate_limit_key' } },
	});
	expect(error).toBeUndefined();
	// Northflank lists oldest first; Get Many outputs newest first.
	expect(items.map((item) => item.json.id)).toEqual(['INV-2', 'INV-1']);
	// Two pages: the list is read twice and the readings compared (NORTHFLANK_CURSOR_IS_POSITIONAL);
	// each first page announces none left, so each next request waits for the reset.
	expect(server.requests.map((request) => request.query.cursor ?? null)).toEqual([null, 'next', null, 'next']);
	expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
	expect(arrivals[3] - arrivals[2]).toBeGreaterThanOrEqual(950);
});

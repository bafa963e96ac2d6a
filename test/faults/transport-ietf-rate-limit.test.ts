import { runNode, startTestServer, type TestServer } from '../harness';

// The IETF draft's RateLimit-Remaining / RateLimit-Reset (reset in seconds from now) pause the
// next request like X-RateLimit-* do, for a provider that declares no headers of its own.

let server: TestServer;
const arrivals: number[] = [];

beforeAll(async () => {
	server = await startTestServer((request) => {
		arrivals.push(Date.now());
		const id = Number(request.path.split('/').pop());
		return {
			headers:
				id === 1
					? { 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1' }
					: { 'RateLimit-Limit': '100', 'RateLimit-Remaining': '99', 'RateLimit-Reset': '3600' },
			body: [{ id, invoiceNumber: `INV-${id}`, currency: 'EUR', amountIncVAT: 1210, amountExclVAT: 1000 }],
		};
	});
});
afterAll(async () => await server.close());

it('waits for the announced IETF reset before the next item’s request when none are left', async () => {
	const { items, error } = await runNode({
		type: 'i3dNet',
		parameters: { resource: 'invoice', operation: 'get', invoiceId: '={{ $json.id }}' },
		credentials: { type: 'i3dNetApi', data: { baseUrl: `${server.url}/v3`, apiKey: 'i3d_ietf_rate_limit_key' } },
		input: [{ json: { id: 1 } }, { json: { id: 2 } }],
	});
	expect(error).toBeUndefined();
	expect(items.map((item) => item.json.id)).toEqual(['1', '2']);
	expect(server.requests.map((request) => request.path)).toEqual(['/v3/account/invoice/1', '/v3/account/invoice/2']);
	expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
});

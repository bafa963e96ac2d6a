import { runNode, startTestServer, type Reply, type TestServer } from '../harness';

// A hostile API that echoes the key back in other encodings than verbatim: in a redirect's host
// name, in an HTML title quoting a URL, as base64 of the Authorization header, JSON-escaped, and
// in a message the PDF check quotes only in part. No error text may hold any form of it.

const KEY = 'I3dEchoKey/0123+456789=abcdefXYZ';
/** A key that can be a host name label, as some API keys (hex, base32) can. */
const HOST_KEY = 'I3dHostKey0123456789abcdefXYZ';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

function needles(key: string): string[] {
	return [
		key,
		encodeURIComponent(key),
		lowerHex(encodeURIComponent(key)),
		new URLSearchParams({ k: key }).toString().slice(2),
		b64(key),
		b64(`Bearer ${key}`),
		Buffer.from(key).toString('base64url'),
		JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
		key.slice(0, 12),
		// how a URL's origin shows a key used as a host name
		key.toLowerCase(),
	];
}

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => await server.close());

const SCENARIOS: Array<[string, string, string, Reply]> = [
	['a redirect to a host named after the key', HOST_KEY, 'get', { status: 302, headers: { location: `https://${HOST_KEY}.evil.example/?k=${HOST_KEY}` } }],
	[
		'an HTML page whose title quotes a URL with the key',
		KEY,
		'get',
		{ status: 404, headers: { 'content-type': 'text/html' }, body: `<html><title>Not here: https://x.example/?a=1&amp;token=${lowerHex(encodeURIComponent(KEY))}</title></html>` },
	],
	[
		'a 401 echoing the Authorization header in base64 and the key JSON-escaped',
		KEY,
		'get',
		{ status: 401, body: `{"errorMessage":"Refused ${b64(`Bearer ${KEY}`)} for \\"${KEY.replace(/\//g, '\\/')}\\""}` },
	],
	[
		'a 400 echoing the key form-encoded and as base64url',
		KEY,
		'get',
		{ status: 400, body: { errorMessage: `bad token=${new URLSearchParams({ t: KEY }).toString().slice(2)} (${Buffer.from(KEY).toString('base64url')})` } },
	],
	['JSON instead of the PDF, whose message the check cuts off inside the key', KEY, 'download', { status: 200, body: { message: `${'x'.repeat(170)}${KEY}` } }],
];

it.each(SCENARIOS)('%s', async (_name, key, operation, reply) => {
	server.handle((request) => {
		if (request.path === '/v3/account/invoice/5' && reply.status === 200) return { body: [{ id: 5, invoiceNumber: 'INV-5', currency: 'EUR' }] };
		return reply;
	});
	const { error, recordedError } = await runNode({
		type: 'i3dNet',
		parameters: { resource: 'invoice', operation, invoiceId: '5' },
		credentials: { type: 'i3dNetApi', data: { baseUrl: `${server.url}/v3`, apiKey: key } },
	});
	expect(error).toBeDefined();
	const texts = JSON.stringify([error?.message, (error as { description?: string }).description, recordedError]);
	expect(texts).toContain('***');
	expect(needles(key).filter((needle) => texts.includes(needle))).toEqual([]);
});

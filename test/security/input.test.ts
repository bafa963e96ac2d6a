/**
 * Hostile or mistaken input fails before any request, with a message naming the field: empty
 * and malformed IDs (path traversal, "/", "?", "#", non-numeric where the API is numeric),
 * Limit < 1, Issued After later than Issued Before, unparsable dates, and Base URLs that are
 * not http(s) or send the key over plain http to another host. With Continue On Fail, a bad
 * item becomes {json: {error}} paired to its input while the others go on.
 */
import { PROVIDERS, PROVIDER_KEYS, expectedIds, run, startSandbox, type ProviderKey, type Sandbox } from '../faults/helpers';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

/** Whether the provider's IDs are numeric (checked as digits before the request): the registry's numericIds. */
const NUMERIC = (key: ProviderKey) => PROVIDERS[key].numericIds;
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A well-formed but unknown ID of a non-numeric API legitimately reaches it: its 404. */
const notFound = (key: ProviderKey) => new RegExp(`^${esc(PROVIDERS[key].label)} API error 404`);

const badIds: Array<[string, (key: ProviderKey) => RegExp]> = [
	['', () => /^The Invoice ID is empty$/],
	['   ', () => /^The Invoice ID is empty$/],
	['../details', () => /^The Invoice ID "\.\.\/details" contains characters that are not allowed$/],
	['..', () => /^The Invoice ID "\.\." contains characters that are not allowed$/],
	['12/34', () => /^The Invoice ID "12\/34" contains characters that are not allowed$/],
	['12?x=1', () => /^The Invoice ID "12\?x=1" contains characters that are not allowed$/],
	['12#frag', () => /^The Invoice ID "12#frag" contains characters that are not allowed$/],
	['12%2F34', () => /^The Invoice ID "12%2F34" contains characters that are not allowed$/],
	['12\\34', () => /^The Invoice ID "12\\34" contains characters that are not allowed$/],
	['12\n34', () => /^The Invoice ID "12\n34" contains characters that are not allowed$/],
	['abc', (key) => (NUMERIC(key) ? /^The Invoice ID "abc" is not a number$/ : notFound(key))],
	['-5', (key) => (NUMERIC(key) ? /^The Invoice ID "-5" is not a number$/ : notFound(key))],
];

describe.each(PROVIDER_KEYS)('%s: bad input fails before any request, naming the field', (key) => {
	it.each(badIds)('Get with Invoice ID %j', async (id, message) => {
		// mapped from the previous node, as IDs usually are (n8n itself refuses an empty literal)
		const result = await run(sandbox, key, { parameters: { operation: 'get', invoiceId: '={{ $json.id }}' }, input: [{ json: { id } }] });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(message(key));
		// a well-formed but unknown Northflank ID legitimately reaches the API
		if (!/API error 404/.test(String(message(key)))) expect(sandbox.requests).toEqual([]);
	});

	it.each([0, -1, 1.5, 'ten'])('Get Many with Limit %j', async (limit) => {
		const result = await run(sandbox, key, { parameters: { operation: 'getAll', returnAll: false, limit } });
		expect(result.error?.message).toBe('The Limit must be a whole number of 1 or more');
		expect(result.error?.description).toMatch(/Set Limit to 1 or more, or turn on Return All/);
		expect(sandbox.requests).toEqual([]);
	});

	it('Get Many with Issued After later than Issued Before', async () => {
		const result = await run(sandbox, key, {
			parameters: { operation: 'getAll', returnAll: true, filters: { issuedAfter: '2025-02-01T00:00:00', issuedBefore: '2025-01-01T00:00:00' } },
		});
		expect(result.error?.message).toBe('The Issued After filter is later than Issued Before');
		expect(sandbox.requests).toEqual([]);
	});

	it.each([
		['issuedAfter', 'Issued After', 'last tuesday'],
		['issuedBefore', 'Issued Before', '2025-13-45'],
	])('Get Many with an unparsable %s', async (field, label, value) => {
		const result = await run(sandbox, key, { parameters: { operation: 'getAll', returnAll: true, filters: { [field]: value } } });
		expect(result.error?.message).toBe(`The ${label} filter "${value}" is not a date`);
		expect(result.items).toEqual([]);
		expect(sandbox.requests).toEqual([]);
	});

	it.each([
		['ftp://files.example.com/api', /^The credential's Base URL must start with https:\/\/$/],
		['javascript:alert(1)', /^The credential's Base URL must start with https:\/\/$/],
		['file:///etc/passwd', /^The credential's Base URL must start with https:\/\/$/],
		['http://api.example.com/v1', /^The credential's Base URL uses plain http:\/\/ to api\.example\.com$/],
		['not a url', /^The credential's Base URL "not a url" is not a URL$/],
		['', /^The credential's Base URL is empty$/],
		['https://user:pass@api.example.com/', /^The credential's Base URL must not contain a user name or password$/],
		['https://api.example.com/v1?debug=1', /^The credential's Base URL must not contain "\?" or "#"$/],
	])('Base URL %j', async (baseUrl, message) => {
		const result = await run(sandbox, key, { parameters: { operation: 'getAll', returnAll: true }, baseUrl });
		expect(result.error?.message).toMatch(message);
		expect(sandbox.requests).toEqual([]);
	});

	it('plain http is accepted for localhost (the sandbox itself)', async () => {
		const result = await run(sandbox, key, {
			parameters: { operation: 'getAll', returnAll: false, limit: 1 },
			baseUrl: sandbox.baseUrls[key].replace('127.0.0.1', 'localhost'),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
	});

	it('Continue On Fail: the bad item becomes {json: {error}} paired to its input, the others go on', async () => {
		const ids = expectedIds(sandbox, key);
		const result = await run(sandbox, key, {
			parameters: { operation: 'get', invoiceId: '={{ $json.id }}' },
			input: [{ json: { id: ids[0] } }, { json: { id: '../../etc/passwd' } }, { json: { id: '' } }, { json: { id: ids[1] } }],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items[0].json).toMatchObject({ provider: key, id: ids[0] });
		expect(result.items[1].json).toEqual({ error: 'The Invoice ID "../../etc/passwd" contains characters that are not allowed' });
		expect(result.items[2].json).toEqual({ error: 'The Invoice ID is empty' });
		expect(result.items[3].json).toMatchObject({ provider: key, id: ids[1] });
		// the bad items never reached the API
		expect(sandbox.requests.some((request: { path: string }) => /etc|passwd|\.\./.test(request.path))).toBe(false);
		expect(PROVIDERS[key].key).toBe(key);
	});
});

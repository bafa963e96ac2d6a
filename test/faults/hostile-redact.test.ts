/**
 * Issue 8, class 3: no key in any encoding in any message or description. Every provider's API
 * (and its PDF endpoint, and WiseCP's anonymous file host) echoes the key it received, through the
 * sandbox's `echoKey` fault, in every encoding the sandbox knows (verbatim, %2F and + forms,
 * lower-case hex escapes, twice URL-encoded, base64 / base64url alone or inside "Bearer <key>",
 * JSON- and HTML-escaped, hex): in its error body, in an HTML page whose title quotes a URL, in a
 * 200 JSON message where a PDF was expected, in a redirect Location to another origin (in the
 * query, or as the host name). The error the user sees (message, description, the copy n8n keeps)
 * holds none of those forms.
 *
 * And plain http:// only to this machine, on every provider's node: [::1] and 127.0.0.1 work, a
 * host NAME that looks like a loopback address does not.
 */
import type { RunNodeResult } from '../harness';
import { PROVIDER_KEYS, PROVIDERS, pdfRecordId, requestsOf, run, startSandbox } from './helpers';
import { esc, type ProviderInfo, type ProviderKey, type Sandbox } from './hostile';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ENCODINGS } = require('../sandbox/hostile') as { ENCODINGS: Record<string, (key: string) => string> };

/** Keys with the characters URL, form and base64 encodings change ('/', '+', '='), one per provider. */
const KEYS: Record<ProviderKey, string> = Object.fromEntries(PROVIDER_KEYS.map((key, index) => [key, `${key.slice(0, 3)}Key/${index}0123+456789=abcdefXYZ`])) as Record<ProviderKey, string>;
/** Keys that can be host names (hex or base32 keys can), for the redirect to a host named after the key. */
const HOST_KEYS: Record<ProviderKey, string> = Object.fromEntries(PROVIDER_KEYS.map((key, index) => [key, `${key.slice(0, 3)}HostKey${index}0123456789abcdefXYZ`])) as Record<ProviderKey, string>;

/** Every form of the key the sandbox can echo, its lower-case forms (URL hosts), and a long piece of it. */
function needles(key: string): string[] {
	const forms = Object.values(ENCODINGS).map((encode) => encode(key));
	return [...new Set([...forms, ...forms.map((form) => form.toLowerCase()), key.slice(0, 12), key.slice(-12)])];
}

/** What the user sees of an error: its message, description and the copy n8n records, as one text. */
function errorText(result: RunNodeResult): string {
	return JSON.stringify([result.error?.message, result.error?.description, result.recordedError]);
}

function expectNoKey(result: RunNodeResult, key: string, { masked }: { masked: boolean }) {
	expect(result.error).toBeDefined();
	const text = errorText(result);
	expect(needles(key).filter((needle) => text.includes(needle))).toEqual([]);
	// the echo reached the message, and was masked there (a redirect's query never reaches it)
	if (masked) expect(text).toContain('***');
}

const ALL = Object.keys(ENCODINGS);

describe('the key echoed back, in any encoding, is in no message', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ tokens: KEYS });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const listCases = PROVIDER_KEYS.flatMap((key) => [
		...ALL.map((encoding) => [key, 'body', encoding] as const),
		...ALL.map((encoding) => [key, 'html', encoding] as const),
		...['verbatim', 'url', 'base64'].map((encoding) => [key, 'location', encoding] as const),
	]);

	it.each(listCases)('%s: Get Many, the API echoes the key in its %s (%s)', async (key, where, encoding) => {
		const p = PROVIDERS[key];
		// WiseCP reports errors with HTTP 200; its body echo is then "WiseCP API error: …"
		const status = where === 'body' && p.errorsAsHttp200 ? 200 : undefined;
		sandbox.fault(key, { kind: 'echoKey', where, encoding, status, times: Infinity, match: { path: p.listPath } });
		const result = await run(sandbox, key, { parameters: { operation: 'getAll', returnAll: true } });
		expectNoKey(result, KEYS[key], { masked: where !== 'location' });
		if (where === 'location') {
			expect(result.error!.message).toBe(`The ${p.label} API redirected to ${sandbox.otherUrl}, which is not the credential's Base URL origin (${sandbox.url})`);
			expect(requestsOf(sandbox, (request) => request.origin === 'other')).toEqual([]);
		}
	});

	const pdfCases = PROVIDER_KEYS.filter((key) => PROVIDERS[key].pdf).flatMap((key) => [
		...ALL.map((encoding) => [key, 'json200', encoding] as const),
		...['verbatim', 'form', 'bearerBase64'].flatMap((encoding) => [[key, 'body', encoding] as const, [key, 'html', encoding] as const]),
		[key, 'location', 'url'] as const,
	]);

	it.each(pdfCases)('%s: Download PDF, the file endpoint echoes the key in its %s (%s)', async (key, where, encoding) => {
		const p = PROVIDERS[key];
		const id = pdfRecordId(sandbox, key);
		sandbox.fault(key, { kind: 'echoKey', where, encoding, match: { path: p.pdfPath }, times: Infinity });
		const result = await run(sandbox, key, { parameters: { operation: 'download', invoiceId: id } });
		expectNoKey(result, KEYS[key], { masked: where !== 'location' });
		// (the base64 of "Bearer " / "api:" before the key stays: it holds nothing of the key)
		if (where === 'json200') expect(result.error!.message).toMatch(new RegExp(`^PDF of ${esc(p.label)} invoice .+: expected a PDF but the API sent JSON \\("Session (QmVhcmVyI|YXBpO)?\\*\\*\\* has expired, sign in again"\\)$`));
		// a file may be fetched from another origin, but never with the key
		for (const request of requestsOf(sandbox, (entry) => entry.origin === 'other')) expect(request.headers[p.authHeader]).toBeUndefined();
	});

	it.each(ALL)('wisecp: a formalized file on another origin (fetched without the key) whose host echoes the key (%s)', async (encoding) => {
		const p = PROVIDERS.wisecp;
		const id = pdfRecordId(sandbox, 'wisecp', 'other');
		sandbox.fault('wisecp', { kind: 'echoKey', where: 'json200', encoding, match: { path: p.pdfPath } });
		const result = await run(sandbox, 'wisecp', { parameters: { operation: 'download', invoiceId: id } });
		expectNoKey(result, KEYS.wisecp, { masked: true });
		const other = requestsOf(sandbox, (request) => request.origin === 'other');
		expect(other).toHaveLength(1);
		expect(other[0].headers.apikey).toBeUndefined();
	});
});

describe('a redirect to a host named after the key is refused, and the origin in the message is masked', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ tokens: HOST_KEYS });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	it.each(PROVIDER_KEYS.flatMap((key) => ['verbatim', 'hex'].map((encoding) => [key, encoding] as const)))('%s: Get Many redirected to https://<key as %s>.evil.example/', async (key, encoding) => {
		const p = PROVIDERS[key];
		sandbox.fault(key, { kind: 'echoKey', where: 'hostLocation', encoding, match: { path: p.listPath } });
		const result = await run(sandbox, key, { parameters: { operation: 'getAll', returnAll: true } });
		expectNoKey(result, HOST_KEYS[key], { masked: true });
		expect(result.error!.message).toBe(`The ${p.label} API redirected to https://***.evil.example, which is not the credential's Base URL origin (${sandbox.url})`);
	});
});

describe('plain http:// only to this machine, on every node', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ host: '127.0.0.1' });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const withBase = async (p: ProviderInfo, baseUrl: string) =>
		await run(sandbox, p.key, { parameters: { operation: 'getAll', returnAll: false, limit: 1 }, baseUrl });

	it.each(PROVIDER_KEYS)('%s: http://127.0.0.1 and http://[::1] reach the API', async (key) => {
		const p = PROVIDERS[key];
		const ok = await withBase(p, sandbox.baseUrls[key]);
		expect(ok.error).toBeUndefined();
		expect(ok.items).toHaveLength(1);
		const v6 = await withBase(p, sandbox.baseUrls[key].replace('127.0.0.1', '[::1]'));
		// [::1] passes the Base URL check; where this machine has no IPv6 loopback, the connection (not the check) fails
		if (v6.error) expect(v6.error.message).toMatch(new RegExp(`^The ${esc(p.label)} API could not be reached`));
		else expect(v6.items).toHaveLength(1);
	});

	it.each(PROVIDER_KEYS.flatMap((key) => ['127.0.0.1.nip.io', '127.example.com', 'localhost.attacker.example'].map((host) => [key, host] as const)))(
		'%s: http://%s is refused before any request',
		async (key, host) => {
			const p = PROVIDERS[key];
			const result = await withBase(p, `http://${host}:${sandbox.port}${p.basePath}`);
			expect(result.error?.message).toBe(`The credential's Base URL uses plain http:// to ${host}`);
			expect(result.error?.description).toBe('The API key would travel unencrypted. Use https://; plain http is accepted only for localhost, 127.x.x.x and [::1].');
			expect(sandbox.requests).toEqual([]);
		},
	);
});

/**
 * Credential hygiene: a broad set of operations on every provider (successes, failures with
 * and without Continue On Fail, provider extras, PDFs and archives, redirects), run with
 * distinctive API keys; then every output item's json, every binary's metadata (all but the
 * bytes), every error (message, description, context, cause, the copy n8n records) and the
 * whole run data are scanned for the keys. Hostile APIs echo the key back in error bodies,
 * HTML titles and PDF-endpoint JSON: the node must redact it everywhere. Requests to the other
 * origin must never carry an auth header.
 */
import { createHash } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import type { RunNodeResult } from '../harness';
import { AUTH_HEADERS, TOKEN_PREFIXES } from '../providers';
import {
	PROVIDERS,
	PROVIDER_KEYS,
	expectedIds,
	listedIds,
	pdfRecordId,
	requestsOf,
	run,
	startSandbox,
	type Logged,
	type ProviderKey,
	type Sandbox,
} from '../faults/helpers';

/**
 * Distinctive secrets, one per token the sandbox knows (the registry's: one per credential, and
 * extras such as the read-only VPSBG token), e.g. "LEAKCANARY-vpsbg-<20 hex>".
 */
const SECRETS: Record<string, string> = Object.fromEntries(
	Object.keys(TOKEN_PREFIXES).map((name) => [name, `LEAKCANARY-${name.toLowerCase()}-${createHash('sha256').update(name).digest('hex').slice(0, 20)}`]),
);
const ALL_SECRETS = Object.values(SECRETS);
/** What a leak may look like: the key, its URL and base64 encodings, a long enough piece of it. */
const NEEDLES = ALL_SECRETS.flatMap((secret) => [
	secret,
	encodeURIComponent(secret),
	Buffer.from(secret).toString('base64'),
	secret.slice(-20),
]);

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ tokens: SECRETS });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

// ---------------------------------------------------------------- the scanner

/** Every string reachable from a value (own properties, enumerable or not; binary bytes skipped). */
function strings(value: unknown, path = '$', seen = new Set<unknown>(), out: Array<[string, string]> = []): Array<[string, string]> {
	if (typeof value === 'string') {
		out.push([path, value]);
		return out;
	}
	if (typeof value !== 'object' || value === null || seen.has(value)) return out;
	seen.add(value);
	if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return out;
	for (const key of Object.getOwnPropertyNames(value)) {
		// the node's own parameters (what the user typed) are not output
		if (key === 'node' || key === 'workflow') continue;
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		out.push([`${path}.${key}#key`, key]);
		strings(child, `${path}.${key}`, seen, out);
	}
	return out;
}

/** Output items with each binary's bytes removed: json and binary metadata stay. */
function withoutBytes(items: INodeExecutionData[]): unknown[] {
	return items.map((item) => ({
		...item,
		binary: item.binary
			? Object.fromEntries(Object.entries(item.binary).map(([key, binary]) => [key, { ...binary, data: '<bytes>' }]))
			: undefined,
	}));
}

function leaks(result: RunNodeResult): string[] {
	const runData = result.run.data.resultData.runData;
	const targets: Record<string, unknown> = {
		items: withoutBytes(result.items),
		outputs: result.outputs.map(withoutBytes),
		error: result.error,
		recordedError: result.recordedError,
		runError: result.run.data.resultData.error,
		runData: Object.fromEntries(
			Object.entries(runData).map(([name, tasks]) => [
				name,
				tasks.map((task) => ({ ...task, data: task.data ? Object.fromEntries(Object.entries(task.data).map(([kind, outputs]) => [kind, (outputs ?? []).map((items) => withoutBytes(items ?? []))])) : undefined })),
			]),
		),
	};
	const found: string[] = [];
	for (const [path, text] of strings(targets)) {
		for (const needle of NEEDLES) if (text.includes(needle)) found.push(`${path} contains ${needle.slice(0, 24)}…`);
	}
	return found;
}

/** The auth headers (of any API in the registry) a request carried. */
function authHeaders(request: Logged): string[] {
	return AUTH_HEADERS.filter((name) => request.headers[name] !== undefined);
}

/** After every scenario: no secret anywhere, no auth header on the other origin. */
function expectClean(result: RunNodeResult) {
	expect(leaks(result)).toEqual([]);
	const other = requestsOf(sandbox, (request) => request.origin === 'other');
	expect(other.map((request) => ({ path: request.path, auth: authHeaders(request) }))).toEqual(other.map((request) => ({ path: request.path, auth: [] })));
	// and the key went only where it belongs: the primary origin, under the provider's own mount
	for (const request of requestsOf(sandbox, (entry) => authHeaders(entry).length > 0)) {
		expect(request.origin).toBe('primary');
	}
}

// ---------------------------------------------------------------- scenarios

interface Scenario {
	name: string;
	/** providers it applies to (default: all) */
	only?: ProviderKey[];
	setup?(key: ProviderKey): void;
	parameters(key: ProviderKey): Record<string, unknown>;
	input?(key: ProviderKey): INodeExecutionData[];
	/** 'ok': no error; 'error': an error (thrown, or as an item with Continue On Fail) */
	outcome: 'ok' | 'error';
	check?(result: RunNodeResult, key: ProviderKey, continueOnFail: boolean): void | Promise<void>;
}

const WITH_PDF: ProviderKey[] = PROVIDER_KEYS.filter((key) => PROVIDERS[key].pdf);
const LIST_PATH = (key: ProviderKey) => PROVIDERS[key].listPath;
const echo = (key: ProviderKey) => `Token ${SECRETS[key]} is not valid for this call`;

const SCENARIOS: Scenario[] = [
	{
		name: 'Get Many, Return All, Include Raw Data',
		parameters: () => ({ operation: 'getAll', returnAll: true, options: { includeRaw: true } }),
		outcome: 'ok',
		check: (result, key) => expect(result.items.map((item) => item.json.id)).toEqual(listedIds(sandbox, key)),
	},
	{
		name: 'Get Many with Download PDFs (binary metadata)',
		only: WITH_PDF,
		parameters: () => ({ operation: 'getAll', returnAll: false, limit: 6, downloadPdf: true, binaryPropertyName: 'pdf' }),
		outcome: 'ok',
		check: (result) => expect(result.items.some((item) => item.binary?.pdf?.mimeType === 'application/pdf')).toBe(true),
	},
	{
		name: 'Get with Include Raw Data',
		parameters: (key) => ({ operation: 'get', invoiceId: expectedIds(sandbox, key)[1], options: { includeRaw: true } }),
		outcome: 'ok',
	},
	{
		name: 'Download PDF, input binaries kept',
		only: WITH_PDF,
		parameters: (key) => ({ operation: 'download', invoiceId: pdfRecordId(sandbox, key), binaryPropertyName: 'file' }),
		input: () => [{ json: { note: 'input' }, binary: { keep: { data: Buffer.from('keep me').toString('base64'), mimeType: 'text/plain', fileName: 'keep.txt' } } }],
		outcome: 'ok',
		check: (result) => expect(Object.keys(result.items[0].binary ?? {}).sort()).toEqual(['file', 'keep']),
	},
	{
		name: 'Download PDF redirected to the other origin (followed without the key)',
		only: WITH_PDF,
		setup: (key) => sandbox.fault(key, { kind: 'redirect', match: { path: PROVIDERS[key].pdfPath } }),
		parameters: (key) => ({ operation: 'download', invoiceId: pdfRecordId(sandbox, key) }),
		outcome: 'ok',
		check: () => expect(requestsOf(sandbox, (request) => request.origin === 'other')).toHaveLength(1),
	},
	{
		name: 'WiseCP: a formalized file hosted on the other origin (fetched without the key)',
		only: ['wisecp'],
		parameters: (key) => ({ operation: 'download', invoiceId: pdfRecordId(sandbox, key, 'other') }),
		outcome: 'ok',
		check: () => expect(requestsOf(sandbox, (request) => request.origin === 'other')).toHaveLength(1),
	},
	{
		name: 'Get Many redirected to the other origin (refused before any request there)',
		setup: (key) => sandbox.fault(key, { kind: 'redirect', match: { path: LIST_PATH(key) } }),
		parameters: () => ({ operation: 'getAll', returnAll: true }),
		outcome: 'error',
		check: () => expect(requestsOf(sandbox, (request) => request.origin === 'other')).toEqual([]),
	},
	{
		name: 'a 401 whose body echoes the key',
		setup: (key) => sandbox.fault(key, { kind: 'status', status: 401, message: echo(key), times: Infinity }),
		parameters: () => ({ operation: 'getAll', returnAll: true }),
		outcome: 'error',
	},
	{
		name: 'a 422 whose body echoes the key (WiseCP: HTTP 200 with status error)',
		setup: (key) => sandbox.fault(key, { kind: 'status', status: PROVIDERS[key].errorsAsHttp200 ? 200 : 422, message: echo(key), times: Infinity }),
		parameters: (key) => ({ operation: 'get', invoiceId: expectedIds(sandbox, key)[0] }),
		outcome: 'error',
	},
	{
		name: '503 on every attempt, echoing the key',
		setup: (key) => sandbox.fault(key, { kind: 'status', status: 503, retryAfter: 0, message: echo(key), times: Infinity }),
		parameters: () => ({ operation: 'getAll', returnAll: true }),
		outcome: 'error',
	},
	{
		name: '429 with a wait beyond the cap, echoing the key',
		setup: (key) => sandbox.fault(key, { kind: 'status', status: 429, retryAfter: 900, message: echo(key), times: Infinity }),
		parameters: () => ({ operation: 'getAll', returnAll: true }),
		outcome: 'error',
	},
	{
		name: 'an HTML error page whose title echoes the key',
		setup: (key) => sandbox.fault(key, { kind: 'html', status: 500, body: `<html><head><title>Denied for ${SECRETS[key]}</title></head></html>`, times: Infinity }),
		parameters: () => ({ operation: 'getAll', returnAll: true }),
		outcome: 'error',
	},
	{
		name: 'an HTML page with 200 whose title echoes the key',
		setup: (key) => sandbox.fault(key, { kind: 'html', status: 200, body: `<!doctype html><title>Hi ${SECRETS[key]}</title>`, times: Infinity }),
		parameters: () => ({ operation: 'getAll', returnAll: true }),
		outcome: 'error',
	},
	{
		name: 'JSON instead of the PDF, echoing the key',
		only: WITH_PDF,
		setup: (key) => sandbox.fault(key, { kind: 'jsonInsteadOfPdf', body: { message: `Session for ${SECRETS[key]} expired` } }),
		parameters: (key) => ({ operation: 'download', invoiceId: pdfRecordId(sandbox, key) }),
		outcome: 'error',
	},
	{
		name: 'connections reset (network error text)',
		setup: (key) => sandbox.fault(key, { kind: 'reset', times: 2, match: { path: LIST_PATH(key) } }),
		parameters: () => ({ operation: 'getAll', returnAll: false, limit: 3 }),
		outcome: 'ok',
	},
	{
		name: 'the key itself typed as the Invoice ID',
		parameters: (key) => ({ operation: 'get', invoiceId: SECRETS[key] }),
		outcome: 'error',
		check: (result, key, continueOnFail) => {
			if (!continueOnFail) expect(result.error!.message).toMatch(/^The Invoice ID "\*\*\*" (contains characters that are not allowed|is not a number)$|has no invoice with ID \*\*\*|API error 404/);
			expect(key).toBeDefined();
		},
	},
	{
		name: 'Continue On Fail per item: good, missing, good',
		parameters: () => ({ operation: 'get', invoiceId: '={{ $json.id }}' }),
		input: (key) => [{ json: { id: expectedIds(sandbox, key)[0] } }, { json: { id: PROVIDERS[key].unknownId } }, { json: { id: expectedIds(sandbox, key)[2] } }],
		outcome: 'error',
		check: (result, key, continueOnFail) => {
			if (!continueOnFail) return;
			expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(result.items[0].json.id).toBe(expectedIds(sandbox, key)[0]);
			expect(Object.keys(result.items[1].json)).toEqual(['error']);
			expect(result.items[2].json.id).toBe(expectedIds(sandbox, key)[2]);
		},
	},
	// ------------------------------------------------------------ provider extras
	{
		name: 'i3D.net Get by Number',
		only: ['i3dnet'],
		parameters: () => ({ operation: 'getByNumber', invoiceNumber: (sandbox.data.i3dnet[0] as { invoiceNumber: string }).invoiceNumber, options: { includeRaw: true } }),
		outcome: 'ok',
	},
	{
		name: 'VPSBG Download Invoices (one archive for all input items)',
		only: ['vpsbg'],
		parameters: () => ({ operation: 'downloadMany', invoiceId: '={{ $json.id }}' }),
		input: (key) => expectedIds(sandbox, key).slice(0, 3).map((id) => ({ json: { id } })),
		outcome: 'ok',
		check: (result) => expect(result.items[0].binary?.data?.mimeType).toBe('application/zip'),
	},
	{
		name: 'VPSBG Download Invoices failing with an echoing 422',
		only: ['vpsbg'],
		setup: () => sandbox.fault('vpsbg', { kind: 'status', status: 422, message: echo('vpsbg'), match: { path: '/invoices/download' } }),
		parameters: () => ({ operation: 'downloadMany', invoiceId: '={{ $json.id }}' }),
		input: (key) => expectedIds(sandbox, key).slice(0, 2).map((id) => ({ json: { id } })),
		outcome: 'error',
	},
	{
		name: 'PPH Download Archive',
		only: ['pph'],
		parameters: () => ({ operation: 'downloadArchive', filters: { status: 'Paid' } }),
		outcome: 'ok',
		check: (result) => expect(result.items[0].binary?.data?.mimeType).toBe('application/zip'),
	},
	{
		name: 'PPH Pay With Credit and Remove Credit',
		only: ['pph'],
		parameters: () => ({ operation: 'payWithCredit', invoiceId: '={{ $json.id }}' }),
		input: () => (sandbox.data.pph as Array<{ id: number; status: string }>).filter((r) => r.status === 'Unpaid').slice(0, 1).map((r) => ({ json: { id: String(r.id) } })),
		outcome: 'ok',
	},
	{
		name: 'PPH Pay With Credit refused (already paid), echoing the key',
		only: ['pph'],
		setup: () => sandbox.fault('pph', { kind: 'status', status: 422, message: echo('pph'), match: { method: 'POST' } }),
		parameters: () => ({ operation: 'payWithCredit', invoiceId: String((sandbox.data.pph as Array<{ id: number }>)[0].id) }),
		outcome: 'error',
	},
];

const CASES = PROVIDER_KEYS.flatMap((key) =>
	SCENARIOS.filter((scenario) => !scenario.only || scenario.only.includes(key)).flatMap((scenario) =>
		[false, true].map((continueOnFail) => [key, scenario.name, continueOnFail ? 'Continue On Fail' : 'stop on error', scenario, continueOnFail] as const),
	),
);

describe('no credential in any output, error or run data; no key to another origin', () => {
	it.each(CASES)('%s: %s (%s)', async (key, _name, _mode, scenario, continueOnFail) => {
		scenario.setup?.(key);
		const result = await run(sandbox, key, {
			parameters: scenario.parameters(key),
			input: scenario.input?.(key),
			continueOnFail,
		});
		if (scenario.outcome === 'ok') {
			expect(result.error).toBeUndefined();
			expect(result.items.some((item) => 'error' in item.json)).toBe(false);
		} else if (continueOnFail) {
			expect(result.error).toBeUndefined();
			expect(result.items.some((item) => typeof item.json.error === 'string' && item.json.error.length > 0)).toBe(true);
		} else {
			expect(result.error).toBeDefined();
			expect(result.items).toEqual([]);
		}
		await scenario.check?.(result, key, continueOnFail);
		expectClean(result);
		// the scenario really used the key (so a clean scan means something)
		expect(requestsOf(sandbox, (request) => authHeaders(request).length > 0).length + (scenario.name.startsWith('the key itself') ? 1 : 0)).toBeGreaterThan(0);
	});

	it('the scanner finds a key when one is there', () => {
		const planted = { items: [], outputs: [], error: Object.assign(new Error('x'), { description: `oops ${SECRETS.pph}` }) };
		expect(strings(planted).some(([, text]) => text.includes(SECRETS.pph))).toBe(true);
		expect(NEEDLES.some((needle) => `prefix ${Buffer.from(SECRETS.i3dnet).toString('base64')}`.includes(needle))).toBe(true);
	});
});

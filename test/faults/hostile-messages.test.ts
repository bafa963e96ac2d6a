/**
 * Issue 8, class 7: messages that say what happened.
 *   - An Invoice ID (or i3D.net Invoice Number) mapped to a list or an object: "The Invoice ID is a
 *     list, not a single value" / "… an object …", suggesting {{ $json.id }}, before any request.
 *   - A body cut short: "The <P> API's answer was cut short after N bytes" (the API was reached),
 *     with the attempts, N exactly half the answer (the sandbox's `truncate`).
 *   - PPH Pay With Credit / Remove Credit whose answer was lost (cut short, stalled, trickling):
 *     sent once, and the message says the change may have happened and how to check; the sandbox
 *     shows it did.
 */
import type { RunNodeResult } from '../harness';
import { PROVIDER_KEYS, PROVIDERS, expectedIds, pdfRecordId, requestsOf, run, startSandbox } from './helpers';
import { esc, expectError, withSandbox, type ProviderInfo, type Sandbox } from './hostile';

// ---------------------------------------------------------------- an ID that is not one value

/** Every operation of a provider that takes one Invoice ID (or Number), with its field's label. */
function idOperations(p: ProviderInfo): Array<{ operation: string; parameter: string; label: string }> {
	const operations = [{ operation: 'get', parameter: 'invoiceId', label: 'Invoice ID' }];
	if (p.pdf) operations.push({ operation: 'download', parameter: 'invoiceId', label: 'Invoice ID' });
	if (p.key === 'i3dnet') operations.push({ operation: 'getByNumber', parameter: 'invoiceNumber', label: 'Invoice Number' });
	if (p.key === 'vpsbg') operations.push({ operation: 'downloadMany', parameter: 'invoiceId', label: 'Invoice ID' });
	if (p.key === 'pph') {
		operations.push({ operation: 'payWithCredit', parameter: 'invoiceId', label: 'Invoice ID' }, { operation: 'removeCredit', parameter: 'invoiceId', label: 'Invoice ID' });
	}
	return operations;
}

const NOT_ONE: Array<[string, string, 'a list' | 'an object']> = [
	['a list', '={{ [1, 2] }}', 'a list'],
	['an object', '={{ { id: 5 } }}', 'an object'],
	['the whole item', '={{ $json }}', 'an object'],
	['a list of IDs from the item', '={{ $json.ids }}', 'a list'],
];

describe('an Invoice ID that is a list or an object fails before any request, saying so', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const cases = PROVIDER_KEYS.flatMap((key) =>
		idOperations(PROVIDERS[key]).flatMap(({ operation, parameter, label }) => NOT_ONE.map(([what, expression, kind]) => [key, operation, what, parameter, label, expression, kind] as const)),
	);

	it.each(cases)('%s %s with %s', async (key, operation, _what, parameter, label, expression, kind) => {
		const result = await run(sandbox, key, {
			parameters: { operation, [parameter]: expression },
			input: [{ json: { id: '5', ids: ['5', '6'] } }],
		});
		expectError(result, new RegExp(`^The ${label} is ${kind}, not a single value$`), /^Map one value, e.g\. \{\{ \$json\.id \}\}, not a whole item or list\.$/);
		expect(sandbox.requests).toEqual([]);
	});

	it.each(PROVIDER_KEYS)('%s: with Continue On Fail, the list item becomes its error and the next item is read', async (key) => {
		const id = expectedIds(sandbox, key)[0];
		const result = await run(sandbox, key, {
			parameters: { operation: 'get', invoiceId: '={{ $json.id }}' },
			input: [{ json: { id: [id, id] } }, { json: { id } }],
			continueOnFail: true,
		});
		expect(result.items.map((item) => item.json.error ?? item.json.id)).toEqual(['The Invoice ID is a list, not a single value', id]);
	});
});

// ---------------------------------------------------------------- an answer cut short

/** The request an operation makes last (its answer is what a fault on that path cuts), as the log has it. */
function lastRequest(sandbox: Sandbox, predicate: (request: { path: string }) => boolean = () => true) {
	const requests = requestsOf(sandbox, predicate);
	return requests[requests.length - 1];
}

/** The length of an answer as the sandbox sends it, fetched again with the provider's key. */
async function answerBytes(sandbox: Sandbox, p: ProviderInfo, request: { method: string; path: string; query: Record<string, string | string[]>; headers: Record<string, unknown> }): Promise<number> {
	const url = new URL(`${sandbox.baseUrls[p.key].replace(/\/$/, '')}${request.path}`);
	for (const [name, value] of Object.entries(request.query)) for (const one of ([] as string[]).concat(value)) url.searchParams.append(name, one);
	const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length', 'accept-encoding'].includes(name))) as Record<string, string>;
	const response = await fetch(url, { method: request.method, headers });
	return Buffer.from(await response.arrayBuffer()).length;
}

const cutShort = (p: ProviderInfo, bytes: number) =>
	new RegExp(`^The ${esc(p.label)} API's answer was cut short after ${bytes} bytes, 5 attempts over \\d+ s$`);
const CUT_DESCRIPTION =
	/^The API was reached, but the connection closed before the answer ended, so nothing from it was used\. Request to http:\/\/(127\.0\.0\.1|localhost):\d+\. Run the workflow again; if it persists, a proxy or the provider is dropping connections\.$/;

/**
 * An operation run once cleanly to learn its last request and that answer's length (`length`, or
 * fetched again), then again with every answer on that path cut in half: five attempts, then the
 * cut-short message.
 */
async function cutEveryTime(
	sandbox: Sandbox,
	p: ProviderInfo,
	parameters: Record<string, unknown>,
	which: (request: { path: string }) => boolean,
	length?: number,
): Promise<{ result: RunNodeResult; bytes: number }> {
	const clean = await run(sandbox, p.key, { parameters });
	expect(clean.error).toBeUndefined();
	const request = lastRequest(sandbox, which);
	const bytes = Math.floor((length ?? (await answerBytes(sandbox, p, request as never))) / 2);
	sandbox.reset();
	sandbox.fault(p.key, { kind: 'truncate', times: Infinity, match: { path: request.path } });
	return { result: await run(sandbox, p.key, { parameters }), bytes };
}

describe.each(PROVIDER_KEYS)('%s: an answer cut short says so, with the bytes that came', (key) => {
	const p = PROVIDERS[key];

	it.concurrent(
		`Get (and ${p.pdf ? 'Download PDF' : 'no PDF'}): every answer cut in half: five attempts, then "cut short after N bytes"`,
		async () => {
			const scenarios = [
				withSandbox(async (sandbox) => {
					const { result, bytes } = await cutEveryTime(sandbox, p, { operation: 'get', invoiceId: expectedIds(sandbox, key)[1] }, () => true);
					expectError(result, cutShort(p, bytes), CUT_DESCRIPTION);
				}),
			];
			if (p.pdf) {
				scenarios.push(
					withSandbox(async (sandbox) => {
						const id = pdfRecordId(sandbox, key);
						const pdf = (await sandbox.pdfBytes(key, id)) as Buffer;
						const { result, bytes } = await cutEveryTime(sandbox, p, { operation: 'download', invoiceId: id }, (request) => !!p.pdfPath?.test(request.path), pdf.length);
						expect(bytes).toBeGreaterThan(500);
						expectError(result, cutShort(p, bytes), CUT_DESCRIPTION);
					}),
				);
			}
			await Promise.all(scenarios);
		},
		60_000,
	);
});

// ---------------------------------------------------------------- PPH: an answer lost after the change

describe('PPH Pay With Credit / Remove Credit whose answer was lost: sent once, "may already have happened", how to check', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	type Record = { id: number; status: string; credit: number; total: number };
	const unpaid = () => (sandbox.data.pph as Record[]).filter((record) => record.status === 'Unpaid');
	const posts = () => requestsOf(sandbox, (request) => request.method === 'POST');
	const CHECK = (id: number) =>
		new RegExp(`^Check the invoice first \\(PPH node, Get, ID ${id}: its status and credit\\) before running this again; it is not retried automatically because it changes money\\.$`);
	const lost = (first: string, done: string, id: number) => new RegExp(`^${first}\\. The answer was lost, so "${esc(done)}" may already have happened for invoice ${id}$`);

	const ACTIONS: Array<[string, string, () => Record, (record: Record) => void]> = [
		['payWithCredit', 'Invoice paid with account credit', () => unpaid()[0], (record) => expect(record.status).toBe('Paid')],
		['removeCredit', 'Credit removed from the invoice', () => unpaid().find((record) => record.credit > 0)!, (record) => expect(record.credit).toBe(0)],
	];

	it.each(ACTIONS)('%s, its answer cut short: one attempt, "cut short after N bytes", and it did happen', async (operation, done, target, happened) => {
		const invoice = target();
		sandbox.fault('pph', { kind: 'truncate', match: { method: 'POST' } });
		const result = await run(sandbox, 'pph', { parameters: { operation, invoiceId: String(invoice.id) } });
		// the answer was the changed invoice, {"data": …}: half of it arrived
		const bytes = Math.floor(Buffer.byteLength(JSON.stringify({ data: invoice })) / 2);
		expectError(result, lost(`The PPH API's answer was cut short after ${bytes} bytes`, done, invoice.id), CHECK(invoice.id));
		expect(posts()).toHaveLength(1);
		happened(invoice);
	});

	it.each(ACTIONS)('%s, its answer stalled after the headers: one attempt, "did not finish its answer", and it did happen', async (operation, done, target, happened) => {
		const invoice = target();
		sandbox.fault('pph', { kind: 'stall', match: { method: 'POST' } });
		const result = await run(sandbox, 'pph', { parameters: { operation, invoiceId: String(invoice.id), options: { timeout: 1 } } });
		expectError(result, lost('The PPH API did not finish its answer within 1 s \\(0 bytes arrived\\)', done, invoice.id), CHECK(invoice.id));
		expect(posts()).toHaveLength(1);
		happened(invoice);
	});

	it('payWithCredit, its answer trickling past the Timeout: one attempt, the bytes that came, and it did happen', async () => {
		const invoice = unpaid()[0];
		sandbox.fault('pph', { kind: 'trickle', ms: 100, bytes: 5, match: { method: 'POST' } });
		const started = Date.now();
		const result = await run(sandbox, 'pph', { parameters: { operation: 'payWithCredit', invoiceId: String(invoice.id), options: { timeout: 1 } } });
		expectError(result, lost('The PPH API did not finish its answer within 1 s \\(\\d+ bytes arrived\\)', 'Invoice paid with account credit', invoice.id), CHECK(invoice.id));
		expect(Date.now() - started).toBeLessThan(3000);
		expect(posts()).toHaveLength(1);
		expect(invoice.status).toBe('Paid');
	});

	it('a refusal (422) did nothing: no "may already have happened"', async () => {
		const invoice = (sandbox.data.pph as Record[]).find((record) => record.status === 'Paid')!;
		const result = await run(sandbox, 'pph', { parameters: { operation: 'payWithCredit', invoiceId: String(invoice.id) } });
		expectError(result, /^PPH API error 422: This invoice has already been paid\.$/, /^PPH rejected the request\. Check the node's parameters\.$/);
		expect(posts()).toHaveLength(1);
	});
});


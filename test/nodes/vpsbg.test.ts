import { unzipSync } from 'fflate';
import type { INodeExecutionData } from 'n8n-workflow';

import { binaryBuffer, runNode, toBinary } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
type Logged = { method: string; path: string; query: Record<string, string>; body: unknown; headers: Record<string, string> };
type Raw = { id: number; invoice_number: string; created_at: string; type: string };
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await createSandbox({ seed: 7 });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const credentials = (apiKey?: string) => ({
	type: 'vpsbgApi',
	data: { baseUrl: sandbox.baseUrls.vpsbg, apiKey: apiKey ?? sandbox.tokens.vpsbg },
});
const run = (
	parameters: Record<string, unknown>,
	options: { apiKey?: string; input?: INodeExecutionData[]; continueOnFail?: boolean; timezone?: string; typeVersion?: number } = {},
) =>
	runNode({
		type: 'vpsbg',
		typeVersion: options.typeVersion,
		parameters: { resource: 'invoice', ...parameters },
		credentials: credentials(options.apiKey),
		input: options.input,
		continueOnFail: options.continueOnFail,
		settings: options.timezone ? { timezone: options.timezone } : undefined,
	});
/** Every request that reached the API, as "METHOD /path?page=N". */
const calls = () =>
	(sandbox.requests as Logged[]).map(
		(request) => `${request.method} ${request.path}${request.query.page ? `?page=${request.query.page}` : ''}`,
	);
const data = (): Raw[] => sandbox.data.vpsbg;
const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.id);
const idsOf = (records: Raw[]) => records.map((raw) => String(raw.id));
const pages = (...numbers: number[]) => numbers.map((page) => `GET /invoices?page=${page}`);

/** The docs' two invoices (vpsbg.txt), normalized with the account currency from GET /balance. */
const INVOICE_8431 = {
	provider: 'vpsbg', id: '8431', number: '0000007398', type: 'proforma', status: 'unknown', description: null,
	currency: 'EUR', subtotal: 90, tax: 18, total: 108, discount: null, amountDue: null, taxRate: null,
	issuedAt: '2024-08-27T21:00:00.000Z', dueAt: null, paidAt: null, periodStart: null, periodEnd: null,
	lines: [], pdf: { available: true, fileName: 'vpsbg-0000007398.pdf', url: null },
};
const INVOICE_8425 = {
	provider: 'vpsbg', id: '8425', number: '0000001594', type: 'invoice', status: 'unknown', description: null,
	currency: 'EUR', subtotal: 0, tax: 0, total: 0, discount: null, amountDue: null, taxRate: null,
	issuedAt: '2024-08-04T21:00:00.000Z', dueAt: null, paidAt: null, periodStart: null, periodEnd: null,
	lines: [], pdf: { available: true, fileName: 'vpsbg-0000001594.pdf', url: null },
};

describe('VPSBG node', () => {
	describe('Get Many', () => {
		it('Return All follows the Laravel pages of 30 and returns every invoice once, in API order', async () => {
			const { items, error } = await run({ operation: 'getAll', returnAll: true });
			expect(error).toBeUndefined();
			expect(data()).toHaveLength(75);
			expect(ids(items)).toEqual(idsOf(data()));
			expect(new Set(ids(items)).size).toBe(75);
			expect(calls()).toEqual(['GET /balance', ...pages(1, 2, 3)]);
			expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
			expect(items.every((item) => item.binary === undefined && item.json.raw === undefined)).toBe(true);
		});

		it('Limit stops after the page that completes it', async () => {
			const { items } = await run({ operation: 'getAll', returnAll: false, limit: 40 });
			expect(ids(items)).toEqual(idsOf(data().slice(0, 40)));
			expect(calls()).toEqual(['GET /balance', ...pages(1, 2)]);
			sandbox.reset();
			const onePage = await run({ operation: 'getAll', returnAll: false, limit: 30 });
			expect(ids(onePage.items)).toEqual(idsOf(data().slice(0, 30)));
			expect(calls()).toEqual(['GET /balance', ...pages(1)]);
		});

		it('waits out a 429 (Retry-After) and still returns the whole list once', async () => {
			sandbox.fault('vpsbg', { kind: 'status', status: 429, retryAfter: 0, match: { path: '/invoices', nth: 2 } });
			const { items, error } = await run({ operation: 'getAll', returnAll: true });
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual(idsOf(data()));
			expect(calls()).toEqual(['GET /balance', ...pages(1, 2, 2, 3)]);
			expect((sandbox.requests as Array<{ status: number }>).map((request) => request.status)).toEqual([200, 200, 429, 200, 200]);
		});

		it('normalizes the documented invoices 8431 and 8425 exactly, with the currency of /balance', async () => {
			const { items } = await run({ operation: 'getAll', limit: 2, options: { includeRaw: true } });
			expect(items).toHaveLength(2);
			const [first, second] = items.map((item) => ({ ...item.json }));
			expect(first.raw).toEqual(data()[0]);
			expect(second.raw).toEqual(data()[1]);
			delete first.raw;
			delete second.raw;
			expect(first).toEqual(INVOICE_8431);
			expect(second).toEqual(INVOICE_8425);
			expect(Object.keys(first)).toEqual(Object.keys(INVOICE_8431));
		});

		it('Issued After (inclusive) and Issued Before (exclusive) keep exactly the invoices in between', async () => {
			const { items, error } = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { issuedAfter: '2024-06-14T21:00:00', issuedBefore: '2024-08-04T21:00:00' },
			});
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual(['8420', '8419', '8418', '8417']);
			const after = Date.parse('2024-06-14T21:00:00Z');
			const before = Date.parse('2024-08-04T21:00:00Z');
			const expected = data().filter((raw) => Date.parse(raw.created_at) >= after && Date.parse(raw.created_at) < before);
			expect(ids(items)).toEqual(idsOf(expected));
			// The filter is applied to the invoices, not sent: the API has no date parameter.
			expect(calls()).toEqual(['GET /balance', ...pages(1, 2, 3)]);
			expect((sandbox.requests as Logged[]).slice(1).map((request) => Object.keys(request.query))).toEqual([['page'], ['page'], ['page']]);
		});

		it("reads a date filter without a zone in the workflow's time zone", async () => {
			// Midnight 5 August in Sofia is 2024-08-04T21:00Z, the instant invoice 8425 was issued.
			const sofia = await run(
				{ operation: 'getAll', returnAll: true, filters: { issuedAfter: '2024-08-05T00:00:00' } },
				{ timezone: 'Europe/Sofia' },
			);
			expect(ids(sofia.items)).toEqual(['8431', '8425']);
			const utc = await run({ operation: 'getAll', returnAll: true, filters: { issuedAfter: '2024-08-05T00:00:00' } });
			expect(ids(utc.items)).toEqual(['8431']);
			// A date from an expression carries its own zone.
			const expression = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { issuedAfter: '={{ DateTime.fromISO("2024-08-05T00:00:00", { zone: "Europe/Sofia" }) }}' },
			});
			expect(ids(expression.items)).toEqual(['8431', '8425']);
		});

		it('refuses Issued After later than Issued Before before any request', async () => {
			const { error, items } = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { issuedAfter: '2024-08-01T00:00:00', issuedBefore: '2024-07-01T00:00:00' },
			});
			expect(items).toHaveLength(0);
			expect(error?.message).toBe('The Issued After filter is later than Issued Before');
			expect(error?.description).toBe('No invoice can match. Swap the two dates or clear one of them.');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('Invoice Type keeps exactly the proformas, or the final invoices, in order', async () => {
			const isProforma = (raw: Raw) => raw.type === 'proform' || raw.type === 'proforma';
			const proformas = await run({ operation: 'getAll', returnAll: true, filters: { invoiceType: 'proforma' } });
			expect(proformas.error).toBeUndefined();
			const expected = data().filter(isProforma);
			expect(expected.length).toBeGreaterThan(1);
			expect(expected.length).toBeLessThan(data().length);
			expect(ids(proformas.items)).toEqual(idsOf(expected));
			expect(proformas.items.every((item) => item.json.type === 'proforma')).toBe(true);
			// Applied to the normalized invoices, not sent: the API has no type parameter.
			expect(calls()).toEqual(['GET /balance', ...pages(1, 2, 3)]);
			expect((sandbox.requests as Logged[]).slice(1).map((request) => Object.keys(request.query))).toEqual([['page'], ['page'], ['page']]);

			// With a Limit: the first (newest) N final invoices, reading only the pages that hold them.
			sandbox.reset();
			const finals = data().filter((raw) => !isProforma(raw));
			const invoices = await run({ operation: 'getAll', returnAll: false, limit: 5, filters: { invoiceType: 'invoice' } });
			expect(invoices.error).toBeUndefined();
			expect(ids(invoices.items)).toEqual(idsOf(finals.slice(0, 5)));
			expect(invoices.items.every((item) => item.json.type === 'invoice')).toBe(true);
			const lastPage = Math.floor(data().indexOf(finals[4]) / 30) + 1;
			expect(calls()).toEqual(['GET /balance', ...pages(...Array.from({ length: lastPage }, (_, index) => index + 1))]);

			// VPSBG has no credit notes: none match.
			sandbox.reset();
			const credits = await run({ operation: 'getAll', returnAll: true, filters: { invoiceType: 'credit_note' } });
			expect(credits.error).toBeUndefined();
			expect(credits.items).toHaveLength(0);
		});

		it('refuses an Invoice Type from an expression that is not a type, before any request', async () => {
			const { error } = await run({ operation: 'getAll', returnAll: true, filters: { invoiceType: '={{ "x" }}' } });
			expect(error?.message).toBe('The Invoice Type filter "x" is not a value VPSBG accepts');
			expect(error?.description).toBe('Use one of: invoice, proforma, credit_note.');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('refuses a date filter from an expression that is not a date, naming the field, before any request', async () => {
			const { error } = await run({ operation: 'getAll', returnAll: true, filters: { issuedBefore: '={{ "last tuesday" }}' } });
			expect(error?.message).toMatch(/Issued Before/);
			expect(error?.message).toMatch(/last tuesday/);
			expect(sandbox.requests).toHaveLength(0);
		});

		it('attaches each PDF with Download PDFs on', async () => {
			const { items, error } = await run({
				operation: 'getAll',
				limit: 3,
				downloadPdf: true, binaryPropertyName: 'pdf',
			});
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual(['8431', '8425', '8420']);
			for (const item of items) {
				const binary = item.binary!.pdf;
				expect(Object.keys(item.binary!)).toEqual(['pdf']);
				expect(binary.mimeType).toBe('application/pdf');
				expect(binary.fileName).toBe(`vpsbg-${data().find((raw) => String(raw.id) === item.json.id)!.invoice_number}.pdf`);
				expect(binaryBuffer(binary).equals(await sandbox.pdfBytes('vpsbg', item.json.id))).toBe(true);
			}
			expect(calls()).toEqual([
				'GET /balance',
				...pages(1),
				'POST /invoices/8431/download',
				'POST /invoices/8425/download',
				'POST /invoices/8420/download',
			]);
		});

		it('node version 1 still reads Download PDFs and its field from Options, where its saved workflows have them', async () => {
			const { items, error } = await run(
				{ operation: 'getAll', limit: 3, options: { downloadPdf: true, binaryPropertyName: 'pdf' } },
				{ typeVersion: 1 },
			);
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual(idsOf(data().slice(0, 3)));
			for (const item of items) {
				expect(Object.keys(item.binary!)).toEqual(['pdf']);
				expect(item.binary!.pdf.mimeType).toBe('application/pdf');
				expect(binaryBuffer(item.binary!.pdf).equals(await sandbox.pdfBytes('vpsbg', item.json.id))).toBe(true);
			}
			expect(calls()).toEqual(['GET /balance', ...pages(1), ...data().slice(0, 3).map((raw) => `POST /invoices/${raw.id}/download`)]);
		});
	});

	describe('Get', () => {
		it('finds the invoice in the list, paging only until it is found', async () => {
			const target = data()[31];
			const { items, error } = await run({ operation: 'get', invoiceId: String(target.id) });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({
				provider: 'vpsbg',
				id: String(target.id),
				number: target.invoice_number,
				currency: 'EUR',
				issuedAt: target.created_at.replace('.000000Z', '.000Z'),
			});
			expect(calls()).toEqual([...pages(1, 2), 'GET /balance']);
		});

		it('returns the documented invoice unchanged from Get Many', async () => {
			const { items } = await run({ operation: 'get', invoiceId: ' 8425 ' });
			expect(items.map((item) => item.json)).toEqual([INVOICE_8425]);
		});

		it('says clearly that an unknown ID is not in the list, after reading every page', async () => {
			const { error } = await run({ operation: 'get', invoiceId: '1234' });
			expect(error?.message).toBe('VPSBG has no invoice with ID 1234');
			expect(error?.description).toBe(
				'The node looked through every page of the invoice list. Check the ID; Get Many shows the IDs.',
			);
			expect(calls()).toEqual(pages(1, 2, 3));
		});

		it('rejects an ID that is not a number before any request', async () => {
			const { error } = await run({ operation: 'get', invoiceId: 'INV-8431' });
			expect(error?.message).toBe('The Invoice ID "INV-8431" is not a number');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('with Continue On Fail, a bad ID becomes an error item paired to its input', async () => {
			// One item after the other, so the request order below is fixed (concurrent items: test/nodes/concurrency.test.ts).
			const { items, error } = await run(
				{ operation: 'get', invoiceId: '={{ $json.invoice }}', options: { concurrency: 1 } },
				{ continueOnFail: true, input: [{ json: { invoice: 8431 } }, { json: { invoice: 1234 } }] },
			);
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{ json: INVOICE_8431, pairedItem: { item: 0 } },
				{ json: { error: 'VPSBG has no invoice with ID 1234' }, pairedItem: { item: 1 } },
			]);
			// The account currency is read once per execution.
			expect(calls()).toEqual([...pages(1), 'GET /balance', ...pages(1, 2, 3)]);
		});
	});

	describe('Download PDF', () => {
		it('puts the PDF in the named field with its name and bytes, keeping the input binaries', async () => {
			const attachment = toBinary('previous file', 'note.txt', 'text/plain');
			const { items, error } = await run(
				{ operation: 'download', invoiceId: '8420', binaryPropertyName: 'invoice' },
				{ input: [{ json: { any: 'thing' }, binary: { attachment } }] },
			);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			const binary = items[0].binary!.invoice;
			expect(binary.mimeType).toBe('application/pdf');
			expect(binary.fileName).toBe('vpsbg-0000001593.pdf');
			expect(binaryBuffer(binary).equals(await sandbox.pdfBytes('vpsbg', 8420))).toBe(true);
			expect(Object.keys(items[0].binary!).sort()).toEqual(['attachment', 'invoice']);
			expect(binaryBuffer(items[0].binary!.attachment).toString()).toBe('previous file');
			expect(items[0].json).toMatchObject({ provider: 'vpsbg', id: '8420', number: '0000001593', currency: 'EUR' });
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(calls()).toEqual([...pages(1), 'GET /balance', 'POST /invoices/8420/download']);
			// The docs list Accept: application/json as required on every endpoint, the POSTs included.
			for (const request of sandbox.requests as Logged[]) {
				expect([request.headers.authorization, request.headers.accept]).toEqual([`Bearer ${sandbox.tokens.vpsbg}`, 'application/json']);
			}
		});

		it('reuses the invoice on the input item instead of listing again', async () => {
			const listed = await run({ operation: 'getAll', limit: 2 });
			sandbox.reset();
			const { items, error } = await run(
				{ operation: 'download', invoiceId: '={{ $json.id }}' },
				{ input: listed.items.map((item) => ({ json: item.json })) },
			);
			expect(error).toBeUndefined();
			expect(calls()).toEqual(['POST /invoices/8431/download', 'POST /invoices/8425/download']);
			expect(items.map((item) => item.json)).toEqual([INVOICE_8431, INVOICE_8425]);
			expect(items.map((item) => item.binary!.data.fileName)).toEqual(['vpsbg-0000007398.pdf', 'vpsbg-0000001594.pdf']);
			expect(binaryBuffer(items[1].binary!.data).equals(await sandbox.pdfBytes('vpsbg', 8425))).toBe(true);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it('accepts the file as base64 in a JSON answer', async () => {
			const pdf = await sandbox.pdfBytes('vpsbg', 8431);
			sandbox.fault('vpsbg', { kind: 'jsonInsteadOfPdf', body: { data: { file: pdf.toString('base64') } } });
			const { items, error } = await run({ operation: 'download', invoiceId: '8431' });
			expect(error).toBeUndefined();
			expect(items[0].binary!.data.mimeType).toBe('application/pdf');
			expect(items[0].binary!.data.fileName).toBe('vpsbg-0000007398.pdf');
			expect(binaryBuffer(items[0].binary!.data).equals(pdf)).toBe(true);
		});

		it('says clearly when the answer is JSON without a file', async () => {
			sandbox.fault('vpsbg', { kind: 'jsonInsteadOfPdf' });
			const { error, items } = await run({ operation: 'download', invoiceId: '8431' });
			expect(items).toHaveLength(0);
			expect(error?.message).toBe('PDF of VPSBG invoice 0000007398: expected a PDF but the API sent JSON ("Invoice is being generated")');
		});

		it('explains that a read-only token cannot download (403, Write permission)', async () => {
			const token = sandbox.tokens.vpsbgReadOnly;
			const { error } = await run({ operation: 'download', invoiceId: '8431' }, { apiKey: token });
			expect(error?.message).toBe('VPSBG API error 403: You do not have access to this resource');
			expect(error?.description).toMatch(/^VPSBG refused the API key\./);
			expect(error?.description).toMatch(/need a token with Write permission/);
			expect(error?.httpCode).toBe('403');
			expect(calls()).toEqual([...pages(1), 'GET /balance', 'POST /invoices/8431/download']);
			expect(JSON.stringify(error)).not.toContain(token);
			expect(`${error?.message} ${error?.description}`).not.toContain(token);
		});
	});

	describe('Download Invoices', () => {
		it('sends the IDs of all input items in one POST and outputs one ZIP paired to every input', async () => {
			const input = [{ json: { id: 8431 } }, { json: { id: '8420' } }, { json: { id: 8431 } }, { json: { id: 8343 } }];
			const { items, error } = await run({ operation: 'downloadMany', invoiceId: '={{ $json.id }}', binaryPropertyName: 'archive' }, { input });
			expect(error).toBeUndefined();
			expect(calls()).toEqual(['POST /invoices/download']);
			expect((sandbox.requests as Logged[])[0].body).toEqual({ invoices: [8431, 8420, 8343] });
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({ provider: 'vpsbg', invoiceIds: ['8431', '8420', '8343'], fileName: 'invoices.zip', fileType: 'zip' });
			expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			const binary = items[0].binary!.archive;
			expect(binary.mimeType).toBe('application/zip');
			expect(binary.fileName).toBe('invoices.zip');
			const files = unzipSync(new Uint8Array(binaryBuffer(binary)));
			expect(Object.keys(files).sort()).toEqual(['invoice-0000001593.pdf', 'invoice-0000007398.pdf', `invoice-${data()[30].invoice_number}.pdf`].sort());
			expect(Buffer.from(files['invoice-0000007398.pdf']).equals(await sandbox.pdfBytes('vpsbg', 8431))).toBe(true);
			expect(Buffer.from(files['invoice-0000001593.pdf']).equals(await sandbox.pdfBytes('vpsbg', 8420))).toBe(true);
		});

		it('with Continue On Fail, a refused batch becomes one error item paired to every input', async () => {
			const { items, error } = await run(
				{ operation: 'downloadMany', invoiceId: '={{ $json.id }}' },
				{ continueOnFail: true, input: [{ json: { id: 8431 } }, { json: { id: 1234 } }] },
			);
			expect(error).toBeUndefined();
			expect(items).toEqual([{ json: { error: 'VPSBG API error 404: No results found' }, pairedItem: [{ item: 0 }, { item: 1 }] }]);
			expect(calls()).toEqual(['POST /invoices/download']);
			expect((sandbox.requests as Logged[])[0].body).toEqual({ invoices: [8431, 1234] });
		});

		it('rejects a non-numeric ID on any input item before the request', async () => {
			const { error } = await run(
				{ operation: 'downloadMany', invoiceId: '={{ $json.id }}' },
				{ input: [{ json: { id: 8431 } }, { json: { id: '8420/../x' } }] },
			);
			expect(error?.message).toBe('The Invoice ID "8420/../x" contains characters that are not allowed');
			expect(sandbox.requests).toHaveLength(0);
		});
	});

	describe('credentials', () => {
		it('a wrong token gives the API\'s "Unauthenticated." without the token', async () => {
			const token = 'vpsbg_live_000000000000000000000bad';
			const { error } = await run({ operation: 'getAll', returnAll: true }, { apiKey: token });
			expect(error?.message).toBe('VPSBG API error 401: Unauthenticated.');
			expect(error?.description).toMatch(/^VPSBG refused the API key\. Check the API Key in the VPSBG credential/);
			expect(error?.httpCode).toBe('401');
			expect(JSON.stringify(error)).not.toContain(token);
			expect(`${error?.message} ${error?.description}`).not.toContain(token);
			expect(calls()).toEqual(['GET /balance']);
			expect((sandbox.requests as Logged[])[0].headers.authorization).toBe(`Bearer ${token}`);
		});
	});
});

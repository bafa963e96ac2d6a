import { binaryBuffer, runNode } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await createSandbox({ seed: 7 });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const credentials = (apiKey?: string) => ({
	type: 'i3dNetApi',
	data: { baseUrl: sandbox.baseUrls.i3dnet, apiKey: apiKey ?? sandbox.tokens.i3dnet },
});
const run = (parameters: Record<string, unknown>, apiKey?: string) =>
	runNode({ type: 'i3dNet', parameters: { resource: 'invoice', ...parameters }, credentials: credentials(apiKey) });
const listRequests = () => sandbox.requests.filter((request: { path: string }) => request.path.startsWith('/account/invoice'));

describe('i3D.net node', () => {
	it('Return All pages through RANGED-DATA windows, each after the first starting on the last invoice of the one before, and returns every invoice once, in order', async () => {
		const { items, error } = await run({ operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(sandbox.data.i3dnet.map((raw: { id: string }) => raw.id));
		expect(sandbox.data.i3dnet.length).toBe(230);
		expect(listRequests().map((request: { headers: Record<string, string> }) => request.headers['ranged-data'])).toEqual([
			'start=0,results=100',
			'start=99,results=100',
			'start=198,results=100',
		]);
		expect(items.every((item, index) => item.pairedItem && (item.pairedItem as { item: number }).item === 0 && index >= 0)).toBe(true);
	});

	it('Limit asks for no more than it needs and stops early', async () => {
		const { items } = await run({ operation: 'getAll', returnAll: false, limit: 7 });
		expect(items).toHaveLength(7);
		expect(listRequests()).toHaveLength(1);
		expect(listRequests()[0].headers['ranged-data']).toBe('start=0,results=7');
	});

	it('normalizes the documented invoice exactly', async () => {
		const { items } = await run({ operation: 'getAll', returnAll: false, limit: 1 });
		expect(items[0].json).toEqual({
			provider: 'i3dnet', id: '2188431', number: '20240501234', type: 'invoice', status: 'paid',
			description: 'Dedicated server 2x AMD EPYC - May 2024', currency: 'EUR', subtotal: 200, tax: 42, total: 242,
			discount: null, amountDue: 0, taxRate: null, issuedAt: '2024-05-01T00:00:00.000Z', dueAt: '2024-05-15T00:00:00.000Z',
			paidAt: '2024-05-02T11:40:00.000Z', periodStart: null, periodEnd: null, lines: [],
			pdf: { available: true, fileName: 'i3dnet-20240501234.pdf', url: null },
		});
	});

	it('sends the description filter and uses the unpaid list', async () => {
		const { items } = await run({ operation: 'getAll', returnAll: true, filters: { description: 'EPYC', unpaidOnly: true } });
		const requests = listRequests();
		expect(requests[0].path).toBe('/account/invoice/unpaid');
		expect(requests[0].query.filter).toBe('EPYC');
		const expected = sandbox.data.i3dnet.filter(
			(raw: { description: string; paymentStatus: number; isCredit: number }) =>
				raw.description.toLowerCase().includes('epyc') && raw.paymentStatus === 0 && raw.isCredit === 0,
		);
		expect(items.map((item) => item.json.id)).toEqual(expected.map((raw: { id: string }) => raw.id));
		expect(items.every((item) => item.json.status === 'unpaid')).toBe(true);
	});

	it('Invoice Type keeps exactly the credit notes, or the invoices, in order', async () => {
		type Raw = { id: string; isCredit: number };
		const raws: Raw[] = sandbox.data.i3dnet;
		const credits = await run({ operation: 'getAll', returnAll: true, filters: { invoiceType: 'credit_note' } });
		expect(credits.error).toBeUndefined();
		const expectedCredits = raws.filter((raw) => raw.isCredit === 1);
		expect(expectedCredits.length).toBeGreaterThan(1);
		expect(credits.items.map((item) => item.json.id)).toEqual(expectedCredits.map((raw) => raw.id));
		expect(credits.items.every((item) => item.json.type === 'credit_note')).toBe(true);
		// Applied to the normalized invoices: every window of the list is read, 100 at a time.
		expect(listRequests().map((request: { headers: Record<string, string> }) => request.headers['ranged-data'])).toEqual([
			'start=0,results=100',
			'start=99,results=100',
			'start=198,results=100',
		]);

		sandbox.reset();
		const invoices = await run({ operation: 'getAll', returnAll: true, filters: { invoiceType: 'invoice' } });
		expect(invoices.items.map((item) => item.json.id)).toEqual(raws.filter((raw) => raw.isCredit !== 1).map((raw) => raw.id));
		expect(invoices.items.every((item) => item.json.type === 'invoice')).toBe(true);

		sandbox.reset();
		const proformas = await run({ operation: 'getAll', returnAll: true, filters: { invoiceType: 'proforma' } });
		expect(proformas.error).toBeUndefined();
		expect(proformas.items).toHaveLength(0);
	});

	it('gets one invoice by ID and by number', async () => {
		const byId = await run({ operation: 'get', invoiceId: '2188431' });
		expect(byId.error).toBeUndefined();
		expect(byId.items[0].json).toMatchObject({ id: '2188431', number: '20240501234', total: 242, currency: 'EUR' });
		const byNumber = await run({ operation: 'getByNumber', invoiceNumber: '20240501234' });
		expect(byNumber.items[0].json).toEqual(byId.items[0].json);
		expect(sandbox.requests.map((request: { path: string }) => request.path)).toEqual([
			'/account/invoice/2188431',
			'/account/invoice/number/20240501234',
		]);
	});

	it('downloads the PDF as binary with its name and the exact bytes', async () => {
		const { items, error } = await run({ operation: 'download', invoiceId: '2188431', binaryPropertyName: 'invoice' });
		expect(error).toBeUndefined();
		const binary = items[0].binary!.invoice;
		expect(binary.mimeType).toBe('application/pdf');
		expect(binary.fileName).toBe('i3dnet-20240501234.pdf');
		expect(binaryBuffer(binary).equals(await sandbox.pdfBytes('i3dnet', '2188431'))).toBe(true);
		expect(items[0].json.id).toBe('2188431');
	});

	it('says clearly when the key is refused, without the key', async () => {
		const { error } = await run({ operation: 'getAll', returnAll: true }, 'wrong-key-123456');
		expect(error?.message).toBe('i3D.net API error 403: Invalid credentials');
		expect(error?.description).toMatch(/^i3D.net refused the API key\. Check the API Key in the i3D.net credential/);
		expect(JSON.stringify(error)).not.toContain('wrong-key-123456');
	});

	it('rejects a malformed ID before any request', async () => {
		const { error } = await run({ operation: 'get', invoiceId: '../details' });
		expect(error?.message).toBe('The Invoice ID "../details" contains characters that are not allowed');
		expect(sandbox.requests).toHaveLength(0);
	});
});

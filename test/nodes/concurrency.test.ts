/**
 * Concurrent Requests (issue 10): per-invoice requests, input items and list pages several at
 * once, one bound per execution, and everything the user sees exactly as one at a time gives it:
 * output order, pairedItem, file names, Continue On Fail per item, the first failing item in
 * order deciding the error. Against a recording i3D.net-shaped server (timings under the test's
 * control) and the sandbox (real API shapes).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { binaryBuffer, runNode, startTestServer, type RecordedRequest, type Reply, type TestServer } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const pdfOf = (id: string) => Buffer.from(`%PDF-1.4\n% invoice ${id}\n%%EOF\n`, 'latin1');

/** What the i3D.net-shaped server does per invoice id. */
interface Invoice {
	number?: string;
	/** ms before the detail answer */
	delay?: number;
	/** the detail answers 404 with this message */
	missing?: string;
}

/** A recording i3D.net API: details, PDFs and the list, with the requests on the wire counted. */
class I3d {
	server!: TestServer;
	invoices: Record<string, Invoice> = {};
	pdfDelay = 0;
	inFlight = 0;
	peak = 0;
	listed: string[] = [];
	/** Every arrival and its answer, in arrival order. */
	log: Array<{ path: string; at: number; status?: number }> = [];
	/** Extra headers (and a refusal) per request, for the rate-limit test. */
	gate?: () => { headers: Record<string, string>; refuse: boolean };

	async start() {
		this.server = await startTestServer(async (request) => await this.answer(request));
	}

	reset() {
		this.invoices = {};
		this.pdfDelay = 0;
		this.inFlight = 0;
		this.peak = 0;
		this.listed = [];
		this.log = [];
		this.gate = undefined;
		this.server.requests.length = 0;
	}

	private async answer(request: RecordedRequest): Promise<Reply> {
		const entry: { path: string; at: number; status?: number } = { path: request.path, at: Date.now() };
		this.log.push(entry);
		this.inFlight++;
		this.peak = Math.max(this.peak, this.inFlight);
		try {
			const reply = await this.route(request);
			entry.status = reply.status ?? 200;
			return reply;
		} finally {
			this.inFlight--;
		}
	}

	private async route(request: RecordedRequest): Promise<Reply> {
		const gate = this.gate?.();
		if (gate?.refuse) return { status: 429, headers: gate.headers, body: { errorCode: 20002, errorMessage: 'Too many requests', errors: [] } };
		const headers = gate?.headers ?? {};
		const [, id, pdf] = /^\/v3\/account\/invoice(?:\/(\d+))?(\/pdf)?$/.exec(request.path) ?? [];
		if (id === undefined) {
			const [, start, results] = /start=(\d+),results=(\d+)/.exec(String(request.headers['ranged-data'])) ?? ['', '0', '25'];
			const window = this.listed.slice(Number(start), Number(start) + Number(results));
			return { headers, body: window.map((listed) => this.record(listed, 'list')) };
		}
		const invoice = this.invoices[id] ?? {};
		if (pdf) {
			await sleep(this.pdfDelay);
			return { headers: { ...headers, 'content-type': 'application/pdf' }, body: pdfOf(id) };
		}
		await sleep(invoice.delay ?? 0);
		if (invoice.missing) return { status: 404, headers, body: { errorCode: 10001, errorMessage: invoice.missing, errors: [] } };
		return { headers, body: [this.record(id, 'detail')] };
	}

	record(id: string, shape: 'list' | 'detail') {
		const number = this.invoices[id]?.number ?? `INV-${id}`;
		return shape === 'list'
			? { id, invoiceNumber: number, currency: 'EUR', amountIncVAT: '1210', amountExclVAT: '1000', creationDate: 1714521600 }
			: { id: Number(id), invoiceNumber: number, currency: 'EUR', amountIncVat: 1210, amountExclVat: 1000, vatAmount: 210, creationDate: '2024-05-01T00:00:00+00:00' };
	}

	run(parameters: Record<string, unknown>, input: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) {
		return runNode({
			type: 'i3dNet',
			parameters: { resource: 'invoice', ...parameters },
			credentials: { type: 'i3dNetApi', data: { baseUrl: `${this.server.url}/v3`, apiKey: 'i3d_concurrency_test_key' } },
			input,
			continueOnFail,
		});
	}
}

const api = new I3d();
beforeAll(async () => await api.start());
afterAll(async () => await api.server.close());
beforeEach(() => api.reset());

const items = (ids: Array<string | number>): INodeExecutionData[] => ids.map((id) => ({ json: { id } }));
const range = (count: number, from = 1) => Array.from({ length: count }, (_, index) => String(from + index));
const download = (options: Record<string, unknown> = {}) => ({ operation: 'download', invoiceId: '={{ $json.id }}', binaryPropertyName: 'data', options });
/** json, pairedItem and the bytes of every file: what one output must equal another in. */
const fingerprint = (output: INodeExecutionData[]) =>
	output.map((item) => ({
		json: item.json,
		pairedItem: item.pairedItem,
		files: Object.fromEntries(Object.entries(item.binary ?? {}).map(([key, binary]) => [key, { name: binary.fileName, bytes: binaryBuffer(binary).toString('latin1') }])),
	}));

describe('input items several at once (Download PDF, Get)', () => {
	it.each([
		[1, 1],
		[2, 2],
		[undefined, 4],
	])('Concurrent Requests %s: at most %i requests on the wire; output, pairedItem and files as one at a time', async (concurrency, peak) => {
		for (const id of range(12)) api.invoices[id] = { delay: 25 };
		api.pdfDelay = 25;
		const options = concurrency === undefined ? {} : { concurrency };
		const { items: output, error } = await api.run(download(options), items(range(12)));
		expect(error).toBeUndefined();
		expect(api.peak).toBe(peak);
		expect(output.map((item) => item.json.id)).toEqual(range(12));
		expect(output.map((item) => item.pairedItem)).toEqual(range(12).map((_, index) => ({ item: index })));
		expect(output.map((item) => binaryBuffer(item.binary!.data).equals(pdfOf(item.json.id as string)))).toEqual(range(12).map(() => true));
		// the same as one at a time, byte for byte
		api.reset();
		for (const id of range(12)) api.invoices[id] = { delay: 25 };
		const sequential = await api.run(download({ concurrency: 1 }), items(range(12)));
		expect(fingerprint(output)).toEqual(fingerprint(sequential.items));
	});

	it('the first item waits for nothing; the others start once its first answer is in', async () => {
		api.invoices['1'] = { delay: 80 };
		await api.run({ operation: 'get', invoiceId: '={{ $json.id }}' }, items(range(6)));
		const first = api.log[0];
		expect(first.path).toBe('/v3/account/invoice/1');
		expect(api.log.slice(1).every((entry) => entry.at >= first.at + 75)).toBe(true);
		expect(api.peak).toBeGreaterThan(1);
	});

	it('without Continue On Fail, the first failing item in order decides the error, even when a later one fails first', async () => {
		api.invoices['2'] = { delay: 150, missing: 'Invalid invoice ID 2' };
		api.invoices['3'] = { missing: 'Invalid invoice ID 3' };
		for (const id of ['4', '5', '6', '7']) api.invoices[id] = { delay: 100 };
		const { items: output, error } = await api.run({ operation: 'get', invoiceId: '={{ $json.id }}' }, items(range(7)));
		expect(output).toEqual([]);
		expect(error?.message).toBe('i3D.net API error 404: Invalid invoice ID 2');
		// item 3 failed while item 2 was still waiting; no item was started after that
		expect(api.log.map((entry) => entry.path).sort()).toEqual(range(5).map((id) => `/v3/account/invoice/${id}`));
	});

	it('with Continue On Fail, each failing item is an error item in its place; the others keep their results', async () => {
		api.invoices['2'] = { delay: 150, missing: 'Invalid invoice ID 2' };
		api.invoices['3'] = { missing: 'Invalid invoice ID 3' };
		const { items: output, error } = await api.run({ operation: 'get', invoiceId: '={{ $json.id }}' }, items(range(5)), true);
		expect(error).toBeUndefined();
		expect(output.map((item) => [item.json.id ?? item.json.error, item.pairedItem])).toEqual([
			['1', { item: 0 }],
			['i3D.net API error 404: Invalid invoice ID 2', { item: 1 }],
			['i3D.net API error 404: Invalid invoice ID 3', { item: 2 }],
			['4', { item: 3 }],
			['5', { item: 4 }],
		]);
	});

	it('a file name two invoices share goes to the earlier item, whichever is answered first (looked up or chained)', async () => {
		api.invoices['10'] = { number: 'SAME', delay: 150 };
		api.invoices['11'] = { number: 'SAME' };
		api.invoices['12'] = { number: 'SAME' };
		// item 2 is chained: the invoice itself, named at once, without a lookup
		const chained = { json: { provider: 'i3dnet', ...api.record('12', 'detail'), id: '12', number: 'SAME', pdf: { available: true, fileName: 'i3dnet-SAME.pdf' } } };
		const input = [...items(['10', '11']), chained];
		const names = (output: INodeExecutionData[]) => output.map((item) => [item.json.id, (item.json.pdf as { fileName: string }).fileName, item.binary?.data.fileName]);
		const concurrent = await api.run(download(), input);
		expect(concurrent.error).toBeUndefined();
		expect(names(concurrent.items)).toEqual([
			['10', 'i3dnet-SAME.pdf', 'i3dnet-SAME.pdf'],
			['11', 'i3dnet-SAME-11.pdf', 'i3dnet-SAME-11.pdf'],
			['12', 'i3dnet-SAME-12.pdf', 'i3dnet-SAME-12.pdf'],
		]);
		expect(api.log.filter((entry) => entry.path === '/v3/account/invoice/12')).toHaveLength(0);
		const sequential = await api.run(download({ concurrency: 1 }), input);
		expect(names(sequential.items)).toEqual(names(concurrent.items));
	});

	it('Get Many with PDFs: the PDFs several at once, in list order', async () => {
		api.listed = range(10, 100);
		api.pdfDelay = 30;
		const { items: output, error } = await api.run({ operation: 'getAll', returnAll: true, downloadPdf: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.id)).toEqual(range(10, 100));
		expect(output.every((item) => binaryBuffer(item.binary!.data).equals(pdfOf(item.json.id as string)))).toBe(true);
		expect(api.peak).toBe(4);
		api.reset();
		api.listed = range(10, 100);
		const sequential = await api.run({ operation: 'getAll', returnAll: true, downloadPdf: true, options: { concurrency: 1 } });
		expect(fingerprint(sequential.items)).toEqual(fingerprint(output));
		expect(api.peak).toBe(1);
	});

	it('an invalid Concurrent Requests value is an error that names the option', async () => {
		const { error } = await api.run({ operation: 'get', invoiceId: '1', options: { concurrency: 0 } });
		expect(error?.message).toBe('The Concurrent Requests option must be a whole number of 1 or more');
	});
});

describe('rate-limit pacing through the node', () => {
	it('a budget of 10 per 2 s window (IETF RateLimit-*): 30 items, four at once, no 429, about the floor', async () => {
		const window = { start: -Infinity, used: 0, refused: 0 };
		api.gate = () => {
			const now = Date.now();
			if (now - window.start >= 2000) Object.assign(window, { start: now, used: 0 });
			const refuse = window.used >= 10;
			if (refuse) window.refused++;
			else window.used++;
			const reset = String(Math.max(0, Math.ceil((window.start + 2000 - now) / 1000)));
			return { refuse, headers: { 'RateLimit-Limit': '10', 'RateLimit-Remaining': String(refuse ? 0 : 10 - window.used), 'RateLimit-Reset': reset } };
		};
		const started = Date.now();
		const { items: output, error } = await api.run({ operation: 'get', invoiceId: '={{ $json.id }}' }, items(range(30)));
		const elapsed = Date.now() - started;
		expect(error).toBeUndefined();
		expect(output).toHaveLength(30);
		expect(window.refused).toBe(0);
		expect(api.log.every((entry) => entry.status === 200)).toBe(true);
		// the third window opens 4 s after the first: the floor for 30 requests
		expect(elapsed).toBeGreaterThanOrEqual(4000);
		expect(elapsed).toBeLessThan(4000 * 1.1 + 500);
	});
});

describe('against the sandbox', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await createSandbox({ seed: 5, counts: { vpsbg: 200, wisecp: 400, pph: 120 }, pph: { paginate: true }, latencyMs: 5 });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	const KEYS = { vpsbg: ['vpsbg', 'vpsbgApi'], wisecp: ['wiseCp', 'wiseCpApi'], pph: ['pph', 'pphApi'] } as const;
	const run = (key: keyof typeof KEYS, parameters: Record<string, unknown>, input?: INodeExecutionData[]) =>
		runNode({
			type: KEYS[key][0],
			parameters: { resource: 'invoice', ...parameters },
			credentials: { type: KEYS[key][1], data: { baseUrl: sandbox.baseUrls[key], apiKey: sandbox.tokens[key] } },
			input,
		});
	const calls = () => (sandbox.requests as Array<{ method: string; path: string; query: Record<string, string> }>).map((request) => `${request.method} ${request.path}${request.query.page ? `?page=${request.query.page}` : ''}`);

	it.each(['vpsbg', 'wisecp', 'pph'] as const)('%s: Return All reads the same list with pages at once as one page at a time, at the request floor', async (key) => {
		const concurrent = await run(key, { operation: 'getAll', returnAll: true });
		expect(concurrent.error).toBeUndefined();
		const requests = [...calls()].sort();
		sandbox.reset();
		const sequential = await run(key, { operation: 'getAll', returnAll: true, options: { concurrency: 1 } });
		expect(concurrent.items).toEqual(sequential.items);
		expect(requests).toEqual([...calls()].sort());
		expect(new Set(requests).size).toBe(requests.length);
	});

	it('a Limit fetches no page beyond the ones it fills, with pages at once too', async () => {
		const { items: output } = await run('vpsbg', { operation: 'getAll', returnAll: false, limit: 70 });
		expect(output).toHaveLength(70);
		expect([...calls()].sort()).toEqual(['GET /balance', 'GET /invoices?page=1', 'GET /invoices?page=2', 'GET /invoices?page=3']);
	});

	it('WiseCP Download PDF chained from Get Many with Include Raw Data makes no lookup; the output is the one a lookup gives', async () => {
		const listed = await run('wisecp', { operation: 'getAll', returnAll: false, limit: 12, filters: { formalized: 'true' }, options: { includeRaw: true } });
		expect(listed.items).toHaveLength(12);
		sandbox.reset();
		const chained = await run('wisecp', download(), listed.items.map((item) => ({ json: item.json })));
		expect(chained.error).toBeUndefined();
		expect(calls().filter((call) => call.includes('GetInvoices'))).toEqual([]);
		expect(calls()).toHaveLength(12);
		sandbox.reset();
		// without the record, each item is looked up first (filter[id]): the same output
		const looked = await run('wisecp', download(), listed.items.map((item) => ({ json: { id: item.json.id } })));
		expect(calls().filter((call) => call.includes('GetInvoices'))).toHaveLength(12);
		expect(fingerprint(chained.items)).toEqual(fingerprint(looked.items));
	});
});

describe('the account beside the first page', () => {
	it('Get Many sends the account request and the first page together, not one after the other', async () => {
		const server = await startTestServer(async (request) => {
			await sleep(120);
			if (request.path === '/v1/balance') return { body: { balance: 1, currency: 'EUR' } };
			return { body: { data: [{ id: 1, invoice_number: '0000000001', amount: 10, amount_with_vat: 12, type: 'original', created_at: '2024-01-01T00:00:00.000000Z' }], meta: { current_page: 1, last_page: 1, total: 1 }, links: { next: null } } };
		});
		try {
			const arrivals: number[] = [];
			const started = Date.now();
			const { items: output, error } = await runNode({
				type: 'vpsbg',
				parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
				credentials: { type: 'vpsbgApi', data: { baseUrl: `${server.url}/v1`, apiKey: 'vpsbg_concurrency_key' } },
			});
			expect(error).toBeUndefined();
			expect(output.map((item) => [item.json.id, item.json.currency])).toEqual([['1', 'EUR']]);
			expect(server.requests.map((request) => request.path).sort()).toEqual(['/v1/balance', '/v1/invoices']);
			arrivals.push(Date.now() - started);
			// both answers take 120 ms; one after the other would take 240 ms at least
			expect(arrivals[0]).toBeLessThan(240);
		} finally {
			await server.close();
		}
	});
});

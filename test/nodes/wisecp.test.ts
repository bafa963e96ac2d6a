import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { binaryBuffer, runNode, startTestServer, toBinary } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
type Logged = {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | undefined>;
	origin: 'primary' | 'other';
	provider: string | null;
};
type Raw = {
	id: number;
	number: string;
	created_at: string;
	status: string;
	local: boolean;
	taxfree: boolean;
	formalize: boolean;
	formalize_file: string | null;
	total: number;
};
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await createSandbox({ seed: 7 });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const credentials = (apiKey?: string, timezone?: string) => ({
	type: 'wiseCpApi',
	data: { baseUrl: sandbox.baseUrls.wisecp, apiKey: apiKey ?? sandbox.tokens.wisecp, ...(timezone ? { timezone } : {}) },
});
const run = (
	parameters: Record<string, unknown>,
	options: { apiKey?: string; timezone?: string; input?: INodeExecutionData[]; continueOnFail?: boolean; typeVersion?: number } = {},
) =>
	runNode({
		type: 'wiseCp',
		typeVersion: options.typeVersion,
		parameters: { resource: 'invoice', ...parameters },
		credentials: credentials(options.apiKey, options.timezone),
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
const requests = () => sandbox.requests as Logged[];
/** The query of every GetInvoices call, in order. */
const listQueries = () => requests().filter((request) => request.path === '/Billing/GetInvoices').map((request) => request.query);
const fileRequests = () => requests().filter((request) => request.path.startsWith('/resources/uploads/invoices/'));
const data = (): Raw[] => sandbox.data.wisecp;
const record = (id: number | string) => data().find((raw) => String(raw.id) === String(id))!;
const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.id);
const idsOf = (records: Raw[]) => records.map((raw) => String(raw.id));
const fileName = (raw: Raw) => raw.formalize_file!.slice(raw.formalize_file!.lastIndexOf('/') + 1);
/** The sandbox's (and WiseCP's) order for a sort field: by the field, then by id. */
const sortBy = (records: Raw[], field: 'created_at' | 'total', direction: 'ASC' | 'DESC') =>
	[...records].sort((a, b) => {
		const order = a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id - b.id;
		return direction === 'ASC' ? order : -order;
	});

/**
 * wisecp.txt's sample invoices, normalized with the credential's Time Zone Europe/Istanbul (UTC+3).
 * #367 lists no discounts (0); #327's one promotion of 0.1377 is 0.14, and 0.69 - 0.14 + 0 = 0.55.
 */
const invoice367 = () => ({
	provider: 'wisecp', id: '367', number: '#367', type: 'invoice', status: 'paid', description: null,
	currency: 'USD', subtotal: 21, tax: 3.78, total: 24.78, discount: 0, amountDue: null, taxRate: 18,
	issuedAt: '2023-03-11T16:49:00.000Z', dueAt: '2023-03-11T20:59:00.000Z', paidAt: '2023-03-11T16:53:49.000Z',
	periodStart: null, periodEnd: null,
	lines: [{ description: 'test description', quantity: 1, unitPrice: 20, total: 20, taxRate: 18 }],
	// The documented full-URL formalize_file, on the sandbox's (the Base URL's) origin.
	pdf: { available: true, fileName: 'wisecp-367.pdf', url: `${sandbox.url}/wisecp/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf` },
});
const INVOICE_327 = {
	provider: 'wisecp', id: '327', number: '#327', type: 'invoice', status: 'paid', description: 'Invoice note test123',
	currency: 'USD', subtotal: 0.69, tax: 0, total: 0.55, discount: 0.14, amountDue: null, taxRate: 0,
	issuedAt: '2022-11-23T13:06:00.000Z', dueAt: '2022-11-23T13:06:00.000Z', paidAt: '2022-11-23T13:09:46.000Z',
	periodStart: null, periodEnd: null,
	lines: [
		{
			description: 'blamydomain.com (#125) (Domain Name Registration) | Yearly\r\nWhois Protection: I want',
			quantity: 1, unitPrice: 0.69, total: 0.69, taxRate: 0,
		},
	],
	pdf: { available: false, fileName: null, url: null },
};

describe('WiseCP node', () => {
	describe('Get Many', () => {
		it('Return All reads pages of 50 until next_page is 0 and returns every invoice once, in API order', async () => {
			const { items, error } = await run({ operation: 'getAll', returnAll: true });
			expect(error).toBeUndefined();
			expect(data()).toHaveLength(120);
			expect(ids(items)).toEqual(idsOf(data()));
			expect(new Set(ids(items)).size).toBe(120);
			expect(listQueries()).toEqual([
				{ page: '1', limit: '50' },
				{ page: '2', limit: '50' },
				{ page: '3', limit: '50' },
			]);
			expect(requests()).toHaveLength(3);
			expect(requests().every((request) => request.headers.apikey === sandbox.tokens.wisecp)).toBe(true);
			expect(items.every((item) => (item.pairedItem as { item: number }).item === 0 && item.binary === undefined)).toBe(true);
		});

		it('Limit is also the page size: Limit 7 is one request for 7', async () => {
			const { items } = await run({ operation: 'getAll', returnAll: false, limit: 7 });
			expect(ids(items)).toEqual(idsOf(data().slice(0, 7)));
			expect(listQueries()).toEqual([{ page: '1', limit: '7' }]);
		});

		it('a Limit above 50 asks for pages of 50 and stops on the page that completes it', async () => {
			const { items } = await run({ operation: 'getAll', returnAll: false, limit: 60 });
			expect(ids(items)).toEqual(idsOf(data().slice(0, 60)));
			expect(listQueries()).toEqual([
				{ page: '1', limit: '50' },
				{ page: '2', limit: '50' },
			]);
		});

		it('normalizes the documented #367 and #327 exactly, dates in the credential time zone', async () => {
			const { items, error } = await run({ operation: 'getAll', limit: 2 }, { timezone: 'Europe/Istanbul' });
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([invoice367(), INVOICE_327]);
			expect(Object.keys(items[0].json)).toEqual(Object.keys(invoice367()));
			expect(Object.keys(items[0].json.pdf as object)).toEqual(['available', 'fileName', 'url']);
			// The same records read in the default zone (UTC) are three hours later.
			sandbox.reset();
			const utc = await run({ operation: 'getAll', limit: 2 });
			expect(utc.items.map((item) => [item.json.issuedAt, item.json.dueAt, item.json.paidAt])).toEqual([
				['2023-03-11T19:49:00.000Z', '2023-03-11T23:59:00.000Z', '2023-03-11T19:53:49.000Z'],
				['2022-11-23T16:06:00.000Z', '2022-11-23T16:06:00.000Z', '2022-11-23T16:09:46.000Z'],
			]);
		});

		it('Include Raw Data adds the API record as it came', async () => {
			const { items } = await run({ operation: 'getAll', limit: 2, options: { includeRaw: true } });
			expect(items.map((item) => item.json.raw)).toEqual([data()[0], data()[1]]);
		});
	});

	describe('Get Many filters', () => {
		it('sends Status and Sort as filter[status], sort and sort_type on every page', async () => {
			const { items, error } = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { status: 'paid' },
				options: { sort: 'created_at', sortDirection: 'ASC' },
			});
			expect(error).toBeUndefined();
			const query = { 'filter[status]': 'paid', sort: 'created_at', sort_type: 'ASC', limit: '50' };
			expect(listQueries()).toEqual([
				{ ...query, page: '1' },
				{ ...query, page: '2' },
			]);
			const expected = sortBy(data().filter((raw) => raw.status === 'paid'), 'created_at', 'ASC');
			expect(expected).toHaveLength(83);
			expect(ids(items)).toEqual(idsOf(expected));
			expect(items.every((item) => item.json.status === 'paid')).toBe(true);
		});

		it('sends Local, Tax Free and Formalized as filter[local], filter[taxfree], filter[formalized]', async () => {
			const { items } = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { local: 'false', taxfree: 'true', formalized: 'false' },
				options: { sort: 'total', sortDirection: 'DESC' },
			});
			expect(listQueries()).toEqual([
				{
					'filter[local]': 'false',
					'filter[taxfree]': 'true',
					'filter[formalized]': 'false',
					sort: 'total',
					sort_type: 'DESC',
					page: '1',
					limit: '50',
				},
			]);
			const expected = sortBy(data().filter((raw) => !raw.local && raw.taxfree && !raw.formalize), 'total', 'DESC');
			expect(expected.length).toBeGreaterThan(3);
			expect(ids(items)).toEqual(idsOf(expected));
		});

		it('Formalized Only returns exactly the invoices with a file, and Any values are sent as documented', async () => {
			const { items } = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { formalized: 'true', status: 'all', local: 'none', taxfree: 'none' },
			});
			expect(listQueries()).toEqual([
				{
					'filter[status]': 'all',
					'filter[local]': 'none',
					'filter[taxfree]': 'none',
					'filter[formalized]': 'true',
					page: '1',
					limit: '50',
				},
			]);
			expect(ids(items)).toEqual(idsOf(data().filter((raw) => raw.formalize)));
			expect(items).toHaveLength(17);
			expect(items.every((item) => (item.json.pdf as { available: boolean }).available)).toBe(true);
		});

		it('sends Invoice Number as filter[number]', async () => {
			const { items } = await run({ operation: 'getAll', returnAll: true, filters: { number: ' #327 ' } });
			expect(listQueries()).toEqual([{ 'filter[number]': '#327', page: '1', limit: '50' }]);
			expect(ids(items)).toEqual(['327']);
		});

		it('Issued After (inclusive) and Issued Before (exclusive) keep exactly the invoices in between', async () => {
			const { items, error } = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { issuedAfter: '2022-11-15T14:02:00', issuedBefore: '2022-11-23T16:06:00' },
			});
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual(['325', '324', '322', '320']);
			const after = Date.parse('2022-11-15T14:02:00Z');
			const before = Date.parse('2022-11-23T16:06:00Z');
			const at = (raw: Raw) => Date.parse(`${raw.created_at.replace(' ', 'T')}Z`);
			expect(ids(items)).toEqual(idsOf(data().filter((raw) => at(raw) >= after && at(raw) < before)));
			// Client-side: nothing about dates is sent, and every page is read.
			expect(listQueries()).toEqual([
				{ page: '1', limit: '50' },
				{ page: '2', limit: '50' },
				{ page: '3', limit: '50' },
			]);
		});

		it('with a date filter, Limit does not shrink the page size', async () => {
			const { items } = await run({
				operation: 'getAll',
				returnAll: false,
				limit: 2,
				filters: { issuedBefore: '2022-11-23T16:06:00' },
			});
			expect(ids(items)).toEqual(['325', '324']);
			expect(listQueries()).toEqual([{ page: '1', limit: '50' }]);
		});

		it('refuses Issued After later than Issued Before before any request', async () => {
			const { error } = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { issuedAfter: '2022-12-01T00:00:00', issuedBefore: '2022-11-01T00:00:00' },
			});
			expect(error?.message).toBe('The Issued After filter is later than Issued Before');
			expect(error?.description).toBe('No invoice can match. Swap the two dates or clear one of them.');
			expect(requests()).toHaveLength(0);
		});

		it.each([
			['filters', 'status', '={{ "bogus" }}', 'The Status filter "bogus" is not a value WiseCP accepts', 'Use one of: all, pending, unpaid, paid, cancelled, refunded.'],
			['filters', 'formalized', '={{ "yes" }}', 'The Formalized filter "yes" is not a value WiseCP accepts', 'Use one of: none, true, false.'],
			['options', 'sort', '={{ "amount" }}', 'The Sort By option "amount" is not a value WiseCP accepts', 'Use one of: id, number, created_at, due_date, payment_date, total.'],
			['options', 'sortDirection', '={{ "down" }}', 'The Sort Direction option "down" is not a value WiseCP accepts', 'Use one of: ASC, DESC.'],
		])('refuses %s.%s %s from an expression, naming the field, before any request', async (collection, field, value, message, description) => {
			const { error } = await run({ operation: 'getAll', returnAll: true, [collection]: { [field]: value } });
			expect(error?.message).toBe(message);
			expect(error?.description).toBe(description);
			expect(requests()).toHaveLength(0);
		});

		it('node version 1 still reads the sort from Filters, where its saved workflows have it', async () => {
			const { items, error } = await run(
				{ operation: 'getAll', returnAll: true, filters: { status: 'paid', sort: 'created_at', sortDirection: 'ASC' } },
				{ typeVersion: 1 },
			);
			expect(error).toBeUndefined();
			const query = { 'filter[status]': 'paid', sort: 'created_at', sort_type: 'ASC', limit: '50' };
			expect(listQueries()).toEqual([
				{ ...query, page: '1' },
				{ ...query, page: '2' },
			]);
			expect(ids(items)).toEqual(idsOf(sortBy(data().filter((raw) => raw.status === 'paid'), 'created_at', 'ASC')));
		});
	});

	describe('Get', () => {
		it('asks the list for filter[id]', async () => {
			const { items, error } = await run({ operation: 'get', invoiceId: '327' }, { timezone: 'Europe/Istanbul' });
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([INVOICE_327]);
			expect(listQueries()).toEqual([{ 'filter[id]': '327', page: '1', limit: '1' }]);
			expect(requests()).toHaveLength(1);
		});

		it('says clearly that an unknown ID does not exist', async () => {
			const { error } = await run({ operation: 'get', invoiceId: '999' });
			expect(error?.message).toBe('WiseCP has no invoice with ID 999');
			expect(error?.description).toBe('Check the ID; Get Many shows the IDs this API key can see.');
			expect(listQueries()).toEqual([{ 'filter[id]': '999', page: '1', limit: '1' }]);
		});

		it('rejects an ID that is not a number before any request', async () => {
			const { error } = await run({ operation: 'get', invoiceId: '#327' });
			expect(error?.message).toBe('The Invoice ID "#327" contains characters that are not allowed');
			expect(requests()).toHaveLength(0);
		});

		it('with Continue On Fail, a bad ID becomes an error item paired to its input', async () => {
			const { items, error } = await run(
				{ operation: 'get', invoiceId: '={{ $json.invoice }}' },
				{ continueOnFail: true, timezone: 'Europe/Istanbul', input: [{ json: { invoice: 367 } }, { json: { invoice: 999 } }] },
			);
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{ json: invoice367(), pairedItem: { item: 0 } },
				{ json: { error: 'WiseCP has no invoice with ID 999' }, pairedItem: { item: 1 } },
			]);
		});
	});

	describe('Download PDF', () => {
		it('downloads the formalized file into the named field, keeping the input binaries', async () => {
			const attachment = toBinary('previous file', 'note.txt', 'text/plain');
			const { items, error } = await run(
				{ operation: 'download', invoiceId: '367', binaryPropertyName: 'invoice' },
				{ input: [{ json: {}, binary: { attachment } }] },
			);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			const binary = items[0].binary!.invoice;
			expect(binary.mimeType).toBe('application/pdf');
			expect(binary.fileName).toBe('wisecp-367.pdf');
			expect(binaryBuffer(binary).equals(await sandbox.pdfBytes('wisecp', 367))).toBe(true);
			expect(Object.keys(items[0].binary!).sort()).toEqual(['attachment', 'invoice']);
			expect(binaryBuffer(items[0].binary!.attachment).toString()).toBe('previous file');
			expect(items[0].json).toMatchObject({ provider: 'wisecp', id: '367', number: '#367', total: 24.78 });
			expect(listQueries()).toEqual([{ 'filter[id]': '367', page: '1', limit: '1' }]);
			expect(fileRequests().map((request) => [request.origin, request.path])).toEqual([
				['primary', '/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf'],
			]);
			expect(requests()).toHaveLength(2);
		});

		it('fetches a file on another origin without the Apikey header', async () => {
			const raw = data()[3];
			expect(raw.formalize_file!.startsWith(sandbox.otherUrl)).toBe(true);
			const { items, error } = await run({ operation: 'download', invoiceId: String(raw.id) });
			expect(error).toBeUndefined();
			expect(items[0].binary!.data.fileName).toBe(`wisecp-${raw.id}.pdf`);
			expect(binaryBuffer(items[0].binary!.data).equals(await sandbox.pdfBytes('wisecp', raw.id))).toBe(true);
			const [list, file] = requests();
			expect(list.headers.apikey).toBe(sandbox.tokens.wisecp);
			expect(file.origin).toBe('other');
			expect(file.path).toBe(`/resources/uploads/invoices/${fileName(raw)}`);
			expect(file.headers.apikey).toBeUndefined();
			expect(JSON.stringify(file.headers)).not.toContain(sandbox.tokens.wisecp);
			expect(requests()).toHaveLength(2);
		});

		it('drops the Apikey header when the file on its own origin redirects to another host', async () => {
			sandbox.fault('wisecp', { kind: 'redirect', match: { path: /^\/resources\/uploads\// } });
			const { items, error } = await run({ operation: 'download', invoiceId: '367' });
			expect(error).toBeUndefined();
			expect(binaryBuffer(items[0].binary!.data).equals(await sandbox.pdfBytes('wisecp', 367))).toBe(true);
			const [, own, moved] = requests();
			expect([own.origin, own.headers.apikey]).toEqual(['primary', sandbox.tokens.wisecp]);
			expect([moved.origin, moved.provider, moved.path, moved.headers.apikey]).toEqual(['other', 'files', '/wisecp/367.pdf', undefined]);
		});

		it('says clearly when the file link answers with an HTML page instead of the PDF', async () => {
			sandbox.fault('wisecp', { kind: 'htmlInsteadOfPdf', match: { path: /^\/resources\/uploads\// } });
			const { error } = await run({ operation: 'download', invoiceId: '367' });
			expect(error?.message).toBe('PDF of WiseCP invoice #367: expected a PDF but the API sent an HTML page');
			expect(fileRequests()).toHaveLength(1);
		});

		// The sandbox serves only full-URL formalize_files (as documented); a WiseCP installed in a
		// sub-folder with a bare or relative file name is played by a small local server here.
		it.each([['a bare file name', 'aa2f3fasd3fa3f4ed.pdf'], ['a path relative to the install', 'resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf']])(
			'finds a formalize_file given as %s under the install root, not the API URL',
			async (_, formalizeFile) => {
				const pdf = await sandbox.pdfBytes('wisecp', 367);
				const install = await startTestServer((request) =>
					request.path === '/billing/index.php/api/Billing/GetInvoices'
						? { body: { status: 'successful', total: 1, page: 1, limit: 1, next_page: 0, data: [{ ...data()[0], formalize_file: formalizeFile }] } }
						: request.path === '/billing/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf'
							? { headers: { 'content-type': 'application/pdf' }, body: pdf }
							: { status: 404, body: 'not found' },
				);
				try {
					const { items, error } = await runNode({
						type: 'wiseCp',
						parameters: { resource: 'invoice', operation: 'download', invoiceId: '367' },
						credentials: { type: 'wiseCpApi', data: { baseUrl: `${install.url}/billing/index.php/api/`, apiKey: 'k-1234567890' } },
					});
					expect(error).toBeUndefined();
					expect(install.requests.map((request) => request.path)).toEqual([
						'/billing/index.php/api/Billing/GetInvoices',
						'/billing/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf',
					]);
					expect(binaryBuffer(items[0].binary!.data).equals(pdf)).toBe(true);
					// Get Many's pdf.url is that same link, and Download PDF chained from it fetches only the file.
					const credential = { type: 'wiseCpApi', data: { baseUrl: `${install.url}/billing/index.php/api/`, apiKey: 'k-1234567890' } };
					const listed = await runNode({ type: 'wiseCp', parameters: { resource: 'invoice', operation: 'getAll', limit: 1 }, credentials: credential });
					expect(listed.items[0].json.pdf).toEqual({ available: true, fileName: 'wisecp-367.pdf', url: `${install.url}/billing/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf` });
					install.requests.length = 0;
					const chained = await runNode({
						type: 'wiseCp',
						parameters: { resource: 'invoice', operation: 'download', invoiceId: '={{ $json.id }}' },
						credentials: credential,
						input: [{ json: listed.items[0].json }],
					});
					expect(chained.error).toBeUndefined();
					expect(binaryBuffer(chained.items[0].binary!.data).equals(pdf)).toBe(true);
					expect(install.requests.map((request) => request.path)).toEqual(['/billing/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf']);
				} finally {
					await install.close();
				}
			},
		);

		it('says clearly that an invoice that is not formalized has no PDF', async () => {
			const { error, items } = await run({ operation: 'download', invoiceId: '327' });
			expect(items).toHaveLength(0);
			expect(error?.message).toBe('WiseCP invoice #327 has no PDF');
			expect(error?.description).toMatch(/^WiseCP's API offers a file only for formalized invoices/);
			expect(listQueries()).toEqual([{ 'filter[id]': '327', page: '1', limit: '1' }]);
			expect(fileRequests()).toHaveLength(0);
		});

		it('works on the invoice from a previous Get Many (chain): one request per item, the file at pdf.url, no lookup', async () => {
			// Default options: Download PDFs off, Include Raw Data off.
			const listed = await run({ operation: 'getAll', limit: 5, filters: { formalized: 'true' } });
			expect(listed.error).toBeUndefined();
			const formalized = data().filter((raw) => raw.formalize).slice(0, 5);
			expect(formalized.map((raw) => raw.id)).toEqual([367, 325, 324, 322, 318]);
			// pdf.url is the record's formalize_file (a full URL): two on the Base URL's origin, two on the other.
			expect(listed.items.map((item) => (item.json.pdf as { url: unknown }).url)).toEqual([
				`${sandbox.url}/wisecp/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf`,
				...formalized.slice(1).map((raw) => raw.formalize_file),
			]);
			expect(formalized.map((raw) => raw.formalize_file!.startsWith(`${sandbox.otherUrl}/wisecp/`))).toEqual([false, false, true, true, false]);
			sandbox.reset();
			const { items, error } = await run(
				{ operation: 'download', invoiceId: '={{ $json.id }}' },
				{ input: listed.items.map((item) => ({ json: item.json })) },
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual(listed.items.map((item) => item.json));
			for (const item of items) {
				expect(item.binary!.data.fileName).toBe(`wisecp-${item.json.id}.pdf`);
				expect(binaryBuffer(item.binary!.data).equals(await sandbox.pdfBytes('wisecp', item.json.id))).toBe(true);
			}
			// Exactly the five files: no filter[id] lookup, no list call; the key only to the Base URL's origin.
			expect(listQueries()).toEqual([]);
			expect(requests()).toHaveLength(5);
			const byPath = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]));
			expect(requests().map((request) => [request.origin, request.path, request.headers.apikey]).sort(byPath)).toEqual(
				formalized
					.map((raw) => {
						const other = raw.formalize_file!.startsWith(sandbox.otherUrl);
						return [other ? 'other' : 'primary', `/resources/uploads/invoices/${fileName(raw)}`, other ? undefined : sandbox.tokens.wisecp];
					})
					.sort(byPath),
			);
		});

		it('fetches a chained pdf.url on another origin without the API key', async () => {
			const listed = await run({ operation: 'getAll', limit: 5 });
			const chained = listed.items.filter((item) => item.json.id === String(data()[3].id));
			expect((chained[0].json.pdf as { url: unknown }).url).toBe(`${sandbox.otherUrl}/wisecp/resources/uploads/invoices/${fileName(data()[3])}`);
			sandbox.reset();
			const { items, error } = await run({ operation: 'download', invoiceId: '={{ $json.id }}' }, { input: chained.map((item) => ({ json: item.json })) });
			expect(error).toBeUndefined();
			expect(binaryBuffer(items[0].binary!.data).equals(await sandbox.pdfBytes('wisecp', data()[3].id))).toBe(true);
			expect(requests()).toHaveLength(1);
			const [file] = requests();
			expect([file.origin, file.method, file.path]).toEqual(['other', 'GET', `/resources/uploads/invoices/${fileName(data()[3])}`]);
			expect(file.headers.apikey).toBeUndefined();
			expect(file.headers.authorization).toBeUndefined();
			expect(JSON.stringify(file.headers)).not.toContain(sandbox.tokens.wisecp);
		});

		it('still checks that the file at a chained pdf.url is a PDF', async () => {
			const listed = await run({ operation: 'getAll', limit: 1 });
			sandbox.reset();
			sandbox.fault('wisecp', { kind: 'htmlInsteadOfPdf', match: { path: /^\/resources\/uploads\// } });
			const { error } = await run({ operation: 'download', invoiceId: '={{ $json.id }}' }, { input: [{ json: listed.items[0].json }] });
			expect(error?.message).toBe('PDF of WiseCP invoice #367: expected a PDF but the API sent an HTML page');
			expect(listQueries()).toEqual([]);
			expect(fileRequests()).toHaveLength(1);
		});

		it.each([
			['a number', 42],
			['an object', { href: 'https://example.com/x.pdf' }],
			['not a URL', 'not a url'],
			['a relative path', '/wisecp/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf'],
			['another scheme', 'file:///etc/passwd'],
			['plain http to another machine', 'http://example.com/invoice.pdf'],
			['a URL with a user name', 'https://user:secret@example.com/invoice.pdf'],
			['missing (an item made before pdf.url)', undefined],
		])('a chained item whose pdf.url is %s falls back to one filter[id] lookup, never an error', async (_, url) => {
			const listed = await run({ operation: 'getAll', limit: 5, filters: { formalized: 'true' } });
			const input = listed.items.slice(0, 3).map((item) => {
				const json: IDataObject = { ...item.json, pdf: { ...(item.json.pdf as object), url } };
				if (url === undefined) delete (json.pdf as { url?: unknown }).url;
				return { json };
			});
			sandbox.reset();
			const { items, error } = await run({ operation: 'download', invoiceId: '={{ $json.id }}' }, { input });
			expect(error).toBeUndefined();
			// The incoming invoice is output as it came.
			expect(items.map((item) => item.json)).toEqual(input.map((item) => item.json));
			for (const item of items) expect(binaryBuffer(item.binary!.data).equals(await sandbox.pdfBytes('wisecp', item.json.id))).toBe(true);
			expect(listQueries()).toEqual(input.map((item) => ({ 'filter[id]': item.json.id, page: '1', limit: '1' })));
			expect(fileRequests()).toHaveLength(3);
			expect(requests()).toHaveLength(6);
			expect(requests().some((request) => request.path.includes('etc') || request.path === '/invoice.pdf')).toBe(false);
		});

		it('a chained item with a malformed pdf.url but its raw record uses the record: no lookup', async () => {
			const listed = await run({ operation: 'getAll', limit: 1, options: { includeRaw: true } });
			const input = [{ json: { ...listed.items[0].json, pdf: { ...(listed.items[0].json.pdf as object), url: 7 } } }];
			sandbox.reset();
			const { items, error } = await run({ operation: 'download', invoiceId: '={{ $json.id }}' }, { input });
			expect(error).toBeUndefined();
			expect(binaryBuffer(items[0].binary!.data).equals(await sandbox.pdfBytes('wisecp', 367))).toBe(true);
			expect(listQueries()).toEqual([]);
			expect(requests().map((request) => request.path)).toEqual(['/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf']);
		});

		it('Get Many with Download PDFs attaches files only to formalized invoices', async () => {
			const { items, error } = await run({ operation: 'getAll', limit: 10, downloadPdf: true });
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual(idsOf(data().slice(0, 10)));
			const formalized = data().slice(0, 10).filter((raw) => raw.formalize);
			expect(formalized.map((raw) => raw.id)).toEqual([367, 325, 324, 322, 318]);
			for (const item of items) {
				const raw = record(item.json.id as string);
				expect(item.json.pdf).toEqual(
					raw.formalize
						? { available: true, fileName: `wisecp-${raw.id}.pdf`, url: raw.formalize_file }
						: { available: false, fileName: null, url: null },
				);
				if (!raw.formalize) {
					expect(item.binary).toBeUndefined();
					continue;
				}
				expect(item.binary!.data.mimeType).toBe('application/pdf');
				expect(item.binary!.data.fileName).toBe(`wisecp-${raw.id}.pdf`);
				expect(binaryBuffer(item.binary!.data).equals(await sandbox.pdfBytes('wisecp', raw.id))).toBe(true);
			}
			// One list call, then each file straight from the list's record; other-origin files without the key.
			// The files are fetched several at once, so they arrive in any order (the output is in list order, above).
			expect(listQueries()).toEqual([{ page: '1', limit: '10' }]);
			const byPath = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]));
			expect(fileRequests().map((request) => [request.origin, request.path, request.headers.apikey !== undefined]).sort(byPath)).toEqual(
				formalized
					.map((raw) => [
						raw.formalize_file!.startsWith(sandbox.otherUrl) ? 'other' : 'primary',
						`/resources/uploads/invoices/${fileName(raw)}`,
						!raw.formalize_file!.startsWith(sandbox.otherUrl),
					])
					.sort(byPath),
			);
		});
	});

	describe('credentials', () => {
		it('a wrong key gives WiseCP\'s own message (HTTP 200, status error) without the key', async () => {
			const key = 'wisecp_live_00000000000000000000bad';
			const { error } = await run({ operation: 'getAll', returnAll: true }, { apiKey: key });
			expect(error?.message).toBe('WiseCP API error: Invalid API key');
			expect(error?.description).toBe(
				'Check the WiseCP credential: the API key, its permission for Billing/GetInvoices, the allowed IP addresses, and the Base URL (Settings → General → API).',
			);
			expect(JSON.stringify(error)).not.toContain(key);
			expect(`${error?.message} ${error?.description}`).not.toContain(key);
			expect(requests()).toHaveLength(1);
			expect(requests()[0].headers.apikey).toBe(key);
		});

		it('refuses an unknown Time Zone in the credential before any request', async () => {
			const { error } = await run({ operation: 'getAll', returnAll: true }, { timezone: 'Mars/Olympus' });
			expect(error?.message).toBe('The credential\'s Time Zone "Mars/Olympus" is not a known time zone');
			expect(requests()).toHaveLength(0);
		});
	});
});

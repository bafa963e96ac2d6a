'use strict';

/**
 * Checks the sandbox itself: every endpoint with good and bad credentials, every list paged
 * through (each record exactly once), PDFs and zips, and every fault kind. What holds for every
 * provider iterates the registry (test/providers.js); the describe blocks per API check that
 * API's own behaviour.
 */

const http = require('http');
const { unzipSync } = require('fflate');
const { createSandbox } = require('./server');
const { DataStore } = require('./data');
const { PROVIDERS, PROVIDER_KEYS, byKey, TOKEN_PREFIXES, tokenOwner, authHeaders } = require('../providers');

jest.setTimeout(30_000);

/**
 * Minimal HTTP client (no keep-alive, no redirects) so tests see exactly what the server sent.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: unknown }} [options]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: Buffer, text: string, json: () => any }>}
 */
function request(url, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const req = http.request(url, { method, headers: { ...(payload && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers }, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('error', reject);
			res.on('aborted', () => reject(new Error('aborted')));
			res.on('end', () => {
				if (!res.complete) return reject(new Error('incomplete response'));
				const buffer = Buffer.concat(chunks);
				resolve({ status: res.statusCode || 0, headers: res.headers, body: buffer, text: buffer.toString('utf8'), json: () => JSON.parse(buffer.toString('utf8')) });
			});
		});
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

const isPdf = (buffer) => buffer.subarray(0, 5).toString('latin1') === '%PDF-' && buffer.subarray(-6).toString('latin1').includes('%%EOF');

/** @type {Awaited<ReturnType<typeof createSandbox>>} */
let sandbox;
let auth;

beforeAll(async () => {
	sandbox = await createSandbox({ seed: 1 });
	// each API's key header, plus Accept: application/json for the Laravel APIs
	auth = Object.fromEntries(PROVIDERS.map((p) => [p.key, authHeaders(p, sandbox.tokens[p.key], { client: true })]));
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('createSandbox', () => {
	test('exposes base URLs, deterministic tokens and data', async () => {
		// one base URL per registry provider, at its basePath; the documented ones (README)
		expect(Object.keys(sandbox.baseUrls)).toEqual(PROVIDER_KEYS);
		for (const p of PROVIDERS) expect(sandbox.baseUrls[p.key]).toBe(`${sandbox.url}${p.basePath}`);
		expect(sandbox.baseUrls).toMatchObject({
			vpsbg: `${sandbox.url}/vpsbg/v1`, i3dnet: `${sandbox.url}/i3d/v3`, wisecp: `${sandbox.url}/wisecp/api/`,
			pph: `${sandbox.url}/pph`, northflank: `${sandbox.url}/northflank/v1`,
		});
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sandbox.tokens.vpsbg).toMatch(/^vpsbg_live_[0-9a-f]{24}$/);
		expect(sandbox.tokens.vpsbgReadOnly).toMatch(/^vpsbg_read_[0-9a-f]{24}$/);
		// every registry token, with its prefix, all different
		expect(Object.keys(sandbox.tokens)).toEqual(Object.keys(TOKEN_PREFIXES));
		for (const [name, prefix] of Object.entries(TOKEN_PREFIXES)) expect(sandbox.tokens[name]).toMatch(new RegExp(`^${prefix}[0-9a-f]{24}$`));
		expect(new Set(Object.values(sandbox.tokens)).size).toBe(Object.keys(TOKEN_PREFIXES).length);
		// the registry's default counts; the documented ones (README)
		const lengths = Object.fromEntries(Object.entries(sandbox.data).map(([k, v]) => [k, v.length]));
		expect(lengths).toEqual(Object.fromEntries(PROVIDERS.map((p) => [p.key, p.counts.sandbox])));
		expect(lengths).toMatchObject({ vpsbg: 75, i3dnet: 230, wisecp: 120, pph: 12, northflank: 215 });

		const twin = await createSandbox({ seed: 1, counts: { vpsbg: 75 } });
		const other = await createSandbox({ seed: 2, tokens: { pph: 'custom-token' } });
		try {
			expect(twin.tokens).toEqual(sandbox.tokens);
			// same seed, same data (only the embedded URLs carry the other port)
			const moved = JSON.stringify(sandbox.data).split(sandbox.url).join(twin.url).split(sandbox.otherUrl).join(twin.otherUrl);
			expect(twin.data).toEqual(JSON.parse(moved));
			expect(other.tokens.vpsbg).not.toBe(sandbox.tokens.vpsbg);
			expect(other.tokens.pph).toBe('custom-token');
			expect(other.data.vpsbg[5]).not.toEqual(sandbox.data.vpsbg[5]);
			expect(await twin.pdfBytes('vpsbg', 8431)).toEqual(await sandbox.pdfBytes('vpsbg', 8431));
		} finally {
			await Promise.all([twin.close(), other.close()]);
		}
	});

	test('close() ends keep-alive connections and other-origin requests are told apart', async () => {
		const box = await createSandbox({ counts: Object.fromEntries(PROVIDER_KEYS.map((key) => [key, 2])) });
		const agent = new http.Agent({ keepAlive: true });
		try {
			const get = (url) => new Promise((resolve, reject) => {
				http.get(url, { agent, headers: { authorization: `Bearer ${box.tokens.vpsbg}` } }, (res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode));
				}).on('error', reject);
			});
			expect(await get(`${box.baseUrls.vpsbg}/invoices`)).toBe(200);
			expect(await get(box.otherOriginUrl('/vpsbg/v1/invoices'))).toBe(200);
			expect(box.requests.map((r) => r.origin)).toEqual(['primary', 'other']);
			const started = Date.now();
			await box.close();
			expect(Date.now() - started).toBeLessThan(1000);
			await box.close();
		} finally {
			agent.destroy();
		}
	});

	test('the docs examples come first, verbatim', () => {
		const d = sandbox.data;
		expect(d.vpsbg.slice(0, 2)).toEqual([
			{ id: 8431, invoice_number: '0000007398', created_at: '2024-08-27T21:00:00.000000Z', amount: 90, amount_with_vat: 108, type: 'proform', order_ids: [7398] },
			{ id: 8425, invoice_number: '0000001594', created_at: '2024-08-04T21:00:00.000000Z', amount: 0, amount_with_vat: 0, type: 'original', order_ids: [7390] },
		]);
		expect(d.i3dnet[0]).toEqual({
			id: '2188431', creationDate: 1714521600, dueDate: 1715731200, invoiceNumber: '20240501234', invoiceHash: '9f2c1b7e4d6a8c0e3b5d7f9a1c3e5b7d',
			description: 'Dedicated server 2x AMD EPYC - May 2024', currency: 'EUR', currencySign: '€', amountIncVAT: '24200', amountExclVAT: '20000',
			paymentStatus: 1, paymentDate: 1714650000, isCredit: 0, remainingAmount: '0', totalPaidAmount: '24200',
		});
		expect(d.wisecp.slice(0, 2).map((r) => r.id)).toEqual([367, 327]);
		expect(d.wisecp[1].subtotal).toBe(0.68859999999999998987476601541857235133647918701171875);
		expect(d.wisecp[1].total).toBe(0.550899999999999945288209346472285687923431396484375);
		expect(d.wisecp[0].tax).toBe(3.779999999999999804600747665972448885440826416015625);
		expect(d.wisecp[0].total).toBe(24.780000000000001136868377216160297393798828125);
		expect(d.wisecp[0].formalize_file).toBe(`${sandbox.url}/wisecp/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf`);
		expect(d.pph.slice(0, 2).map((r) => r.id)).toEqual([130348, 212032]);
		expect(d.pph[0].datepaid).toBe('-000001-11-29T23:06:32.000000Z');
		expect(d.pph[1].resources.download).toBe(`${sandbox.baseUrls.pph}/client/invoices/212032/download`);
		expect(d.northflank[0]).toMatchObject({ period: { start: 1655823815, end: 1655910214 }, currency: 'usd', total: 1200, subTotal: 1000 });
	});
});

describe('generated data', () => {
	test('is internally consistent', () => {
		const d = sandbox.data;
		const sum = (items, key) => items.reduce((total, item) => total + Number(item[key]), 0);
		for (const r of d.vpsbg) expect(r.amount_with_vat).toBe(Math.round(r.amount * 120) / 100);
		expect(d.vpsbg.map((r) => r.id)).toEqual([...d.vpsbg.map((r) => r.id)].sort((a, b) => b - a));
		expect(d.vpsbg.some((r) => r.type === 'proform') && d.vpsbg.some((r) => r.type === 'original')).toBe(true);

		for (const r of d.i3dnet) {
			const x = sandbox.detail('i3dnet', r.id);
			expect([x.id, x.invoiceNumber, x.amountIncVat, x.amountExclVat]).toEqual([Number(r.id), r.invoiceNumber, r.amountIncVAT, r.amountExclVAT]);
			expect(sum(x.items, 'amountIncVat')).toBe(Number(r.amountIncVAT));
			expect(Number(x.amountExclVat) + Number(x.vatAmount)).toBe(Number(x.amountIncVat));
			expect(Number(r.remainingAmount) + Number(r.totalPaidAmount)).toBe(Number(r.amountIncVAT));
			expect(x.creationDate).toBe(new Date(r.creationDate * 1000).toISOString().replace('.000Z', '+00:00'));
		}
		expect(d.i3dnet.map((r) => r.creationDate)).toEqual([...d.i3dnet.map((r) => r.creationDate)].sort((a, b) => b - a));

		for (const r of d.wisecp.slice(2)) {
			expect(r.total).toBe(r.subtotal - r.discounts.reduce((a, x) => a + x.amount, 0) + r.tax);
			expect(r.payment_date === '0000-00-00 00:00:00').toBe(!['paid', 'refunded'].includes(r.status));
		}
		expect(new Set(d.wisecp.map((r) => r.status))).toEqual(new Set(['paid', 'unpaid', 'pending', 'cancelled', 'refunded']));

		for (const r of d.pph) expect(Math.round((r.subtotal + r.tax) * 100) / 100).toBe(r.total);
		expect(new Set(d.pph.map((r) => r.status))).toEqual(new Set(['Paid', 'Unpaid', 'Cancelled', 'Refunded']));

		let end = null;
		for (const r of d.northflank) {
			if (end !== null) expect(r.period.start).toBe(end + 1);
			end = r.period.end;
			const x = sandbox.detail('northflank', r.id);
			expect(x.lineItems.reduce((a, i) => a + i.total, 0)).toBe(x.subTotal);
			expect(x.subTotal - x.discounts.total + x.tax.amount).toBe(x.total);
			expect(x.paasUsage.teams.reduce((a, t) => a + t.price.total, 0)).toBe(x.paasUsage.price.total);
			expect(['usd', 'eur']).toContain(r.currency);
		}
		const years = (list) => new Set(list.map((r) => r.slice(0, 4)));
		expect(years(d.northflank.map((r) => new Date(r.period.start * 1000).toISOString()))).toEqual(new Set(['2022', '2023', '2024', '2025', '2026']));
	});

	test("DataStore.find reads ids with the registry's rule: a legacy Northflank record by its period start", async () => {
		const legacy = await createSandbox({ counts: { northflank: 5 }, northflank: { generation: 'legacy' } });
		try {
			const { seed, counts } = legacy.options;
			const store = new DataStore({ seed, counts, ctx: { url: legacy.url, otherUrl: legacy.otherUrl, baseUrls: legacy.baseUrls, options: legacy.options } });
			const record = store.data.northflank[2];
			expect('id' in record).toBe(false);
			expect(store.find('northflank', record.period.start)).toBe(record);
			expect(store.find('northflank', String(record.period.start))).toBe(record);
			expect(store.find('northflank', record.period.end)).toBeUndefined();
			for (const p of PROVIDERS) {
				const last = store.data[p.key].at(-1);
				expect(store.find(p.key, p.idOf(last))).toBe(last);
			}
			expect(store.find('vpsbg', '8431')).toBe(store.find('vpsbg', 8431));
		} finally {
			await legacy.close();
		}
	});
});

describe('every endpoint: right token works, wrong or foreign token is refused', () => {
	/** @type {Array<[string, string, string, unknown, string]>} [provider, method, path, body, content type] from the registry's sandboxTest.endpoints */
	const endpoints = PROVIDERS.flatMap((p) => p.sandboxTest.endpoints.map(([method, path, body, contentType]) => [p.key, method, path, body, contentType]));

	test('every registry provider has endpoints here', () => {
		expect([...new Set(endpoints.map(([key]) => key))]).toEqual(PROVIDER_KEYS);
	});

	test.each(endpoints)('%s %s %s', async (provider, method, template, body, contentType) => {
		const p = byKey[provider];
		const path = p.sandboxTest.resolvePath(template, sandbox.data);
		const url = `${sandbox.baseUrls[provider]}${path}`;
		// every other provider's token (their read-only ones too) is foreign here
		const foreign = Object.keys(sandbox.tokens).filter((name) => tokenOwner(name) !== p).map((name) => sandbox.tokens[name]);
		expect(foreign.length).toBeGreaterThan(0);
		for (const token of [undefined, 'wrong-token', ...foreign]) {
			const res = await request(url, { method, body, headers: token === undefined ? {} : authHeaders(p, token) });
			expect([res.status, res.json()]).toEqual(p.sandboxTest.authError(expect.any(String)));
		}
		const ok = await request(url, { method, body, headers: authHeaders(p, sandbox.tokens[provider]) });
		expect(ok.status).toBe(200);
		expect(ok.headers['content-type']).toBe(contentType);
		if (contentType === 'application/pdf') expect(isPdf(ok.body)).toBe(true);
		if (contentType === 'application/zip') expect(ok.body.subarray(0, 2).toString('latin1')).toBe('PK');
		// APIs that fail with HTTP 200 (WiseCP) say success in the body
		if (p.sandboxTest.successBody) expect(ok.json()).toMatchObject(p.sandboxTest.successBody);
		expect(sandbox.requests.every((r) => r.provider === provider && r.origin === 'primary')).toBe(true);
	});
});

describe('VPSBG', () => {
	const get = (path, headers = auth.vpsbg) => request(`${sandbox.baseUrls.vpsbg}${path}`, { headers });

	test('auth: missing/bad token 401, read-only token 403 on POST', async () => {
		for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: sandbox.tokens.vpsbg }]) {
			const res = await get('/invoices', headers);
			expect(res.status).toBe(401);
			expect(res.json()).toEqual({ message: 'Unauthenticated.' });
			expect(res.headers['x-ratelimit-limit']).toBe('60');
		}
		const readOnly = { authorization: `Bearer ${sandbox.tokens.vpsbgReadOnly}` };
		expect((await get('/balance', readOnly)).status).toBe(200);
		const post = await request(`${sandbox.baseUrls.vpsbg}/invoices/8431/download`, { method: 'POST', headers: readOnly });
		expect(post.status).toBe(403);
		expect(post.json()).toEqual({ message: 'You do not have access to this resource' });
	});

	test('pages through all invoices (Laravel envelope), each once, in order', async () => {
		const seen = [];
		let page = 1;
		let remaining = Infinity;
		for (;;) {
			const res = await get(`/invoices?page=${page}`);
			expect(res.status).toBe(200);
			const remainingNow = Number(res.headers['x-ratelimit-remaining']);
			expect(remainingNow).toBeLessThan(remaining);
			remaining = remainingNow;
			const body = res.json();
			expect(body.meta).toMatchObject({ current_page: page, per_page: 30, total: 75, last_page: 3, path: `${sandbox.baseUrls.vpsbg}/invoices` });
			expect(body.links.first).toBe(`${sandbox.baseUrls.vpsbg}/invoices?page=1`);
			expect(body.meta.links[0].label).toBe('« Previous');
			seen.push(...body.data);
			if (!body.links.next) break;
			expect(body.links.next).toBe(`${sandbox.baseUrls.vpsbg}/invoices?page=${page + 1}`);
			page += 1;
		}
		expect(seen).toEqual(sandbox.data.vpsbg);
		const past = (await get('/invoices?page=9')).json();
		expect(past.data).toEqual([]);
		expect(past.meta).toMatchObject({ current_page: 9, from: null, to: null, total: 75 });
		for (const bad of ['abc', '0', '-2', '1.5']) expect((await get(`/invoices?page=${bad}`)).json().meta.current_page).toBe(1);
	});

	test('balance, single PDF, bulk zip and their errors', async () => {
		expect((await get('/balance')).json()).toMatchObject({ balance: 3476.06, currency: 'EUR' });
		const url = `${sandbox.baseUrls.vpsbg}/invoices`;
		const pdf = await request(`${url}/8431/download`, { method: 'POST', headers: auth.vpsbg });
		expect(pdf.status).toBe(200);
		expect(pdf.headers['content-type']).toBe('application/pdf');
		expect(pdf.headers['content-disposition']).toBe('attachment; filename="invoice-0000007398.pdf"');
		expect(isPdf(pdf.body)).toBe(true);
		expect(pdf.body.equals(await sandbox.pdfBytes('vpsbg', 8431))).toBe(true);
		expect((await request(`${url}/1/download`, { method: 'POST', headers: auth.vpsbg })).json()).toEqual({ message: 'No results found' });

		const zip = await request(`${url}/download`, { method: 'POST', headers: auth.vpsbg, body: { invoices: [8431, 8425] } });
		expect(zip.status).toBe(200);
		expect(zip.headers['content-type']).toBe('application/zip');
		const files = unzipSync(new Uint8Array(zip.body));
		expect(Object.keys(files).sort()).toEqual(['invoice-0000001594.pdf', 'invoice-0000007398.pdf']);
		expect(Buffer.from(files['invoice-0000001594.pdf']).equals(await sandbox.pdfBytes('vpsbg', 8425))).toBe(true);
		for (const body of [undefined, {}, { invoices: [] }]) {
			const res = await request(`${url}/download`, { method: 'POST', headers: auth.vpsbg, body });
			expect(res.status).toBe(422);
			expect(res.json()).toEqual({ message: 'The invoices field is required.', errors: { invoices: ['The invoices field is required.'] } });
		}
		expect((await request(`${url}/download`, { method: 'POST', headers: auth.vpsbg, body: { invoices: [8431, 999999] } })).status).toBe(404);
		expect(sandbox.requests.at(-1)).toMatchObject({ provider: 'vpsbg', method: 'POST', path: '/invoices/download', body: { invoices: [8431, 999999] }, origin: 'primary' });
	});
});

describe('i3D.net', () => {
	const get = (path, headers = auth.i3dnet) => request(`${sandbox.baseUrls.i3dnet}${path}`, { headers });
	const ranged = (start, results) => ({ ...auth.i3dnet, 'ranged-data': `start=${start},results=${results}` });

	test('auth: 403 Invalid credentials', async () => {
		for (const headers of [{}, { 'private-token': 'wrong' }]) {
			const res = await get('/account/invoice', headers);
			expect(res.status).toBe(403);
			expect(res.json()).toEqual({ errorCode: 20001, errorMessage: 'Invalid credentials', errors: [] });
		}
		const details = await get('/account/details');
		expect(details.json()).toHaveLength(1);
		expect(details.json()[0]).toMatchObject({ accountType: 2, countryCode: 'NL' });
	});

	test('RANGED-DATA paging returns every invoice once; default 25, cap 100, no total header', async () => {
		const first = await get('/account/invoice');
		expect(first.json()).toHaveLength(25);
		expect(Object.keys(first.headers).filter((h) => /total|range|page/i.test(h))).toEqual([]);
		const seen = [];
		for (let start = 0; ; start += 100) {
			const page = (await get('/account/invoice', ranged(start, 100))).json();
			seen.push(...page);
			if (page.length < 100) break;
		}
		expect(seen).toEqual(sandbox.data.i3dnet);
		expect((await get('/account/invoice', ranged(0, 500))).json()).toHaveLength(100);
		expect(sandbox.requests.at(-1).headers['ranged-data']).toBe('start=0,results=500');
		const record = seen[0];
		expect(Object.keys(record).sort()).toEqual(['amountExclVAT', 'amountIncVAT', 'creationDate', 'currency', 'currencySign', 'description', 'dueDate', 'id', 'invoiceHash', 'invoiceNumber', 'isCredit', 'paymentDate', 'paymentStatus', 'remainingAmount', 'totalPaidAmount']);
		expect(seen.every((r) => typeof r.id === 'string' && /^-?\d+$/.test(r.amountIncVAT) && (r.paymentStatus === 1 || r.paymentDate === 0))).toBe(true);
		expect(seen.some((r) => r.isCredit === 1)).toBe(true);
	});

	test('filter, unpaid list, details by id and number, PDF', async () => {
		const filtered = (await get('/account/invoice?filter=EPYC%20-%20may', ranged(0, 100))).json();
		expect(filtered.map((r) => r.id)).toContain('2188431');
		expect(filtered.every((r) => r.description.toLowerCase().includes('epyc - may'))).toBe(true);
		const unpaid = (await get('/account/invoice/unpaid', ranged(0, 100))).json();
		expect(unpaid.length).toBeGreaterThan(0);
		expect(unpaid).toEqual(sandbox.data.i3dnet.filter((r) => r.paymentStatus === 0 && r.isCredit === 0).slice(0, 100));

		const details = (await get('/account/invoice/2188431')).json();
		expect(details).toHaveLength(1);
		expect(details[0]).toMatchObject({ id: 2188431, creationDate: '2024-05-01T00:00:00+00:00', amountIncVat: '24200', amountExclVat: '20000', vatAmount: '4200', vatPercentage: 21 });
		expect(details[0].items[0]).toMatchObject({ periodFrom: '2024-05-01', periodTo: '2024-05-31', unitPrice: '20000' });
		expect(details).toEqual([sandbox.detail('i3dnet', 2188431)]);
		expect((await get('/account/invoice/number/20240501234')).json()).toEqual(details);
		expect((await get('/account/invoice/number/nope')).json()).toEqual({ errorCode: 10001, errorMessage: 'Invalid invoice number', errors: [] });
		expect((await get('/account/invoice/1')).json()).toEqual({ errorCode: 10001, errorMessage: 'Invalid invoice ID', errors: [] });
		const invalid = await get('/account/invoice/abc');
		expect(invalid.status).toBe(422);
		expect(invalid.json()).toEqual({ errorCode: 10002, errorMessage: 'Validation failed', errors: [{ property: 'invoiceId', message: 'Must be an integer' }] });
		const pdf = await get('/account/invoice/2188431/pdf');
		expect(pdf.headers['content-type']).toBe('application/pdf');
		expect(pdf.body.equals(await sandbox.pdfBytes('i3dnet', '2188431'))).toBe(true);
	});
});

describe('WiseCP', () => {
	const get = (query, headers = auth.wisecp) => request(`${sandbox.baseUrls.wisecp}Billing/GetInvoices${query}`, { headers });

	test('always HTTP 200; bad key and bad parameters are status errors', async () => {
		const bad = await get('?page=1', { apikey: 'nope' });
		expect(bad.status).toBe(200);
		expect(bad.json()).toEqual({ status: 'error', message: 'Invalid API key' });
		expect((await get('?limit=51')).json()).toEqual({ status: 'error', message: 'limit must be between 1 and 50' });
		expect((await get('?limit=0')).json().message).toBe('limit must be between 1 and 50');
		expect((await get('?sort=amount')).json().message).toMatch(/^sort /);
		expect((await get('?sort_type=UP')).json().message).toMatch(/^sort_type /);
		expect((await get('?filter[status]=open')).json().message).toMatch(/^filter\[status\] /);
		expect((await get('?filter%5Blocal%5D=maybe')).json().message).toMatch(/^filter\[local\] /);
		expect((await request(`${sandbox.baseUrls.wisecp}Billing/Nope`, { headers: auth.wisecp })).json().status).toBe('error');
		expect(sandbox.requests.at(-2).query).toEqual({ 'filter[local]': 'maybe' });
	});

	test('pages with next_page; default sort id DESC; filters and sorts', async () => {
		const first = (await get('')).json();
		expect(first).toMatchObject({ status: 'successful', total: 120, page: 1, limit: 10, next_page: 2 });
		expect(first.data.map((r) => r.id)).toEqual(sandbox.data.wisecp.slice(0, 10).map((r) => r.id));
		const seen = [];
		let page = 1;
		while (page) {
			const body = (await get(`?page=${page}&limit=50`)).json();
			seen.push(...body.data);
			page = body.next_page;
		}
		expect(seen).toEqual(sandbox.data.wisecp);
		expect((await get('?page=4&limit=50')).json()).toMatchObject({ data: [], next_page: 0 });

		const asc = (await get('?sort=total&sort_type=ASC&limit=50')).json().data.map((r) => r.total);
		expect(asc).toEqual([...asc].sort((a, b) => a - b));
		const paid = (await get('?filter[status]=paid&limit=50')).json();
		expect(paid.total).toBe(sandbox.data.wisecp.filter((r) => r.status === 'paid').length);
		const formalized = (await get('?filter[formalized]=true&limit=50')).json();
		expect(formalized.data.every((r) => r.formalize && r.formalize_file)).toBe(true);
		expect((await get('?filter[id]=327')).json().data.map((r) => r.number)).toEqual(['#327']);
		expect((await get('?filter[number]=%23367')).json().total).toBe(1);
		const single = await request(`${sandbox.baseUrls.wisecp}Billing/GetInvoice?id=327`, { headers: auth.wisecp });
		expect(single.json()).toEqual({ status: 'successful', data: sandbox.data.wisecp[1] });
	});

	test('formalize files are served without auth, some on the other origin', async () => {
		const files = sandbox.data.wisecp.filter((r) => r.formalize_file).map((r) => r.formalize_file);
		expect(files.filter((f) => f.startsWith(sandbox.otherUrl))).toEqual([sandbox.data.wisecp[3].formalize_file, sandbox.data.wisecp[4].formalize_file]);
		for (const record of [sandbox.data.wisecp[0], sandbox.data.wisecp[3]]) {
			const res = await request(record.formalize_file);
			expect(res.status).toBe(200);
			expect(res.headers['content-type']).toBe('application/pdf');
			expect(res.body.equals(await sandbox.pdfBytes('wisecp', record.id))).toBe(true);
		}
		const other = sandbox.requests.filter((r) => r.origin === 'other');
		expect(other).toHaveLength(1);
		expect(other[0]).toMatchObject({ provider: 'wisecp', path: `/resources/uploads/invoices/${sandbox.data.wisecp[3].formalize_file.split('/').pop()}` });
		expect(other[0].headers.apikey).toBeUndefined();
		expect(await sandbox.pdfBytes('wisecp', 327)).toBeNull();
		expect((await request(`${sandbox.url}/wisecp/resources/uploads/invoices/nope.pdf`)).status).toBe(404);
		expect((await request(sandbox.data.wisecp[1].share.link)).headers['content-type']).toMatch(/text\/html/);
	});
});

describe('PPH', () => {
	const get = (path, headers = auth.pph) => request(`${sandbox.baseUrls.pph}${path}`, { headers });
	const post = (path) => request(`${sandbox.baseUrls.pph}${path}`, { method: 'POST', headers: auth.pph });

	test('auth, account, list filters', async () => {
		const bad = await get('/client', { authorization: 'Bearer x' });
		expect(bad.status).toBe(401);
		expect(bad.json()).toEqual({ data: { message: 'Unauthenticated.' } });
		const client = (await get('/client')).json();
		expect(client.data).toMatchObject({ credit: 5.02, currency: { code: 'EUR' } });
		expect(client.data.credit_on_open_invoices).toBe(2);

		const all = (await get('/client/invoices')).json();
		expect(Object.keys(all)).toEqual(['data']);
		expect(all.data).toEqual(sandbox.data.pph);
		const paid = (await get('/client/invoices?status=paid')).json().data;
		expect(paid.length).toBeGreaterThan(0);
		expect(paid.every((r) => r.status === 'Paid')).toBe(true);
		const donations = (await get('/client/invoices?type=donation')).json().data;
		expect(donations.length).toBeGreaterThan(0);
		expect(donations.every((r) => r.items.some((i) => i.type === 'Donation'))).toBe(true);
		const withTx = (await get('/client/invoices?transactions=true')).json().data;
		expect(withTx.length).toBeGreaterThan(0);
		expect(withTx.every((r) => typeof r.transaction === 'object')).toBe(true);
		expect((await get('/client/invoices/130348')).json()).toEqual({ data: sandbox.data.pph[0] });
		expect((await get('/client/invoices/1')).json()).toEqual({ data: { message: 'Not found' } });
	});

	test('download, archive, pay and remove-credit; reset() restores', async () => {
		const pdf = await get('/client/invoices/212032/download');
		expect(pdf.headers['content-type']).toBe('application/pdf');
		expect(pdf.body.equals(await sandbox.pdfBytes('pph', 212032))).toBe(true);
		const archive = await get('/client/invoices/download/archive?status=Unpaid');
		expect(archive.headers['content-type']).toBe('application/zip');
		expect(archive.headers['content-disposition']).toBe('attachment; filename="invoices.zip"');
		const unpaid = sandbox.data.pph.filter((r) => r.status === 'Unpaid');
		expect(Object.keys(unpaid.length ? unzipSync(new Uint8Array(archive.body)) : {}).sort()).toEqual(unpaid.map((r) => `invoice-${r.id}.pdf`).sort());

		const [small, withCredit, large] = sandbox.data.pph.slice(-3);
		expect((await post(`/client/invoices/${large.id}/pay`)).status).toBe(422);
		expect((await post('/client/invoices/212032/pay')).json().data.message).toMatch(/already been paid/);
		const paid = await post(`/client/invoices/${small.id}/pay`);
		expect(paid.status).toBe(200);
		expect(paid.json().data).toMatchObject({ id: small.id, status: 'Paid', status_label: 'Bezahlt', is_open: false });
		expect(sandbox.account('pph').credit).toBe(0.27);
		const removed = await post(`/client/invoices/${withCredit.id}/remove-credit`);
		expect(removed.json().data.credit).toBe(0);
		expect(sandbox.account('pph').credit).toBe(2.27);
		expect((await post('/client/invoices/212032/remove-credit')).status).toBe(422);
		sandbox.reset();
		expect(sandbox.data.pph.at(-3).status).toBe('Unpaid');
		expect(sandbox.account('pph').credit).toBe(5.02);
		expect(sandbox.requests).toEqual([]);
	});

	test('optional Laravel paging with http:// links', async () => {
		const paged = await createSandbox({ counts: { pph: 40 }, pph: { paginate: true } });
		try {
			const seen = [];
			for (let page = 1; ; page++) {
				const body = (await request(`${paged.baseUrls.pph}/client/invoices?page=${page}&per_page=15`, { headers: { authorization: `Bearer ${paged.tokens.pph}` } })).json();
				expect(body.meta.per_page).toBe(15);
				expect(body.links.first).toMatch(/^http:\/\//);
				seen.push(...body.data);
				if (page >= body.meta.last_page) break;
			}
			expect(seen).toEqual(paged.data.pph);
		} finally {
			await paged.close();
		}
	});
});

describe('Northflank', () => {
	const get = (path, headers = auth.northflank) => request(`${sandbox.baseUrls.northflank}${path}`, { headers });

	test('auth error body and rate-limit headers', async () => {
		const bad = await get('/billing/invoices', {});
		expect(bad.status).toBe(401);
		expect(bad.json().error).toMatchObject({ status: 401, message: 'Unauthorized: invalid API token' });
		expect(typeof bad.json().error.id).toBe('string');
		for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(bad.headers[h]).toMatch(/^\d+$/);
	});

	test('cursor paging; last page omits cursor; per_page limits; details', async () => {
		const first = (await get('/billing/invoices')).json();
		expect(first.data.invoices).toHaveLength(50);
		const seen = [];
		let cursor;
		let pages = 0;
		do {
			const body = (await get(`/billing/invoices?per_page=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
			seen.push(...body.data.invoices);
			expect(body.pagination.count).toBe(body.data.invoices.length);
			cursor = body.pagination.cursor;
			if (!body.pagination.hasNextPage) expect('cursor' in body.pagination).toBe(false);
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		expect(seen).toEqual(sandbox.data.northflank);
		expect(new Set(seen.map((r) => r.id)).size).toBe(215);
		const over = await get('/billing/invoices?per_page=101');
		expect(over.status).toBe(400);
		expect(over.json().error.status).toBe(400);
		expect((await get('/billing/invoices?cursor=garbage')).status).toBe(400);

		const detail = (await get('/billing/invoices/835994C3-14310')).json().data;
		expect(detail).toMatchObject({ id: '835994C3-14310', subTotal: 1000, total: 1200, tax: { percent: 20, amount: 200 }, discounts: { total: 0 } });
		expect(detail.lineItems[0]).toEqual({ title: 'PaaS usage', total: 1000, base: 1000, proration: false });
		expect((await get('/billing/invoices/NOPE-1')).status).toBe(404);
	});

	test('legacy generation pages by cursor and by page', async () => {
		const legacy = await createSandbox({ northflank: { generation: 'legacy' } });
		try {
			const headers = { authorization: `Bearer ${legacy.tokens.northflank}` };
			const byCursor = [];
			let cursor;
			do {
				const body = (await request(`${legacy.baseUrls.northflank}/billing/invoices?per_page=100${cursor ? `&cursor=${cursor}` : ''}`, { headers })).json();
				byCursor.push(...body.data.invoices);
				cursor = body.pagination.cursor;
			} while (cursor);
			expect(byCursor).toEqual(legacy.data.northflank);
			expect(byCursor.every((r) => !('id' in r) && !('paid' in r))).toBe(true);
			const byPage = [];
			for (let page = 1; page <= 3; page++) {
				byPage.push(...(await request(`${legacy.baseUrls.northflank}/billing/invoices?per_page=100&page=${page}`, { headers })).json().data.invoices);
			}
			expect(byPage).toEqual(legacy.data.northflank);
			for (const item of byCursor) {
				const details = legacy.detail('northflank', item.period.end);
				expect(details).toMatchObject({ period: item.period, total: item.total, subTotal: item.subTotal });
				expect(details.subTotal - details.discount + details.tax.value).toBe(details.total);
			}
		} finally {
			await legacy.close();
		}
	});

	test('legacy generation: no ids, details by timestamp', async () => {
		const legacy = await createSandbox({ counts: { northflank: 20 }, northflank: { generation: 'legacy' } });
		try {
			const headers = { authorization: `Bearer ${legacy.tokens.northflank}` };
			const list = (await request(`${legacy.baseUrls.northflank}/billing/invoices`, { headers })).json();
			expect(list.data.invoices[0]).toEqual({ period: { start: 1655823815, end: 1655910214 }, currency: 'usd', total: 1200, subTotal: 1000 });
			expect(list.pagination).toEqual({ hasNextPage: false, count: 20 });
			const details = (await request(`${legacy.baseUrls.northflank}/billing/invoices/details?timestamp=1655823900`, { headers })).json().data;
			expect(details).toMatchObject({ total: 1200, subTotal: 1000, tax: { percent: 20, value: 200 }, discount: 0 });
			expect(details.lineItems).toEqual([{ title: 'PaaS usage', total: 1000 }]);
			expect(details).toEqual(legacy.detail('northflank', 1655823900));
			const preview = (await request(`${legacy.baseUrls.northflank}/billing/invoices/details`, { headers })).json().data;
			expect(preview.paid).toBe(false);
			expect((await request(`${legacy.baseUrls.northflank}/billing/invoices/details?timestamp=1000`, { headers })).status).toBe(404);
		} finally {
			await legacy.close();
		}
	});
});

describe('faults', () => {
	const vpsbgList = (page = 1) => request(`${sandbox.baseUrls.vpsbg}/invoices?page=${page}`, { headers: auth.vpsbg });

	test('status with Retry-After (seconds or HTTP date), times, nth, path match, per provider bodies', async () => {
		sandbox.fault('vpsbg', { kind: 'status', status: 429, retryAfter: 7 });
		const limited = await vpsbgList();
		expect(limited.status).toBe(429);
		expect(limited.json()).toEqual({ message: 'Too Many Attempts.' });
		expect(limited.headers['retry-after']).toBe('7');
		expect(limited.headers['x-ratelimit-remaining']).toBe('0');
		expect((await vpsbgList()).status).toBe(200);

		const date = new Date(Date.now() + 60_000).toUTCString();
		sandbox.fault('i3dnet', { kind: 'status', status: 503, retryAfter: date, times: 2 });
		for (let i = 0; i < 2; i++) {
			const res = await request(`${sandbox.baseUrls.i3dnet}/account/invoice`, { headers: auth.i3dnet });
			expect(res.status).toBe(503);
			expect(res.headers['retry-after']).toBe(date);
			expect(res.json()).toMatchObject({ errorMessage: expect.any(String), errors: [] });
		}
		expect((await request(`${sandbox.baseUrls.i3dnet}/account/invoice`, { headers: auth.i3dnet })).status).toBe(200);

		sandbox.fault('northflank', { kind: 'status', status: 429, rateLimitReset: 42, match: { nth: 2 } });
		expect((await request(`${sandbox.baseUrls.northflank}/billing/invoices`, { headers: auth.northflank })).status).toBe(200);
		const nf = await request(`${sandbox.baseUrls.northflank}/billing/invoices`, { headers: auth.northflank });
		expect(nf.status).toBe(429);
		expect(nf.headers['x-ratelimit-reset']).toBe('42');
		expect(nf.json().error.status).toBe(429);

		sandbox.fault('pph', { kind: 'status', status: 500, match: { path: /\/download$/ } });
		expect((await request(`${sandbox.baseUrls.pph}/client/invoices`, { headers: auth.pph })).status).toBe(200);
		const failed = await request(`${sandbox.baseUrls.pph}/client/invoices/212032/download`, { headers: auth.pph });
		expect(failed.status).toBe(500);
		expect(failed.json()).toEqual({ data: { message: 'Server Error' } });

		sandbox.fault('wisecp', { kind: 'status', status: 502, match: { path: '/Billing/GetInvoices' } });
		expect((await request(`${sandbox.baseUrls.wisecp}Billing/GetInvoices`, { headers: auth.wisecp })).json()).toMatchObject({ status: 'error' });
		expect(sandbox.requests.at(-1).faults).toEqual(['status']);
	});

	test('reset, truncate and slow', async () => {
		sandbox.fault('vpsbg', { kind: 'reset' });
		await expect(vpsbgList()).rejects.toThrow();
		sandbox.fault('vpsbg', { kind: 'truncate' });
		await expect(vpsbgList()).rejects.toThrow();
		sandbox.fault('i3dnet', { kind: 'truncate', match: { path: /\/pdf$/ } });
		await expect(request(`${sandbox.baseUrls.i3dnet}/account/invoice/2188431/pdf`, { headers: auth.i3dnet })).rejects.toThrow();
		sandbox.fault('vpsbg', { kind: 'slow', ms: 300 });
		const started = Date.now();
		expect((await vpsbgList()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect((await vpsbgList()).status).toBe(200);
	});

	test('html, jsonInsteadOfPdf, htmlInsteadOfPdf (only on binary endpoints)', async () => {
		sandbox.fault('northflank', { kind: 'html' });
		const page = await request(`${sandbox.baseUrls.northflank}/billing/invoices`, { headers: auth.northflank });
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toMatch(/^text\/html/);
		sandbox.fault('vpsbg', { kind: 'html', status: 502 });
		expect((await vpsbgList()).text).toContain('502 Bad Gateway');

		sandbox.fault('i3dnet', { kind: 'jsonInsteadOfPdf' });
		expect((await request(`${sandbox.baseUrls.i3dnet}/account/invoice`, { headers: auth.i3dnet })).status).toBe(200);
		const json = await request(`${sandbox.baseUrls.i3dnet}/account/invoice/2188431/pdf`, { headers: auth.i3dnet });
		expect(json.headers['content-type']).toBe('application/json');
		expect(json.json()).toEqual({ message: 'Invoice is being generated' });
		sandbox.fault('pph', { kind: 'htmlInsteadOfPdf' });
		const htmlPdf = await request(`${sandbox.baseUrls.pph}/client/invoices/212032/download`, { headers: auth.pph });
		expect(htmlPdf.status).toBe(200);
		expect(htmlPdf.headers['content-type']).toMatch(/^text\/html/);
		expect(() => sandbox.fault('northflank', { kind: 'jsonInsteadOfPdf' })).toThrow();
	});

	test('redirect to the other origin: credentials must not follow', async () => {
		sandbox.fault('vpsbg', { kind: 'redirect' });
		const res = await request(`${sandbox.baseUrls.vpsbg}/invoices/8431/download`, { method: 'POST', headers: auth.vpsbg });
		expect(res.status).toBe(302);
		expect(res.headers.location).toBe(sandbox.fileUrl('vpsbg', 8431, { other: true }));
		const followed = await request(res.headers.location);
		expect(followed.body.equals(await sandbox.pdfBytes('vpsbg', 8431))).toBe(true);
		const otherRequests = sandbox.requests.filter((r) => r.origin === 'other');
		expect(otherRequests).toEqual([expect.objectContaining({ provider: 'files', path: '/vpsbg/8431.pdf' })]);
		expect(otherRequests[0].headers.authorization).toBeUndefined();

		sandbox.fault('pph', { kind: 'redirect', location: sandbox.otherOriginUrl('/files/pph/212032.pdf'), status: 307 });
		const pph = await request(`${sandbox.baseUrls.pph}/client/invoices/212032/download`, { headers: auth.pph });
		expect(pph.status).toBe(307);
		expect(pph.headers.location).toBe(`${sandbox.otherUrl}/files/pph/212032.pdf`);
	});

	test('ignorePaging and shift on offset lists; repeatCursor on Northflank', async () => {
		sandbox.fault('vpsbg', { kind: 'ignorePaging' });
		expect((await vpsbgList(2)).json().meta.current_page).toBe(1);
		expect((await vpsbgList(2)).json().meta.current_page).toBe(2);

		sandbox.fault('i3dnet', { kind: 'ignorePaging', keepSize: true });
		const again = (await request(`${sandbox.baseUrls.i3dnet}/account/invoice`, { headers: { ...auth.i3dnet, 'ranged-data': 'start=50,results=50' } })).json();
		expect(again.map((r) => r.id)).toEqual(sandbox.data.i3dnet.slice(0, 50).map((r) => r.id));

		// two invoices arrive before page 2: the end of page 1 shows up again on page 2
		const page1 = (await vpsbgList(1)).json().data;
		sandbox.fault('vpsbg', { kind: 'shift', count: 2 });
		const page2 = (await vpsbgList(2)).json().data;
		expect(page2.slice(0, 2)).toEqual(page1.slice(-2));
		expect(sandbox.data.vpsbg).toHaveLength(77);
		expect(sandbox.data.vpsbg[0].id).toBeGreaterThan(8431);

		sandbox.fault('wisecp', { kind: 'shift', count: 1 });
		const wisecp = (await request(`${sandbox.baseUrls.wisecp}Billing/GetInvoices`, { headers: auth.wisecp })).json();
		expect(wisecp.total).toBe(121);
		expect(wisecp.data[0].id).toBeGreaterThan(367);

		const nf = (path) => request(`${sandbox.baseUrls.northflank}${path}`, { headers: auth.northflank });
		const one = (await nf('/billing/invoices?per_page=10')).json();
		sandbox.fault('northflank', { kind: 'repeatCursor' });
		const two = (await nf(`/billing/invoices?per_page=10&cursor=${one.pagination.cursor}`)).json();
		expect(two.pagination.cursor).toBe(one.pagination.cursor);
		expect(two.pagination.hasNextPage).toBe(true);
		const three = (await nf(`/billing/invoices?per_page=10&cursor=${two.pagination.cursor}`)).json();
		expect(three.pagination.cursor).not.toBe(one.pagination.cursor);
	});

	test('clearFaults, fault validation, unknown routes', async () => {
		sandbox.fault('vpsbg', { kind: 'status', status: 500, times: Infinity });
		expect((await vpsbgList()).status).toBe(500);
		sandbox.clearFaults();
		expect((await vpsbgList()).status).toBe(200);
		expect(() => sandbox.fault('nope', { kind: 'status' })).toThrow();
		expect(() => sandbox.fault('vpsbg', { kind: /** @type {any} */ ('explode') })).toThrow();
		expect(() => sandbox.fault('vpsbg', { kind: 'repeatCursor' })).toThrow();
		expect((await request(`${sandbox.url}/nothing`)).status).toBe(404);
		expect((await request(`${sandbox.baseUrls.vpsbg}/nothing`, { headers: auth.vpsbg })).json().message).toMatch(/could not be found/);
	});
});

describe('options for benchmarks', () => {
	test('latencyMs delays every answer, and may be changed between runs', async () => {
		const slow = await createSandbox({ seed: 1, counts: { vpsbg: 5 }, latencyMs: 120 });
		try {
			const headers = authHeaders(byKey.vpsbg, slow.tokens.vpsbg, { client: true });
			let started = Date.now();
			expect((await request(`${slow.baseUrls.vpsbg}/balance`, { headers })).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(115);
			slow.options.latencyMs = 0;
			started = Date.now();
			expect((await request(`${slow.baseUrls.vpsbg}/balance`, { headers })).status).toBe(200);
			expect(Date.now() - started).toBeLessThan(100);
		} finally {
			await slow.close();
		}
		await expect(createSandbox({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
	});

	test("vpsbg.rateLimit.enforce: Laravel's throttle refuses the request after the limit, until the window ends", async () => {
		const limited = await createSandbox({ seed: 1, counts: { vpsbg: 5 }, vpsbg: { rateLimit: { limit: 3, windowMs: 1500, enforce: true } } });
		try {
			const headers = authHeaders(byKey.vpsbg, limited.tokens.vpsbg, { client: true });
			const balance = () => request(`${limited.baseUrls.vpsbg}/balance`, { headers });
			for (const remaining of ['2', '1', '0']) {
				const ok = await balance();
				expect(ok.status).toBe(200);
				expect(ok.headers['x-ratelimit-limit']).toBe('3');
				expect(ok.headers['x-ratelimit-remaining']).toBe(remaining);
				// a 200 never says when the window ends
				expect(ok.headers['x-ratelimit-reset']).toBeUndefined();
				expect(ok.headers['retry-after']).toBeUndefined();
			}
			const refused = await balance();
			expect(refused.status).toBe(429);
			expect(refused.json()).toEqual({ message: 'Too Many Attempts.' });
			expect(refused.headers['x-ratelimit-remaining']).toBe('0');
			expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
			expect(Number(refused.headers['x-ratelimit-reset']) * 1000).toBeGreaterThan(Date.now());
			// refusals are not counted: the next window has the whole limit again
			await new Promise((resolve) => setTimeout(resolve, 1600));
			expect((await balance()).headers['x-ratelimit-remaining']).toBe('2');
		} finally {
			await limited.close();
		}
		await expect(createSandbox({ vpsbg: { rateLimit: { limit: 0 } } })).rejects.toThrow(/vpsbg\.rateLimit\.limit/);
	});
});

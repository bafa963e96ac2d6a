/**
 * Issue 9: what a poll costs in API requests, from the sandbox's request log. Three pages of
 * invoices per provider at the node's page size (the fault suite's sizes, PPH paginated).
 *   - newest-first APIs (VPSBG, i3D.net, WiseCP): a quiet poll is exactly one request, the first
 *     list page (no account or currency request), as long as the invoices of the 60-day lookback
 *     fit on it: the list is read down to the lookback, floor(K / page size) + 1 pages for K
 *     invoices dated within it (i3D.net: each window after the first starts on the last invoice
 *     of the one before, so page size − 1 new ones each);
 *   - oldest-first APIs (PPH, Northflank): every poll reads the whole list (L pages); Northflank's
 *     cursor may be positional, so a list of more than one page is read twice and compared (2L);
 *   - a poll that emits adds the account request where the normalizer needs it (VPSBG /balance,
 *     PPH /client: the currency), and one PDF request per invoice with Download PDFs on;
 *   - Fetch Test Event: the first page (oldest-first: the whole list), the account request where
 *     needed, one PDF.
 */
import {
	DAY,
	LOOKBACK_DAYS,
	PROVIDERS,
	dateOf,
	getMany,
	listRequests,
	listsNewestFirst,
	pollOk,
	startSandbox,
	stateOf,
	type Logged,
	type Provider,
	type Sandbox,
} from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({
		counts: Object.fromEntries(PROVIDERS.map((p) => [p.key, p.counts.faults])),
		pph: { paginate: true },
	});
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const logged = (): Logged[] => sandbox.requests as Logged[];
/** A logged request as the registry writes the node's first list request: path and query. */
const asWritten = (request: Logged) => {
	const query = new URLSearchParams(request.query as Record<string, string>).toString();
	return query ? `${request.path}?${query}` : request.path;
};

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger, requests', (_label, p) => {
	let newestFirst: boolean;
	let wholeList: number;
	beforeEach(async () => {
		newestFirst = listsNewestFirst(sandbox, p, (await getMany(sandbox, p)).map((item) => item.json));
		wholeList = Math.ceil(sandbox.data[p.key].length / p.pageSize);
		expect(wholeList).toBe(3);
		sandbox.requests.length = 0;
	});
	/** Readings of a whole list of `count` pages: a cursor list of more than one page is read twice (the readings compared). */
	const readings = (count: number) => (p.paging === 'cursor' && count > 1 ? 2 : 1);
	/** List requests a poll makes: the first page (the sandbox's last 60 days fit on it), or the whole list (each reading). */
	const pages = (extra = 0) => {
		const whole = Math.ceil((sandbox.data[p.key].length + extra) / p.pageSize);
		return newestFirst ? 1 : whole * readings(whole);
	};
	const account = (p: Provider) => (p.accountRequestFirst ? 1 : 0);

	test('first activation and a quiet poll: list pages only (newest first: exactly one request)', async () => {
		const first = await pollOk(sandbox, p, {});
		expect(logged()).toHaveLength(pages());
		expect(listRequests(sandbox, p)).toHaveLength(pages());

		sandbox.requests.length = 0;
		const quiet = await pollOk(sandbox, p, {}, { staticData: first.staticData });
		expect(quiet.items).toEqual([]);
		if (newestFirst) {
			expect(logged().map((request) => [request.method, asWritten(request), request.status])).toEqual([['GET', p.firstListRequest, 200]]);
		} else {
			expect(logged()).toHaveLength(wholeList * readings(wholeList));
			expect(listRequests(sandbox, p)).toHaveLength(wholeList * readings(wholeList));
			expect(new Set(logged().map(asWritten)).size).toBe(wholeList); // each page once a reading
		}
	});

	test('a poll that emits 3 new invoices: list pages, the account where needed, one request per PDF', async () => {
		const parameters = p.pdf ? { downloadPdf: true } : {};
		const first = await pollOk(sandbox, p, parameters);
		sandbox.addInvoices(p.key, 3);
		sandbox.requests.length = 0;
		const result = await pollOk(sandbox, p, parameters, { staticData: first.staticData });
		expect(result.items).toHaveLength(3);
		expect(listRequests(sandbox, p)).toHaveLength(pages());
		const pdfs = p.pdfPath ? logged().filter((request) => p.pdfPath!.test(request.path)) : [];
		expect(pdfs).toHaveLength(p.pdf ? 3 : 0);
		expect(logged()).toHaveLength(pages() + account(p) + pdfs.length);
	});

	test('a quiet poll reads every page down to the lookback: floor(K / page size) + 1 requests for K invoices in the last 60 days', async () => {
		const first = await pollOk(sandbox, p, {});
		const { watermark } = (await stateOf(p, first.staticData))!;
		// two and a half pages of new invoices, all dated the day after the newest: the 60 days
		// below the newest now hold more than two pages
		sandbox.addInvoices(p.key, 2 * p.pageSize + Math.floor(p.pageSize / 2), { date: watermark! + DAY });
		const emitted = await pollOk(sandbox, p, { options: { maxPerPoll: 1000 } }, { staticData: first.staticData });
		const newest = (await stateOf(p, emitted.staticData))!.watermark!;
		const inWindow = (await getMany(sandbox, p)).filter((item) => dateOf(item.json)! >= newest - LOOKBACK_DAYS * DAY).length;
		expect(inWindow).toBeGreaterThan(2 * p.pageSize);
		sandbox.requests.length = 0;
		const quiet = await pollOk(sandbox, p, {}, { staticData: emitted.staticData });
		expect(quiet.items).toEqual([]);
		const whole = Math.ceil(sandbox.data[p.key].length / p.pageSize);
		// the page that reaches the (K + 1)th invoice ends the reading (i3D.net windows: the first holds page size, the next one fewer new)
		const reaching = p.paging === 'range' ? Math.ceil((inWindow + 1 - p.pageSize) / (p.pageSize - 1)) + 1 : Math.floor(inWindow / p.pageSize) + 1;
		const expected = newestFirst ? reaching : whole * readings(whole);
		expect(listRequests(sandbox, p)).toHaveLength(expected);
		expect(logged()).toHaveLength(expected);
	});

	test('Fetch Test Event: the first page (or the whole list), the account where needed, one PDF', async () => {
		await pollOk(sandbox, p, p.pdf ? { downloadPdf: true } : {}, { mode: 'manual' });
		expect(listRequests(sandbox, p)).toHaveLength(pages());
		expect(logged()).toHaveLength(pages() + account(p) + (p.pdf ? 1 : 0));
	});
});

test('VPSBG, i3D.net and WiseCP list newest first (one request per quiet poll); PPH and Northflank oldest first', async () => {
	const newestFirst: Record<string, boolean> = {};
	for (const p of PROVIDERS) newestFirst[p.key] = listsNewestFirst(sandbox, p, (await getMany(sandbox, p)).map((item) => item.json));
	expect(newestFirst).toMatchObject({ vpsbg: true, i3dnet: true, wisecp: true, pph: false, northflank: false });
});

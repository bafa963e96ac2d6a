/**
 * Issue 9: what a poll costs in API requests, from the sandbox's request log. Three pages of
 * invoices per provider at the node's page size (the fault suite's sizes, PPH paginated).
 *   - newest-first APIs (VPSBG, i3D.net, WiseCP): a quiet poll is exactly one request, the first
 *     list page (no account or currency request): the list is read down to the lookback only;
 *   - oldest-first APIs (PPH, Northflank): every poll reads the whole list (L pages);
 *   - a poll that emits adds the account request where the normalizer needs it (VPSBG /balance,
 *     PPH /client: the currency), and one PDF request per invoice with Download PDFs on;
 *   - Fetch Test Event: the first page (oldest-first: the whole list), the account request where
 *     needed, one PDF.
 */
import { PROVIDERS, getMany, listRequests, listsNewestFirst, pollOk, startSandbox, type Logged, type Provider, type Sandbox } from './helpers';

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
	/** List pages a poll reads: the first page (the sandbox's last 60 days fit on it), or the whole list. */
	const pages = (extra = 0) => (newestFirst ? 1 : Math.ceil((sandbox.data[p.key].length + extra) / p.pageSize));
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
			expect(logged()).toHaveLength(wholeList);
			expect(listRequests(sandbox, p)).toHaveLength(wholeList);
			expect(new Set(logged().map(asWritten)).size).toBe(wholeList); // each page once
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

/**
 * Issue 8, class 1: a list is complete or the node fails. Laravel's two envelopes are both
 * followed to the end; an envelope or cursor the node cannot follow is an error; a reported total
 * that shrinks while the list is read, or that the list never reaches, means a full re-read and
 * then a clear error; an invoice deleted while the list is read never makes another one vanish.
 *
 * Table-driven over the registry: every cell runs for every provider, or proves why it cannot
 * (the fault cannot be set up there). The lists without a total (i3D.net's offset windows,
 * Northflank's cursor) show a deletion otherwise: windows overlap by one invoice, a cursor list of
 * more than one page is read twice (the second reading alongside the first, two pages behind) and
 * compared; their exact requests are proven at the end.
 */
import { COUNTS, expectedIds, PROVIDER_KEYS, PROVIDERS, listedIds, requestsOf } from './helpers';
import { esc, expectError, expectEveryInvoice, listAll, listFault, withSandbox, type ProviderInfo, type Sandbox } from './hostile';
import { startSandbox } from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const listRequests = (p: ProviderInfo) => requestsOf(sandbox, (request) => request.origin === 'primary' && p.listPath.test(request.path));
/** Requests of one full reading of the list: its pages (the sandbox's count at the node's page size, plus the empty one past the end where the API pages that way). */
const pagesOf = (p: ProviderInfo, count = expectedIds(sandbox, p.key).length) => Math.ceil(count / p.pageSize);

interface Cell {
	name: string;
	/** undefined: the cell applies; else why not, and the proof that the fault cannot be set up there. */
	notApplicable?: (p: ProviderInfo) => { reason: string; proof: () => void | Promise<void> } | undefined;
	test(p: ProviderInfo): Promise<void>;
}

const cannotSetUp = (kind: string, applies: (p: ProviderInfo) => boolean, reason: (p: ProviderInfo) => string) => (p: ProviderInfo) =>
	applies(p)
		? undefined
		: { reason: reason(p), proof: () => expect(() => sandbox.fault(p.key, { kind })).toThrow(new RegExp(`kind "${kind}" does not apply to ${p.key}`)) };

const LARAVEL = (p: ProviderInfo) => p.key === 'vpsbg' || p.key === 'pph';
const REPORTS_TOTAL = (p: ProviderInfo) => p.paging === 'page';

/** How a list keeps changing shows, where its pages report no total: windows that move back, cursor readings that differ. */
const KEPT_CHANGING: Record<string, string> = {
	range: 'moved invoices between its pages',
	cursor: 'listed different invoices each time',
};

const CELLS: Cell[] = [
	// ------------------------------------------------------------ deletions
	{
		name: 'deleteRecord: an invoice of page 1 deleted after page 1 was served; every remaining invoice is output',
		async test(p) {
			const fault = listFault(sandbox, p, { kind: 'deleteRecord', index: 0 }, 2);
			const result = await listAll(sandbox, p);
			expect(fault.applied).toBe(1);
			expectEveryInvoice(result, sandbox, p, fault.removed.map((record: Record<string, unknown>) => p.idOf(record)!));
		},
	},
	{
		name: 'deleteRecord: three invoices of page 1 deleted before page 3; every remaining invoice is output',
		async test(p) {
			const fault = listFault(sandbox, p, { kind: 'deleteRecord', index: 1, count: 3 }, 3);
			const result = await listAll(sandbox, p);
			expect(fault.removed).toHaveLength(3);
			expectEveryInvoice(result, sandbox, p, fault.removed.map((record: Record<string, unknown>) => p.idOf(record)!));
		},
	},
	{
		name: 'deleteRecord: an invoice not read yet is deleted; it is not output, every other one is',
		async test(p) {
			const last = expectedIds(sandbox, p.key).at(-1)!;
			const fault = listFault(sandbox, p, { kind: 'deleteRecord', id: last }, 2);
			const result = await listAll(sandbox, p);
			expect(fault.removed.map((record: Record<string, unknown>) => p.idOf(record))).toEqual([last]);
			expectEveryInvoice(result, sandbox, p);
			expect(result.items.map((item) => item.json.id)).not.toContain(last);
		},
	},
	{
		name: 'deleteRecord on every page request: the list keeps changing (the total shrinks, windows move back, readings differ); after the re-reads, a clear error',
		async test(p) {
			listFault(sandbox, p, { kind: 'deleteRecord', index: 0, times: Infinity }, 2);
			if (REPORTS_TOTAL(p)) {
				expectError(
					await listAll(sandbox, p),
					new RegExp(`^The ${esc(p.label)} API reported \\d+ invoices but listed \\d+, in 3 readings of the list$`),
					/^The list changed while it was read \(or the API counts invoices it does not list\), so it may be incomplete\. No items were output; run the workflow again\.$/,
				);
				return;
			}
			expectError(
				await listAll(sandbox, p),
				new RegExp(`^The ${esc(p.label)} API ${KEPT_CHANGING[p.paging]}, in 3 readings of the list$`),
				/^The list changed while it was read, so it may be incomplete\. No items were output; run the workflow again\.$/,
			);
		},
	},
	// ------------------------------------------------------------ Laravel's two envelopes
	{
		name: "laravelFlat: every page as paginate()->toArray() (top-level current_page, next_page_url, total, links as an array) is followed to the end",
		notApplicable: cannotSetUp('laravelFlat', LARAVEL, (p) => `${p.label} is not a Laravel API`),
		async test(p) {
			listFault(sandbox, p, { kind: 'laravelFlat', times: Infinity });
			const result = await listAll(sandbox, p);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id)).toEqual(listedIds(sandbox, p.key));
			expect(listRequests(p).map((request) => request.query.page ?? '1')).toEqual(Array.from({ length: pagesOf(p) }, (_, index) => String(index + 1)));
		},
	},
	{
		name: 'laravelFlat from page 2 on (the envelope changes mid-list): followed to the end',
		notApplicable: cannotSetUp('laravelFlat', LARAVEL, (p) => `${p.label} is not a Laravel API`),
		async test(p) {
			listFault(sandbox, p, { kind: 'laravelFlat', times: Infinity }, 2);
			const result = await listAll(sandbox, p);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id)).toEqual(listedIds(sandbox, p.key));
		},
	},
	{
		name: 'laravelFlat with a top-level total the list never reaches: re-read, then a clear error',
		notApplicable: cannotSetUp('laravelFlat', LARAVEL, (p) => `${p.label} is not a Laravel API`),
		async test(p) {
			listFault(sandbox, p, { kind: 'laravelFlat', times: Infinity });
			listFault(sandbox, p, { kind: 'inflateTotal', by: 2, times: Infinity });
			const count = expectedIds(sandbox, p.key).length;
			expectError(await listAll(sandbox, p), new RegExp(`^The ${esc(p.label)} API reported ${count + 2} invoices but listed ${count}, in 3 readings of the list$`));
			expect(listRequests(p)).toHaveLength(3 * pagesOf(p));
		},
	},
	// ------------------------------------------------------------ envelopes that cannot be read
	{
		name: 'dropPaginator once on page 2: VPSBG and WiseCP (a full page without its paging facts) fail at once; an API that reports its total notices the short reading and reads again (every invoice once)',
		notApplicable: cannotSetUp('dropPaginator', REPORTS_TOTAL, (p) => `${p.label} pages without a paginator envelope`),
		async test(p) {
			listFault(sandbox, p, { kind: 'dropPaginator' }, 2);
			const result = await listAll(sandbox, p);
			if (p.key === 'vpsbg') {
				expectError(
					result,
					/^The VPSBG API sent page 2 of the invoice list without its paginator \(no current_page in "meta" or at the top\)$/,
					/^Without it the node cannot tell whether more pages follow, so no items were output\./,
				);
				return;
			}
			if (p.key === 'wisecp') {
				expectError(result, /^The WiseCP API sent page 2 of the invoice list without next_page or total$/);
				return;
			}
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id)).toEqual(listedIds(sandbox, p.key));
			// the first reading stopped at page 2, the second read all pages
			expect(listRequests(p)).toHaveLength(2 + pagesOf(p));
		},
	},
	{
		name: 'dropPaginator garbled once (current_page or next_page a word): VPSBG fails at once; the others still reach every invoice',
		notApplicable: cannotSetUp('dropPaginator', REPORTS_TOTAL, (p) => `${p.label} pages without a paginator envelope`),
		async test(p) {
			listFault(sandbox, p, { kind: 'dropPaginator', garble: true }, 2);
			const result = await listAll(sandbox, p);
			if (p.key === 'vpsbg') {
				expectError(result, /^The VPSBG API sent page 2 of the invoice list without its paginator/);
				expect(listRequests(p)).toHaveLength(2);
				return;
			}
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id)).toEqual(listedIds(sandbox, p.key));
		},
	},
	{
		name: 'dropPaginator on page 1 (a full page without paging facts): a clear error, never that page alone',
		notApplicable: (p) =>
			!REPORTS_TOTAL(p)
				? cannotSetUp('dropPaginator', REPORTS_TOTAL, () => `${p.label} pages without a paginator envelope`)(p)
				: p.key === 'pph'
					? {
							reason: 'PPH documents its list as one unpaginated answer ({"data": [...]}): a first page without paginator is, by the docs, the whole list',
							proof: async () => {
								listFault(sandbox, p, { kind: 'dropPaginator' });
								const result = await listAll(sandbox, p);
								expect(result.error).toBeUndefined();
								expect(result.items).toHaveLength(p.pageSize);
								expect(listRequests(p)).toHaveLength(1);
							},
						}
					: undefined,
		async test(p) {
			listFault(sandbox, p, { kind: 'dropPaginator' });
			expectError(
				await listAll(sandbox, p),
				p.key === 'vpsbg'
					? /^The VPSBG API sent page 1 of the invoice list without its paginator \(no current_page in "meta" or at the top\)$/
					: new RegExp(`^The ${esc(p.label)} API sent page 1 of the invoice list without`),
			);
		},
	},
	{
		name: 'dropPaginator from page 2 on, for good: the total of page 1 is never reached; a clear error, never a short list',
		notApplicable: cannotSetUp('dropPaginator', REPORTS_TOTAL, (p) => `${p.label} pages without a paginator envelope`),
		async test(p) {
			listFault(sandbox, p, { kind: 'dropPaginator', times: Infinity }, 2);
			expectError(
				await listAll(sandbox, p),
				p.key === 'vpsbg'
					? /^The VPSBG API sent page 2 of the invoice list without its paginator/
					: p.key === 'wisecp'
						? /^The WiseCP API sent page 2 of the invoice list without next_page or total$/
						: new RegExp(`^The ${esc(p.label)} API reported ${expectedIds(sandbox, p.key).length} invoices but listed \\d+, in 3 readings of the list$`),
			);
		},
	},
	// ------------------------------------------------------------ cursors
	{
		name: 'dropCursor: hasNextPage true but no cursor is a clear error (page 1, and page 2)',
		notApplicable: cannotSetUp('dropCursor', (p) => p.paging === 'cursor', (p) => `${p.label} pages without cursors`),
		async test(p) {
			for (const page of [1, 2]) {
				sandbox.reset();
				listFault(sandbox, p, { kind: 'dropCursor' }, page);
				expectError(
					await listAll(sandbox, p),
					new RegExp(`^The ${esc(p.label)} API says more pages follow page ${page} but sent no cursor to reach them$`),
					/^The rest of the list cannot be read, so no items were output\./,
				);
				expect(listRequests(p)).toHaveLength(page);
			}
		},
	},
	// ------------------------------------------------------------ totals
	{
		name: 'inflateTotal on every answer: the list never reaches its total; 3 readings, then a clear error',
		notApplicable: cannotSetUp('inflateTotal', REPORTS_TOTAL, (p) => `${p.label} reports no total`),
		async test(p) {
			listFault(sandbox, p, { kind: 'inflateTotal', by: 1, times: Infinity });
			const count = expectedIds(sandbox, p.key).length;
			expectError(
				await listAll(sandbox, p),
				new RegExp(`^The ${esc(p.label)} API reported ${count + 1} invoices but listed ${count}, in 3 readings of the list$`),
				/^The list changed while it was read/,
			);
			expect(listRequests(p)).toHaveLength(3 * pagesOf(p));
		},
	},
	{
		name: 'inflateTotal on page 1 only (the total shrinks on page 2): read again once; every invoice once',
		notApplicable: cannotSetUp('inflateTotal', REPORTS_TOTAL, (p) => `${p.label} reports no total`),
		async test(p) {
			listFault(sandbox, p, { kind: 'inflateTotal', by: 5 });
			const result = await listAll(sandbox, p);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id)).toEqual(listedIds(sandbox, p.key));
			expect(listRequests(p)).toHaveLength(2 * pagesOf(p));
		},
	},
];

describe.each(PROVIDER_KEYS)('%s: a list is complete or the node fails', (key) => {
	const p = PROVIDERS[key];
	for (const cell of CELLS) {
		const na = cell.notApplicable?.(p);
		if (na) {
			it(`${cell.name} — not applicable: ${na.reason}`, async () => await na.proof());
			continue;
		}
		it(cell.name, async () => await cell.test(p));
	}
});

// ------------------------------------------------------------ lists without a total: the exact requests

describe('i3D.net: windows overlap by one invoice, so a deletion is seen (exact requests)', () => {
	const p = PROVIDERS.i3dnet;
	const ranges = () => listRequests(p).map((request) => request.headers['ranged-data']);
	const window = (start: number) => `start=${start},results=100`;
	const outputIds = (result: Awaited<ReturnType<typeof listAll>>) => result.items.map((item) => item.json.id as string);

	it('a quiet list of 230: windows 0, 99, 198 (each after the first starts on the last invoice of the one before), every invoice once, in order', async () => {
		expect(expectedIds(sandbox, p.key)).toHaveLength(COUNTS.i3dnet);
		const result = await listAll(sandbox, p);
		expect(result.error).toBeUndefined();
		expect(outputIds(result)).toEqual(listedIds(sandbox, p.key));
		expect(ranges()).toEqual([window(0), window(99), window(198)]);
	});

	it('an invoice of window 1 deleted before window 2: window 2 does not start on invoice 99, so the list is read again from the start; nothing is lost', async () => {
		const before = expectedIds(sandbox, p.key);
		const fault = listFault(sandbox, p, { kind: 'deleteRecord', index: 0 }, 2);
		const result = await listAll(sandbox, p);
		expect(fault.removed.map((record: Record<string, unknown>) => p.idOf(record))).toEqual([before[0]]);
		expect(result.error).toBeUndefined();
		// the deleted invoice was read before it went; every other one once, in list order
		expect(outputIds(result)).toEqual(before);
		expect(ranges()).toEqual([window(0), window(99), window(0), window(99), window(198)]);
	});

	it('three invoices of window 1 deleted before window 3: invoices 199 and 200 slid onto window 2, read already; the re-read finds them', async () => {
		const before = expectedIds(sandbox, p.key);
		listFault(sandbox, p, { kind: 'deleteRecord', index: 1, count: 3 }, 3);
		const result = await listAll(sandbox, p);
		expect(result.error).toBeUndefined();
		// windows 0 and 99 as read, the moved window (201 on), then what the re-read found that was skipped
		expect(outputIds(result)).toEqual([...before.slice(0, 199), ...before.slice(201), before[199], before[200]]);
		expect(ranges()).toEqual([window(0), window(99), window(198), window(0), window(99), window(198)]);
	});

	it('two invoices arriving before window 2: window 2 starts on a known invoice (97), so nothing was skipped; no re-read, the newcomers found from the start', async () => {
		const before = expectedIds(sandbox, p.key);
		listFault(sandbox, p, { kind: 'shift', count: 2 }, 2);
		const result = await listAll(sandbox, p);
		expect(result.error).toBeUndefined();
		const newcomers = expectedIds(sandbox, p.key).slice(0, 2);
		expect(newcomers.filter((id) => before.includes(id))).toEqual([]);
		expect(outputIds(result)).toEqual([...before, ...newcomers]);
		expect(ranges()).toEqual([window(0), window(99), window(198), window(0)]);
	});

	it('an invoice deleted before every request after the first: every reading moves back; after 2 re-reads, the exact error', async () => {
		listFault(sandbox, p, { kind: 'deleteRecord', index: 0, times: Infinity }, 2);
		expectError(
			await listAll(sandbox, p),
			/^The i3D\.net API moved invoices between its pages, in 3 readings of the list$/,
			/^The list changed while it was read, so it may be incomplete\. No items were output; run the workflow again\.$/,
		);
		expect(ranges()).toEqual([window(0), window(99), window(0), window(99), window(0), window(99)]);
	});
});

describe('Northflank: the cursor may be positional, so a list of more than one page is read twice and compared (exact requests)', () => {
	const p = PROVIDERS.northflank;
	const listOf = (sb: Sandbox) => requestsOf(sb, (request) => request.origin === 'primary' && p.listPath.test(request.path));
	const queries = (sb: Sandbox = sandbox) => listOf(sb).map((request) => request.query);
	const outputIds = (result: Awaited<ReturnType<typeof listAll>>) => result.items.map((item) => item.json.id as string);
	const first = { per_page: '100' };
	const at = (cursor: string) => ({ per_page: '100', cursor });
	/** The queries of one reading: the first page, then each page's cursor, as the API sent them. */
	const reading = (cursors: string[]) => [first, ...cursors.map(at)];
	/**
	 * The queries of the first two readings run alongside (the second two pages behind), as phases
	 * of requests in flight at once: pages 1 and 2 of the first alone, then page k+2 of the first
	 * with page k of the second, then the second's last two pages alone.
	 */
	const alongside = (cursors: string[]) => {
		const pages = reading(cursors);
		const n = pages.length;
		return [[pages[0]], [pages[1]], ...pages.slice(2).map((page, index) => [page, pages[index]]), [pages[n - 2]], [pages[n - 1]]];
	};
	/** The requests the sandbox saw, cut into phases of the sizes given; within a phase in any order. */
	const phased = (seen: unknown[], expected: unknown[][]) => {
		const key = (query: unknown) => JSON.stringify(query);
		const sorted = (phase: unknown[]) => [...phase].sort((a, b) => key(a).localeCompare(key(b)));
		let offset = 0;
		const phases = expected.map((phase) => seen.slice(offset, (offset += phase.length)));
		expect({ phases: phases.map(sorted), rest: seen.slice(offset) }).toEqual({ phases: expected.map(sorted), rest: [] });
	};
	/** The cursors the API sent (each page's cursor, in page order: the offset they stand for). */
	const cursorsOf = (sb: Sandbox, count: number) => {
		const cursors = queries(sb)
			.map((query) => query.cursor as string | undefined)
			.filter((cursor): cursor is string => cursor !== undefined);
		const offset = (cursor: string) => Number.parseInt(Buffer.from(cursor, 'base64url').toString(), 10);
		return [...new Set(cursors)].sort((a, b) => offset(a) - offset(b)).slice(0, count - 1);
	};

	it('a list of one page (60 invoices): exactly one request, every invoice once', async () => {
		await withSandbox(
			async (sb) => {
				expect(expectedIds(sb, p.key)).toHaveLength(60);
				const result = await listAll(sb, p);
				expect(result.error).toBeUndefined();
				expect(outputIds(result)).toEqual(listedIds(sb, p.key));
				expect(queries(sb)).toEqual([first]);
			},
			{ counts: { ...COUNTS, northflank: 60 } },
		);
	});

	it('a quiet list of 215 (3 pages): read twice, the second reading two pages behind the first (its page 1 alongside page 3), the same cursors; every invoice exactly once, newest first', async () => {
		const result = await listAll(sandbox, p);
		expect(result.error).toBeUndefined();
		expect(outputIds(result)).toEqual(listedIds(sandbox, p.key));
		const cursors = cursorsOf(sandbox, 3);
		expect(cursors).toHaveLength(2);
		phased(queries(), alongside(cursors));
	});

	it('an invoice of page 1 deleted after page 1 was served: the first reading missed invoice 100; the second differs, the third agrees with it and is output: exactly every remaining invoice', async () => {
		const before = expectedIds(sandbox, p.key);
		const fault = listFault(sandbox, p, { kind: 'deleteRecord', index: 0 }, 2);
		const result = await listAll(sandbox, p);
		expect(fault.removed.map((record: Record<string, unknown>) => p.idOf(record))).toEqual([before[0]]);
		expect(result.error).toBeUndefined();
		expect(outputIds(result)).toEqual(listedIds(sandbox, p.key));
		expect(outputIds(result)).toEqual([...before.slice(1)].reverse());
		const cursors = cursorsOf(sandbox, 3);
		phased(queries(), [...alongside(cursors), ...reading(cursors).map((query) => [query])]);
	});

	it('an invoice deleted before every request after the first: no two readings agree; after 3 readings, the exact error', async () => {
		listFault(sandbox, p, { kind: 'deleteRecord', index: 0, times: Infinity }, 2);
		expectError(
			await listAll(sandbox, p),
			/^The Northflank API listed different invoices each time, in 3 readings of the list$/,
			/^The list changed while it was read, so it may be incomplete\. No items were output; run the workflow again\.$/,
		);
		const cursors = cursorsOf(sandbox, 3);
		phased(queries(), [...alongside(cursors), ...reading(cursors).map((query) => [query])]);
	});

	it('the two readings overlap in time: 5 pages with Concurrent Requests 4 take 7 waits for the API (10 requests, never more than 2 at once), not 10', async () => {
		await withSandbox(
			async (sb) => {
				const result = await listAll(sb, p, { concurrency: 4 });
				expect(result.error).toBeUndefined();
				expect(outputIds(result)).toEqual(listedIds(sb, p.key));
				const cursors = cursorsOf(sb, 5);
				expect(cursors).toHaveLength(4);
				phased(queries(sb), alongside(cursors));
				// pages 1 and 2 alone, then three phases of two requests at once, answered together (the latency), then the last two alone
				expect(listOf(sb).map((request) => request.inFlight)).toEqual([1, 1, 1, 2, 1, 2, 1, 2, 1, 1]);
			},
			{ counts: { ...COUNTS, northflank: 450 }, latencyMs: 40 },
		);
	});

	it('with Concurrent Requests 1 the readings run one after another: never two requests at once', async () => {
		await withSandbox(
			async (sb) => {
				const result = await listAll(sb, p, { concurrency: 1 });
				expect(result.error).toBeUndefined();
				expect(outputIds(result)).toEqual(listedIds(sb, p.key));
				const cursors = cursorsOf(sb, 5);
				expect(queries(sb)).toEqual([...reading(cursors), ...reading(cursors)]);
				expect(Math.max(...listOf(sb).map((request) => request.inFlight))).toBe(1);
			},
			{ counts: { ...COUNTS, northflank: 450 }, latencyMs: 40 },
		);
	});
});

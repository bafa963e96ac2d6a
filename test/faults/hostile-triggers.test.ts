/**
 * Issue 8 on the polling triggers, which read lists and PDFs through the same engine: a list
 * that cannot be completed, a bomb instead of a page or a PDF, fail the poll with the same clear
 * message as Get Many, and the trigger's state stays as it was, so the next poll emits every
 * invoice (nothing lost, nothing twice). Colliding invoice numbers get distinct file names there
 * too.
 */
import { runPoll, type RunPollResult } from '../harness';
import { PROVIDER_KEYS, PROVIDERS, listedIds, requestsOf, startSandbox } from './helpers';
import { esc, listFault, type ProviderInfo, type Sandbox } from './hostile';

const MiB = 1024 * 1024;

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

async function poll(p: ProviderInfo, parameters: Record<string, unknown> = {}, staticData?: Record<string, unknown>): Promise<RunPollResult> {
	return await runPoll({
		type: `${p.nodeType}Trigger`,
		parameters: { event: 'newInvoice', startWith: 'all', options: { maxPerPoll: 1000 }, ...parameters },
		credentials: { type: p.credentialType, data: { baseUrl: sandbox.baseUrls[p.key], apiKey: sandbox.tokens[p.key], ...p.credentialData } },
		staticData: staticData as never,
	});
}

/** The poll failed with that message, emitted nothing and left the state as it was. */
function expectFailedPoll(result: RunPollResult, message: RegExp, before: Record<string, unknown> = {}) {
	expect({ items: result.items, message: result.error?.message }).toEqual({ items: [], message: expect.stringMatching(message) });
	expect(result.changed).toBe(false);
	// (n8n hands the node an empty object of static data when it had none)
	expect(withoutEmpty(result.staticData)).toEqual(withoutEmpty(before));
}

const withoutEmpty = (data: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(data).filter(([, value]) => !(typeof value === 'object' && value !== null && Object.keys(value).length === 0)));

/** The fault that makes each provider's list impossible to complete, and the message it ends in. */
function unfinishable(p: ProviderInfo): { setup: () => void; message: RegExp } {
	const count = (sandbox.data[p.key] as unknown[]).length;
	switch (p.paging === 'cursor' ? 'cursor' : p.key) {
		case 'cursor':
			return { setup: () => listFault(sandbox, p, { kind: 'dropCursor' }, 2), message: new RegExp(`^The ${esc(p.label)} API says more pages follow page 2 but sent no cursor to reach them$`) };
		case 'vpsbg':
			return { setup: () => listFault(sandbox, p, { kind: 'dropPaginator' }, 2), message: /^The VPSBG API sent page 2 of the invoice list without its paginator/ };
		case 'i3dnet':
			return { setup: () => listFault(sandbox, p, { kind: 'ignorePaging', keepSize: true }, 2), message: /^The i3D\.net API sent the same page twice \(items 99-198\)$/ };
		default:
			return {
				setup: () => listFault(sandbox, p, { kind: 'inflateTotal', times: Infinity }),
				message: new RegExp(`^The ${esc(p.label)} API reported ${count + 1} invoices but listed ${count}, in 3 readings of the list$`),
			};
	}
}

describe.each(PROVIDER_KEYS)('%s trigger: a poll that cannot read everything fails and keeps its state', (key) => {
	const p = PROVIDERS[key];

	it('a list that cannot be completed: the poll fails with the list message; the next poll emits every invoice once', async () => {
		const { setup, message } = unfinishable(p);
		setup();
		expectFailedPoll(await poll(p), message);
		sandbox.clearFaults();
		const next = await poll(p);
		expect(next.error).toBeUndefined();
		expect(next.items.map((item) => item.json.id).sort()).toEqual([...listedIds(sandbox, key)].sort());
	});

	it('gzipBomb instead of page 2: the poll fails with the size message, read once; the state is kept', async () => {
		const first = await poll(p, { options: { maxPerPoll: 3 } });
		expect(first.items).toHaveLength(3);
		sandbox.reset();
		listFault(sandbox, p, { kind: 'gzipBomb', bytes: 64 * MiB, times: Infinity }, 2);
		expectFailedPoll(await poll(p, { options: { maxPerPoll: 3 } }, first.staticData), new RegExp(`^The ${esc(p.label)} API sent more than 50 MB in one answer; the node stopped reading it$`), first.staticData);
		expect(requestsOf(sandbox, (request) => request.faults.includes('gzipBomb'))).toHaveLength(1);
	});

	if (p.pdf) {
		it('Download PDFs, one PDF an endless body: the poll fails with the size message; nothing emitted, state untouched', async () => {
			sandbox.fault(key, { kind: 'endless', match: { path: p.pdfPath, nth: 2 } });
			expectFailedPoll(await poll(p, { downloadPdf: true, filters: { ...p.pdfFilters }, options: { maxPerPoll: 3 } }), new RegExp(`^The ${esc(p.label)} API sent more than 100 MB in one answer; the node stopped reading it$`));
		});
	}

	if (p.pdf && p.numberField) {
		it('renumber: invoices of one poll with colliding numbers get distinct file names', async () => {
			const oldest = [...listedIds(sandbox, key)].reverse();
			const recordOf = (id: string) => (sandbox.data[key] as Array<Record<string, unknown>>).find((record) => p.idOf(record) === id)!;
			// the invoices with a PDF (WiseCP: formalized, on either origin), oldest first as the trigger emits them
			const withPdf = oldest.filter((id) => !p.hasPdfOn || p.hasPdfOn(recordOf(id), sandbox.url) || p.hasPdfOn(recordOf(id), sandbox.otherUrl));
			const [a, b, c] = withPdf;
			sandbox.fault(key, { kind: 'renumber', numbers: { [a]: 'R/1', [b]: 'R 1', [c]: 'R 1' }, times: Infinity });
			const result = await poll(p, { downloadPdf: true, filters: { ...p.pdfFilters }, options: { maxPerPoll: 3 } });
			expect(result.error).toBeUndefined();
			const names = result.items.map((item) => [item.json.id, (item.json.pdf as { fileName: string }).fileName, item.binary?.data?.fileName]);
			expect(names).toEqual([
				[a, `${key}-R-1-${a}.pdf`, `${key}-R-1-${a}.pdf`],
				[b, `${key}-R-1-${b}.pdf`, `${key}-R-1-${b}.pdf`],
				[c, `${key}-R-1-${c}.pdf`, `${key}-R-1-${c}.pdf`],
			]);
		});
	}
});

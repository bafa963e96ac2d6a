/**
 * Issue 9: invoices that appear between polls. Each is emitted once, oldest first, with its
 * PDF when Download PDFs is on; a late invoice (dated 10 days before the newest one) still is;
 * one dated 200 days before the newest is below the 60-day lookback and, as documented, never
 * emitted. A backlog larger than Max Invoices per Poll comes out over several polls.
 * New invoices are made by the sandbox in each API's own shape (sandbox.addInvoices).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { binaryBuffer } from '../harness';
import {
	DAY,
	LOOKBACK_DAYS,
	PROVIDERS,
	dateOf,
	ids,
	oldestFirst,
	pollOk,
	rawId,
	referenceJson,
	startSandbox,
	useSandbox,
	stateOf,
	type Provider,
	type Raw,
	type Sandbox,
} from './helpers';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const addedIds = (p: Provider, records: Raw[]) => records.map((record) => rawId(p, record));

/** Each item's JSON is Get Many's for that invoice; its PDF (when asked) the sandbox's bytes. */
async function expectSameAsGetMany(p: Provider, items: INodeExecutionData[], reference: Map<string, IDataObject>, withPdf: boolean) {
	for (const item of items) {
		const id = String(item.json.id);
		expect(item.json).toEqual(reference.get(id));
		if (withPdf) {
			expect(Object.keys(item.binary ?? {})).toEqual(['data']);
			expect(binaryBuffer(item.binary!.data).equals((await sandbox.pdfBytes(p.key, id))!)).toBe(true);
			expect(item.binary!.data.mimeType).toBe('application/pdf');
			expect(item.binary!.data.fileName).toBe((item.json.pdf as IDataObject).fileName);
		} else {
			expect(item.binary).toBeUndefined();
		}
	}
}

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger', (_label, p) => {
	test('invoices added between polls: each emitted once, oldest first; a late one too; one older than the lookback never', async () => {
		// PDFs where the API has them; Include Raw Data, so the raw record is compared too
		const parameters = { ...(p.pdf ? { downloadPdf: true } : {}), options: { includeRaw: true } };
		const first = await pollOk(sandbox, p, parameters);
		expect(first.items).toEqual([]);

		const added = sandbox.addInvoices(p.key, 3);
		const reference = await referenceJson(sandbox, p, { options: { includeRaw: true } });
		const expected = oldestFirst(addedIds(p, added).map((id) => reference.get(id)!));
		const second = await pollOk(sandbox, p, parameters, { staticData: first.staticData });
		expect(ids(second.items)).toEqual(ids(expected));
		expect(ids(second.items)).toEqual(addedIds(p, added).reverse()); // the sandbox made them oldest to newest
		await expectSameAsGetMany(p, second.items, reference, p.pdf);

		const third = await pollOk(sandbox, p, parameters, { staticData: second.staticData });
		expect(third.items).toEqual([]);

		// late invoices: new ids, but dated before the newest invoice
		const { watermark } = (await stateOf(p, third.staticData))!;
		expect(watermark).toBe(dateOf(expected[2]));
		const [late] = sandbox.addInvoices(p.key, 1, { date: watermark! - 10 * DAY });
		const [tooLate] = sandbox.addInvoices(p.key, 1, { date: watermark! - 200 * DAY });
		const withLate = await referenceJson(sandbox, p, { options: { includeRaw: true } });
		const lateDate = dateOf(withLate.get(rawId(p, late))!)!;
		expect(Math.abs(lateDate - (watermark! - 10 * DAY))).toBeLessThan(DAY);
		expect(dateOf(withLate.get(rawId(p, tooLate))!)!).toBeLessThan(watermark! - LOOKBACK_DAYS * DAY);

		const fourth = await pollOk(sandbox, p, parameters, { staticData: third.staticData });
		expect(ids(fourth.items)).toEqual([rawId(p, late)]);
		await expectSameAsGetMany(p, fourth.items, withLate, p.pdf);
		// Documented: an invoice dated more than 60 days before the newest one is not new (the state
		// keeps no IDs that far back), so the 200-days-late invoice is never emitted.
		const fifth = await pollOk(sandbox, p, parameters, { staticData: fourth.staticData });
		expect(fifth.items).toEqual([]);
		expect((await stateOf(p, fifth.staticData))!.known).not.toHaveProperty(rawId(p, tooLate));
	});

	test('Max Invoices per Poll (default 100): a backlog of 250 comes out 100 / 100 / 50, oldest first', async () => {
		const first = await pollOk(sandbox, p, {});
		const added = sandbox.addInvoices(p.key, 250);
		const reference = await referenceJson(sandbox, p);
		const expected = oldestFirst(addedIds(p, added).map((id) => reference.get(id)!));

		const batches: IDataObject[][] = [];
		let staticData = first.staticData;
		for (let i = 0; i < 4; i++) {
			const result = await pollOk(sandbox, p, {}, { staticData });
			batches.push(result.items.map((item) => item.json));
			staticData = result.staticData;
		}
		expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50, 0]);
		expect(ids(batches.flat())).toEqual(ids(expected));
		expect(batches.flat()).toEqual(expected);
	});
});

/**
 * Invoices that arrive while a poll pages through the list (the sandbox's `shift` fault before
 * the second page: new invoices at the newest end, so offset paging repeats some): every invoice
 * is emitted exactly once, in this poll or the next.
 */
describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger, invoices arriving mid-poll', (_label, p) => {
	let paged: Sandbox;
	beforeAll(async () => {
		paged = await startSandbox({ counts: { [p.key]: p.counts.faults }, pph: { paginate: true } });
	});
	afterAll(async () => {
		await paged.close();
	});

	test('a backlog of two pages while 2 more arrive: each invoice once', async () => {
		const parameters = { options: { maxPerPoll: 1000 } };
		const first = await pollOk(paged, p, parameters);
		const before = new Set((paged.data[p.key] as Raw[]).map((record) => rawId(p, record)));
		paged.addInvoices(p.key, 2 * p.pageSize);
		// the API lists newest first when the new invoices went to the head of its list
		const newestFirst = !before.has(rawId(p, paged.data[p.key][0]));
		const fault = paged.fault(p.key, { kind: 'shift', count: 2, position: newestFirst ? 'head' : 'tail', match: { path: p.listPath, nth: 2 } });

		const second = await pollOk(paged, p, parameters, { staticData: first.staticData });
		expect(fault.applied).toBe(1);
		const third = await pollOk(paged, p, parameters, { staticData: second.staticData });
		const fourth = await pollOk(paged, p, parameters, { staticData: third.staticData });
		expect(fourth.items).toEqual([]);
		const emitted = [...ids(second.items), ...ids(third.items)];
		const arrived = (paged.data[p.key] as Raw[]).map((record) => rawId(p, record)).filter((id) => !before.has(id));
		expect(arrived).toHaveLength(2 * p.pageSize + 2);
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual([...arrived].sort());
	});
});


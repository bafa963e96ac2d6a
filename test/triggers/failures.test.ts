/**
 * Issue 9: a poll that fails emits nothing and leaves the static data as it was (n8n then keeps
 * the previous state), so the next good poll emits every invoice exactly once. Faults from the
 * sandbox: a 5xx on a list page (the last page a poll reads, so on Northflank after good pages),
 * a 503 that outlasts the transport's retries, a broken PDF with Download PDFs on.
 */
import type { IDataObject } from 'n8n-workflow';

import { binaryBuffer } from '../harness';
import {
	PROVIDERS,
	ids,
	listRequests,
	oldestFirst,
	poll,
	pollOk,
	rawId,
	referenceJson,
	useSandbox,
	type Provider,
	type Raw,
	type Sandbox,
} from './helpers';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

/** A remembered first poll, then `count` new invoices; returns the state and the new invoices oldest first. */
async function activatedWithNew(p: Provider, parameters: IDataObject, count = 3) {
	const first = await pollOk(sandbox, p, parameters);
	sandbox.requests.length = 0;
	const quiet = await pollOk(sandbox, p, parameters, { staticData: first.staticData });
	const pagesPerPoll = listRequests(sandbox, p).length;
	const added = sandbox.addInvoices(p.key, count) as Raw[];
	const reference = await referenceJson(sandbox, p);
	const expected = oldestFirst(added.map((record) => reference.get(rawId(p, record))!));
	return { staticData: quiet.staticData, expected, reference, pagesPerPoll };
}

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger', (_label, p) => {
	test('a 500 on the last list page the poll reads: error, static data unchanged; the next poll emits each new invoice once', async () => {
		const { staticData, expected, pagesPerPoll } = await activatedWithNew(p, {});
		const fault = sandbox.fault(p.key, { kind: 'status', status: 500, match: { path: p.listPath, nth: pagesPerPoll } });

		const failed = await poll(sandbox, p, {}, { staticData });
		expect(fault.applied).toBe(1);
		expect(failed.error).toBeDefined();
		expect(failed.error!.message).toMatch(new RegExp(`${p.label.replace('.', '\\.')} API error 500`));
		expect(failed.items).toEqual([]);
		expect(failed.staticData).toEqual(staticData);
		expect(failed.changed).toBe(false);

		const good = await pollOk(sandbox, p, {}, { staticData: failed.staticData });
		expect(good.items.map((item) => item.json)).toEqual(expected);
		const after = await pollOk(sandbox, p, {}, { staticData: good.staticData });
		expect(after.items).toEqual([]);
	});
});

describe.each(PROVIDERS.filter((p) => p.pdf).map((p) => [p.label, p] as const))('%s Trigger with Download PDFs', (_label, p) => {
	test('a broken PDF with Download PDFs on: error, static data unchanged; the next poll emits all, each with its PDF', async () => {
		const parameters = { downloadPdf: true };
		const { staticData, expected } = await activatedWithNew(p, parameters);
		// the second invoice's PDF comes back as JSON ("Invoice is being generated")
		const fault = sandbox.fault(p.key, { kind: 'jsonInsteadOfPdf', match: { path: p.pdfPath, nth: 2 } });

		const failed = await poll(sandbox, p, parameters, { staticData });
		expect(fault.applied).toBe(1);
		expect(failed.error).toBeDefined();
		expect(failed.error!.message).toMatch(/PDF/);
		expect(failed.error!.message).toContain(String(expected[1].number ?? expected[1].id));
		expect(failed.items).toEqual([]);
		expect(failed.staticData).toEqual(staticData);
		expect(failed.changed).toBe(false);

		const good = await pollOk(sandbox, p, parameters, { staticData: failed.staticData });
		expect(ids(good.items)).toEqual(ids(expected));
		for (const item of good.items) {
			expect(binaryBuffer(item.binary!.data).equals((await sandbox.pdfBytes(p.key, String(item.json.id)))!)).toBe(true);
		}
		const after = await pollOk(sandbox, p, parameters, { staticData: good.staticData });
		expect(after.items).toEqual([]);
	});
});

// The retries are the transport's, the same for every provider: one provider is enough (each
// retry waits, about 4-8 s in all).
const [one] = PROVIDERS;
test(`${one.label} Trigger: a 503 that outlasts the retries fails the poll after ${5} attempts, state unchanged; the next poll emits all`, async () => {
	const { staticData, expected, pagesPerPoll } = await activatedWithNew(one, {});
	sandbox.requests.length = 0;
	sandbox.fault(one.key, { kind: 'status', status: 503, times: Infinity, match: { path: one.listPath, nth: pagesPerPoll } });
	const failed = await poll(sandbox, one, {}, { staticData });
	expect(failed.error).toBeDefined();
	expect(failed.error!.message).toMatch(/503/);
	expect(listRequests(sandbox, one).filter((request) => request.status === 503)).toHaveLength(5);
	expect(failed.staticData).toEqual(staticData);
	expect(failed.changed).toBe(false);

	sandbox.clearFaults();
	const good = await pollOk(sandbox, one, {}, { staticData: failed.staticData });
	expect(good.items.map((item) => item.json)).toEqual(expected);
}, 60_000);

// n8n 2.x gives a poll a time budget; the trigger stops downloading PDFs at 70 % of it and leaves
// the rest to the next polls (nothing lost, nothing twice). Slow PDFs (400 ms each), budget 1 s.
const withPdfs = PROVIDERS.find((p) => p.pdf)!;
test(`${withPdfs.label} Trigger: a poll past 70 % of n8n's poll budget emits what it has; the rest follow, each once`, async () => {
	const parameters = { downloadPdf: true };
	const { staticData, expected } = await activatedWithNew(withPdfs, parameters, 4);
	sandbox.fault(withPdfs.key, { kind: 'slow', ms: 400, times: Infinity, match: { path: withPdfs.pdfPath } });
	const batches: string[][] = [];
	let state = staticData;
	for (let i = 0; i < 6 && batches.flat().length < expected.length; i++) {
		const result = await pollOk(sandbox, withPdfs, parameters, { staticData: state, pollBudgetMs: 1000 });
		expect(result.items.length).toBeGreaterThan(0);
		for (const item of result.items) expect(item.binary?.data).toBeDefined();
		batches.push(ids(result.items));
		state = result.staticData;
	}
	expect(batches.length).toBeGreaterThan(1);
	expect(batches[0].length).toBeLessThan(expected.length);
	expect(batches.flat()).toEqual(ids(expected));
	sandbox.clearFaults();
	const after = await pollOk(sandbox, withPdfs, parameters, { staticData: state, pollBudgetMs: 1000 });
	expect(after.items).toEqual([]);
}, 60_000);

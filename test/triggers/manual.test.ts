/**
 * Issue 9, Fetch Test Event (mode 'manual'): the newest invoice (Get Many's first, with its PDF
 * when Download PDFs is on), whatever the state; the static data stays exactly as it was
 * (`changed` false), so a test fetch never swallows an invoice the active trigger would emit.
 */
import { binaryBuffer } from '../harness';
import {
	PROVIDERS,
	apiHasStatus,
	getMany,
	ids,
	pollOk,
	rawId,
	useSandbox,
	type Raw,
	type Sandbox,
} from './helpers';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger, Fetch Test Event', (_label, p) => {
	test('before activation: the newest invoice, with its PDF; no state written', async () => {
		const [newest] = await getMany(sandbox, p);
		const parameters = p.pdf ? { downloadPdf: true } : {};
		const result = await pollOk(sandbox, p, parameters, { mode: 'manual' });
		expect(result.items.map((item) => item.json)).toEqual([newest.json]);
		const pdf = await sandbox.pdfBytes(p.key, String(newest.json.id));
		if (p.pdf) {
			expect(pdf).not.toBeNull();
			expect(binaryBuffer(result.items[0].binary!.data).equals(pdf!)).toBe(true);
		} else {
			expect(result.items[0].binary).toBeUndefined();
		}
		expect(result.staticData).toEqual({});
		expect(result.changed).toBe(false);
	});

	test('while active: the newest invoice, state untouched; the next scheduled poll still emits the new invoices', async () => {
		const activated = await pollOk(sandbox, p, {});
		const added = (sandbox.addInvoices(p.key, 2) as Raw[]).map((record) => rawId(p, record));
		const [newest] = await getMany(sandbox, p);
		expect(String(newest.json.id)).toBe(added[0]);

		const manual = await pollOk(sandbox, p, {}, { mode: 'manual', staticData: activated.staticData });
		expect(manual.items.map((item) => item.json)).toEqual([newest.json]);
		expect(manual.staticData).toEqual(activated.staticData);
		expect(manual.changed).toBe(false);

		const scheduled = await pollOk(sandbox, p, {}, { staticData: manual.staticData });
		expect(ids(scheduled.items)).toEqual([...added].reverse());
	});

});

// (the APIs without statuses refuse the event, manual mode included: status.test.ts)
describe.each(PROVIDERS.filter(apiHasStatus).map((p) => [p.label, p] as const))('%s Trigger, Fetch Test Event', (_label, p) => {
	test('Invoice Status Changed: the newest invoice (To Status: the newest with that status) with previousStatus null', async () => {
		const list = (await getMany(sandbox, p)).map((item) => item.json);
		const any = await pollOk(sandbox, p, { event: 'statusChanged' }, { mode: 'manual' });
		expect(any.items.map((item) => item.json)).toEqual([{ ...list[0], previousStatus: null }]);
		const newestPaid = list.find((json) => json.status === 'paid')!;
		const paid = await pollOk(sandbox, p, { event: 'statusChanged', toStatus: 'paid' }, { mode: 'manual' });
		expect(paid.items.map((item) => item.json)).toEqual([{ ...newestPaid, previousStatus: null }]);
		expect(paid.staticData).toEqual({});
		expect(paid.changed).toBe(false);
	});
});

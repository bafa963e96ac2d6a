'use strict';

/**
 * The sandbox features the trigger tests (test/triggers) use: `addInvoices` (new and late invoices
 * in each API's own record shape, id scheme and list order, with their PDFs) and `setStatus`
 * (a payment status in each API's own vocabulary). Iterates the registry; each generator's
 * `order` and each API module's `setStatus` are the provider's own.
 */

const { createSandbox } = require('./server');
const { GENERATORS } = require('./data');
const { PROVIDERS } = require('../providers');

const DAY = 24 * 3600 * 1000;
const isPdf = (buffer) => buffer.subarray(0, 5).toString('latin1') === '%PDF-' && buffer.subarray(-6).toString('latin1').includes('%%EOF');

/** @type {Awaited<ReturnType<typeof createSandbox>>} */
let sandbox;
beforeAll(async () => {
	sandbox = await createSandbox({ seed: 4 });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe.each(PROVIDERS.map((p) => [p.key, p]))('%s', (key, p) => {
	const ids = () => sandbox.data[key].map((record) => p.idOf(record));
	const inApiOrder = () => sandbox.data[key].every((record, i, all) => i === 0 || GENERATORS[key].order(all[i - 1], record) <= 0);

	test('the seeded data is in the order the generator declares', () => {
		expect(inApiOrder()).toBe(true);
	});

	test('addInvoices: new ids, newest first, in API order, with PDFs; reset() removes them', async () => {
		const before = ids();
		const added = sandbox.addInvoices(key, 3);
		const addedIds = added.map((record) => p.idOf(record));
		expect(new Set(addedIds).size).toBe(3);
		for (const id of addedIds) expect(before).not.toContain(id);
		expect(sandbox.data[key]).toHaveLength(before.length + 3);
		for (const record of added) expect(sandbox.data[key]).toContain(record);
		expect(inApiOrder()).toBe(true);
		// the three are the newest: at the head of a newest-first list, at the end of an oldest-first one
		const positions = added.map((record) => sandbox.data[key].indexOf(record)).sort((a, b) => a - b);
		const atHead = positions.join() === '0,1,2';
		const atEnd = positions.join() === [before.length, before.length + 1, before.length + 2].join();
		expect(atHead || atEnd).toBe(true);
		for (const id of addedIds) {
			const pdf = await sandbox.pdfBytes(key, id);
			if (p.pdf) expect(isPdf(pdf)).toBe(true);
			else expect(pdf).toBeNull();
		}
		// the same seed and the same calls give the same records
		const again = JSON.stringify(added);
		sandbox.reset();
		expect(ids()).toEqual(before);
		expect(JSON.stringify(sandbox.addInvoices(key, 3))).toBe(again);
	});

	test('addInvoices with a date long ago: a late invoice, new id, listed where the API order puts it', () => {
		const before = ids();
		const [late] = sandbox.addInvoices(key, 1, { date: Date.UTC(2022, 5, 15, 12) });
		expect(before).not.toContain(p.idOf(late));
		expect(inApiOrder()).toBe(true);
		expect(JSON.stringify(late)).toMatch(/2022-06-1[45]|16552|16553/);
	});

	test('addInvoices refuses a bad count or date', () => {
		expect(() => sandbox.addInvoices(key, 0)).toThrow(/count/);
		expect(() => sandbox.addInvoices(key, 1, { date: 'not a date' })).toThrow(/date/);
	});

	test('setStatus changes the status in the API vocabulary, or refuses an API without one', () => {
		const [record] = sandbox.addInvoices(key, 1, { date: Date.now() - 3 * DAY });
		const id = p.idOf(record);
		let result;
		try {
			result = sandbox.setStatus(key, id, 'paid');
		} catch (error) {
			expect(String(error.message)).toMatch(/reports no invoice status/);
			return;
		}
		expect(result).toBe(record);
		const asText = JSON.stringify(record);
		sandbox.setStatus(key, id, 'unpaid');
		expect(JSON.stringify(record)).not.toBe(asText);
		expect(() => sandbox.setStatus(key, id, 'no-such-status')).toThrow(/setStatus/);
	});
});

test('the status vocabularies', () => {
	const i3d = sandbox.setStatus('i3dnet', sandbox.data.i3dnet[1].id, 'paid');
	expect(i3d).toMatchObject({ paymentStatus: 1, remainingAmount: '0', totalPaidAmount: i3d.amountIncVAT });
	expect(sandbox.detail('i3dnet', i3d.id)).toMatchObject({ paymentStatus: 1 });
	expect(sandbox.setStatus('i3dnet', i3d.id, 'unpaid')).toMatchObject({ paymentStatus: 0, paymentDate: 0, remainingAmount: i3d.amountIncVAT });
	expect(sandbox.setStatus('wisecp', 327, 'refunded')).toMatchObject({ status: 'refunded' });
	expect(sandbox.setStatus('pph', 212032, 'cancelled')).toMatchObject({ status: 'Cancelled', status_label: 'Storniert', is_open: false });
	expect(sandbox.setStatus('pph', 212032, 'unpaid')).toMatchObject({ status: 'Unpaid', status_label: 'Unbezahlt', is_open: true });
	const nf = sandbox.setStatus('northflank', '835994C3-14310', 'unpaid');
	expect(nf.paid).toBe(false);
	expect(sandbox.detail('northflank', '835994C3-14310').paid).toBe(false);
	expect(() => sandbox.setStatus('vpsbg', 8431, 'paid')).toThrow(/VPSBG|vpsbg/);
	expect(() => sandbox.setStatus('i3dnet', 'nope', 'paid')).toThrow(/no i3dnet invoice/);
});

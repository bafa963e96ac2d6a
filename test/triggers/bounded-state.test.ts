/**
 * Issue 9: the state stays bounded whatever the account's history. 10,000 invoices, 100 a day
 * over 100 days (dense enough that the 60-day lookback holds 6,100 of them): the first
 * activation remembers MAX_KNOWN = 2000 invoices (the newest 20 days), raises the floor to the
 * oldest one it kept, and the static data's JSON stays under
 * MAX_KNOWN × (longest id + 31) + 1 KB: an entry is `"<id>":[<13-digit ms>,"<status ≤ 9>"],`,
 * i.e. 31 bytes besides the id, plus the version, scope, floor and watermark (< 1 KB).
 * Invoices of the same date are kept or dropped together (dropping part of them at the floor's
 * date would make those new again), so in general the bound is MAX_KNOWN + (invoices sharing the
 * date of the oldest kept − 1) entries: here, with 100 invoices a day, up to 2099.
 * Afterwards the trigger is still right: a new invoice is emitted once; a late one above the
 * floor too; one below the raised floor (though within the lookback) is not, as documented.
 */
import type { IDataObject } from 'n8n-workflow';

import { MAX_KNOWN as ENGINE_MAX_KNOWN, LOOKBACK_MS } from '../../nodes/shared/trigger/state';
import { DAY, LOOKBACK_DAYS, MAX_KNOWN, PROVIDERS, apiHasStatus, ids, pollOk, rawId, startSandbox, stateOf, type Provider, type Raw, type Sandbox } from './helpers';

jest.setTimeout(120_000);

let sandbox: Sandbox;
beforeAll(async () => {
	// 10,000 VPSBG invoices take about 200 requests: far more than its 60 a minute, which the node would wait out.
	sandbox = await startSandbox({ vpsbg: { rateLimit: { limit: 100_000 } } });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const DAYS = 100;
const PER_DAY = 100;

test('the documented bounds are the engine\'s', () => {
	expect(ENGINE_MAX_KNOWN).toBe(MAX_KNOWN);
	expect(LOOKBACK_MS).toBe(LOOKBACK_DAYS * DAY);
});

/** 100 invoices a day for 100 days after the newest one; their ids, day by day (day 1 first). */
async function tenThousand(p: Provider, newest: number): Promise<string[][]> {
	const byDay: string[][] = [];
	for (let day = 1; day <= DAYS; day++) {
		const records = sandbox.addInvoices(p.key, PER_DAY, { date: newest + day * DAY }) as Raw[];
		byDay.push(records.map((record) => rawId(p, record)));
	}
	return byDay;
}

/** The bound on the static data's JSON: MAX_KNOWN entries of at most (id + 31) bytes, plus 1 KB. */
const bound = (idLength: number) => MAX_KNOWN * (idLength + 31) + 1024;

const jsonSize = (staticData: IDataObject) => Buffer.byteLength(JSON.stringify(staticData));

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger over 10,000 invoices', (_label, p) => {
	test('first activation: 2000 remembered, JSON under the bound; still right afterwards; status changes too', async () => {
		const seed = await pollOk(sandbox, p, {});
		const newest = (await stateOf(p, seed.staticData))!.watermark!;
		const byDay = await tenThousand(p, newest);
		expect(byDay.flat()).toHaveLength(10_000);

		const first = await pollOk(sandbox, p, {});
		expect(first.items).toEqual([]);
		const state = (await stateOf(p, first.staticData))!;
		const known = Object.keys(state.known);
		// exactly the newest 20 days (20 × 100 = MAX_KNOWN); the floor raised to the oldest kept
		expect(known.sort()).toEqual(byDay.slice(DAYS - MAX_KNOWN / PER_DAY).flat().sort());
		const dates = Object.values(state.known).map(([date]) => date!);
		expect(state.floor).toBe(Math.min(...dates));
		expect(state.watermark).toBe(Math.max(...dates));
		expect(state.watermark! - state.floor!).toBeLessThan(LOOKBACK_DAYS * DAY);

		const longestId = Math.max(...known.map((id) => id.length));
		const size = jsonSize(first.staticData);
		expect(size).toBeLessThanOrEqual(bound(longestId));

		// still correct: a new invoice once, a late one above the floor once, one below the floor never
		const [fresh] = (sandbox.addInvoices(p.key, 1) as Raw[]).map((record) => rawId(p, record));
		const [aboveFloor] = (sandbox.addInvoices(p.key, 1, { date: newest + 95 * DAY }) as Raw[]).map((record) => rawId(p, record));
		// dated 70 days after the old newest: within 60 days of the watermark, but below the raised floor
		const [belowFloor] = (sandbox.addInvoices(p.key, 1, { date: newest + 70 * DAY }) as Raw[]).map((record) => rawId(p, record));
		const second = await pollOk(sandbox, p, {}, { staticData: first.staticData });
		expect(ids(second.items)).toEqual([aboveFloor, fresh]);
		const third = await pollOk(sandbox, p, {}, { staticData: second.staticData });
		expect(third.items).toEqual([]);
		// remembered now: the two it emitted and the newest 2000 before them, i.e. days 82-100 and,
		// as the 2000th falls on day 81, all of day 81 (same date): 2002 entries
		const after = (await stateOf(p, third.staticData))!;
		expect(after.known).not.toHaveProperty(belowFloor);
		expect(Object.keys(after.known).sort()).toEqual([fresh, aboveFloor, ...byDay.slice(DAYS - MAX_KNOWN / PER_DAY).flat()].sort());
		expect(Object.keys(after.known).length).toBeLessThanOrEqual(MAX_KNOWN + PER_DAY - 1);
		expect(jsonSize(third.staticData)).toBeLessThanOrEqual(bound(longestId) + (PER_DAY - 1) * (longestId + 31));

		if (!apiHasStatus(p)) return;
		// Invoice Status Changed over the same 10,000 (new invoices are unpaid, open, on i3D.net, PPH
		// and Northflank: keeping the open ones cannot keep them all), then a change among the newest
		const last = byDay[DAYS - 1][0];
		sandbox.setStatus(p.key, last, 'unpaid');
		const watching = await pollOk(sandbox, p, { event: 'statusChanged' });
		const watched = Object.keys((await stateOf(p, watching.staticData))!.known);
		expect(watched.length).toBeLessThanOrEqual(MAX_KNOWN + PER_DAY - 1);
		expect(jsonSize(watching.staticData)).toBeLessThanOrEqual(bound(longestId) + (PER_DAY - 1) * (longestId + 31));
		sandbox.setStatus(p.key, last, 'paid');
		const changed = await pollOk(sandbox, p, { event: 'statusChanged' }, { staticData: watching.staticData });
		expect(changed.items.map((item) => [item.json.id, item.json.status, item.json.previousStatus])).toEqual([[last, 'paid', 'unpaid']]);
	});
});

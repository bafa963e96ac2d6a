/**
 * Issue 9, first activation: what the first poll emits and remembers in each Start With mode.
 *   - New Invoices Only (default): nothing; remembers the invoices dated within the lookback
 *     (60 days) below the newest one.
 *   - Invoices of the Last Days (N): exactly the invoices dated within N days of now, oldest first.
 *   - All Existing Invoices: every invoice, oldest first, Max Invoices per Poll at a time, none
 *     skipped, none twice; the union is the sandbox's whole list.
 * Every item's JSON is the action node's Get Many JSON of that invoice.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	DAY,
	LOOKBACK_DAYS,
	PROVIDERS,
	dateOf,
	getMany,
	ids,
	oldestFirst,
	pollOk,
	rawId,
	useSandbox,
	stateOf,
	type Provider,
	type Raw,
	type Sandbox,
} from './helpers';

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const jsonOf = async (p: Provider) => (await getMany(sandbox, p)).map((item) => item.json);
const dated = (list: IDataObject[]) => list.filter((json) => dateOf(json) !== null);

/**
 * A Days value that splits the invoices cleanly: the newest `k` (about 40, or 60 % of a small
 * list) are within N days of now, the next one is not, each at least 10 minutes from the cutoff
 * (the poll runs a little later than this computation).
 */
function splitDays(list: IDataObject[]): { days: number; cutoff: number } {
	const now = Date.now();
	const dates = dated(list)
		.map((json) => dateOf(json)!)
		.sort((a, b) => b - a);
	const margin = 10 * 60 * 1000;
	for (let k = Math.min(40, Math.floor(dates.length * 0.6)); k < dates.length; k++) {
		const days = Math.ceil((now - dates[k - 1]) / DAY);
		const cutoff = now - days * DAY;
		if (dates[k - 1] - cutoff >= margin && cutoff - dates[k] >= margin) return { days, cutoff };
	}
	throw new Error('no clean split of the invoice dates');
}

describe.each(PROVIDERS.map((p) => [p.label, p] as const))('%s Trigger, first activation', (_label, p) => {
	test('Start With "New Invoices Only" (the default): emits nothing, remembers the last 60 days below the newest invoice', async () => {
		const reference = await jsonOf(p);
		const first = await pollOk(sandbox, p, {});
		expect(first.items).toEqual([]);
		expect(first.empty).toBe(true);
		expect(first.changed).toBe(true);

		const newest = Math.max(...dated(reference).map((json) => dateOf(json)!));
		const window = dated(reference).filter((json) => dateOf(json)! >= newest - LOOKBACK_DAYS * DAY);
		expect(window.length).toBeGreaterThan(0);
		const state = await stateOf(p, first.staticData);
		expect(state).toEqual({
			version: 1,
			scope: expect.any(String),
			floor: null,
			watermark: newest,
			known: Object.fromEntries(window.map((json) => [json.id, [dateOf(json), json.status]])),
		});
		// the whole static data is the trigger's state under its node's key
		expect(Object.keys(first.staticData)).toEqual([expect.stringMatching(/^node:.+ Trigger$/)]);

		const second = await pollOk(sandbox, p, {}, { staticData: first.staticData });
		expect(second.items).toEqual([]);
		expect(await stateOf(p, second.staticData)).toEqual(state);
	});

	test('Start With "Invoices of the Last Days": exactly the invoices dated within N days, oldest first', async () => {
		const reference = await jsonOf(p);
		const { days, cutoff } = splitDays(reference);
		const expected = oldestFirst(reference.filter((json) => dateOf(json) !== null && dateOf(json)! >= cutoff));
		expect(expected.length).toBeGreaterThan(1);

		const before = Date.now();
		const first = await pollOk(sandbox, p, { startWith: 'lastDays', days });
		expect(ids(first.items)).toEqual(ids(expected));
		expect(first.items.map((item) => item.json)).toEqual(expected);

		const state = (await stateOf(p, first.staticData))!;
		expect(state.floor).toBeGreaterThanOrEqual(before - days * DAY);
		expect(state.floor).toBeLessThanOrEqual(Date.now() - days * DAY);
		expect(state.watermark).toBe(dateOf(expected[expected.length - 1]));
		// remembered: what it emitted, down to the lookback below the newest (older ones can never be new again)
		const bound = Math.max(state.floor!, state.watermark! - LOOKBACK_DAYS * DAY);
		const remembered = expected.filter((json) => dateOf(json)! >= bound);
		expect(remembered.length).toBeGreaterThan(0);
		expect(state.known).toEqual(Object.fromEntries(remembered.map((json) => [json.id, [dateOf(json), json.status]])));

		const second = await pollOk(sandbox, p, { startWith: 'lastDays', days }, { staticData: first.staticData });
		expect(second.items).toEqual([]);
	});

	test('Start With "All Existing Invoices": a backfill, oldest first, Max per Poll at a time, none skipped, none twice', async () => {
		const reference = await jsonOf(p);
		const expected = oldestFirst(reference);
		const max = Math.ceil(expected.length / 3) + 1;
		const parameters = { startWith: 'all', options: { maxPerPoll: max } };

		const batches: IDataObject[][] = [];
		let staticData: IDataObject | undefined;
		for (let i = 0; i < 4; i++) {
			const result = await pollOk(sandbox, p, parameters, { staticData });
			batches.push(result.items.map((item) => item.json));
			staticData = result.staticData;
		}
		expect(batches.map((batch) => batch.length)).toEqual([max, max, expected.length - 2 * max, 0]);
		expect(batches.flat()).toEqual(expected);
		const emitted = ids(batches.flat());
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual((sandbox.data[p.key] as Raw[]).map((record) => rawId(p, record)).sort());
	});
});

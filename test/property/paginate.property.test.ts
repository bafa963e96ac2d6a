/**
 * Property tests for the pagination strategies (nodes/shared/paginate.ts) against a model
 * server: random list sizes, page sizes and sequences of events between requests (invoices
 * arriving at the head of the list, invoices removed anywhere, the server ignoring the
 * page/range/cursor, a server-side cap on the window size). Every run either yields each invoice
 * exactly once or ends with one of the guard's clear errors, never a silently partial or
 * duplicated list.
 */
import fc from 'fast-check';

import { cursorPages, numberedPages, offsetWindows, type CursorPage, type NumberedPage } from '../../nodes/shared/paginate';

class GuardError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

const GUARD_MESSAGES =
	/^The Test API (kept sending pages: stopped after \d+ pages|sent an invoice without an ID on .+|sent the same page twice \(.+\)|sent only invoices it had already sent \(.+\)|sent a cursor it had already sent \(page \d+\)|sent \d+ invoices for a window of \d+)$/;
/** The list kept changing under the re-reads (no total to compare): windows that moved back, cursor readings that differ. */
const KEPT_CHANGING = /^The Test API (moved invoices between its pages|listed different invoices each time), in 3 readings of the list$/;

interface Event {
	/** invoices that arrive at the head of the list before this request */
	insert: number;
	/** the server answers as if no page/range/cursor had been sent */
	ignore: boolean;
	/** Northflank-style: the answer repeats the previous cursor */
	repeatCursor: boolean;
	/** invoices removed before this request, from position `at` (modulo the list's length) */
	remove?: number;
	at?: number;
}

/** The server side: a list, newest first, that grows at the head. */
class Model {
	items: string[];
	private serial = 0;
	readonly inserted: Array<{ request: number; ids: string[] }> = [];
	/** Every invoice removed, with the index of the request before which it went. */
	readonly removed = new Map<string, number>();
	/** The index of every request that read the list from its start. */
	readonly starts: number[] = [];
	requests = 0;
	/** Requests asked for and not yet answered, and that number at each request (itself included). */
	open = 0;
	readonly inFlight: number[] = [];
	/** The offset each request asked for, in the order they reached the server (cursors). */
	readonly asked: number[] = [];
	/** request index at which the catch-up pass started (the strategy restarted from the top) */
	restartedAt: number | undefined;
	lastCursor: string | undefined;

	constructor(
		size: number,
		private readonly events: Event[],
	) {
		this.items = Array.from({ length: size }, (_, index) => `old-${index}`);
	}

	/** Applies the event of this request; returns it. */
	next(isRestart: boolean): Event {
		const index = this.requests++;
		if (isRestart) this.starts.push(index);
		if (isRestart && index > 0 && this.restartedAt === undefined) this.restartedAt = index;
		const event = this.events[index] ?? { insert: 0, ignore: false, repeatCursor: false };
		if ((event.remove ?? 0) > 0 && this.items.length > 0) {
			for (const id of this.items.splice((event.at ?? 0) % this.items.length, event.remove)) this.removed.set(id, index);
		}
		if (event.insert > 0) {
			const ids = Array.from({ length: event.insert }, () => `new-${this.serial++}`);
			this.items.unshift(...ids);
			this.inserted.push({ request: index, ids });
		}
		return event;
	}

	/** Invoices that must be in the result: the first ones plus those that arrived before the last main-pass request. */
	required(initial: string[]): string[] {
		const lastMain = (this.restartedAt ?? this.requests) - 1;
		return [...initial, ...this.inserted.filter((entry) => entry.request <= lastMain).flatMap((entry) => entry.ids)];
	}

	/** Every invoice the list ever held. */
	existed(initial: string[]): Set<string> {
		return new Set([...initial, ...this.inserted.flatMap((entry) => entry.ids)]);
	}
}

/**
 * Where invoices are also removed: each invoice there from the start and never removed exactly
 * once (an arrival or a removed one may be missing, as in any list read while it changes), nothing
 * twice, nothing invented. Invoices read before they were removed may be output (they were there).
 */
function expectNoneHidden(ids: string[], model: Model, initial: string[]) {
	expect(new Set(ids).size).toBe(ids.length);
	const result = new Set(ids);
	expect(initial.filter((id) => !model.removed.has(id) && !result.has(id))).toEqual([]);
	const existed = model.existed(initial);
	expect(ids.filter((id) => !existed.has(id))).toEqual([]);
}

const guard = { label: 'Test', idOf: (id: string) => id, fail: (message: string, description: string) => new GuardError(message, description) };

async function drain(pages: AsyncIterable<string[]>): Promise<{ ids: string[]; error?: Error }> {
	const ids: string[] = [];
	try {
		for await (const page of pages) ids.push(...page);
		return { ids };
	} catch (error) {
		return { ids, error: error as Error };
	}
}

/** Exactly once each: nothing missing that was there, nothing invented, nothing twice. */
function expectComplete(ids: string[], model: Model, initial: string[]) {
	expect(new Set(ids).size).toBe(ids.length);
	const result = new Set(ids);
	const missing = model.required(initial).filter((id) => !result.has(id));
	expect(missing).toEqual([]);
	const final = new Set(model.items);
	expect(ids.filter((id) => !final.has(id))).toEqual([]);
}

function expectGuardError(error: Error | undefined) {
	expect(error).toBeInstanceOf(GuardError);
	expect(error!.message).toMatch(GUARD_MESSAGES);
	expect((error as GuardError).description).toMatch(/\S/);
}

const numbered = (model: Model, pageSize: number, maxPages?: number) =>
	numberedPages<string>({
		...guard,
		maxPages,
		fetchPage: async (page): Promise<NumberedPage<string>> => {
			const event = model.next(page === 1);
			const current = event.ignore ? 1 : page;
			const items = model.items.slice((current - 1) * pageSize, current * pageSize);
			return { items, hasNext: current * pageSize < model.items.length };
		},
	});

/** `ahead`: more than one request allowed at once (the next window read ahead), and how many are wanted. */
const windows = (model: Model, pageSize: number, cap: number, fallback: number, ahead?: { wanted?: number }) =>
	offsetWindows<string>({
		...guard,
		...(ahead ? { concurrency: 4, wanted: ahead.wanted } : {}),
		pageSize,
		fetchWindow: async (start, size) => {
			const event = model.next(start === 0);
			if (event.ignore) return model.items.slice(0, fallback);
			return model.items.slice(start, start + Math.min(size, cap));
		},
	});

/**
 * Northflank's cursor: an opaque offset (so head inserts shift pages, as in the sandbox). `ahead`:
 * more than one request allowed at once (the next page read ahead; with `positional`, the second
 * reading alongside the first). `positional`: the strategy knows it (a list of more than one page
 * is read twice and compared). `ticks`: how long each request takes to reach the server (turns of
 * the event loop beyond the first, by request), so requests in flight at once reach it in any order.
 */
const cursors = (model: Model, pageSize: number, ahead = false, positional = false, ticks: number[] = []) => {
	const answer = (cursor: string | undefined): CursorPage<string> => {
		model.asked.push(cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString()));
		const event = model.next(cursor === undefined);
		const offset = event.ignore || cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString());
		const items = model.items.slice(offset, offset + pageSize);
		let next = offset + items.length < model.items.length ? Buffer.from(String(offset + items.length)).toString('base64url') : undefined;
		if (event.repeatCursor && model.lastCursor) next = model.lastCursor;
		if (next) model.lastCursor = next;
		return { items, cursor: next };
	};
	return cursorPages<string>({
		...guard,
		...(ahead ? { concurrency: 4 } : {}),
		positional,
		fetchPage: async (cursor): Promise<CursorPage<string>> => {
			model.inFlight.push(++model.open);
			try {
				for (let tick = 1 + (ticks[model.inFlight.length - 1] ?? 0); tick > 0; tick--) await Promise.resolve();
				return answer(cursor);
			} finally {
				model.open--;
			}
		},
	});
};

const size = fc.integer({ min: 0, max: 120 });
const pageSize = fc.integer({ min: 1, max: 25 });
const quiet: Event = { insert: 0, ignore: false, repeatCursor: false };
/** Mostly quiet requests, some with arrivals smaller than a page. */
const arrivals = (below: number): fc.Arbitrary<Event[]> =>
	fc.array<Event>(fc.oneof({ weight: 3, arbitrary: fc.constant(quiet) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: Math.max(1, below - 1) }).map((insert) => ({ ...quiet, insert })) }), { maxLength: 40 });
/**
 * Any events: large arrivals, or a misbehaving server (ignored paging, repeated cursors).
 * Not modelled: a misbehaving server while invoices arrive at the same moment (an ignored
 * page of newcomers looks like a real page; a stale cursor in the catch-up pass like a real one).
 */
const chaos = fc
	.array(fc.record({ insert: fc.integer({ min: 0, max: 40 }), ignore: fc.boolean(), repeatCursor: fc.boolean() }), { maxLength: 40 })
	.chain((events) =>
		fc.boolean().map((misbehaving) =>
			events.map((event) => (misbehaving ? { ...event, insert: 0 } : { ...event, ignore: false, repeatCursor: false })),
		),
	);
const RUNS = { numRuns: 300 };
/** Mostly quiet requests; some remove a few invoices anywhere, some (with `arrive`) bring arrivals smaller than a page. */
const changes = (below: number, arrive = true): fc.Arbitrary<Event[]> =>
	fc.array<Event>(
		fc.oneof(
			{ weight: 3, arbitrary: fc.constant(quiet) },
			{ weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat(200)).map(([remove, at]) => ({ ...quiet, remove, at })) },
			{ weight: arrive ? 1 : 0, arbitrary: fc.integer({ min: 1, max: Math.max(1, below - 1) }).map((insert) => ({ ...quiet, insert })) },
		),
		{ maxLength: 40 },
	);

describe('numberedPages (VPSBG, WiseCP, PPH)', () => {
	it('invoices arriving (fewer than a page at a time) while listing: each invoice exactly once, newcomers included', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize.chain((s) => fc.tuple(fc.constant(s), s > 1 ? arrivals(s) : fc.constant<Event[]>([]))), async (n, [s, events]) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(numbered(model, s));
				expect(error).toBeUndefined();
				expectComplete(ids, model, initial);
			}),
			RUNS,
		);
	});

	it('any events (huge arrivals, page ignored): each invoice exactly once, or a clear error', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, chaos, async (n, s, events) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(numbered(model, s));
				if (error) expectGuardError(error);
				else expectComplete(ids, model, initial);
			}),
			RUNS,
		);
	});

	it('more pages than the cap: a clear error; fewer: the whole list', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, fc.integer({ min: 1, max: 10 }), async (n, s, maxPages) => {
				const model = new Model(n, []);
				const { ids, error } = await drain(numbered(model, s, maxPages));
				const pages = Math.max(1, Math.ceil(n / s));
				if (pages > maxPages) {
					expectGuardError(error);
					expect(error!.message).toBe(`The Test API kept sending pages: stopped after ${maxPages} pages`);
				} else {
					expect(error).toBeUndefined();
					expect(ids).toEqual(model.items);
				}
			}),
			RUNS,
		);
	});

	it('a consumer that stops at a Limit fetches no page beyond the one that completes it', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 120 }), pageSize, fc.integer({ min: 1, max: 130 }), async (n, s, limit) => {
				const model = new Model(n, []);
				const ids: string[] = [];
				for await (const page of numbered(model, s)) {
					ids.push(...page);
					if (ids.length >= limit) break;
				}
				expect(ids.slice(0, limit)).toEqual(model.items.slice(0, limit));
				expect(model.requests).toBe(Math.min(Math.ceil(Math.min(limit, n) / s) || 1, Math.max(1, Math.ceil(n / s))));
			}),
			RUNS,
		);
	});

	it('an invoice without an ID is a clear error', async () => {
		const pages = numberedPages<string>({ ...guard, fetchPage: async () => ({ items: ['a', ''], hasNext: false }) });
		const { error } = await drain(pages);
		expectGuardError(error);
		expect(error!.message).toBe('The Test API sent an invoice without an ID on page 1');
	});
});

describe('offsetWindows (i3D.net RANGED-DATA)', () => {
	it('a server that caps windows below the size asked: each invoice exactly once, no error', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 1, max: s }))), async (n, [s, cap]) => {
				const model = new Model(n, []);
				const { ids, error } = await drain(windows(model, s, cap, s));
				expect(error).toBeUndefined();
				expect(ids).toEqual(model.items);
			}),
			RUNS,
		);
	});

	it('arrivals while listing, with or without a cap: each invoice exactly once, or a clear error', async () => {
		await fc.assert(
			fc.asyncProperty(
				size,
				// arrivals smaller than the window the server really serves
				pageSize.chain((s) => fc.integer({ min: 1, max: s }).chain((cap) => fc.tuple(fc.constant(s), fc.constant(cap), cap > 1 ? arrivals(cap) : fc.constant<Event[]>([])))),
				async (n, [s, cap, events]) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(windows(model, s, cap, s));
				// A window that arrivals make look exactly like the one before (one invoice, then
				// one more arriving) is refused as a repeated page: an error, never a wrong list.
				if (error) expect(error.message).toMatch(/^The Test API sent the same page twice/);
				else expectComplete(ids, model, initial);
				},
			),
			RUNS,
		);
	});

	it('the range ignored (the server falls back to its default window from the start): each invoice exactly once, or a clear error', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, fc.integer({ min: 1, max: 30 }), fc.array(fc.boolean(), { maxLength: 20 }), async (n, s, fallback, ignores) => {
				const model = new Model(n, ignores.map((ignore) => ({ ...quiet, ignore })));
				const initial = [...model.items];
				const { ids, error } = await drain(windows(model, s, s, fallback));
				if (error) expectGuardError(error);
				else expectComplete(ids, model, initial);
			}),
			RUNS,
		);
	});

	it('the range ignored on every request (a proxy drops the header): a clear error whenever more than one window exists', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, fc.integer({ min: 1, max: 30 }), async (n, s, fallback) => {
				const model = new Model(n, Array.from({ length: 50 }, () => ({ ...quiet, ignore: true })));
				const { ids, error } = await drain(windows(model, s, s, fallback));
				if (error) expectGuardError(error);
				else expect(ids).toEqual(model.items);
			}),
			RUNS,
		);
	});

	it('a window larger than asked is a clear error', async () => {
		const pages = offsetWindows<string>({ ...guard, pageSize: 2, fetchWindow: async () => ['a', 'b', 'c'] });
		const { error } = await drain(pages);
		expectGuardError(error);
		expect(error!.message).toBe('The Test API sent 3 invoices for a window of 2');
	});

	it('a quiet list: each window after the first starts on the last invoice of the one before; one more request than whole windows at most per 99 of 100', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, async (n, s) => {
				const model = new Model(n, []);
				const starts: number[] = [];
				const pages = offsetWindows<string>({
					...guard,
					pageSize: s,
					fetchWindow: async (start, size) => {
						starts.push(start);
						model.next(start === 0);
						return model.items.slice(start, start + size);
					},
				});
				const { ids, error } = await drain(pages);
				expect(error).toBeUndefined();
				expect(ids).toEqual(model.items);
				// window k >= 1 starts at k(s - 1) (s - 1 new invoices each) and the one short of s ends the list; a
				// window of one cannot overlap (it would ask for itself again): then one invoice per window, and the empty one
				const windows = n === 0 ? 1 : s === 1 ? n + 1 : n < s ? 2 : Math.floor((n - s) / (s - 1)) + 2;
				expect(starts).toEqual(Array.from({ length: windows }, (_, k) => (s === 1 ? k : n < s ? k * (n >= 2 ? n - 1 : n) : k * (s - 1))));
			}),
			RUNS,
		);
	});

	it('invoices removed (and arriving) while listing, with or without a cap: each invoice there throughout exactly once, or the clear error', async () => {
		await fc.assert(
			fc.asyncProperty(
				size,
				pageSize.chain((s) => fc.integer({ min: 1, max: s }).chain((cap) => fc.tuple(fc.constant(s), fc.constant(cap), changes(cap, cap > 1)))),
				fc.boolean(),
				async (n, [s, cap, events], ahead) => {
					const model = new Model(n, events);
					const initial = [...model.items];
					const { ids, error } = await drain(windows(model, s, cap, s, ahead ? {} : undefined));
					// a window that starts on an invoice not read yet is a move back: read again, at most twice
					if (error) expect(error.message).toMatch(new RegExp(`${KEPT_CHANGING.source}|^The Test API sent the same page twice`));
					else if (cap > 1) expectNoneHidden(ids, model, initial);
				},
			),
			RUNS,
		);
	});

	it('removals only (windows of two or more): each invoice there throughout exactly once, or the clear error after 3 readings', async () => {
		await fc.assert(
			fc.asyncProperty(size, fc.integer({ min: 2, max: 25 }), changes(2, false), async (n, s, events) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(windows(model, s, s, s));
				if (error) {
					expect(error.message).toMatch(KEPT_CHANGING);
					expect(model.starts).toHaveLength(3);
				} else {
					expectNoneHidden(ids, model, initial);
					// each reading but the last ended on a window that moved back: at most the first and two re-reads
					expect(model.starts.length).toBeLessThanOrEqual(3);
				}
			}),
			RUNS,
		);
	});

	it('an invoice removed from a window already read: the next window does not start on its last invoice, so the list is read again from the start', async () => {
		// 10 invoices, windows of 4: 0-3, then 3-6 — but old-1 goes before it, so old-4 is at 3
		const model = new Model(10, [quiet, { ...quiet, remove: 1, at: 1 }]);
		const starts: number[] = [];
		const pages = offsetWindows<string>({
			...guard,
			pageSize: 4,
			fetchWindow: async (start, size) => {
				starts.push(start);
				model.next(start === 0);
				return model.items.slice(start, start + size);
			},
		});
		const { ids, error } = await drain(pages);
		expect(error).toBeUndefined();
		// the moved window is kept (old-4 to old-7 are real), the re-read adds what it skipped (none here) and the rest
		expect(starts).toEqual([0, 3, 0, 3, 6]);
		expect(ids).toEqual(['old-0', 'old-1', 'old-2', 'old-3', 'old-4', 'old-5', 'old-6', 'old-7', 'old-8', 'old-9']);
	});
});

describe('cursorPages (Northflank)', () => {
	it('arrivals while listing: each invoice exactly once, no error', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize.chain((s) => fc.tuple(fc.constant(s), s > 1 ? arrivals(s) : fc.constant<Event[]>([]))), async (n, [s, events]) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(cursors(model, s));
				expect(error).toBeUndefined();
				expectComplete(ids, model, initial);
			}),
			RUNS,
		);
	});

	it('any events (repeated cursors, ignored cursors, huge arrivals): each invoice exactly once, or a clear error', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, chaos, async (n, s, events) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(cursors(model, s));
				if (error) expectGuardError(error);
				else expectComplete(ids, model, initial);
			}),
			RUNS,
		);
	});

	/**
	 * Two readings of `pages` pages alongside, as the server sees them: pages 1 and 2 of the first
	 * alone, then page k+2 of the first with page k of the second (in either order), then the
	 * second's last two pages alone; each phase sorted, with the number of requests in flight as
	 * each one was made.
	 */
	const alongside = (pages: number, s: number) => {
		const reading = Array.from({ length: pages }, (_, index) => index * s);
		return {
			asked: [[0], [reading[1]], ...reading.slice(2).map((offset, index) => [reading[index], offset]), [reading[pages - 2]], [reading[pages - 1]]],
			inFlight: [1, 1, ...reading.slice(2).flatMap(() => [1, 2]), 1, 1],
		};
	};
	/** The offsets asked for, cut into the phases of `alongside` (pages 1 and 2 alone, then pairs, then two alone). */
	const phases = (asked: number[], pages: number) => [
		asked.slice(0, 1),
		asked.slice(1, 2),
		...Array.from({ length: pages - 2 }, (_, index) => asked.slice(2 + 2 * index, 4 + 2 * index).sort((a, b) => a - b)),
		...asked.slice(2 * pages - 2).map((offset) => [offset]),
	];
	/** Turns of the event loop each request takes to reach the model server, so requests in flight at once reach it in any order. */
	const ticks = fc.array(fc.nat(3), { maxLength: 40 });
	/**
	 * Changes between requests. With the readings alongside, up to three requests reach the server
	 * between two answers of one reading (its own, and the other reading's two), so arrivals per
	 * request stay under a third of a page: a whole page arriving between two pages of one reading is
	 * what the guard reports as an error, alongside or not (numbered and window lists too).
	 */
	const changesFor = (s: number, ahead: boolean) => (ahead ? changes(Math.floor((s - 1) / 3) + 1, s > 3) : changes(s, s > 1));

	it('a positional cursor: a list of one page is one request; a longer one is read twice (alongside, two pages behind, where more than one request may run at once), every invoice once, in order', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, fc.boolean(), ticks, async (n, s, ahead, wait) => {
				const model = new Model(n, []);
				const { ids, error } = await drain(cursors(model, s, ahead, true, wait));
				expect(error).toBeUndefined();
				expect(ids).toEqual(model.items);
				const pages = Math.max(1, Math.ceil(n / s));
				expect(model.requests).toBe(pages === 1 ? 1 : 2 * pages);
				if (pages === 1) {
					expect(model.asked).toEqual([0]);
				} else if (ahead) {
					// the second reading starts once the first one's page 2 is in, and stays two pages behind
					const expected = alongside(pages, s);
					expect({ asked: phases(model.asked, pages), inFlight: model.inFlight }).toEqual(expected);
					expect(model.starts).toEqual([0, model.asked.indexOf(0, 1)]);
				} else {
					const reading = Array.from({ length: pages }, (_, index) => index * s);
					expect(model.asked).toEqual([...reading, ...reading]);
					expect(Math.max(...model.inFlight)).toBe(1);
				}
			}),
			RUNS,
		);
	});

	it('a positional cursor, exact: a short last page shifted onto known invoices while the readings overlap is a change of the list (read again), not an API that ignored the cursor', async () => {
		// fast-check's counterexample: the guard failed at once with "sent only invoices it had already sent (page 4)"
		const model = new Model(40, [quiet, quiet, quiet, { ...quiet, remove: 2, at: 78 }, { ...quiet, insert: 2 }]);
		const { error } = await drain(cursors(model, 13, true, true, []));
		// both overlapping readings saw the change, the third cannot agree with either
		expect(error?.message).toBe('The Test API listed different invoices each time, in 3 readings of the list');
		expect(model.starts).toHaveLength(3);
	});

	it('a positional cursor, invoices removed and arriving at any moment (also between the two readings\' requests in flight at once): a reading the one before agrees with (each invoice there throughout once), or the clear error after 3 readings', async () => {
		await fc.assert(
			fc.asyncProperty(size, fc.boolean().chain((ahead) => pageSize.chain((s) => fc.tuple(fc.constant(ahead), fc.constant(s), changesFor(s, ahead)))), ticks, async (n, [ahead, s, events], wait) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(cursors(model, s, ahead, true, wait));
				// the second reading starts after the first one's page 2: never two readings between the same two pages
				expect(model.inFlight.slice(0, 3).every((open) => open === 1)).toBe(true);
				expect(Math.max(0, ...model.inFlight)).toBeLessThanOrEqual(ahead ? 2 : 1);
				if (error) {
					expect(error.message).toMatch(KEPT_CHANGING);
					expect(model.starts).toHaveLength(3);
					return;
				}
				expectNoneHidden(ids, model, initial);
				// nothing removed before the last reading began
				const last = model.starts[model.starts.length - 1];
				expect(ids.filter((id) => (model.removed.get(id) ?? Infinity) <= last)).toEqual([]);
			}),
			RUNS,
		);
	});

	it('a positional cursor, removals only, at any moment: each invoice there throughout exactly once, or the clear error after 3 readings', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, fc.boolean(), changes(2, false), ticks, async (n, s, ahead, events, wait) => {
				const model = new Model(n, events);
				const initial = [...model.items];
				const { ids, error } = await drain(cursors(model, s, ahead, true, wait));
				if (error) {
					expect(error.message).toMatch(KEPT_CHANGING);
					expect(model.starts).toHaveLength(3);
					return;
				}
				expectNoneHidden(ids, model, initial);
			}),
			RUNS,
		);
	});

	it('a positional cursor whose list changes before every reading: the clear error after 3 readings, nothing output', async () => {
		const events = Array.from({ length: 12 }, (_, index) => (index % 3 === 1 ? { ...quiet, remove: 1, at: 0 } : quiet));
		const model = new Model(30, events);
		const { ids, error } = await drain(cursors(model, 10, false, true));
		expect(ids).toEqual([]);
		expect(error).toBeInstanceOf(GuardError);
		expect(error!.message).toBe('The Test API listed different invoices each time, in 3 readings of the list');
		expect((error as GuardError).description).toBe(
			'The list changed while it was read, so it may be incomplete. No items were output; run the workflow again.',
		);
		expect(model.starts).toEqual([0, 3, 6]);
	});

	it('a positional cursor whose list changes while the first two readings run alongside and before the third: the clear error after 3 readings, nothing output', async () => {
		// removals before requests 1 (page 2 of the first), 4 (page 4 of the first, alongside page 2 of the second), 7 and 10
		const events = Array.from({ length: 12 }, (_, index) => (index % 3 === 1 ? { ...quiet, remove: 1, at: 0 } : quiet));
		const model = new Model(40, events);
		const { ids, error } = await drain(cursors(model, 10, true, true));
		expect(ids).toEqual([]);
		expect(error).toBeInstanceOf(GuardError);
		expect(error!.message).toBe('The Test API listed different invoices each time, in 3 readings of the list');
		// pages 1, 2 of the first; 3 of the first with 1 of the second; 4 with 2; the second's 3 and 4; then the third reading
		expect(model.asked).toEqual([0, 10, 20, 0, 30, 10, 20, 30, 0, 10, 20, 30]);
		expect(model.starts).toEqual([0, 3, 8]);
		expect(model.inFlight).toEqual([1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1]);
	});

	it('a cursor sent twice is a clear error naming the page', async () => {
		const model = new Model(50, [quiet, { ...quiet, repeatCursor: true }]);
		const { error } = await drain(cursors(model, 10));
		expectGuardError(error);
		expect(error!.message).toBe('The Test API sent a cursor it had already sent (page 2)');
	});
});

describe('numberedPages with pages fetched at once (the API tells the number of pages)', () => {
	/** The re-read's error where the reported size never added up: also a clear error, never a short list. */
	const CLEAR = new RegExp(`${GUARD_MESSAGES.source.slice(0, -1)}|^The Test API reported \\d+ invoices but listed \\d+, in \\d+ readings of the list$`);

	/**
	 * A server that answers concurrent requests in any order: each request is processed (its event
	 * applied, its page cut) after a random delay, so a page asked for later may see the list as it
	 * was before an arrival that a page asked for earlier already sees.
	 */
	const concurrent = (model: Model, pageSize: number, concurrency: number, delays: number[], wanted?: number) => {
		let asked = 0;
		let inFlight = 0;
		const peak = { value: 0 };
		const pages = numberedPages<string>({
			...guard,
			concurrency,
			wanted,
			fetchPage: async (page): Promise<NumberedPage<string>> => {
				const delay = delays[asked++ % Math.max(1, delays.length)] ?? 0;
				inFlight++;
				peak.value = Math.max(peak.value, inFlight);
				await new Promise((resolve) => setTimeout(resolve, delay));
				inFlight--;
				const event = model.next(page === 1);
				const current = event.ignore ? 1 : page;
				const items = model.items.slice((current - 1) * pageSize, current * pageSize);
				const total = model.items.length;
				return { items, hasNext: current * pageSize < total, total, lastPage: Math.max(1, Math.ceil(total / pageSize)) };
			},
		});
		return { pages, peak };
	};
	const delays = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 });
	const concurrency = fc.integer({ min: 2, max: 6 });
	const CONCURRENT_RUNS = { numRuns: 150 };

	it('a quiet list: every invoice once, in list order, never more than `concurrency` pages in flight', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, concurrency, delays, async (n, s, c, wait) => {
				const model = new Model(n, []);
				const { pages, peak } = concurrent(model, s, c, wait);
				const { ids, error } = await drain(pages);
				expect(error).toBeUndefined();
				expect(ids).toEqual(model.items);
				expect(peak.value).toBeLessThanOrEqual(c);
				expect(model.requests).toBe(Math.max(1, Math.ceil(n / s)));
			}),
			CONCURRENT_RUNS,
		);
	});

	/** Every invoice there throughout exactly once, or a clear error: pages read concurrently against `events`. */
	const completeOrClear = async (n: number, s: number, events: Event[], c: number, wait: number[]) => {
		const model = new Model(n, events);
		const initial = [...model.items];
		const { ids, error } = await drain(concurrent(model, s, c, wait).pages);
		if (error) expect(error.message).toMatch(CLEAR);
		else expectComplete(ids, model, initial);
	};

	it('invoices arriving while pages are answered out of order: each invoice exactly once, or a clear error', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize.chain((s) => fc.tuple(fc.constant(s), s > 1 ? arrivals(s) : fc.constant<Event[]>([]))), concurrency, delays, async (n, [s, events], c, wait) =>
				await completeOrClear(n, s, events, c, wait),
			),
			CONCURRENT_RUNS,
		);
	});

	it('any events (huge arrivals, page ignored): each invoice exactly once, or a clear error', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, chaos, concurrency, delays, async (n, s, events, c, wait) => await completeOrClear(n, s, events, c, wait)),
			CONCURRENT_RUNS,
		);
	});

	it('the page number ignored from page 2 on: the error comes from page 2 alone, before any page is fetched ahead', async () => {
		const model = new Model(100, [quiet, ...Array.from({ length: 20 }, () => ({ ...quiet, ignore: true }))]);
		const { error } = await drain(concurrent(model, 10, 4, [0]).pages);
		expect(error?.message).toBe('The Test API sent the same page twice (page 2)');
		expect(model.requests).toBe(2);
	});

	it('with `wanted`, a consumer that stops at its Limit fetches no page beyond the one that completes it; without, at most the pages in flight more', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 120 }), pageSize, fc.integer({ min: 1, max: 130 }), concurrency, fc.boolean(), async (n, s, limit, c, told) => {
				const model = new Model(n, []);
				const { pages } = concurrent(model, s, c, [0], told ? limit : undefined);
				const ids: string[] = [];
				for await (const page of pages) {
					ids.push(...page);
					if (ids.length >= limit) break;
				}
				// let the pages still in flight arrive (they are called off, not handed on)
				await new Promise((resolve) => setTimeout(resolve, 5));
				expect(ids.slice(0, limit)).toEqual(model.items.slice(0, limit));
				const needed = Math.min(Math.ceil(Math.min(limit, n) / s) || 1, Math.max(1, Math.ceil(n / s)));
				if (told) expect(model.requests).toBe(needed);
				else expect(model.requests).toBeLessThanOrEqual(Math.min(needed + c - 1, Math.max(1, Math.ceil(n / s))));
			}),
			CONCURRENT_RUNS,
		);
	});

	it('a page that fails calls off the pages fetched after it, and the failure of the first page in order is the one reported', async () => {
		const signals: AbortSignal[] = [];
		const pages = numberedPages<string>({
			...guard,
			concurrency: 4,
			fetchPage: async (page, signal) => {
				if (signal) signals.push(signal);
				// page 4 fails at once, page 3 a little later: page 3's failure is the one in order
				await new Promise((resolve) => setTimeout(resolve, page === 3 ? 10 : 0));
				if (page === 3 || page === 4) throw new Error(`page ${page} failed`);
				return { items: Array.from({ length: 10 }, (_, index) => `${page}-${index}`), hasNext: true, total: 100, lastPage: 10 };
			},
		});
		const { ids, error } = await drain(pages);
		expect(error?.message).toBe('page 3 failed');
		expect(ids).toHaveLength(20);
		expect(signals.length).toBeGreaterThan(0);
		expect(signals.every((signal) => signal.aborted)).toBe(true);
	});
});

describe('offset windows and cursors read one page ahead (more than one request allowed at once)', () => {
	const RUNS_AHEAD = { numRuns: 200 };

	it('windows: the same invoices, or the same error, as one window at a time, whatever happens', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 1, max: s }))), chaos, async (n, [s, cap], events) => {
				const sequential = await drain(windows(new Model(n, events), s, cap, s));
				const ahead = await drain(windows(new Model(n, events), s, cap, s, {}));
				expect(ahead.ids).toEqual(sequential.ids);
				expect(ahead.error?.message).toBe(sequential.error?.message);
			}),
			RUNS_AHEAD,
		);
	});

	it('cursors: the same invoices, or the same error, as one page at a time, whatever happens', async () => {
		await fc.assert(
			fc.asyncProperty(size, pageSize, chaos, async (n, s, events) => {
				const sequential = await drain(cursors(new Model(n, events), s));
				const ahead = await drain(cursors(new Model(n, events), s, true));
				expect(ahead.ids).toEqual(sequential.ids);
				expect(ahead.error?.message).toBe(sequential.error?.message);
			}),
			RUNS_AHEAD,
		);
	});

	it('with `wanted`, no window is read ahead past the invoices wanted', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 120 }), pageSize, fc.integer({ min: 1, max: 130 }), async (n, s, limit) => {
				const model = new Model(n, []);
				const ids: string[] = [];
				for await (const page of windows(model, Math.min(s, limit), Math.min(s, limit), s, { wanted: limit })) {
					ids.push(...page);
					if (ids.length >= limit) break;
				}
				await new Promise((resolve) => setTimeout(resolve, 5));
				const sequential = new Model(n, []);
				const expected: string[] = [];
				for await (const page of windows(sequential, Math.min(s, limit), Math.min(s, limit), s)) {
					expected.push(...page);
					if (expected.length >= limit) break;
				}
				expect(ids).toEqual(expected);
				expect(model.requests).toBe(sequential.requests);
			}),
			RUNS_AHEAD,
		);
	});
});

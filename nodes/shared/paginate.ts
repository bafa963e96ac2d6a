/**
 * Pagination strategies as async iterators of pages. The consumer stops pulling when it
 * has enough, so no page beyond the Limit is requested. Every strategy runs its pages
 * through one guard: an invoice seen on an earlier page is dropped (pages shift while
 * new invoices arrive), and a server that ignores the page, range or cursor ends the
 * loop with an error instead of looping or returning a silently short list.
 *
 * Invoices that arrive at the head of the list while it is being read push the ones
 * already read onto the next page: they come twice (dropped) and the newcomers sit on a
 * page already read. Each invoice seen twice stands for one such newcomer, so after the
 * last page the list is read once more from the start until as many new invoices are found
 * and a page reaches invoices read in the first pass.
 *
 * An invoice removed from a page already read moves the next one onto that page, unseen. A list
 * that reports its size shows it (the size shrinks); offset windows overlap by one invoice, so a
 * window that does not start with an invoice of the one before shows it; a positional cursor
 * shows nothing, so such a list is read twice and the readings compared. Each case reads the
 * list again (MAX_REREADS), then fails with a clear error, never a list that may be short.
 */

import type { IDataObject } from 'n8n-workflow';

import type { InvoiceContext } from './provider';

/** Far more pages than any invoice history has; reaching it means the API is misbehaving. */
export const MAX_PAGES = 2000;

export type Fail = (message: string, description: string) => Error;

interface GuardOptions<R> {
	/** The provider's display name, for messages. */
	label: string;
	idOf(raw: R): string;
	fail: Fail;
	maxPages?: number;
	/** What the pages hold, for messages (default "invoices"). */
	noun?: string;
	/**
	 * Pages that may be fetched at once where the API tells the number of pages up front (the
	 * execution's Concurrent Requests; default 1, one after another).
	 */
	concurrency?: number;
}

/**
 * The guard settings of the provider that runs: its name in messages, its ids, errors tied to the
 * item. A sub-collection (not invoices) passes its own `idOf` and `noun`.
 */
export function guardOf(
	ctx: InvoiceContext,
	collection: { idOf?: (raw: IDataObject) => string; noun?: string } = {},
): GuardOptions<IDataObject> {
	return {
		label: ctx.provider.displayName,
		idOf: collection.idOf ?? ((raw) => ctx.provider.idOf(raw)),
		noun: collection.noun,
		fail: (message, hint) => ctx.api.operationError(message, hint),
		concurrency: ctx.concurrency,
	};
}

/** One page as a strategy read it, before the guard. */
interface RawPage<R> {
	items: R[];
	/** Where in the list it is, for messages ("page 2", "items 100-199"). */
	where: string;
	/** The size of the whole list, where the API reports it. */
	total?: number;
	/** Leading invoices the page was asked to repeat from the page before (overlapping windows): known ones, not arrivals. */
	overlap?: number;
	/**
	 * The page does not follow on the one before: the list moved back under the reading (an
	 * invoice before it was removed), so invoices may have been skipped. The strategy's pass ends
	 * with this page, and the list is read again.
	 */
	moved?: boolean;
	/** No page follows this one (where the strategy knows before it is asked for the next). */
	last?: boolean;
}

class PageGuard<R> {
	private readonly seen = new Set<string>();
	private previous: string | undefined;
	private previousIds: string[] = [];
	private pages = 0;
	/** Invoices dropped because an earlier page had them: the number of newcomers to look for. */
	repeated = 0;
	/** A page held only invoices read before, where `shiftIsChange` lets the reading go on. */
	shifted = false;

	get seenCount(): number {
		return this.seen.size;
	}

	/**
	 * `shiftIsChange`: under a positional cursor, a page of known invoices is what invoices arriving
	 * at the head do to the offsets; the reading is marked `shifted` (it cannot be agreed with) and
	 * `compared` reads again, instead of failing at once.
	 */
	constructor(
		private readonly options: GuardOptions<R>,
		private readonly shiftIsChange = false,
	) {}

	/** Invoices read in the main pass (set when the catch-up pass starts). */
	private main = new Set<string>();

	/** The catch-up pass starts: its first page may equal the last page read. */
	restart(): void {
		this.previous = undefined;
		this.previousIds = [];
		this.main = new Set(this.seen);
	}

	/** Whether a page reaches invoices read in the main pass. */
	reachesMainPass(items: R[]): boolean {
		return items.some((item) => this.main.has(this.options.idOf(item)));
	}

	/**
	 * Checks one page and returns its invoices not seen before. In the main pass a page with
	 * invoices but none new means the API ignored the page or range; in a catch-up pass
	 * known invoices are expected.
	 */
	accept(items: R[], where: string, catchUp = false, overlap = 0): R[] {
		const { label, fail, idOf } = this.options;
		const noun = this.options.noun ?? 'invoices';
		this.pages++;
		const maxPages = this.options.maxPages ?? MAX_PAGES;
		if (this.pages > maxPages) {
			throw fail(
				`The ${label} API kept sending pages: stopped after ${maxPages} pages`,
				`No ${noun} were output, because the list never ended. The API is not paging as documented; try again later or contact the provider.`,
			);
		}
		const ids = items.map((item) => {
			const id = idOf(item);
			if (!id) {
				throw fail(
					`The ${label} API sent ${noun === 'invoices' ? 'an invoice' : `one of its ${noun}`} without an ID on ${where}`,
					'The list cannot be trusted without IDs, so no items were output.',
				);
			}
			return id;
		});
		const signature = ids.join('\u0000');
		if (ids.length > 0 && signature === this.previous) {
			throw fail(
				`The ${label} API sent the same page twice (${where})`,
				'The API ignored the page request, so the rest of the list could not be read. No items were output; try again later.',
			);
		}
		const before = this.previousIds;
		this.previous = signature;
		this.previousIds = ids;
		const fresh: R[] = [];
		ids.forEach((id, index) => {
			if (!this.seen.has(id)) {
				this.seen.add(id);
				fresh.push(items[index]);
			}
		});
		if (!catchUp) {
			// Only known invoices: the API ignored the page or range, unless they are the end of
			// the page before, pushed over by invoices that arrived (a short last window).
			if (ids.length > 0 && fresh.length === 0 && !endsWith(before, ids)) {
				if (this.shiftIsChange) {
					this.shifted = true;
					return fresh;
				}
				throw fail(
					`The ${label} API sent only ${noun} it had already sent (${where})`,
					`The API ignored the requested page or range (or a whole page of new ${noun} arrived while listing), so the rest of the list could not be read. No items were output; try again.`,
				);
			}
			// The invoices the page was asked to repeat are no sign of arrivals.
			this.repeated += Math.max(0, ids.length - fresh.length - overlap);
		}
		return fresh;
	}
}

function endsWith(page: string[], tail: string[]): boolean {
	return tail.length <= page.length && tail.every((id, index) => id === page[page.length - tail.length + index]);
}

/**
 * Full re-reads of a list that changed while it was read (its reported size does not add up, its
 * windows moved back, two readings differ), before giving up.
 */
export const MAX_REREADS = 2;

/** The sizes a list reported while one pass read it, the ids that pass saw, and whether it moved under it. */
class PassCount {
	readonly totals: number[] = [];
	readonly ids = new Set<string>();
	moved = false;

	add(page: RawPage<unknown>, idOf: (raw: never) => string): void {
		if (page.moved) this.moved = true;
		// Only a list that reports its size is checked against it.
		if (page.total === undefined) return;
		this.totals.push(page.total);
		for (const item of page.items) this.ids.add(idOf(item as never));
	}

	/** The list shrank while it was read: an invoice on a page already read was removed. */
	get shrank(): boolean {
		return this.totals.some((total, index) => index > 0 && total < this.totals[index - 1]);
	}

	/** The pass saw exactly the list the API described, and the list held still. */
	get consistent(): boolean {
		if (this.moved) return false;
		return this.totals.length === 0 || (this.totals.every((total) => total === this.totals[0]) && this.ids.size === this.totals[0]);
	}
}

/**
 * The error once the last reading allowed still found the list changing (`what` the API did):
 * the same words whatever showed it. `counted`: the list reports its size, which may be wrong.
 */
function keptChanging(options: Pick<GuardOptions<unknown>, 'label' | 'fail' | 'noun'>, what: string, counted = false): Error {
	const noun = options.noun ?? 'invoices';
	return options.fail(
		`The ${options.label} API ${what}, in ${MAX_REREADS + 1} readings of the list`,
		`The list changed while it was read${counted ? ` (or the API counts ${noun} it does not list)` : ''}, so it may be incomplete. No items were output; run the workflow again.`,
	);
}

/**
 * A strategy's reading of the list from its start. `ahead`: pages may be fetched before they are
 * asked for (the main pass, and the readings `compared` one after another; the catch-up and the
 * re-reads go one page at a time). `signal`: calls off the page in flight from outside the reading
 * (a reading run alongside another that failed).
 */
type Pass<R> = (ahead: boolean, signal?: AbortSignal) => AsyncGenerator<RawPage<R>>;

/**
 * Runs a strategy's passes through the guard, with the catch-up pass described above. Where the
 * API reports the list's size, a list that shrank while it was read (a removed invoice moves the
 * next one onto a page already read) or ended with fewer invoices than reported is read again in
 * full; so is a list whose pass found it moved back (`RawPage.moved`). One that still does not
 * add up is an error, never a short list. Pages fetched at once reach the guard in page order, so
 * it sees what a reading one page at a time would; where they were answered in another order than
 * asked across invoices arriving, the sizes they report fall back somewhere, and the list is read
 * again (`shrank`).
 */
async function* guarded<R>(options: GuardOptions<R>, pass: Pass<R>): AsyncGenerator<R[]> {
	const guard = new PageGuard(options);
	const idOf = options.idOf as (raw: never) => string;
	const main = new PassCount();
	for await (const page of pass(true)) {
		main.add(page, idOf);
		yield guard.accept(page.items, page.where, false, page.overlap);
		if (page.moved) break;
	}
	let missing = main.moved ? 0 : guard.repeated;
	if (missing > 0) {
		guard.restart();
		for await (const page of pass(false)) {
			const fresh = guard.accept(page.items, page.where, true, page.overlap);
			missing -= fresh.length;
			if (fresh.length > 0) yield fresh;
			// Moved under the catch-up too: the whole list is read again below.
			if (page.moved) {
				main.moved = true;
				break;
			}
			// Done once as many newcomers are found and the page reaches invoices of the main pass:
			// invoices arriving meanwhile may have pushed some newcomers onto the next page.
			if (missing <= 0 && guard.reachesMainPass(page.items)) break;
		}
	}
	const reported = main.totals[main.totals.length - 1];
	if (!main.moved && (reported === undefined || (!main.shrank && guard.seenCount >= reported))) return;

	let last = main;
	for (let reread = 1; reread <= MAX_REREADS; reread++) {
		guard.restart();
		last = new PassCount();
		for await (const page of pass(false)) {
			last.add(page, idOf);
			const fresh = guard.accept(page.items, page.where, true, page.overlap);
			if (fresh.length > 0) yield fresh;
			if (page.moved) break;
		}
		if (last.moved) continue;
		// A reading whose pages report no total cannot confirm the one reported before: it must list as many.
		if (reported === undefined || (last.totals.length > 0 ? last.consistent : last.ids.size >= reported)) return;
	}
	const noun = options.noun ?? 'invoices';
	throw reported === undefined
		? keptChanging(options, `moved ${noun} between its pages`)
		: keptChanging(options, `reported ${last.totals[last.totals.length - 1] ?? reported} ${noun} but listed ${last.ids.size}`, true);
}

/**
 * Reads the list whole, twice, and hands on a reading only once the one before it listed the same
 * invoices in the same order (for a positional cursor, where nothing on the pages shows a removed
 * invoice). A list of one page is one answer, consistent by itself: it costs nothing extra. The
 * pages are handed on only then, so it suits a list read whole; up to MAX_REREADS readings after
 * the first, then a clear error.
 *
 * Where more than one request may run at once, the second reading runs alongside the first, two
 * pages behind (`alongside`), so two readings cost about two more pages' waits than one. That keeps
 * the check as long as the two readings are never between the same two pages at the moment an
 * invoice goes: a removal then either makes the reading ahead skip an invoice the one behind still
 * reads, or the one behind skip one the reading ahead has read, or leaves the removed invoice in
 * one reading only; they cannot agree on a list that lacks an invoice there throughout. One page
 * behind is not enough: page k of the second and page k+1 of the first are in flight at once, and
 * where the server answers the second's first, both readings sit between pages k and k+1 until it
 * answers the other, and a removal then moves both alike. Two pages behind, the pages in flight at
 * once (k of the second, k+2 of the first) leave a page between them whatever the order. So the
 * second reading starts only once the first one's page 2 is in, and only where more follow.
 * Re-readings after a disagreement go one after another, each compared with the one before.
 */
async function* compared<R>(options: GuardOptions<R>, pass: Pass<R>): AsyncGenerator<R[]> {
	let previous: string[] | undefined;
	let reading = 0;
	const idsOf = (pages: R[][]) => pages.flat().map((item) => options.idOf(item));
	const agrees = (ids: string[]) => previous !== undefined && previous.length === ids.length && previous.every((id, index) => id === ids[index]);
	if (readsAhead(options, true)) {
		const [first, second, shifted] = await alongside(options, pass);
		if (second === undefined || (second.length <= 1 && !shifted[1])) {
			yield* second ?? first;
			return;
		}
		previous = shifted[0] ? undefined : idsOf(first);
		if (!shifted[1] && agrees(idsOf(second))) {
			yield* second;
			return;
		}
		previous = shifted[1] ? undefined : idsOf(second);
		reading = 2;
	}
	for (; reading <= MAX_REREADS; reading++) {
		const guard = new PageGuard(options, true);
		const pages: R[][] = [];
		// Every page of a reading is used, so reading ahead wastes none.
		for await (const page of pass(true)) pages.push(guard.accept(page.items, page.where));
		if (pages.length <= 1) {
			yield* pages;
			return;
		}
		const ids = idsOf(pages);
		if (!guard.shifted && agrees(ids)) {
			yield* pages;
			return;
		}
		previous = guard.shifted ? undefined : ids;
	}
	throw keptChanging(options, `listed different ${options.noun ?? 'invoices'} each time`);
}

/**
 * The first two readings of `compared`, the second two pages behind the first: once the first
 * reading's pages 1 and 2 are in (page 1 saying more follow), each step asks the first reading for
 * page k+2 and the second for page k at once. Returns the pages of each (the second undefined
 * where the first page was the last) and whether each reading was `shifted`. A failure in either fails both, with the other's page in flight
 * called off and settled before the error goes on.
 */
async function alongside<R>(options: GuardOptions<R>, pass: Pass<R>): Promise<[R[][], R[][] | undefined, [boolean, boolean]]> {
	const stop = new AbortController();
	const readings = [pass(false, stop.signal), pass(false, stop.signal)];
	const guards = [new PageGuard(options, true), new PageGuard(options, true)];
	const pages: [R[][], R[][]] = [[], []];
	/** Whether the page a reading handed on last said none follow. */
	const ended = [false, false];
	const pending = new Set<Promise<unknown>>();
	/** The next page of reading `index`, through its guard; false once that reading has ended. */
	const step = (index: number): Promise<boolean> => {
		const next = readings[index].next().then((result) => {
			if (result.done === true) return false;
			ended[index] = result.value.last === true;
			pages[index].push(guards[index].accept(result.value.items, result.value.where));
			return true;
		});
		const tracked = next.finally(() => pending.delete(tracked));
		// Settled below whatever happens; a failure reaches the caller through `next`.
		tracked.catch(() => undefined);
		pending.add(tracked);
		return next;
	};
	try {
		const firstPage = await readings[0].next();
		if (firstPage.done === true) return [[], undefined, [false, false]];
		pages[0].push(guards[0].accept(firstPage.value.items, firstPage.value.where));
		if (firstPage.value.last === true) {
			// One page: the first reading is drained (it may still fail), no second one.
			while (await step(0));
			return [pages[0], undefined, [guards[0].shifted, false]];
		}
		// Page 2 of the first reading alone: the second one starts two pages behind.
		let more = [await step(0), true];
		while (more[0] || more[1]) {
			// After the first reading's last page it only ends, or fails (no cursor where more were said to
			// follow): settled before the second reading's next page is asked for.
			if (more[0] && ended[0]) more[0] = await step(0);
			more = await Promise.all(more.map(async (going, index) => going && (await step(index))));
		}
		return [...pages, [guards[0].shifted, guards[1].shifted]];
	} finally {
		stop.abort();
		await Promise.allSettled([...pending]);
		await Promise.allSettled(readings.map(async (reading) => await reading.return(undefined)));
	}
}

/** What a Laravel paginator says about the list: whether another page follows, and its size. */
export interface LaravelEnvelope {
	hasNext: boolean;
	total?: number;
	/** The number of the last page, where the paginator says. */
	lastPage?: number;
}

const count = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/**
 * Reads either paginator Laravel sends: the resource collection (`links{}` + `meta{}`) or the
 * plain `paginate()->toArray()` (top-level `current_page`, `last_page`, `next_page_url`,
 * `total`, `links` as an array). Undefined when the body has neither, which the caller must
 * treat as an error where the list is paged: "no next page" would silently end it. The next
 * page is requested by number on the credential's origin, never by following a next link,
 * whose host and scheme the API chooses.
 */
export function laravelEnvelope(body: unknown): LaravelEnvelope | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const top = body as Record<string, unknown>;
	const meta = typeof top.meta === 'object' && top.meta !== null && !Array.isArray(top.meta) ? (top.meta as Record<string, unknown>) : undefined;
	const paginator = meta && 'current_page' in meta ? meta : 'current_page' in top ? top : undefined;
	if (!paginator) return undefined;
	const current = count(paginator.current_page);
	if (current === undefined || current < 1) return undefined;
	const last = count(paginator.last_page);
	const links = paginator === meta && typeof top.links === 'object' && top.links !== null && !Array.isArray(top.links)
		? (top.links as Record<string, unknown>).next
		: top.next_page_url;
	return { hasNext: Boolean(links) || (last !== undefined && last > current), total: count(paginator.total), lastPage: last };
}

export interface NumberedPage<R> {
	items: R[];
	/** Whether the API says another page follows. */
	hasNext: boolean;
	/** How many the whole list holds, where the API says so. */
	total?: number;
	/** The number of the last page, where the API says (or its total and page size tell). */
	lastPage?: number;
}

/**
 * `?page=N` with an envelope that says whether more follow (Laravel, WiseCP). Once the API has
 * told how many pages there are and served page 2 as a page of its own (the guard has seen that it
 * pages as documented), up to `concurrency` of the following pages are fetched at once and handed
 * on in page order: with `wanted`, none beyond the pages that many invoices fill; none beyond
 * what the consumer pulls plus the ones in flight, which are called off (`signal`) when the
 * consumer stops or a page fails.
 */
export function numberedPages<R>(
	options: GuardOptions<R> & {
		fetchPage(page: number, signal?: AbortSignal): Promise<NumberedPage<R>>;
		firstPage?: number;
		wanted?: number;
	},
): AsyncGenerator<R[]> {
	return guarded(options, async function* (ahead) {
		const first = options.firstPage ?? 1;
		let result = await options.fetchPage(first);
		yield { items: result.items, where: `page ${first}`, total: result.total };
		if (!result.hasNext || result.items.length === 0) return;
		const window = ahead ? Math.max(1, options.concurrency ?? 1) : 1;
		// The pages planned ahead: up to the last one the API named, or the ones `wanted` fills.
		const enough = options.wanted === undefined ? Infinity : first + Math.ceil(options.wanted / result.items.length) - 1;
		let planned = first;
		const queue: Array<Promise<NumberedPage<R>>> = [];
		const stop = new AbortController();
		let next = first + 1;
		const launch = () => {
			const fetched = options.fetchPage(next++, stop.signal);
			// A page fetched ahead that is never handed on fails quietly.
			fetched.catch(() => undefined);
			queue.push(fetched);
		};
		try {
			for (let page = first + 1; ; page++) {
				if (result.lastPage !== undefined) planned = Math.max(planned, Math.min(result.lastPage, enough));
				// Page 2 alone: an API that ignores the page number repeats page 1, and nothing more is spent on it.
				const width = page === first + 1 ? 1 : window;
				while (queue.length < width && next <= planned) launch();
				// Beyond the plan (the list grew, or more are wanted): one page at a time.
				if (queue.length === 0) launch();
				result = await (queue.shift() as Promise<NumberedPage<R>>);
				yield { items: result.items, where: `page ${page}`, total: result.total };
				if (!result.hasNext || result.items.length === 0) return;
			}
		} finally {
			stop.abort();
		}
	});
}

/**
 * One page asked for before the consumer wants it (the next window, the next cursor), while the
 * consumer works on the current one: the API's time and the node's own overlap. Only in a main
 * pass with more than one request allowed at once, and never beyond `wanted` invoices; called off
 * (`signal`) when the consumer stops or a page fails.
 */
class ReadAhead<P> {
	private readonly stop = new AbortController();
	private next?: Promise<P>;
	private seen = 0;

	private readonly onAbort = () => this.stop.abort();

	constructor(
		private readonly enabled: boolean,
		private readonly wanted: number | undefined,
		/** Calls off the reading from outside (its pass's `signal`). */
		private readonly outer?: AbortSignal,
	) {
		if (outer?.aborted === true) this.stop.abort();
		outer?.addEventListener('abort', this.onAbort, { once: true });
	}

	get signal(): AbortSignal {
		return this.stop.signal;
	}

	/** Counts the invoices of a page handed on. */
	count(items: number): void {
		this.seen += items;
	}

	/** Starts fetching the next page now, where reading ahead is allowed and more are wanted. */
	start(fetch: (signal: AbortSignal) => Promise<P>): void {
		if (!this.enabled || (this.wanted !== undefined && this.seen >= this.wanted)) return;
		this.next = fetch(this.stop.signal);
		// A page read ahead that is never taken fails quietly.
		this.next.catch(() => undefined);
	}

	/** The page started ahead, else fetched now. */
	async take(fetch: (signal: AbortSignal) => Promise<P>): Promise<P> {
		const next = this.next ?? fetch(this.stop.signal);
		this.next = undefined;
		return await next;
	}

	end(): void {
		this.outer?.removeEventListener('abort', this.onAbort);
		this.stop.abort();
	}
}

const readsAhead = (options: { concurrency?: number }, ahead: boolean) => ahead && (options.concurrency ?? 1) > 1;

/**
 * An offset window per request (i3D.net RANGED-DATA), advancing by what arrived. A window
 * shorter than asked for ends the list only when it is also shorter than a window the API
 * served before; otherwise one more window is asked for. So an API (or a proxy) that ignores
 * the range, or caps it below the size asked for, cannot end the list early without notice:
 * it either serves the rest or repeats itself (a clear error). The next window is read ahead
 * (ReadAhead) where allowed.
 *
 * Each window after the first starts one invoice early, on the last invoice of the window before
 * (where that one had two or more; one more invoice per request). A window that starts on an
 * invoice of the window before follows on it: at most, invoices arrived at the head and pushed
 * known ones over (the guard drops them, the catch-up pass finds the newcomers). A window that
 * starts on any other invoice, or comes back empty, means the list moved back under the reading
 * (an invoice before it was removed, so the next one may have slid onto a window already read):
 * the pass ends there and the list is read again from the start.
 */
export function offsetWindows<R>(
	options: GuardOptions<R> & { pageSize: number; wanted?: number; fetchWindow(start: number, size: number, signal?: AbortSignal): Promise<R[]> },
): AsyncGenerator<R[]> {
	return guarded(options, async function* (ahead) {
		const reading = new ReadAhead<R[]>(readsAhead(options, ahead), options.wanted);
		/** The largest window the API has served: a shorter one is the end of the list. */
		let served = 0;
		/** The ids of the window before, where this one was asked to start on its last invoice. */
		let before: string[] = [];
		try {
			for (let start = 0; ; ) {
				const items = await reading.take(async (signal) => await options.fetchWindow(start, options.pageSize, signal));
				if (items.length > options.pageSize) {
					throw options.fail(
						`The ${options.label} API sent ${items.length} ${options.noun ?? 'invoices'} for a window of ${options.pageSize}`,
						'The API ignored the requested range, so the list cannot be paged reliably. No items were output.',
					);
				}
				const overlap = before.length >= 2 ? 1 : 0;
				const moved = overlap === 1 && (items.length === 0 || !before.includes(options.idOf(items[0])));
				const ends = moved || items.length === overlap || (items.length < options.pageSize && items.length < served);
				// The next window starts on this one's last invoice, where it has two or more.
				const next = start + items.length - (items.length >= 2 ? 1 : 0);
				reading.count(items.length - overlap);
				if (!ends) reading.start(async (signal) => await options.fetchWindow(next, options.pageSize, signal));
				yield { items, where: `items ${start}-${start + options.pageSize - 1}`, overlap, moved };
				if (ends) return;
				served = Math.max(served, items.length);
				before = items.map((item) => options.idOf(item));
				start = next;
			}
		} finally {
			reading.end();
		}
	});
}

export interface CursorPage<R> {
	items: R[];
	/** The cursor of the next page; absent on the last page. */
	cursor?: string;
	/** Whether the API says more pages follow; with no cursor to reach them, that is an error. */
	hasMore?: boolean;
}

/**
 * An opaque cursor per page until the API stops sending one (Northflank); the next page read ahead
 * where allowed. `positional`: the cursor may stand for an offset into the list, so an invoice
 * removed from a page already read moves the next one onto it, unseen, and no total tells; a list
 * of more than one page is then read twice and handed on only once two readings agree
 * (`compared`: for a list read whole).
 */
export function cursorPages<R>(
	options: GuardOptions<R> & {
		wanted?: number;
		positional?: boolean;
		fetchPage(cursor: string | undefined, signal?: AbortSignal): Promise<CursorPage<R>>;
	},
): AsyncGenerator<R[]> {
	return (options.positional === true ? compared : guarded)(options, async function* (ahead, signal) {
		const reading = new ReadAhead<CursorPage<R>>(readsAhead(options, ahead), options.wanted, signal);
		const cursors = new Set<string>();
		let cursor: string | undefined;
		try {
			for (let page = 1; ; page++) {
				const result = await reading.take(async (signal) => await options.fetchPage(cursor, signal));
				const next = result.cursor;
				reading.count(result.items.length);
				// Only a cursor that can be followed is read ahead; the checks below say why not.
				if (next !== undefined && next !== '' && !cursors.has(next)) reading.start(async (signal) => await options.fetchPage(next, signal));
				yield { items: result.items, where: `page ${page}`, last: next === undefined || next === '' };
				if (next === undefined || next === '') {
					if (result.hasMore === true) {
						throw options.fail(
							`The ${options.label} API says more pages follow page ${page} but sent no cursor to reach them`,
							'The rest of the list cannot be read, so no items were output. Try again later; if it persists, the API (or a proxy) is dropping the cursor.',
						);
					}
					return;
				}
				if (cursors.has(next)) {
					throw options.fail(
						`The ${options.label} API sent a cursor it had already sent (page ${page})`,
						'Following it would loop forever, so no items were output. Try again later.',
					);
				}
				cursors.add(next);
				cursor = next;
			}
		} finally {
			reading.end();
		}
	});
}

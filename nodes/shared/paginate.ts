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
}

class PageGuard<R> {
	private readonly seen = new Set<string>();
	private previous: string | undefined;
	private previousIds: string[] = [];
	private pages = 0;
	/** Invoices dropped because an earlier page had them: the number of newcomers to look for. */
	repeated = 0;

	get seenCount(): number {
		return this.seen.size;
	}

	constructor(private readonly options: GuardOptions<R>) {}

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
	accept(items: R[], where: string, catchUp = false): R[] {
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
				throw fail(
					`The ${label} API sent only ${noun} it had already sent (${where})`,
					`The API ignored the requested page or range (or a whole page of new ${noun} arrived while listing), so the rest of the list could not be read. No items were output; try again.`,
				);
			}
			this.repeated += ids.length - fresh.length;
		}
		return fresh;
	}
}

function endsWith(page: string[], tail: string[]): boolean {
	return tail.length <= page.length && tail.every((id, index) => id === page[page.length - tail.length + index]);
}

/** Full re-reads of a list whose reported size does not add up, before giving up. */
export const MAX_REREADS = 2;

/** The sizes a list reported while one pass read it, and the ids that pass saw. */
class PassCount {
	readonly totals: number[] = [];
	readonly ids = new Set<string>();

	add(page: RawPage<unknown>, idOf: (raw: never) => string): void {
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
		return this.totals.length === 0 || (this.totals.every((total) => total === this.totals[0]) && this.ids.size === this.totals[0]);
	}
}

/**
 * A strategy's reading of the list from its start. `ahead`: pages may be fetched before they are
 * asked for (the main pass; the catch-up and the re-reads go one page at a time).
 */
type Pass<R> = (ahead: boolean) => AsyncGenerator<RawPage<R>>;

/**
 * Runs a strategy's passes through the guard, with the catch-up pass described above. Where the
 * API reports the list's size, a list that shrank while it was read (a removed invoice moves the
 * next one onto a page already read) or ended with fewer invoices than reported is read again in
 * full; one that still does not add up is an error, never a short list. Pages fetched at once
 * reach the guard in page order, so it sees what a reading one page at a time would; where they
 * were answered in another order than asked across invoices arriving, the sizes they report fall
 * back somewhere, and the list is read again (`shrank`).
 */
async function* guarded<R>(options: GuardOptions<R>, pass: Pass<R>): AsyncGenerator<R[]> {
	const guard = new PageGuard(options);
	const idOf = options.idOf as (raw: never) => string;
	const main = new PassCount();
	for await (const page of pass(true)) {
		main.add(page, idOf);
		yield guard.accept(page.items, page.where);
	}
	let missing = guard.repeated;
	if (missing > 0) {
		guard.restart();
		for await (const page of pass(false)) {
			const fresh = guard.accept(page.items, page.where, true);
			missing -= fresh.length;
			if (fresh.length > 0) yield fresh;
			// Done once as many newcomers are found and the page reaches invoices of the main pass:
			// invoices arriving meanwhile may have pushed some newcomers onto the next page.
			if (missing <= 0 && guard.reachesMainPass(page.items)) break;
		}
	}
	const reported = main.totals[main.totals.length - 1];
	if (reported === undefined || (!main.shrank && guard.seenCount >= reported)) return;

	let last = main;
	for (let reread = 1; reread <= MAX_REREADS; reread++) {
		guard.restart();
		last = new PassCount();
		for await (const page of pass(false)) {
			last.add(page, idOf);
			const fresh = guard.accept(page.items, page.where, true);
			if (fresh.length > 0) yield fresh;
		}
		// A reading whose pages report no total cannot confirm the one reported before: it must list as many.
		if (last.totals.length > 0 ? last.consistent : last.ids.size >= reported) return;
	}
	const noun = options.noun ?? 'invoices';
	throw options.fail(
		`The ${options.label} API reported ${last.totals[last.totals.length - 1] ?? reported} ${noun} but listed ${last.ids.size}, in ${MAX_REREADS + 1} readings of the list`,
		`The list changed while it was read (or the API counts ${noun} it does not list), so it may be incomplete. No items were output; run the workflow again.`,
	);
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

	constructor(
		private readonly enabled: boolean,
		private readonly wanted: number | undefined,
	) {}

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
 */
export function offsetWindows<R>(
	options: GuardOptions<R> & { pageSize: number; wanted?: number; fetchWindow(start: number, size: number, signal?: AbortSignal): Promise<R[]> },
): AsyncGenerator<R[]> {
	return guarded(options, async function* (ahead) {
		const reading = new ReadAhead<R[]>(readsAhead(options, ahead), options.wanted);
		/** The largest window the API has served: a shorter one is the end of the list. */
		let served = 0;
		try {
			for (let start = 0; ; ) {
				const items = await reading.take(async (signal) => await options.fetchWindow(start, options.pageSize, signal));
				if (items.length > options.pageSize) {
					throw options.fail(
						`The ${options.label} API sent ${items.length} ${options.noun ?? 'invoices'} for a window of ${options.pageSize}`,
						'The API ignored the requested range, so the list cannot be paged reliably. No items were output.',
					);
				}
				const ends = items.length === 0 || (items.length < options.pageSize && items.length < served);
				const next = start + items.length;
				reading.count(items.length);
				if (!ends) reading.start(async (signal) => await options.fetchWindow(next, options.pageSize, signal));
				yield { items, where: `items ${start}-${start + options.pageSize - 1}` };
				if (ends) return;
				served = Math.max(served, items.length);
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

/** An opaque cursor per page until the API stops sending one (Northflank); the next page read ahead where allowed. */
export function cursorPages<R>(
	options: GuardOptions<R> & { wanted?: number; fetchPage(cursor: string | undefined, signal?: AbortSignal): Promise<CursorPage<R>> },
): AsyncGenerator<R[]> {
	return guarded(options, async function* (ahead) {
		const reading = new ReadAhead<CursorPage<R>>(readsAhead(options, ahead), options.wanted);
		const cursors = new Set<string>();
		let cursor: string | undefined;
		try {
			for (let page = 1; ; page++) {
				const result = await reading.take(async (signal) => await options.fetchPage(cursor, signal));
				const next = result.cursor;
				reading.count(result.items.length);
				// Only a cursor that can be followed is read ahead; the checks below say why not.
				if (next !== undefined && next !== '' && !cursors.has(next)) reading.start(async (signal) => await options.fetchPage(next, signal));
				yield { items: result.items, where: `page ${page}` };
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

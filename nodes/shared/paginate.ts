/**
 * Pagination strategies as async iterators of pages. The consumer stops pulling when it
 * has enough, so no page beyond the Limit is requested. Every strategy runs its pages
 * through one guard: an invoice seen on an earlier page is dropped (pages shift while
 * new invoices arrive), and a server that ignores the page, range or cursor ends the
 * loop with an error instead of looping or returning a silently short list.
 */

/** Far more pages than any invoice history has; reaching it means the API is misbehaving. */
export const MAX_PAGES = 2000;

export type Fail = (message: string, description: string) => Error;

interface GuardOptions<R> {
	/** The provider's display name, for messages. */
	label: string;
	idOf(raw: R): string;
	fail: Fail;
	maxPages?: number;
}

class PageGuard<R> {
	private readonly seen = new Set<string>();
	private previous: string | undefined;
	private pages = 0;

	constructor(private readonly options: GuardOptions<R>) {}

	/** Checks one page and returns its invoices not seen before. */
	accept(items: R[], where: string): R[] {
		const { label, fail, idOf } = this.options;
		this.pages++;
		const maxPages = this.options.maxPages ?? MAX_PAGES;
		if (this.pages > maxPages) {
			throw fail(
				`The ${label} API kept sending pages: stopped after ${maxPages} pages`,
				'No invoices were output, because the list never ended. The API is not paging as documented; try again later or contact the provider.',
			);
		}
		const ids = items.map((item) => {
			const id = idOf(item);
			if (!id) {
				throw fail(
					`The ${label} API sent an invoice without an ID on ${where}`,
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
		this.previous = signature;
		const fresh: R[] = [];
		ids.forEach((id, index) => {
			if (!this.seen.has(id)) {
				this.seen.add(id);
				fresh.push(items[index]);
			}
		});
		return fresh;
	}
}

export interface NumberedPage<R> {
	items: R[];
	/** Whether the API says another page follows. */
	hasNext: boolean;
}

/** `?page=N` with an envelope that says whether more follow (Laravel, WiseCP). */
export async function* numberedPages<R>(
	options: GuardOptions<R> & { fetchPage(page: number): Promise<NumberedPage<R>>; firstPage?: number },
): AsyncGenerator<R[]> {
	const guard = new PageGuard(options);
	for (let page = options.firstPage ?? 1; ; page++) {
		const result = await options.fetchPage(page);
		yield guard.accept(result.items, `page ${page}`);
		if (!result.hasNext || result.items.length === 0) return;
	}
}

/** An offset window per request; a short page is the last one (i3D.net RANGED-DATA). */
export async function* offsetWindows<R>(
	options: GuardOptions<R> & { pageSize: number; fetchWindow(start: number, size: number): Promise<R[]> },
): AsyncGenerator<R[]> {
	const guard = new PageGuard(options);
	for (let start = 0; ; start += options.pageSize) {
		const items = await options.fetchWindow(start, options.pageSize);
		if (items.length > options.pageSize) {
			throw options.fail(
				`The ${options.label} API sent ${items.length} invoices for a window of ${options.pageSize}`,
				'The API ignored the requested range, so the list cannot be paged reliably. No items were output.',
			);
		}
		yield guard.accept(items, `items ${start}-${start + options.pageSize - 1}`);
		if (items.length < options.pageSize) return;
	}
}

export interface CursorPage<R> {
	items: R[];
	/** The cursor of the next page; absent on the last page. */
	cursor?: string;
}

/** An opaque cursor per page until the API stops sending one (Northflank). */
export async function* cursorPages<R>(
	options: GuardOptions<R> & { fetchPage(cursor: string | undefined): Promise<CursorPage<R>> },
): AsyncGenerator<R[]> {
	const guard = new PageGuard(options);
	const cursors = new Set<string>();
	let cursor: string | undefined;
	for (let page = 1; ; page++) {
		const result = await options.fetchPage(cursor);
		yield guard.accept(result.items, `page ${page}`);
		if (result.cursor === undefined || result.cursor === '') return;
		if (cursors.has(result.cursor)) {
			throw options.fail(
				`The ${options.label} API sent a cursor it had already sent (page ${page})`,
				'Following it would loop forever, so no items were output. Try again later.',
			);
		}
		cursors.add(result.cursor);
		cursor = result.cursor;
	}
}

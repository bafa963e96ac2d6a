'use strict';

/**
 * Laravel's LengthAwarePaginator as an API resource collection renders it:
 * `{ data, links: {first,last,prev,next}, meta: {current_page, from, last_page, links[], path, per_page, to, total} }`.
 * Used by VPSBG (`/invoices`) and PPH (optional paging of `/client/invoices`).
 */

/**
 * Laravel's `resolveCurrentPage`: `page` must pass FILTER_VALIDATE_INT and be >= 1, otherwise 1.
 * @param {unknown} value
 */
function resolvePage(value) {
	if (typeof value !== 'string') return 1;
	const text = value.trim();
	if (!/^[+-]?(0|[1-9]\d*)$/.test(text)) return 1;
	const page = Number(text);
	return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/**
 * Laravel's UrlWindow (onEachSide = 3): which page numbers the `meta.links` list shows.
 * @returns {Array<number|'...'>}
 */
function pageWindow(current, last) {
	const range = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
	const onEachSide = 3;
	if (last < onEachSide * 2 + 8) return range(1, last);
	const window = onEachSide + 4;
	if (current <= window) return [...range(1, window + onEachSide), '...', ...range(last - 1, last)];
	if (current > last - window) return [...range(1, 2), '...', ...range(last - (window + (onEachSide - 1)), last)];
	return [...range(1, 2), '...', ...range(current - onEachSide, current + onEachSide), '...', ...range(last - 1, last)];
}

/**
 * @template T
 * @param {{ items: T[], page: number, perPage: number, path: string }} options
 *   `path` is the absolute URL without query, e.g. "http://127.0.0.1:4010/vpsbg/v1/invoices"
 */
function paginate({ items, page, perPage, path }) {
	const total = items.length;
	const lastPage = Math.max(Math.ceil(total / perPage), 1);
	const data = items.slice((page - 1) * perPage, page * perPage);
	const url = (n) => `${path}?page=${n}`;
	const from = data.length ? (page - 1) * perPage + 1 : null;
	const links = [
		{ url: page > 1 ? url(page - 1) : null, label: '&laquo; Previous', active: false },
		...pageWindow(page, lastPage).map((n) => (n === '...'
			? { url: null, label: '...', active: false }
			: { url: url(n), label: String(n), active: n === page })),
		{ url: page < lastPage ? url(page + 1) : null, label: 'Next &raquo;', active: false },
	];
	// The docs show the labels HTML-decoded.
	links[0].label = '« Previous';
	links[links.length - 1].label = 'Next »';
	return {
		data,
		links: { first: url(1), last: url(lastPage), prev: page > 1 ? url(page - 1) : null, next: page < lastPage ? url(page + 1) : null },
		meta: {
			current_page: page,
			from,
			last_page: lastPage,
			links,
			path,
			per_page: perPage,
			to: from === null ? null : from + data.length - 1,
			total,
		},
	};
}

module.exports = { resolvePage, paginate, pageWindow };

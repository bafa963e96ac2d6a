/** Every path of the Northflank API this node calls, relative to the credential's Base URL. */
export const NORTHFLANK_PATHS = {
	list: 'billing/invoices',
	one: (id: string) => `billing/invoices/${id}`,
	/** The older API had no invoice IDs: an invoice was fetched by a timestamp inside its period. */
	legacyDetails: 'billing/invoices/details',
};

/** `per_page` is at most 100 (API reference). */
export const NORTHFLANK_PAGE_SIZE = 100;

/**
 * Whether Northflank's `pagination.cursor` stands for a position in the list (an offset in
 * disguise) rather than for the last invoice read (a keyset). The API reference leaves it open
 * (❓ in the API notes). Assumed positional: the most plausible reading of an opaque cursor over a
 * short, oldest-first list, and the safe one. With it, an invoice removed while the list is read
 * moves the next one onto a page already read, unseen (the API reports no total), so a list of more
 * than one page is read twice and compared (one more reading of the list, run alongside the first
 * where more than one request may run at once; a list of one page costs nothing extra). Were it a keyset, a removal could not hide another invoice and the second reading
 * would only cost requests.
 */
export const NORTHFLANK_CURSOR_IS_POSITIONAL = true;

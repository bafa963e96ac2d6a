/** Every path of the Northflank API this node calls, relative to the credential's Base URL. */
export const NORTHFLANK_PATHS = {
	list: 'billing/invoices',
	one: (id: string) => `billing/invoices/${id}`,
	/** The older API had no invoice IDs: an invoice was fetched by a timestamp inside its period. */
	legacyDetails: 'billing/invoices/details',
};

/** `per_page` is at most 100 (API reference). */
export const NORTHFLANK_PAGE_SIZE = 100;

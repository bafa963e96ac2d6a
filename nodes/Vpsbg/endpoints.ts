/** Every path of the VPSBG API this node calls, relative to the credential's Base URL. */
export const VPSBG_PATHS = {
	list: 'invoices',
	/** The account balance, which states the currency the invoices are in. */
	balance: 'balance',
};

/**
 * The two download endpoints are documented only as "POST" (NOTES.md §1.2): the paths and
 * bodies below are the most plausible reading and live here so they are trivial to fix.
 */
export const VPSBG_DOWNLOAD = {
	one: (id: string) => `invoices/${id}/download`,
	many: 'invoices/download',
	manyBody: (ids: number[]) => ({ invoices: ids }),
	/** Where a JSON answer may carry the file as base64 instead of sending bytes. */
	base64Fields: ['data.file', 'data.content', 'data.pdf', 'file', 'content', 'pdf'],
};

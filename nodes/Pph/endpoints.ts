/** Every path of the PPH API this node calls, relative to the credential's Base URL. */
export const PPH_PATHS = {
	account: 'client',
	list: 'client/invoices',
	one: (id: string) => `client/invoices/${id}`,
	pdf: (id: string) => `client/invoices/${id}/download`,
	pay: (id: string) => `client/invoices/${id}/pay`,
	removeCredit: (id: string) => `client/invoices/${id}/remove-credit`,
	/** Its filters are undocumented; the list's status, type and transactions are the plausible ones. */
	archive: 'client/invoices/download/archive',
};

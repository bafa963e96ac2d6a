import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../shared/validate';

export const PPH_FILTER_VALUES: Record<string, string[]> = {
	status: ['Paid', 'Unpaid', 'Cancelled', 'Refunded'],
	type: ['Hosting', 'Donation', 'Domain'],
};

/** The list and archive query from the node's filters, each value checked. */
export function pphQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	for (const [key, allowed] of Object.entries(PPH_FILTER_VALUES)) {
		const value = filters[key];
		if (value === undefined || value === '') continue;
		const match = allowed.find((option) => option.toLowerCase() === String(value).toLowerCase());
		if (!match) {
			throw new InputError(
				`The ${key === 'status' ? 'Status' : 'Type'} filter "${String(value)}" is not a value PPH accepts`,
				`Use one of: ${allowed.join(', ')}.`,
			);
		}
		qs[key] = match;
	}
	if (filters.withTransactions === true) qs.transactions = true;
	return qs;
}

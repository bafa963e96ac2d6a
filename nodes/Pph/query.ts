import type { IDataObject } from 'n8n-workflow';

import { oneOf } from '../shared/validate';

export const PPH_FILTER_VALUES: Record<string, string[]> = {
	status: ['Paid', 'Unpaid', 'Cancelled', 'Refunded'],
	type: ['Hosting', 'Donation', 'Domain'],
};

/** The list and archive query from the node's filters, each value checked. */
export function pphQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	for (const [key, allowed] of Object.entries(PPH_FILTER_VALUES)) {
		const field = key === 'status' ? 'Status' : 'Type';
		const match = oneOf(filters[key], allowed, { field, provider: 'PPH', ignoreCase: true });
		if (match !== undefined) qs[key] = match;
	}
	if (filters.withTransactions === true) qs.transactions = true;
	return qs;
}

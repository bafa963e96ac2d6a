import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { oneOf } from '../shared/validate';

/** The list's own filters (Item Type, Status, With Transactions Only, sorted as n8n lists them), also used by Download Archive. */
export const pphFilters: INodeProperties[] = [
	{
		displayName: 'Item Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Domain', value: 'Domain' },
			{ name: 'Donation', value: 'Donation' },
			{ name: 'Hosting', value: 'Hosting' },
		],
		default: 'all',
		description: 'Only invoices with items of this type',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Cancelled', value: 'Cancelled' },
			{ name: 'Paid', value: 'Paid' },
			{ name: 'Refunded', value: 'Refunded' },
			{ name: 'Unpaid', value: 'Unpaid' },
		],
		default: 'all',
	},
	{
		displayName: 'With Transactions Only',
		name: 'withTransactions',
		type: 'boolean',
		default: false,
		description: 'Whether to return only invoices that have transactions',
	},
];

export const PPH_FILTER_VALUES: Record<string, string[]> = {
	status: ['Paid', 'Unpaid', 'Cancelled', 'Refunded'],
	type: ['Hosting', 'Donation', 'Domain'],
};

/** The list and archive query from the node's filters, each value checked. */
export function pphQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	for (const [key, allowed] of Object.entries(PPH_FILTER_VALUES)) {
		const field = key === 'status' ? 'Status' : 'Item Type';
		const match = oneOf(filters[key], ['all', ...allowed], { field, provider: 'PPH', ignoreCase: true });
		if (match !== undefined && match !== 'all') qs[key] = match;
	}
	if (filters.withTransactions === true) qs.transactions = true;
	return qs;
}

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { oneOf } from '../shared/validate';

export const wiseCpFilters: INodeProperties[] = [
	{
		displayName: 'Formalized',
		name: 'formalized',
		type: 'options',
		options: [
			{ name: 'Any', value: 'none' },
			{ name: 'Formalized Only', value: 'true' },
			{ name: 'Not Formalized', value: 'false' },
		],
		default: 'none',
		description: 'Whether the invoice has been formalized (only formalized invoices have a PDF)',
	},
	{
		displayName: 'Invoice Number',
		name: 'number',
		type: 'string',
		default: '',
		placeholder: 'e.g. #327',
		description: 'Only the invoice with this serial number',
	},
	{
		displayName: 'Local',
		name: 'local',
		type: 'options',
		options: [
			{ name: 'Any', value: 'none' },
			{ name: 'Local Only', value: 'true' },
			{ name: 'Not Local', value: 'false' },
		],
		default: 'none',
		description: "Filter by WiseCP's localization status",
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Cancelled', value: 'cancelled' },
			{ name: 'Paid', value: 'paid' },
			{ name: 'Pending', value: 'pending' },
			{ name: 'Refunded', value: 'refunded' },
			{ name: 'Unpaid', value: 'unpaid' },
		],
		default: 'all',
	},
	{
		displayName: 'Tax Free',
		name: 'taxfree',
		type: 'options',
		options: [
			{ name: 'Any', value: 'none' },
			{ name: 'Tax-Free Only', value: 'true' },
			{ name: 'Taxed Only', value: 'false' },
		],
		default: 'none',
		description: 'Filter by tax exemption',
	},
];

/** How WiseCP sorts the list: Get Many's own options (newest first by default). */
export const wiseCpListOptions: INodeProperties[] = [
	{
		displayName: 'Sort By',
		name: 'sort',
		type: 'options',
		options: [
			{ name: 'Created At', value: 'created_at' },
			{ name: 'Due Date', value: 'due_date' },
			{ name: 'ID', value: 'id' },
			{ name: 'Number', value: 'number' },
			{ name: 'Payment Date', value: 'payment_date' },
			{ name: 'Total', value: 'total' },
		],
		default: 'id',
		description: 'The field WiseCP sorts the list by (the newest first by default)',
	},
	{
		displayName: 'Sort Direction',
		name: 'sortDirection',
		type: 'options',
		options: [
			{ name: 'Ascending', value: 'ASC' },
			{ name: 'Descending', value: 'DESC' },
		],
		default: 'DESC',
	},
];

/** The values the API documents for each filter; anything else is refused before a request. */
export const WISECP_FILTER_VALUES: Record<string, string[]> = {
	status: ['all', 'pending', 'unpaid', 'paid', 'cancelled', 'refunded'],
	local: ['none', 'true', 'false'],
	taxfree: ['none', 'true', 'false'],
	formalized: ['none', 'true', 'false'],
	sort: ['id', 'number', 'created_at', 'due_date', 'payment_date', 'total'],
	sortDirection: ['ASC', 'DESC'],
};

const FILTER_LABELS: Record<string, string> = {
	status: 'Status filter',
	local: 'Local filter',
	taxfree: 'Tax Free filter',
	formalized: 'Formalized filter',
	sort: 'Sort By option',
	sortDirection: 'Sort Direction option',
};

/**
 * Builds the query of GetInvoices from the node's filters and options, checking each value.
 * The sort lived under Filters before it moved to Options; saved workflows still have it there.
 */
export function wiseCpQuery(filters: IDataObject, options: IDataObject = {}): IDataObject {
	const qs: IDataObject = {};
	for (const [key, allowed] of Object.entries(WISECP_FILTER_VALUES)) {
		const value = key === 'sort' || key === 'sortDirection' ? (options[key] ?? filters[key]) : filters[key];
		const textValue = oneOf(value, allowed, { field: FILTER_LABELS[key], provider: 'WiseCP' });
		if (textValue === undefined) continue;
		if (key === 'sort') qs.sort = textValue;
		else if (key === 'sortDirection') qs.sort_type = textValue;
		else qs[`filter[${key}]`] = textValue;
	}
	const number = typeof filters.number === 'string' ? filters.number.trim() : '';
	if (number) qs['filter[number]'] = number;
	return qs;
}

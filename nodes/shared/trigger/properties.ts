import type { INodeProperties } from 'n8n-workflow';

import { downloadPdfField, includeRawOption, invoiceTypeFilter, PDF_OPTIONS, pdfFieldWhenOn, timeoutOption } from '../fields';
import type { InvoiceProvider } from '../provider';

const byDisplayName = (list: INodeProperties[]) => [...list].sort((a, b) => a.displayName.localeCompare(b.displayName));

const eventField: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Invoice Status Changed',
			value: 'statusChanged',
			description: 'An invoice whose status changed since the last poll, with its previous status',
		},
		{
			name: 'New Invoice',
			value: 'newInvoice',
			description: 'Each invoice that was not there before, once',
		},
	],
	default: 'newInvoice',
};

const fields: INodeProperties[] = [
	{
		displayName: 'To Status',
		name: 'toStatus',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Cancelled', value: 'cancelled' },
			{ name: 'Overdue', value: 'overdue' },
			{ name: 'Paid', value: 'paid' },
			{ name: 'Pending', value: 'pending' },
			{ name: 'Refunded', value: 'refunded' },
			{ name: 'Unpaid', value: 'unpaid' },
		],
		default: 'any',
		description: 'Only changes to this status',
		displayOptions: { show: { event: ['statusChanged'] } },
	},
	{
		displayName: 'Start With',
		name: 'startWith',
		type: 'options',
		options: [
			{
				name: 'New Invoices Only',
				value: 'new',
				description: 'Remember the invoices that exist on activation and start with the next new one',
			},
			{
				name: 'Invoices of the Last Days',
				value: 'lastDays',
				description: 'On activation, also the invoices issued in the last days',
			},
			{
				name: 'All Existing Invoices',
				value: 'all',
				description: 'A backfill: every invoice, oldest first, a few polls at a time (see Max Invoices per Poll)',
			},
		],
		default: 'new',
		description: 'What the first poll after activation starts with',
		displayOptions: { show: { event: ['newInvoice'] } },
	},
	{
		displayName: 'Days',
		name: 'days',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'How many days back the first poll starts',
		displayOptions: { show: { event: ['newInvoice'], startWith: ['lastDays'] } },
	},
	downloadPdfField,
	pdfFieldWhenOn,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			invoiceTypeFilter,
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			includeRawOption,
			{
				displayName: 'Max Invoices per Poll',
				name: 'maxPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'The most invoices one poll starts the workflow with; the rest follow in the next polls, oldest first',
			},
			timeoutOption,
		],
	},
];

/**
 * A trigger node's parameters: the provider's events (status changes only where the API reports
 * a status), its list filters, and PDFs where it has them.
 */
export function triggerProperties(provider: InvoiceProvider): INodeProperties[] {
	const event: INodeProperties = provider.hasStatus
		? eventField
		: { ...eventField, options: eventField.options!.filter((option) => 'value' in option && option.value === 'newInvoice') };
	return [
		event,
		...fields
			.filter((field) => provider.pdf !== undefined || !PDF_OPTIONS.has(field.name))
			.filter((field) => provider.hasStatus || field.name !== 'toStatus')
			.map((field) =>
				field.name === 'filters'
					? { ...field, options: byDisplayName([...(field.options as INodeProperties[]), ...(provider.filters ?? [])]) }
					: field,
			),
	];
}

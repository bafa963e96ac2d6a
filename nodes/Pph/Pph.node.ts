import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	binaryPropertyField,
	filtersField,
	invoiceIdField,
	optionsField,
	resourceField,
	returnAllAndLimit,
} from '../shared/fields';
import { executeInvoiceOperation } from '../shared/router';
import { pph } from './pph.api';

/** The list's own filters (Status, Type, With Transactions Only), also used by Download Archive. */
const pphFilters: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Cancelled', value: 'Cancelled' },
			{ name: 'Paid', value: 'Paid' },
			{ name: 'Refunded', value: 'Refunded' },
			{ name: 'Unpaid', value: 'Unpaid' },
		],
		default: 'Unpaid',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Domain', value: 'Domain' },
			{ name: 'Donation', value: 'Donation' },
			{ name: 'Hosting', value: 'Hosting' },
		],
		default: 'Hosting',
		description: 'Only invoices with items of this type',
	},
	{
		displayName: 'With Transactions Only',
		name: 'withTransactions',
		type: 'boolean',
		default: false,
		description: 'Whether to return only invoices that have transactions',
	},
];

export class Pph implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PPH',
		name: 'pph',
		icon: { light: 'file:pph.svg', dark: 'file:pph.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get PPH (api.pph.sh, vionity) invoices as normalized items, with their PDFs',
		defaults: { name: 'PPH' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pphApi', required: true }],
		properties: [
			resourceField,
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['invoice'] } },
				options: [
					{
						name: 'Download Archive',
						value: 'downloadArchive',
						description: 'Download a ZIP archive of invoices',
						action: 'Download an invoice archive',
					},
					{
						name: 'Download PDF',
						value: 'download',
						description: 'Download the PDF of an invoice',
						action: 'Download an invoice PDF',
					},
					{
						name: 'Get',
						value: 'get',
						description: 'Get an invoice by its ID',
						action: 'Get an invoice',
					},
					{
						name: 'Get Many',
						value: 'getAll',
						description: 'Get many invoices',
						action: 'Get many invoices',
					},
					{
						name: 'Pay With Credit',
						value: 'payWithCredit',
						description: 'Pay an unpaid invoice from the account credit',
						action: 'Pay an invoice with credit',
					},
					{
						name: 'Remove Credit',
						value: 'removeCredit',
						description: 'Remove the applied credit from an unpaid invoice',
						action: 'Remove credit from an invoice',
					},
				],
				default: 'getAll',
			},
			invoiceIdField(['get', 'download', 'payWithCredit', 'removeCredit'], 'The numeric invoice ID, e.g. from Get Many', 'e.g. 212032'),
			binaryPropertyField(['download', 'downloadArchive']),
			...returnAllAndLimit(),
			filtersField(pphFilters),
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { resource: ['invoice'], operation: ['downloadArchive'] } },
				options: pphFilters,
			},
			optionsField('getAll', true),
			optionsField('get', true),
			optionsField('download', true),
			optionsField('downloadArchive', true),
			optionsField('payWithCredit', true),
			optionsField('removeCredit', true),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, pph, this.continueOnFail());
	}
}

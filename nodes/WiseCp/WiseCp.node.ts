import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
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
import { wiseCp } from './wisecp.api';

export class WiseCp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WiseCP',
		name: 'wiseCp',
		icon: { light: 'file:wisecp.svg', dark: 'file:wisecp.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get invoices from a WiseCP billing system as normalized items, with their formalized PDFs',
		defaults: { name: 'WiseCP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wiseCpApi', required: true }],
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
						name: 'Download PDF',
						value: 'download',
						description: 'Download an invoice\'s formalized PDF (WiseCP has files only for formalized invoices)',
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
				],
				default: 'getAll',
			},
			invoiceIdField(
				['get', 'download'],
				'WiseCP has no call for a single invoice: Get filters the invoice list by this ID',
				'e.g. 327',
			),
			binaryPropertyField(['download']),
			...returnAllAndLimit(),
			filtersField([
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
					description: 'The field WiseCP sorts the list by',
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
			]),
			optionsField('getAll', true),
			optionsField('get', true),
			optionsField('download', true),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, wiseCp, this.continueOnFail());
	}
}

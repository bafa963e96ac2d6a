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
import { vpsbg } from './vpsbg.api';

export class Vpsbg implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VPSBG',
		name: 'vpsbg',
		icon: { light: 'file:vpsbg.svg', dark: 'file:vpsbg.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get VPSBG invoices as normalized items, with their PDFs',
		defaults: { name: 'VPSBG' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vpsbgApi', required: true }],
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
						name: 'Download Invoices',
						value: 'downloadMany',
						description: 'Download the invoices of all input items in one file, as VPSBG packs them',
						action: 'Download many invoices in one file',
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
				],
				default: 'getAll',
			},
			invoiceIdField(
				['get', 'download', 'downloadMany'],
				'VPSBG has no call for a single invoice: Get and Download PDF look the ID up in the invoice list',
			),
			binaryPropertyField(['download', 'downloadMany']),
			...returnAllAndLimit(),
			filtersField([]),
			optionsField('getAll', true),
			optionsField('get', true),
			optionsField('download', true),
			optionsField('downloadMany', true),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, vpsbg, this.continueOnFail());
	}
}

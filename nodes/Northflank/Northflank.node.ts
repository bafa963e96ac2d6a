import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	filtersField,
	invoiceIdField,
	optionsField,
	resourceField,
	returnAllAndLimit,
} from '../shared/fields';
import { executeInvoiceOperation } from '../shared/router';
import { northflank } from './northflank.api';

export class Northflank implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Northflank',
		name: 'northflank',
		icon: { light: 'file:northflank.svg', dark: 'file:northflank.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get Northflank invoices as normalized items (Northflank\'s API has no invoice PDFs)',
		defaults: { name: 'Northflank' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'northflankApi', required: true }],
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
				['get'],
				"The invoice ID from Get Many. Northflank's API offers no PDF; download PDFs from the Northflank web app",
				'e.g. 835994C3-14310',
			),
			...returnAllAndLimit(),
			filtersField([]),
			optionsField('getAll', false),
			optionsField('get', false),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, northflank, this.continueOnFail());
	}
}

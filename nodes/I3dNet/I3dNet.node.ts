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
import { i3dNet } from './i3dnet.api';

export class I3dNet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'i3D.net',
		name: 'i3dNet',
		icon: { light: 'file:i3dnet.svg', dark: 'file:i3dnet.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get i3D.net invoices as normalized items, with their PDFs',
		defaults: { name: 'i3D.net' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'i3dNetApi', required: true }],
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
						name: 'Get by Number',
						value: 'getByNumber',
						description: 'Get an invoice by its invoice number',
						action: 'Get an invoice by number',
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
			invoiceIdField(['get', 'download'], 'The numeric invoice ID, e.g. from Get Many', 'e.g. 2188431'),
			{
				displayName: 'Invoice Number',
				name: 'invoiceNumber',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 20240501234',
				description: 'The invoice number printed on the invoice',
				displayOptions: { show: { resource: ['invoice'], operation: ['getByNumber'] } },
			},
			binaryPropertyField(['download']),
			...returnAllAndLimit(),
			filtersField([
				{
					displayName: 'Description Contains',
					name: 'description',
					type: 'string',
					default: '',
					description: "Only invoices whose description contains this text (i3D.net's own filter)",
				},
				{
					displayName: 'Unpaid Only',
					name: 'unpaidOnly',
					type: 'boolean',
					default: false,
					description: 'Whether to list only unpaid invoices (i3D.net leaves credit invoices out of this list)',
				},
			]),
			optionsField('getAll', true),
			optionsField('get', true),
			optionsField('getByNumber', true),
			optionsField('download', true),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, i3dNet, this.continueOnFail());
	}
}

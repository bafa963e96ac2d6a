import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties } from '../shared/describe';
import { executeInvoiceOperation } from '../shared/router';
import { invoiceSearch } from '../shared/search';
import { northflank } from './northflank.provider';

export class Northflank implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Northflank',
		name: 'northflank',
		icon: { light: 'file:northflank.svg', dark: 'file:northflank.dark.svg' },
		group: ['input'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: "Get Northflank invoices as normalized items (Northflank's API has no invoice PDFs)",
		defaults: { name: 'Northflank' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'northflankApi', required: true }],
		properties: nodeProperties(northflank),
	};

	methods = { listSearch: { searchInvoices: invoiceSearch(northflank) } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, northflank);
	}
}

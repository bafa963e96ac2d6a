import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties } from '../shared/describe';
import { executeInvoiceOperation } from '../shared/router';
import { invoiceSearch } from '../shared/search';
import { vpsbg } from './vpsbg.provider';

export class Vpsbg implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VPSBG',
		name: 'vpsbg',
		icon: { light: 'file:vpsbg.svg', dark: 'file:vpsbg.dark.svg' },
		group: ['input'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get VPSBG invoices as normalized items, with their PDFs',
		defaults: { name: 'VPSBG' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vpsbgApi', required: true }],
		properties: nodeProperties(vpsbg),
	};

	methods = { listSearch: { searchInvoices: invoiceSearch(vpsbg) } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, vpsbg);
	}
}

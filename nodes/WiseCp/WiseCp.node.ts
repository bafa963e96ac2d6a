import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties } from '../shared/describe';
import { executeInvoiceOperation } from '../shared/router';
import { invoiceSearch } from '../shared/search';
import { wiseCp } from './wisecp.provider';

export class WiseCp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WiseCP',
		name: 'wiseCp',
		icon: { light: 'file:wisecp.svg', dark: 'file:wisecp.dark.svg' },
		group: ['input'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get invoices from a WiseCP billing system as normalized items, with their formalized PDFs',
		defaults: { name: 'WiseCP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wiseCpApi', required: true }],
		properties: nodeProperties(wiseCp),
	};

	methods = { listSearch: { searchInvoices: invoiceSearch(wiseCp) } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, wiseCp);
	}
}

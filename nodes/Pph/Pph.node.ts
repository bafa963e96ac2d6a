import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties } from '../shared/describe';
import { executeInvoiceOperation } from '../shared/router';
import { invoiceSearch } from '../shared/search';
import { pph } from './pph.provider';

export class Pph implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PPH',
		name: 'pph',
		icon: { light: 'file:pph.svg', dark: 'file:pph.dark.svg' },
		group: ['input'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get PPH (api.pph.sh, vionity) invoices as normalized items, with their PDFs',
		defaults: { name: 'PPH' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pphApi', required: true }],
		properties: nodeProperties(pph),
	};

	methods = { listSearch: { searchInvoices: invoiceSearch(pph) } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, pph);
	}
}

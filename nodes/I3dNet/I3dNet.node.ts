import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties } from '../shared/describe';
import { executeInvoiceOperation } from '../shared/router';
import { invoiceSearch } from '../shared/search';
import { i3dNet } from './i3dnet.provider';

export class I3dNet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'i3D.net',
		name: 'i3dNet',
		icon: { light: 'file:i3dnet.svg', dark: 'file:i3dnet.dark.svg' },
		group: ['input'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get i3D.net invoices as normalized items, with their PDFs',
		defaults: { name: 'i3D.net' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'i3dNetApi', required: true }],
		properties: nodeProperties(i3dNet),
	};

	methods = { listSearch: { searchInvoices: invoiceSearch(i3dNet) } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeInvoiceOperation.call(this, i3dNet);
	}
}

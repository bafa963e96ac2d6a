import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { pollInvoices } from '../shared/trigger/poll';
import { triggerProperties } from '../shared/trigger/properties';
import { pph } from './pph.provider';

export class PphTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PPH Trigger',
		name: 'pphTrigger',
		icon: { light: 'file:pph.svg', dark: 'file:pph.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "statusChanged" ? "Invoice status changed" : "New invoice" }}',
		description: 'Starts the workflow once for each new PPH invoice',
		defaults: { name: 'PPH Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pphApi', required: true }],
		properties: triggerProperties(pph),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollInvoices.call(this, pph);
	}
}

import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { pollInvoices } from '../shared/trigger/poll';
import { triggerProperties } from '../shared/trigger/properties';
import { wiseCp } from './wisecp.provider';

export class WiseCpTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WiseCP Trigger',
		name: 'wiseCpTrigger',
		icon: { light: 'file:wisecp.svg', dark: 'file:wisecp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "statusChanged" ? "Invoice status changed" : "New invoice" }}',
		description: 'Starts the workflow once for each new WiseCP invoice',
		defaults: { name: 'WiseCP Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wiseCpApi', required: true }],
		properties: triggerProperties(wiseCp),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollInvoices.call(this, wiseCp);
	}
}

import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { pollInvoices } from '../shared/trigger/poll';
import { triggerProperties } from '../shared/trigger/properties';
import { vpsbg } from './vpsbg.provider';

export class VpsbgTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VPSBG Trigger',
		name: 'vpsbgTrigger',
		icon: { light: 'file:vpsbg.svg', dark: 'file:vpsbg.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "statusChanged" ? "Invoice status changed" : "New invoice" }}',
		description: 'Starts the workflow once for each new VPSBG invoice',
		defaults: { name: 'VPSBG Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vpsbgApi', required: true }],
		properties: triggerProperties(vpsbg),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollInvoices.call(this, vpsbg);
	}
}

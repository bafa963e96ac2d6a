import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { pollInvoices } from '../shared/trigger/poll';
import { triggerProperties } from '../shared/trigger/properties';
import { northflank } from './northflank.provider';

export class NorthflankTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Northflank Trigger',
		name: 'northflankTrigger',
		icon: { light: 'file:northflank.svg', dark: 'file:northflank.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "statusChanged" ? "Invoice status changed" : "New invoice" }}',
		description: 'Starts the workflow once for each new Northflank invoice',
		defaults: { name: 'Northflank Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'northflankApi', required: true }],
		properties: triggerProperties(northflank),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollInvoices.call(this, northflank);
	}
}

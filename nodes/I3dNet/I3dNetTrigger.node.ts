import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { pollInvoices } from '../shared/trigger/poll';
import { triggerProperties } from '../shared/trigger/properties';
import { i3dNet } from './i3dnet.provider';

export class I3dNetTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'i3D.net Trigger',
		name: 'i3dNetTrigger',
		icon: { light: 'file:i3dnet.svg', dark: 'file:i3dnet.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "statusChanged" ? "Invoice status changed" : "New invoice" }}',
		description: 'Starts the workflow once for each new i3D.net invoice',
		defaults: { name: 'i3D.net Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'i3dNetApi', required: true }],
		properties: triggerProperties(i3dNet),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollInvoices.call(this, i3dNet);
	}
}

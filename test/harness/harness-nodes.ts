/**
 * The two tiny nodes every harness workflow starts with (n8n-nodes-base is not needed):
 *   Manual Trigger (start node, emits one empty item) -> Input (emits the test's items).
 */
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

export const HARNESS_PACKAGE = 'n8n-harness';
export const MANUAL_TRIGGER_TYPE = `${HARNESS_PACKAGE}.manualTrigger`;
export const INPUT_TYPE = `${HARNESS_PACKAGE}.input`;

export class HarnessManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts a harness workflow',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Emits the items registered for its node name. n8n calls execute() with the execution
 * context as `this`, so the items live in a closure (one node type instance per run).
 * Items are cloned, so tests can reuse their fixtures; every item is paired with the
 * trigger's single item.
 */
export function createInputNodeType(itemsByNodeName: Record<string, INodeExecutionData[]>): INodeType {
	return {
		description: {
			displayName: 'Harness Input',
			name: 'input',
			group: ['transform'],
			version: 1,
			description: 'Emits the items given to the harness',
			defaults: { name: 'Input' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = itemsByNodeName[this.getNode().name] ?? [{ json: {} }];
			return [
				structuredClone(items).map((item) => ({
					...item,
					json: item.json ?? {},
					pairedItem: item.pairedItem ?? { item: 0 },
				})),
			];
		},
	};
}

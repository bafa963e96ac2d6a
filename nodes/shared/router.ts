import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { concurrencyOf, concurrencyOption, inOrder } from './concurrency';
import type { InvoiceOperation, InvoiceProvider, NodeFunctions } from './provider';
import { Session } from './session';
import { redact } from './transport';
import { InputError } from './validate';

/** The operation n8n adds to every node whose credential the HTTP Request node can use. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** Resource locator parameters: read as their value (an Invoice picked from the list or given by ID is its ID). */
const LOCATORS = new Set(['invoiceId']);

/** Any failure as the n8n error the user sees, without the credential's secrets. */
export function toNodeError(fn: NodeFunctions, error: unknown, itemIndex: number, secrets: string[]): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const hide = (text: string) => redact(text, secrets);
	if (error instanceof InputError) {
		return new NodeOperationError(fn.getNode(), hide(error.message), {
			itemIndex,
			description: hide(error.description),
		});
	}
	// Anything else is a response this code did not expect; say so instead of a bare TypeError.
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(fn.getNode(), hide(`Unexpected problem: ${message}`), {
		itemIndex,
		description: 'The API answered in a way this node does not understand, so no items were output for this input.',
	});
}

/** Whether the operation offers the Concurrent Requests option (and so may run its items at once). */
function offersConcurrency(operation: InvoiceOperation): boolean {
	return operation.properties.some((property) => property.options?.some((option) => option === concurrencyOption));
}

/**
 * The one execute loop of every invoice node: picks the operation, runs it per item (or once
 * for batch operations), pairs every output item with its input, and honours Continue On Fail.
 * An operation that offers Concurrent Requests runs that many items at once; the output is in
 * item order all the same, and without Continue On Fail the first failing item in order decides
 * the error, as if the items had run one after another.
 */
export async function executeInvoiceOperation(
	this: IExecuteFunctions,
	provider: InvoiceProvider,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = provider.operations.find((candidate) => candidate.option.value === operationName);
	if (operationName === CUSTOM_API_CALL) {
		throw new NodeOperationError(this.getNode(), `Custom API Call is not an operation of the ${provider.displayName} node`, {
			description: `Use n8n's HTTP Request node with Authentication "Predefined Credential Type" and the credential type "${provider.displayName} API": it sends the API key as this node does, to any path of the API.`,
		});
	}
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported by ${provider.displayName}`);
	}
	const session = new Session(this, provider, (name, itemIndex, fallback) =>
		this.getNodeParameter(name, itemIndex, fallback as IDataObject, LOCATORS.has(name) ? { extractValue: true } : {}),
	);
	const results: INodeExecutionData[] = [];

	if (operation.kind === 'batch') {
		const pairedItem = items.map((_, index) => ({ item: index }));
		try {
			const ctx = await session.context(0);
			for (const result of await operation.run(ctx, items)) results.push({ ...result, pairedItem });
		} catch (error) {
			const failure = toNodeError(this, error, 0, session.secrets);
			if (!continueOnFail) throw failure;
			results.push({ json: { error: failure.message }, pairedItem });
		}
		return [results];
	}

	let limit = 1;
	if (offersConcurrency(operation)) {
		try {
			limit = concurrencyOf(this.getNodeParameter('options', 0, {}) as IDataObject);
		} catch {
			// An invalid value: the first item's context reports it.
		}
	}
	const outcomes = await inOrder(
		items.length,
		limit,
		async (itemIndex) => {
			try {
				return await operation.run(await session.context(itemIndex), items[itemIndex]);
			} finally {
				session.finished(itemIndex);
			}
		},
		!continueOnFail,
	);
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (!outcome) break;
		if ('value' in outcome) {
			for (const result of outcome.value) results.push({ ...result, pairedItem: { item: itemIndex } });
			continue;
		}
		const failure = toNodeError(this, outcome.error, itemIndex, session.secrets);
		if (!continueOnFail) throw failure;
		results.push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
	}
	return [results];
}

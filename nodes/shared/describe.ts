import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { PDF_OPTIONS } from './fields';
import type { InvoiceOperation, InvoiceProvider } from './provider';

/**
 * A node's parameters, derived from its provider: the Operation list is the provider's
 * operations, and each operation module's fields are shown for that operation only. A node
 * therefore cannot offer an operation the router does not run.
 */

const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Invoice', value: 'invoice' }],
	default: 'invoice',
};

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
const byDisplayName = (list: INodeProperties[]) => [...list].sort((a, b) => a.displayName.localeCompare(b.displayName));

function shownFor(operation: string, own: IDisplayOptions | undefined): IDisplayOptions {
	return { ...own, show: { resource: ['invoice'], operation: [operation], ...own?.show } };
}

/** One field of an operation as this provider's node shows it. */
function adapt(provider: InvoiceProvider, operation: InvoiceOperation, field: INodeProperties): INodeProperties {
	const adapted: INodeProperties = { ...field, displayOptions: shownFor(operation.option.value as string, field.displayOptions) };
	// The provider's filters are those of its list, so they join Get Many's Filters only.
	if (field.name === 'filters' && operation.option.value === 'getAll') {
		adapted.options = byDisplayName([...(field.options as INodeProperties[]), ...(provider.filters ?? [])]);
	}
	if (field.name === 'options' && field.type === 'collection' && !provider.pdf) {
		adapted.options = (field.options as INodeProperties[]).filter((option) => !PDF_OPTIONS.has(option.name));
	}
	if (field.name === 'invoiceId' && provider.invoiceIdHint) {
		adapted.hint = provider.invoiceIdHint.hint;
		adapted.placeholder = provider.invoiceIdHint.placeholder;
	}
	return adapted;
}

export function nodeProperties(provider: InvoiceProvider): INodeProperties[] {
	return [
		resourceField,
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['invoice'] } },
			options: byName(provider.operations.map((operation) => operation.option)),
			default: 'getAll',
		},
		...provider.operations.flatMap((operation) => operation.properties.map((field) => adapt(provider, operation, field))),
	];
}

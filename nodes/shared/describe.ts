import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { PDF_OPTIONS, invoiceIdField } from './fields';
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

/**
 * An action as the node lists it, naming the provider: n8n names a node added from the nodes
 * panel after its action, so five providers on one canvas read "Get many VPSBG invoices" and
 * "Get many PPH invoices", not "Get many invoices" and "Get many invoices1".
 */
export function withProvider(action: string, provider: string): string {
	return action.replace(/\b(an? )?(invoices?)\b/, (_match, article: string | undefined, noun: string) =>
		article ? `${/^[aeiou]/i.test(provider) ? 'an' : 'a'} ${provider} ${noun}` : `${provider} ${noun}`,
	);
}

function shownFor(operation: string, own: IDisplayOptions | undefined): IDisplayOptions {
	return { ...own, show: { resource: ['invoice'], operation: [operation], ...own?.show } };
}

const versionsOf = (field: INodeProperties) => field.displayOptions?.show?.['@version'] as number[] | undefined;

/** One field of an operation as this provider's node shows it (a field may become two, one per node version). */
function adapt(provider: InvoiceProvider, operation: InvoiceOperation, field: INodeProperties): INodeProperties[] {
	if (!provider.pdf && PDF_OPTIONS.has(field.name)) return [];
	const adapted: INodeProperties = { ...field, displayOptions: shownFor(operation.option.value as string, field.displayOptions) };
	const getMany = operation.option.value === 'getAll';
	const add = (target: INodeProperties, extra: INodeProperties[]) => {
		target.options = byDisplayName([...(target.options as INodeProperties[]), ...extra]);
	};
	if (field.type === 'collection' && !provider.pdf) {
		adapted.options = (adapted.options as INodeProperties[]).filter((option) => !PDF_OPTIONS.has(option.name));
	}
	if (field.name === 'invoiceId' && provider.invoiceIdHint) {
		const { hint, placeholder } = provider.invoiceIdHint;
		if (field.type === 'resourceLocator') {
			adapted.modes = field.modes!.map((mode) => (mode.name === 'id' ? { ...mode, placeholder } : mode));
		} else {
			// The provider's hint replaces the shared one only: an operation's own hint (VPSBG's
			// Download Invoices: one file for all input items) says what that operation does.
			if (field.hint === invoiceIdField.hint) adapted.hint = hint;
			adapted.placeholder = placeholder;
		}
	}
	// The provider's filters are those of its list, so they join Get Many's Filters only.
	if (getMany && field.name === 'filters') {
		add(adapted, provider.filters ?? []);
		// A provider's list options (e.g. a sort) sat among the Filters in version 1, among the Options since.
		if (provider.listOptions) {
			const version1: INodeProperties = { ...adapted, displayOptions: { show: { ...adapted.displayOptions!.show, '@version': [1] } } };
			add(version1, provider.listOptions);
			return [version1, { ...adapted, displayOptions: { show: { ...adapted.displayOptions!.show, '@version': [2] } } }];
		}
	}
	if (getMany && field.name === 'options' && provider.listOptions && versionsOf(field)?.includes(2)) {
		add(adapted, provider.listOptions);
	}
	return [adapted];
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
			options: byName(
				provider.operations.map((operation) => ({
					...operation.option,
					action: withProvider(operation.option.action, provider.displayName),
				})),
			),
			default: 'getAll',
		},
		...provider.operations.flatMap((operation) => operation.properties.flatMap((field) => adapt(provider, operation, field))),
	];
}

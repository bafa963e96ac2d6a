import type { INodeProperties } from 'n8n-workflow';

/** The UI parameters every invoice node shares; each node adds its own filters and extras. */

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Invoice', value: 'invoice' }],
	default: 'invoice',
};

const show = (operation: string[]) => ({ show: { resource: ['invoice'], operation } });

export function returnAllAndLimit(operation = ['getAll']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show(operation),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { resource: ['invoice'], operation, returnAll: [false] } },
		},
	];
}

export function invoiceIdField(operation: string[], hint: string, placeholder = 'e.g. 8431'): INodeProperties {
	return {
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'string',
		required: true,
		default: '',
		placeholder,
		hint,
		description: "The invoice's ID as the provider gives it, e.g. the ID field of Get Many",
		displayOptions: show(operation),
	};
}

export function binaryPropertyField(operation: string[]): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: show(operation),
	};
}

const sortByName = (fields: INodeProperties[]) =>
	[...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));

/** Issued After / Issued Before, checked on every provider against the invoice's issue date. */
export function filtersField(providerFilters: INodeProperties[], operation = ['getAll']): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(operation),
		options: sortByName([
			{
				displayName: 'Issued After',
				name: 'issuedAfter',
				type: 'dateTime',
				default: '',
				description:
					'Only invoices issued at or after this moment (invoices without an issue date are compared by their billing period end)',
			},
			{
				displayName: 'Issued Before',
				name: 'issuedBefore',
				type: 'dateTime',
				default: '',
				description:
					'Only invoices issued before this moment (invoices without an issue date are compared by their billing period end)',
			},
			...providerFilters,
		]),
	};
}

const includeRaw: INodeProperties = {
	displayName: 'Include Raw Data',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description: "Whether to add the provider's original record as the field raw",
};

const timeout: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 60,
	description: 'How long to wait for each API response before retrying and then failing',
};

/** The Options collection of each operation. */
export function optionsField(operation: string, withPdf: boolean, extra: INodeProperties[] = []): INodeProperties {
	const list: INodeProperties[] = [timeout, ...extra];
	if (operation === 'getAll' || operation === 'get' || operation === 'getByNumber' || operation === 'download') {
		list.push(includeRaw);
	}
	if (operation === 'getAll' && withPdf) {
		list.push(
			{
				displayName: 'Download PDFs',
				name: 'downloadPdf',
				type: 'boolean',
				default: false,
				description:
					"Whether to attach each invoice's PDF as binary data (invoices without a PDF are output without one)",
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				hint: 'The name of the output binary field to put the file in, when Download PDFs is on',
			},
		);
	}
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show([operation]),
		options: sortByName(list),
	};
}

import type { INodeProperties } from 'n8n-workflow';

/**
 * Fields that several operation modules share, as literals (the n8n lint rules read them here).
 * An operation module puts them in its own `properties`; nodes/shared/describe.ts ties them to
 * the operation.
 */

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 60,
	description: 'How long to wait for each API response before retrying and then failing',
};

export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw Data',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description: "Whether to add the provider's original record as the field raw",
};

export const invoiceIdField: INodeProperties = {
	displayName: 'Invoice ID',
	name: 'invoiceId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 8431',
	hint: 'Map the ID from Get Many, e.g. {{ $json.id }}',
	description: "The invoice's ID as the provider gives it, e.g. the ID field of Get Many",
};

/**
 * Version 2's Invoice: picked from a list of recent invoices (searchable), or given by ID
 * (mapping {{ $json.id }} still works: a plain string is read as the ID).
 */
export const invoiceLocatorField: INodeProperties = {
	displayName: 'Invoice',
	name: 'invoiceId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	hint: 'Pick a recent invoice, or map the ID from Get Many, e.g. {{ $json.id }}',
	description: 'The invoice, picked from the newest invoices or given by its ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchInvoices', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 8431',
		},
	],
};

export const binaryPropertyField: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put the file in',
};

export const downloadPdfField: INodeProperties = {
	displayName: 'Download PDFs',
	name: 'downloadPdf',
	type: 'boolean',
	default: false,
	description: "Whether to attach each invoice's PDF as binary data (invoices without a PDF are output without one)",
};

/** Where Download PDFs puts each file; shown only when it is on. */
export const pdfFieldWhenOn: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put each PDF in',
	displayOptions: { show: { downloadPdf: [true] } },
};

/** A filter every list has: the normalized type, checked after normalizing. */
export const invoiceTypeFilter: INodeProperties = {
	displayName: 'Invoice Type',
	name: 'invoiceType',
	type: 'options',
	options: [
		{ name: 'Credit Note', value: 'credit_note' },
		{ name: 'Invoice', value: 'invoice' },
		{ name: 'Proforma', value: 'proforma' },
	],
	default: 'invoice',
	description: 'Only invoices of this type (e.g. leave out proformas, which are offers rather than bills)',
};

/** Fields and options that exist only where the provider has PDFs (removed from the node otherwise). */
export const PDF_OPTIONS = new Set(['downloadPdf', 'binaryPropertyName']);

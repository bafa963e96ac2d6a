import type { IDataObject } from 'n8n-workflow';

import { concurrencyOption } from '../concurrency';
import { includeRawOption, invoiceIdField, invoiceLocatorField, timeoutOption } from '../fields';
import type { ItemOperation } from '../provider';
import { output, requestedInvoice, requiredText, uniquelyNamed } from './invoices';

export const get: ItemOperation = {
	kind: 'item',
	option: { name: 'Get', value: 'get', description: 'Get an invoice by its ID', action: 'Get an invoice' },
	properties: [
		{ ...invoiceIdField, displayOptions: { show: { '@version': [1] } } },
		{ ...invoiceLocatorField, displayOptions: { show: { '@version': [2] } } },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [concurrencyOption, includeRawOption, timeoutOption],
		},
	],

	async run(ctx) {
		const id = requiredText(ctx.param('invoiceId'), 'Invoice ID');
		const { invoice, raw } = await requestedInvoice(ctx, { field: 'id', value: id, label: 'ID' }, async () => await ctx.provider.get(ctx, id));
		const includeRaw = ctx.param<IDataObject>('options', {}).includeRaw === true;
		return [{ json: output(uniquelyNamed(ctx, invoice), raw, includeRaw) }];
	},
};

import type { IDataObject } from 'n8n-workflow';

import { concurrencyOption } from '../../shared/concurrency';
import { includeRawOption, timeoutOption } from '../../shared/fields';
import { output, requestedInvoice, requiredText } from '../../shared/operations/invoices';
import type { ItemOperation } from '../../shared/provider';
import { pathSegment } from '../../shared/validate';
import { I3D_PATHS, firstOf } from '../endpoints';

export const getByNumber: ItemOperation = {
	kind: 'item',
	option: {
		name: 'Get by Number',
		value: 'getByNumber',
		description: 'Get an invoice by its invoice number',
		action: 'Get an invoice by number',
	},
	properties: [
		{
			displayName: 'Invoice Number',
			name: 'invoiceNumber',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 20240501234',
			description: 'The invoice number printed on the invoice',
		},
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
		const number = requiredText(ctx.param('invoiceNumber'), 'Invoice Number');
		const { invoice, raw } = await requestedInvoice(ctx, { field: 'number', value: number, label: 'number' }, async () => {
			const response = await ctx.api.request({ path: I3D_PATHS.byNumber(pathSegment(number, 'Invoice Number')) });
			return firstOf(ctx, response.body, `number ${number}`);
		});
		const includeRaw = ctx.param<IDataObject>('options', {}).includeRaw === true;
		return [{ json: output(invoice, raw, includeRaw) }];
	},
};

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { includeRawOption, timeoutOption } from '../fields';
import type { Invoice } from '../invoice';
import type { ItemOperation } from '../provider';
import { InputError, dateParameter, positiveInteger } from '../validate';
import { attachPdf, binaryField, environmentOf, listedInvoice, output, uniquelyNamed } from './invoices';

export const getMany: ItemOperation = {
	kind: 'item',
	option: { name: 'Get Many', value: 'getAll', description: 'Get many invoices', action: 'Get many invoices' },
	properties: [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
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
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Download PDFs',
					name: 'downloadPdf',
					type: 'boolean',
					default: false,
					description:
						"Whether to attach each invoice's PDF as binary data (invoices without a PDF are output without one)",
				},
				includeRawOption,
				{
					displayName: 'Put Output File in Field',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					hint: 'The name of the output binary field to put the file in, when Download PDFs is on',
				},
				timeoutOption,
			],
		},
	],

	async run(ctx) {
		const { provider } = ctx;
		const returnAll = ctx.param<boolean>('returnAll', false);
		const limit = returnAll ? Infinity : positiveInteger(ctx.param('limit', 50), 'Limit');
		const { issuedAfter, issuedBefore, ...filters } = ctx.param<IDataObject>('filters', {});
		const after = dateParameter(issuedAfter, 'Issued After filter', ctx.fn.getTimezone());
		const before = dateParameter(issuedBefore, 'Issued Before filter', ctx.fn.getTimezone());
		if (after !== undefined && before !== undefined && after > before) {
			throw new InputError(
				'The Issued After filter is later than Issued Before',
				'No invoice can match. Swap the two dates or clear one of them.',
			);
		}
		const options = ctx.param<IDataObject>('options', {});
		const withPdf = options.downloadPdf === true && provider.pdf !== undefined;
		const property = withPdf ? binaryField(options.binaryPropertyName ?? 'data') : '';
		const dateFiltered = after !== undefined || before !== undefined;
		// list() checks the provider's filters when called, before the environment's request.
		const pages = provider.list(ctx, { filters, wanted: dateFiltered ? undefined : limit });
		const env = await environmentOf(ctx);

		const found: Array<{ invoice: Invoice; raw: IDataObject }> = [];
		for await (const page of pages) {
			for (const raw of page) {
				const invoice = listedInvoice(ctx, raw, env);
				if (dateFiltered) {
					const stamp = invoice.issuedAt ?? invoice.periodEnd;
					const when = stamp === null ? undefined : Date.parse(stamp);
					if (when === undefined) continue;
					if (after !== undefined && when < after) continue;
					if (before !== undefined && when >= before) continue;
				}
				found.push({ invoice: uniquelyNamed(ctx, invoice), raw });
				if (found.length >= limit) break;
			}
			if (found.length >= limit) break;
		}

		const items: INodeExecutionData[] = [];
		for (const { invoice, raw } of found) {
			const item: INodeExecutionData = { json: output(invoice, raw, options.includeRaw === true) };
			if (withPdf && invoice.pdf.available) {
				item.binary = { [property]: await attachPdf(ctx, invoice, raw) };
			}
			items.push(item);
		}
		return items;
	},
};

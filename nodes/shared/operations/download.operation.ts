import type { IDataObject } from 'n8n-workflow';

import { concurrencyOption } from '../concurrency';
import { binaryPropertyField, includeRawOption, invoiceIdField, invoiceLocatorField, timeoutOption } from '../fields';
import type { Invoice } from '../invoice';
import type { ItemOperation } from '../provider';
import { attachPdf, binaryField, invoiceFromInput, namedInTurn, output, requestedInvoice, requiredText } from './invoices';

export const download: ItemOperation = {
	kind: 'item',
	option: { name: 'Download PDF', value: 'download', description: 'Download the PDF of an invoice', action: 'Download an invoice PDF' },
	properties: [
		{ ...invoiceIdField, displayOptions: { show: { '@version': [1] } } },
		{ ...invoiceLocatorField, displayOptions: { show: { '@version': [2] } } },
		binaryPropertyField,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [concurrencyOption, includeRawOption, timeoutOption],
		},
	],

	async run(ctx, item) {
		const { provider } = ctx;
		const id = requiredText(ctx.param('invoiceId'), 'Invoice ID');
		const property = binaryField(ctx.param('binaryPropertyName', 'data'));
		const includeRaw = ctx.param<IDataObject>('options', {}).includeRaw === true;
		// Chained from Get Many, the incoming item already is the invoice: no lookup needed.
		let invoice: Invoice | undefined = includeRaw ? undefined : invoiceFromInput(ctx, item, id);
		let raw: IDataObject | undefined;
		if (!invoice) {
			({ invoice, raw } = await requestedInvoice(ctx, { field: 'id', value: id, label: 'ID' }, async () => await provider.get(ctx, id)));
		}
		invoice = await namedInTurn(ctx, invoice);
		if (!invoice.pdf.available) {
			throw ctx.api.operationError(
				`${provider.displayName} invoice ${invoice.number ?? invoice.id} has no PDF`,
				provider.pdf?.unavailableReason ?? 'The provider offers no file for this invoice.',
			);
		}
		const binary = await attachPdf(ctx, invoice, raw);
		return [
			{
				json: output(invoice, raw, includeRaw),
				binary: { ...(item.binary ?? {}), [property]: binary },
			},
		];
	},
};

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { concurrencyOption, firstFailure, inOrder } from '../concurrency';
import { downloadPdfField, includeRawOption, invoiceTypeFilter, pdfFieldWhenOn, timeoutOption } from '../fields';
import { INVOICE_TYPES, type Invoice } from '../invoice';
import type { InvoiceContext, ItemOperation } from '../provider';
import { InputError, dateParameter, oneOf, positiveInteger } from '../validate';
import { attachPdf, binaryField, environmentBeside, listedInvoice, output, uniquelyNamed } from './invoices';

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
			hint: 'The newest invoices first: Limit 5 gives the latest five',
			displayOptions: { show: { returnAll: [false] } },
		},
		{ ...downloadPdfField, displayOptions: { show: { '@version': [2] } } },
		{ ...pdfFieldWhenOn, displayOptions: { show: { '@version': [2], downloadPdf: [true] } } },
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				invoiceTypeFilter,
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
			options: [concurrencyOption, includeRawOption, timeoutOption],
			displayOptions: { show: { '@version': [2] } },
		},
		// Version 1 kept Download PDFs among the Options; its saved workflows still read them there.
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				concurrencyOption,
				downloadPdfField,
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
			displayOptions: { show: { '@version': [1] } },
		},
	],

	async run(ctx) {
		const { provider } = ctx;
		const returnAll = ctx.param<boolean>('returnAll', false);
		const limit = returnAll ? Infinity : positiveInteger(ctx.param('limit', 50), 'Limit');
		const { issuedAfter, issuedBefore, invoiceType, ...filters } = ctx.param<IDataObject>('filters', {});
		const type = oneOf(invoiceType, INVOICE_TYPES, { field: 'Invoice Type', provider: provider.displayName });
		const after = dateParameter(issuedAfter, 'Issued After filter', ctx.fn.getTimezone());
		const before = dateParameter(issuedBefore, 'Issued Before filter', ctx.fn.getTimezone());
		if (after !== undefined && before !== undefined && after > before) {
			throw new InputError(
				'The Issued After filter is later than Issued Before',
				'No invoice can match. Swap the two dates or clear one of them.',
			);
		}
		const options = ctx.param<IDataObject>('options', {});
		// Version 1 has Download PDFs among the Options, version 2 as a field of its own.
		const version1 = ctx.fn.getNode().typeVersion === 1;
		const pdfs = version1 ? { on: options.downloadPdf, field: options.binaryPropertyName } : { on: ctx.param('downloadPdf', false), field: undefined };
		const withPdf = pdfs.on === true && provider.pdf !== undefined;
		const property = withPdf ? binaryField(version1 ? (pdfs.field ?? 'data') : ctx.param('binaryPropertyName', 'data')) : '';
		const filtered = after !== undefined || before !== undefined || type !== undefined;
		// An oldest-first list is read whole: its newest invoices come last.
		const readAll = provider.listOrder === 'oldest-first';
		// The list's requests are called off once Get Many stops reading (its limit reached, or a
		// failure such as the environment's): a page in flight, the first one included, does not
		// go on (and retry) after the node has its result. Only the list's: the environment is
		// shared by the execution's items.
		const listing = new AbortController();
		const listed: InvoiceContext = { ...ctx, api: ctx.api.stoppedBy(listing.signal) };
		// list() checks the provider's filters when called, before any request.
		const pages = provider.list(listed, { filters, options, wanted: filtered || readAll ? undefined : limit })[Symbol.asyncIterator]();
		// The environment (e.g. the account's currency) loads beside the first page, not before it;
		// its failure is still the one reported.
		const loading = environmentBeside(ctx);
		const firstPage = pages.next();
		firstPage.catch(() => undefined);

		// The API's record is kept only where it is still needed (Include Raw Data, a PDF link):
		// otherwise each page's records are garbage as soon as they are normalized.
		const keepRaw = options.includeRaw === true || withPdf;
		const found: Array<{ invoice: Invoice; raw?: IDataObject }> = [];
		try {
			const env = await loading;
			for (let page = await firstPage; !page.done; page = await pages.next()) {
				for (const raw of page.value) {
					const invoice = listedInvoice(ctx, raw, env);
					if (type !== undefined && invoice.type !== type) continue;
					if (after !== undefined || before !== undefined) {
						const stamp = invoice.issuedAt ?? invoice.periodEnd;
						const when = stamp === null ? undefined : Date.parse(stamp);
						if (when === undefined) continue;
						if (after !== undefined && when < after) continue;
						if (before !== undefined && when >= before) continue;
					}
					found.push({ invoice, raw: keepRaw ? raw : undefined });
					if (!readAll && found.length >= limit) break;
				}
				if (!readAll && found.length >= limit) break;
			}
		} finally {
			// Ends the list's reading: its requests still in flight stop, and are never handed on.
			listing.abort();
			pages.return?.(undefined).catch(() => undefined);
		}
		if (readAll) found.reverse();

		// Names in list order, in this item's turn; then the PDFs, several at once, kept in order.
		await ctx.inTurn();
		const chosen = found.slice(0, limit).map(({ invoice, raw }) => ({ invoice: uniquelyNamed(ctx, invoice), raw }));
		const items: INodeExecutionData[] = chosen.map(({ invoice, raw }) => ({ json: output(invoice, raw, options.includeRaw === true) }));
		if (withPdf) {
			const withFile = chosen.flatMap((entry, index) => (entry.invoice.pdf.available ? [index] : []));
			const outcomes = await inOrder(
				withFile.length,
				ctx.concurrency,
				async (position) => {
					const { invoice, raw } = chosen[withFile[position]];
					items[withFile[position]].binary = { [property]: await attachPdf(ctx, invoice, raw) };
				},
				true,
			);
			const failure = firstFailure(outcomes);
			if (failure) throw failure.error;
		}
		return items;
	},
};

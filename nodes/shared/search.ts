import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { environmentOf, listedInvoice } from './operations/invoices';
import type { InvoiceProvider, NodeFunctions } from './provider';
import { toNodeError } from './router';
import { Session } from './session';

/** How many of the newest invoices the Invoice list offers (the first pages of the list). */
const SEARCH_SIZE = 100;

/**
 * The Invoice parameter's "From List": the newest invoices, newest first, searched by number,
 * ID or description. Its list is the same one Get Many reads, so the IDs are the same.
 */
export function invoiceSearch(provider: InvoiceProvider) {
	return async function searchInvoices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		// A search never downloads files, the one helper a load-options context lacks.
		const fn = this as unknown as NodeFunctions;
		const session = new Session(fn, provider, (_name, _itemIndex, fallback) => fallback);
		try {
			const ctx = await session.context(0);
			const env = await environmentOf(ctx);
			const found = [];
			const readAll = provider.listOrder === 'oldest-first';
			for await (const page of provider.list(ctx, { filters: {}, options: {}, wanted: readAll ? undefined : SEARCH_SIZE })) {
				for (const raw of page) found.push(listedInvoice(ctx, raw as IDataObject, env));
				if (!readAll && found.length >= SEARCH_SIZE) break;
			}
			if (readAll) found.reverse();
			const needle = filter?.trim().toLowerCase();
			const results = found
				.slice(0, SEARCH_SIZE)
				.filter((invoice) =>
					!needle || [invoice.number, invoice.id, invoice.description].some((text) => text?.toLowerCase().includes(needle)),
				)
				.map((invoice) => {
					const date = (invoice.issuedAt ?? invoice.periodEnd)?.slice(0, 10);
					const amount = invoice.total === null ? null : `${invoice.total} ${invoice.currency ?? ''}`.trim();
					return {
						name: [invoice.number ?? invoice.id, date, amount, invoice.status].filter(Boolean).join(' · '),
						value: invoice.id,
					};
				});
			return { results };
		} catch (error) {
			throw toNodeError(fn, error, 0, session.secrets);
		}
	};
}

import type { IDataObject } from 'n8n-workflow';

import {
	currencyCode,
	isoDate,
	makeInvoice,
	mapStatus,
	money,
	pdfOf,
	percent,
	plainId,
	text,
	type Invoice,
	type InvoiceLine,
} from '../shared/invoice';
import { guardOf, laravelHasNext, numberedPages } from '../shared/paginate';
import type { InvoiceProvider, NormalizeEnv } from '../shared/provider';
import { at, isRecord, optionalRecords, recordAt, recordsAt } from '../shared/shape';
import { digitsId } from '../shared/validate';
import { PPH_PATHS } from './endpoints';
import { pphExtras } from './extras.operations';
import { pphQuery } from './query';

/** WHMCS-style statuses; the localized status_label is ignored. */
export const PPH_STATUS: Record<string, Invoice['status']> = {
	paid: 'paid',
	unpaid: 'unpaid',
	overdue: 'overdue',
	cancelled: 'cancelled',
	refunded: 'refunded',
	'payment pending': 'pending',
	pending: 'pending',
};

function lineOf(item: IDataObject, currency: string | null, invoiceRate: number | null): InvoiceLine {
	return {
		description: text(item.description) ?? text(item.short_description),
		quantity: null,
		unitPrice: null,
		total: money(item.amount, currency),
		taxRate: item.taxed === 0 || item.taxed === false ? 0 : invoiceRate,
	};
}

export function normalizePph(raw: IDataObject, env: NormalizeEnv): Invoice {
	const currency = env.currency ?? null;
	const id = plainId(raw);
	// PPH invoices are known by their ID ("Rechnung #212032"); a separate number is used when sent.
	const number = text(raw.invoicenum) ?? (id || null);
	const taxRate = percent(raw.taxrate);
	return makeInvoice({
		provider: 'pph',
		id,
		number,
		type: 'invoice',
		status: mapStatus(raw.status, PPH_STATUS),
		description: null,
		currency,
		subtotal: money(raw.subtotal, currency),
		tax: money(raw.tax, currency),
		total: money(raw.total, currency),
		amountDue: null,
		taxRate,
		issuedAt: isoDate(raw.date, env.timezone),
		dueAt: isoDate(raw.duedate, env.timezone),
		paidAt: isoDate(raw.datepaid, env.timezone),
		periodStart: null,
		periodEnd: null,
		lines: optionalRecords(raw.items).map((item) => lineOf(item, currency, taxRate)),
		pdf: pdfOf('pph', number, id),
	});
}

export const pph: InvoiceProvider = {
	name: 'pph',
	displayName: 'PPH',
	credentialType: 'pphApi',
	api: {
		errorMessage(body) {
			if (!isRecord(body)) return undefined;
			return text(at(body, 'data.message')) ?? text(body.message) ?? text(at(body, 'error.message')) ?? undefined;
		},
		authHint:
			'Check the API token in the PPH credential (vionity client area → API tokens) and that it has the read and access_invoices scopes.',
	},
	idOf: plainId,
	list(ctx, { filters }) {
		const query = pphQuery(filters);
		return numberedPages({
			...guardOf(ctx, pph),
			fetchPage: async (page) => {
				// Documented as one unpaginated list; a Laravel paginator is followed when one shows up.
				const response = await ctx.api.request({ path: PPH_PATHS.list, qs: page === 1 ? query : { ...query, page } });
				const items = recordsAt(ctx, response.body, 'data');
				return { items, hasNext: laravelHasNext(response.body) };
			},
		});
	},
	async get(ctx, id) {
		const response = await ctx.api.request({ path: PPH_PATHS.one(digitsId(id, 'Invoice ID')) });
		return recordAt(ctx, response.body, 'data');
	},
	async environment(ctx) {
		// Invoices carry no currency; the account does.
		const response = await ctx.api.request({ path: PPH_PATHS.account });
		return { currency: currencyCode(at(response.body, 'data.currency.code')) };
	},
	normalize: normalizePph,
	pdf: {
		fetch: async (ctx, invoice) =>
			await ctx.api.request({ path: PPH_PATHS.pdf(digitsId(invoice.id, 'Invoice ID')), expect: 'file' }),
	},
};

pph.operations = pphExtras(pph);

import type { IDataObject } from 'n8n-workflow';

import { isoDate, mapStatus, money, percent, plainId, text, type Invoice, type InvoiceDraft, type InvoiceLine } from '../shared/invoice';
import type { NormalizeEnv } from '../shared/provider';
import { optionalRecords } from '../shared/shape';

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

export function normalizePph(raw: IDataObject, env: NormalizeEnv): InvoiceDraft {
	const currency = env.currency ?? null;
	const id = plainId(raw);
	const taxRate = percent(raw.taxrate);
	return {
		id,
		// PPH invoices are known by their ID ("Rechnung #212032"); a separate number is used when sent.
		number: text(raw.invoicenum) ?? (id || null),
		type: 'invoice',
		status: mapStatus(raw.status, PPH_STATUS),
		description: null,
		currency,
		subtotal: money(raw.subtotal, currency),
		tax: money(raw.tax, currency),
		total: money(raw.total, currency),
		discount: null,
		amountDue: null,
		taxRate,
		issuedAt: isoDate(raw.date, env.timezone),
		dueAt: isoDate(raw.duedate, env.timezone),
		paidAt: isoDate(raw.datepaid, env.timezone),
		periodStart: null,
		periodEnd: null,
		lines: optionalRecords(raw.items).map((item) => lineOf(item, currency, taxRate)),
		hasPdf: true,
	};
}

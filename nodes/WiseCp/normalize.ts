import type { IDataObject } from 'n8n-workflow';

import { currencyCode, decimal, isoDate, mapStatus, money, percent, plainId, text, type Invoice, type InvoiceDraft, type InvoiceLine } from '../shared/invoice';
import type { NormalizeEnv } from '../shared/provider';
import { optionalRecords } from '../shared/shape';

/** Legacy status words, plus the new API's spellings (waiting, refund) for installs that mix them. */
export const WISECP_STATUS: Record<string, Invoice['status']> = {
	paid: 'paid',
	unpaid: 'unpaid',
	pending: 'pending',
	waiting: 'pending',
	cancelled: 'cancelled',
	refunded: 'refunded',
	refund: 'refunded',
	overdue: 'overdue',
};

function lineOf(item: IDataObject, currency: string | null, invoiceRate: number | null): InvoiceLine {
	return {
		description: text(item.description),
		quantity: decimal(item.quantity),
		unitPrice: money(item.amount, currency),
		total: money(item.total, currency),
		taxRate: item.tax_exempt === true ? 0 : invoiceRate,
	};
}

/** The formalized (official) invoice file, the only PDF the legacy API exposes. */
export function formalizedFile(raw: IDataObject): string | undefined {
	const file = text(raw.formalize_file);
	return raw.formalize !== false && file ? file : undefined;
}

export function normalizeWiseCp(raw: IDataObject, env: NormalizeEnv): InvoiceDraft {
	const currency = currencyCode(raw.currency);
	const taxRate = percent(raw.tax_rate);
	return {
		id: plainId(raw),
		number: text(raw.number),
		type: 'invoice',
		status: mapStatus(raw.status, WISECP_STATUS),
		description: text(raw.notes),
		currency,
		subtotal: money(raw.subtotal, currency),
		tax: money(raw.tax, currency),
		total: money(raw.total, currency),
		amountDue: null,
		taxRate,
		issuedAt: isoDate(raw.created_at, env.timezone),
		dueAt: isoDate(raw.due_date, env.timezone),
		paidAt: isoDate(raw.payment_date, env.timezone),
		periodStart: null,
		periodEnd: null,
		lines: optionalRecords(raw.items).map((item) => lineOf(item, currency, taxRate)),
		hasPdf: formalizedFile(raw) !== undefined,
	};
}

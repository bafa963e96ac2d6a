import type { IDataObject } from 'n8n-workflow';

import { difference, isoDate, lookup, money, plainId, text, type Invoice, type InvoiceDraft } from '../shared/invoice';
import type { NormalizeEnv } from '../shared/provider';

/** `type` values seen in the docs; anything else is read as a final invoice. */
export const VPSBG_TYPES: Record<string, Invoice['type']> = {
	proform: 'proforma',
	proforma: 'proforma',
	original: 'invoice',
	credit: 'credit_note',
	credit_note: 'credit_note',
};

export function normalizeVpsbg(raw: IDataObject, env: NormalizeEnv): InvoiceDraft {
	const currency = env.currency ?? null;
	const subtotal = money(raw.amount, currency);
	const total = money(raw.amount_with_vat, currency);
	return {
		id: plainId(raw),
		number: text(raw.invoice_number),
		type: lookup(raw.type, VPSBG_TYPES, 'invoice'),
		// The list says nothing about payment.
		status: 'unknown',
		description: null,
		currency,
		subtotal,
		tax: difference(total, subtotal, currency),
		total,
		discount: null,
		amountDue: null,
		taxRate: null,
		issuedAt: isoDate(raw.created_at, env.timezone),
		dueAt: null,
		paidAt: null,
		periodStart: null,
		periodEnd: null,
		lines: [],
		hasPdf: true,
	};
}

import type { IDataObject } from 'n8n-workflow';

import {
	currencyCode,
	decimal,
	difference,
	isoDate,
	mapStatus,
	moneyFromMinor,
	percent,
	plainId,
	text,
	type Invoice,
	type InvoiceDraft,
	type InvoiceLine,
} from '../shared/invoice';
import type { NormalizeEnv } from '../shared/provider';
import { optionalRecords } from '../shared/shape';

/**
 * paymentStatus is not enumerated in API v3; API v2 used 0 = unpaid, 1 = paid.
 * Other values are kept as 'unknown' (the raw value stays in Include Raw Data).
 */
export const I3D_PAYMENT_STATUS: Record<string, Invoice['status']> = { '0': 'unpaid', '1': 'paid' };

function lineOf(item: IDataObject, currency: string | null): InvoiceLine {
	return {
		description: text(item.description),
		quantity: decimal(item.quantity),
		unitPrice: moneyFromMinor(item.unitPrice, currency),
		total: moneyFromMinor(item.amountExclVat, currency),
		taxRate: percent(item.vatPercentage),
	};
}

/** The earliest and latest dates among the lines' periods (the invoice itself has none). */
function periodOf(items: IDataObject[], zone: string): [string | null, string | null] {
	const starts = items.map((item) => isoDate(item.periodFrom, zone)).filter((value): value is string => !!value);
	const ends = items.map((item) => isoDate(item.periodTo, zone)).filter((value): value is string => !!value);
	return [starts.sort()[0] ?? null, ends.sort().reverse()[0] ?? null];
}

/** The fields both shapes share; the amounts are named differently in each (see below). */
function normalizeWith(raw: IDataObject, env: NormalizeEnv, amounts: { total: unknown; subtotal: unknown }): InvoiceDraft {
	const currency = currencyCode(raw.currency);
	const total = moneyFromMinor(amounts.total, currency);
	const subtotal = moneyFromMinor(amounts.subtotal, currency);
	const items = optionalRecords(raw.items);
	const [periodStart, periodEnd] = periodOf(items, env.timezone);
	return {
		id: plainId(raw),
		number: text(raw.invoiceNumber),
		type: decimal(raw.isCredit) === 1 ? 'credit_note' : 'invoice',
		status: mapStatus(raw.paymentStatus, I3D_PAYMENT_STATUS),
		description: text(raw.description),
		currency,
		subtotal,
		tax: raw.vatAmount !== undefined ? moneyFromMinor(raw.vatAmount, currency) : difference(total, subtotal, currency),
		total,
		discount: null,
		amountDue: moneyFromMinor(raw.remainingAmount, currency),
		taxRate: percent(raw.vatPercentage),
		issuedAt: isoDate(raw.creationDate, env.timezone),
		dueAt: isoDate(raw.dueDate, env.timezone),
		paidAt: isoDate(raw.paymentDate, env.timezone),
		periodStart,
		periodEnd,
		lines: items.map((item) => lineOf(item, currency)),
		hasPdf: true,
	};
}

/** A record of the invoice list (`Invoice`: amountIncVAT / amountExclVAT, unix dates). */
export function normalizeI3d(raw: IDataObject, env: NormalizeEnv): InvoiceDraft {
	return normalizeWith(raw, env, { total: raw.amountIncVAT, subtotal: raw.amountExclVAT });
}

/**
 * A single-invoice answer (`InvoiceDetails`: amountIncVat / amountExclVat, date strings, items
 * with their periods), from Get by ID and Get by Number.
 */
export function normalizeI3dDetail(raw: IDataObject, env: NormalizeEnv): InvoiceDraft {
	return normalizeWith(raw, env, { total: raw.amountIncVat, subtotal: raw.amountExclVat });
}

import type { IDataObject } from 'n8n-workflow';

import { currencyCode, isoDate, money, moneyFromMinor, percent, text, type InvoiceDraft } from '../shared/invoice';
import type { NormalizeEnv } from '../shared/provider';
import { at, isRecord, optionalRecords } from '../shared/shape';

/**
 * The reference pages say amounts are in cents; a newer guide says decimal units. The
 * credential's "Amounts Are In" setting decides, with cents as the default.
 */
export const NORTHFLANK_DEFAULT_AMOUNT_UNIT = 'cents';

/** The older list items have no id; the start of the billing period identifies them instead. */
export function northflankId(raw: IDataObject): string {
	return text(raw.id) ?? text(at(raw, 'period.start')) ?? '';
}

export function normalizeNorthflank(raw: IDataObject, env: NormalizeEnv): InvoiceDraft {
	const currency = currencyCode(raw.currency);
	const amount = (value: unknown) =>
		env.amountsInMinorUnits === false ? money(value, currency) : moneyFromMinor(value, currency);
	const tax = isRecord(raw.tax) ? raw.tax : {};
	return {
		id: northflankId(raw),
		// The current API's invoice ID is the Stripe invoice number shown on the invoice.
		number: text(raw.number) ?? text(raw.id),
		type: 'invoice',
		status: raw.paid === true ? 'paid' : raw.paid === false ? 'unpaid' : 'unknown',
		description: null,
		currency,
		subtotal: amount(raw.subTotal),
		tax: amount(tax.amount ?? tax.value),
		total: amount(raw.total),
		// The list sends none; the current details send discounts.total, the older ones discount.
		discount: amount(at(raw, 'discounts.total') ?? raw.discount),
		amountDue: null,
		taxRate: percent(tax.percent),
		issuedAt: null,
		dueAt: null,
		paidAt: null,
		periodStart: isoDate(at(raw, 'period.start'), env.timezone),
		periodEnd: isoDate(at(raw, 'period.end'), env.timezone),
		lines: optionalRecords(raw.lineItems).map((line) => ({
			description: text(line.title),
			quantity: null,
			unitPrice: null,
			total: amount(line.total),
			taxRate: null,
		})),
		hasPdf: false,
	};
}

/**
 * A single-invoice answer. The current API's is shaped like a list record. The older API's
 * details answer, looked up by a period-start timestamp, may carry neither an id nor the period:
 * the timestamp asked for is then its period start and so its id, as in the list (a documented
 * merge, not a guess: the list identifies these invoices by exactly that value).
 */
export function normalizeNorthflankDetail(raw: IDataObject, env: NormalizeEnv, id: string): InvoiceDraft {
	const legacy = /^\d+$/.test(id) && raw.id === undefined;
	return normalizeNorthflank(legacy ? { ...raw, period: raw.period ?? { start: Number(id) } } : raw, env);
}

import type { IDataObject } from 'n8n-workflow';

import { currencyCode, decimal, difference, isoDate, mapStatus, minorUnits, money, percent, plainId, text, type Invoice, type InvoiceDraft, type InvoiceLine } from '../shared/invoice';
import type { NormalizeEnv } from '../shared/provider';
import { optionalRecords } from '../shared/shape';
import { parseUrl } from '../shared/validate';
import { formalizedFileUrl } from './endpoints';

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

/**
 * The sum of the invoice's discounts (promotions, coupons): none listed is 0, no list is unknown.
 * WiseCP keeps every amount as an unrounded float, so the four rounded amounts can miss
 * subtotal - discount + tax = total by one minor unit; the discount then takes that cent, as the
 * printed invoice does, so the money adds up.
 */
function discountOf(raw: IDataObject, currency: string | null, amounts: { subtotal: number | null; tax: number | null; total: number | null }): number | null {
	if (!Array.isArray(raw.discounts)) return null;
	let sum = 0;
	for (const discount of optionalRecords(raw.discounts)) {
		const amount = decimal(discount.amount);
		if (amount === null) return null;
		sum += amount;
	}
	const rounded = money(sum, currency);
	const { subtotal, tax, total } = amounts;
	if (rounded === null || subtotal === null || tax === null || total === null) return rounded;
	const balancing = difference(difference(subtotal, total, currency), -tax, currency);
	const unit = 10 ** -minorUnits(currency);
	return balancing !== null && Math.abs(balancing - rounded) <= unit + unit / 1000 ? balancing : rounded;
}

/** The formalized (official) invoice file, the only PDF the legacy API exposes. */
export function formalizedFile(raw: IDataObject): string | undefined {
	const file = text(raw.formalize_file);
	return raw.formalize !== false && file ? file : undefined;
}

/**
 * Where the node downloads the formalized file: formalizedFileUrl against the credential's Base
 * URL, exactly the request the download makes. Null without a Base URL in the environment, or
 * when the link does not resolve to an http(s) URL (the download then reports it as before).
 */
export function formalizedLink(file: string | undefined, baseUrl: string | undefined): string | null {
	if (file === undefined || !baseUrl) return null;
	let link: string;
	try {
		link = formalizedFileUrl(file, baseUrl);
	} catch {
		return null;
	}
	const protocol = parseUrl(link)?.protocol;
	return protocol === 'https:' || protocol === 'http:' ? link : null;
}

export function normalizeWiseCp(raw: IDataObject, env: NormalizeEnv): InvoiceDraft {
	const currency = currencyCode(raw.currency);
	const taxRate = percent(raw.tax_rate);
	const subtotal = money(raw.subtotal, currency);
	const tax = money(raw.tax, currency);
	const total = money(raw.total, currency);
	const file = formalizedFile(raw);
	return {
		id: plainId(raw),
		number: text(raw.number),
		type: 'invoice',
		status: mapStatus(raw.status, WISECP_STATUS),
		description: text(raw.notes),
		currency,
		subtotal,
		tax,
		total,
		discount: discountOf(raw, currency, { subtotal, tax, total }),
		amountDue: null,
		taxRate,
		issuedAt: isoDate(raw.created_at, env.timezone),
		dueAt: isoDate(raw.due_date, env.timezone),
		paidAt: isoDate(raw.payment_date, env.timezone),
		periodStart: null,
		periodEnd: null,
		lines: optionalRecords(raw.items).map((item) => lineOf(item, currency, taxRate)),
		hasPdf: file !== undefined,
		pdfUrl: formalizedLink(file, env.baseUrl),
	};
}

import type { IDataObject } from 'n8n-workflow';

import {
	currencyCode,
	isoDate,
	makeInvoice,
	money,
	moneyFromMinor,
	percent,
	text,
	type Invoice,
} from '../shared/invoice';
import { guardOf, cursorPages } from '../shared/paginate';
import type { InvoiceProvider, NormalizeEnv } from '../shared/provider';
import { at, isRecord, optionalRecords, recordAt } from '../shared/shape';
import { pathSegment } from '../shared/validate';

/** `per_page` is at most 100 (API reference). */
export const NORTHFLANK_PAGE_SIZE = 100;

/**
 * The reference pages say amounts are in cents; a newer guide says decimal units. The
 * credential's "Amounts Are In" setting decides, with cents as the default.
 */
export const NORTHFLANK_DEFAULT_AMOUNT_UNIT = 'cents';

const PATHS = {
	list: 'billing/invoices',
	one: (id: string) => `billing/invoices/${id}`,
	/** The older API had no invoice IDs: an invoice was fetched by a timestamp inside its period. */
	legacyDetails: 'billing/invoices/details',
};

/** The older list items have no id; the start of the billing period identifies them instead. */
export function northflankId(raw: IDataObject): string {
	return text(raw.id) ?? text(at(raw, 'period.start')) ?? '';
}

export function normalizeNorthflank(raw: IDataObject, env: NormalizeEnv): Invoice {
	const currency = currencyCode(raw.currency);
	const amount = (value: unknown) =>
		env.amountsInMinorUnits === false ? money(value, currency) : moneyFromMinor(value, currency);
	const tax = isRecord(raw.tax) ? raw.tax : {};
	const id = northflankId(raw);
	return makeInvoice({
		provider: 'northflank',
		id,
		// The current API's invoice ID is the Stripe invoice number shown on the invoice.
		number: text(raw.number) ?? text(raw.id),
		type: 'invoice',
		status: raw.paid === true ? 'paid' : raw.paid === false ? 'unpaid' : 'unknown',
		description: null,
		currency,
		subtotal: amount(raw.subTotal),
		tax: amount(tax.amount ?? tax.value),
		total: amount(raw.total),
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
		pdf: { available: false, fileName: null },
	});
}

export const northflank: InvoiceProvider = {
	name: 'northflank',
	displayName: 'Northflank',
	credentialType: 'northflankApi',
	settingFields: ['amountUnit'],
	api: {
		errorMessage: (body) => (isRecord(body) ? (text(at(body, 'error.message')) ?? text(body.message) ?? undefined) : undefined),
		authHint:
			'Check the API token in the Northflank credential and that its API role has Account → Billing → General → Read.',
	},
	idOf: northflankId,
	list(ctx, { wanted }) {
		const perPage = Math.min(NORTHFLANK_PAGE_SIZE, wanted ?? Infinity);
		return cursorPages({
			...guardOf(ctx, northflank),
			fetchPage: async (cursor) => {
				const response = await ctx.api.request({
					path: PATHS.list,
					qs: cursor === undefined ? { per_page: perPage } : { per_page: perPage, cursor },
				});
				// One API generation types data.invoices as a single object; accept both.
				const found = at(response.body, 'data.invoices');
				const items = isRecord(found) ? [found] : found;
				if (!Array.isArray(items) || !items.every(isRecord)) {
					throw ctx.api.operationError(
						'The Northflank API sent an unexpected response: no list at "data.invoices"',
						'No items were output from this response. Check the Base URL in the credential.',
					);
				}
				const next = text(at(response.body, 'pagination.cursor'));
				const more = at(response.body, 'pagination.hasNextPage') !== false;
				return { items: items as IDataObject[], cursor: next && more ? next : undefined };
			},
		});
	},
	async get(ctx, id) {
		// A numeric ID is a period start from the older API, which looks invoices up by timestamp.
		const response = /^\d+$/.test(id)
			? await ctx.api.request({ path: PATHS.legacyDetails, qs: { timestamp: id } })
			: await ctx.api.request({ path: PATHS.one(pathSegment(id, 'Invoice ID')) });
		const record = recordAt(ctx, response.body, 'data');
		return /^\d+$/.test(id) && record.id === undefined ? { ...record, period: record.period ?? { start: Number(id) } } : record;
	},
	async environment(ctx) {
		const unit = text(ctx.credentials.amountUnit) ?? NORTHFLANK_DEFAULT_AMOUNT_UNIT;
		return { amountsInMinorUnits: unit !== 'units' };
	},
	normalize: normalizeNorthflank,
};

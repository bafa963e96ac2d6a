import type { IDataObject } from 'n8n-workflow';

import {
	currencyCode,
	decimal,
	difference,
	isoDate,
	makeInvoice,
	mapStatus,
	moneyFromMinor,
	pdfOf,
	percent,
	plainId,
	text,
	type Invoice,
	type InvoiceLine,
} from '../shared/invoice';
import { getBy } from '../shared/operations';
import { guardOf, offsetWindows } from '../shared/paginate';
import type { InvoiceContext, InvoiceProvider, NormalizeEnv } from '../shared/provider';
import { isRecord, optionalRecords, recordsAt } from '../shared/shape';
import { digitsId, pathSegment } from '../shared/validate';

/** i3D's own Terraform client pages by 100; the API's real maximum is not documented. */
export const I3D_PAGE_SIZE = 100;

/**
 * paymentStatus is not enumerated in API v3; API v2 used 0 = unpaid, 1 = paid.
 * Other values are kept as 'unknown' (the raw value stays in Include Raw Data).
 */
export const I3D_PAYMENT_STATUS: Record<string, Invoice['status']> = { '0': 'unpaid', '1': 'paid' };

const PATHS = {
	list: 'account/invoice',
	unpaid: 'account/invoice/unpaid',
	byId: (id: string) => `account/invoice/${id}`,
	byNumber: (number: string) => `account/invoice/number/${number}`,
	pdf: (id: string) => `account/invoice/${id}/pdf`,
};

function firstOf(ctx: InvoiceContext, body: unknown, what: string): IDataObject {
	// Every i3D.net GET answers with an array, even for one invoice.
	const records = recordsAt(ctx, body, '', 'a list with the invoice');
	if (records.length === 0) {
		throw ctx.api.operationError(`i3D.net has no invoice with ${what}`, 'Check the value; Get Many lists the invoices this API key can see.');
	}
	return records[0];
}

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

/** Handles both the list shape (amountIncVAT, unix dates) and the detail shape (amountIncVat, items). */
export function normalizeI3d(raw: IDataObject, env: NormalizeEnv): Invoice {
	const currency = currencyCode(raw.currency);
	const total = moneyFromMinor(raw.amountIncVAT ?? raw.amountIncVat, currency);
	const subtotal = moneyFromMinor(raw.amountExclVAT ?? raw.amountExclVat, currency);
	const id = plainId(raw);
	const number = text(raw.invoiceNumber);
	const items = optionalRecords(raw.items);
	const [periodStart, periodEnd] = periodOf(items, env.timezone);
	return makeInvoice({
		provider: 'i3dnet',
		id,
		number,
		type: decimal(raw.isCredit) === 1 ? 'credit_note' : 'invoice',
		status: mapStatus(raw.paymentStatus, I3D_PAYMENT_STATUS),
		description: text(raw.description),
		currency,
		subtotal,
		tax: raw.vatAmount !== undefined ? moneyFromMinor(raw.vatAmount, currency) : difference(total, subtotal, currency),
		total,
		amountDue: moneyFromMinor(raw.remainingAmount, currency),
		taxRate: percent(raw.vatPercentage),
		issuedAt: isoDate(raw.creationDate, env.timezone),
		dueAt: isoDate(raw.dueDate, env.timezone),
		paidAt: isoDate(raw.paymentDate, env.timezone),
		periodStart,
		periodEnd,
		lines: items.map((item) => lineOf(item, currency)),
		pdf: pdfOf('i3dnet', number, id),
	});
}

export const i3dNet: InvoiceProvider = {
	name: 'i3dnet',
	displayName: 'i3D.net',
	credentialType: 'i3dNetApi',
	api: {
		errorMessage(body) {
			if (!isRecord(body)) return undefined;
			const details = optionalRecords(body.errors)
				.map((error) => [text(error.property), text(error.message)].filter(Boolean).join(': '))
				.filter(Boolean);
			return details.length ? details.join('; ') : (text(body.errorMessage) ?? undefined);
		},
		authHint:
			'Check the API Key in the i3D.net credential: it may be mistyped, expired, or limited to other IP addresses (i3D.net control panel → API keys).',
	},
	idOf: plainId,
	list(ctx, { filters, wanted }) {
		const description = typeof filters.description === 'string' ? filters.description.trim() : '';
		const path = filters.unpaidOnly === true ? PATHS.unpaid : PATHS.list;
		return offsetWindows({
			...guardOf(ctx, i3dNet),
			pageSize: Math.min(I3D_PAGE_SIZE, wanted ?? Infinity),
			fetchWindow: async (start, size) => {
				const response = await ctx.api.request({
					path,
					qs: description ? { filter: description } : undefined,
					headers: { 'RANGED-DATA': `start=${start},results=${size}` },
				});
				return recordsAt(ctx, response.body, '');
			},
		});
	},
	async get(ctx, id) {
		const response = await ctx.api.request({ path: PATHS.byId(digitsId(id, 'Invoice ID')) });
		return firstOf(ctx, response.body, `ID ${id}`);
	},
	normalize: normalizeI3d,
	pdf: {
		fetch: async (ctx, invoice) =>
			await ctx.api.request({ path: PATHS.pdf(digitsId(invoice.id, 'Invoice ID')), expect: 'file' }),
	},
};

i3dNet.operations = {
	getByNumber: getBy(i3dNet, 'invoiceNumber', 'Invoice Number', async (ctx, number) => {
		const response = await ctx.api.request({ path: PATHS.byNumber(pathSegment(number, 'Invoice Number')) });
		return firstOf(ctx, response.body, `number ${number}`);
	}),
};

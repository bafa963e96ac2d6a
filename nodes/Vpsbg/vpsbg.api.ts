import type { IDataObject } from 'n8n-workflow';

import {
	currencyCode,
	difference,
	isoDate,
	lookup,
	makeInvoice,
	money,
	pdfOf,
	plainId,
	text,
	type Invoice,
} from '../shared/invoice';
import { guardOf, laravelHasNext, numberedPages } from '../shared/paginate';
import type { InvoiceContext, InvoiceProvider } from '../shared/provider';
import { at, isRecord, recordsAt } from '../shared/shape';
import { digitsId, pathSegment } from '../shared/validate';
import { downloadMany } from './downloadMany.operation';
import { VPSBG_DOWNLOAD } from './endpoints';

/** `type` values seen in the docs; anything else is read as a final invoice. */
export const VPSBG_TYPES: Record<string, Invoice['type']> = {
	proform: 'proforma',
	proforma: 'proforma',
	original: 'invoice',
	credit: 'credit_note',
	credit_note: 'credit_note',
};

const PATHS = { list: 'invoices', balance: 'balance' };

async function* listPages(ctx: InvoiceContext): AsyncGenerator<IDataObject[]> {
	yield* numberedPages({
		...guardOf(ctx, vpsbg),
		fetchPage: async (page) => {
			const response = await ctx.api.request({ path: PATHS.list, qs: { page } });
			const items = recordsAt(ctx, response.body, 'data');
			return { items, hasNext: laravelHasNext(response.body) };
		},
	});
}

export function normalizeVpsbg(raw: IDataObject, env: { timezone: string; currency?: string | null }): Invoice {
	const currency = env.currency ?? null;
	const subtotal = money(raw.amount, currency);
	const total = money(raw.amount_with_vat, currency);
	const id = plainId(raw);
	const number = text(raw.invoice_number);
	return makeInvoice({
		provider: 'vpsbg',
		id,
		number,
		type: lookup(raw.type, VPSBG_TYPES, 'invoice'),
		// The list says nothing about payment.
		status: 'unknown',
		description: null,
		currency,
		subtotal,
		tax: difference(total, subtotal, currency),
		total,
		amountDue: null,
		taxRate: null,
		issuedAt: isoDate(raw.created_at, env.timezone),
		dueAt: null,
		paidAt: null,
		periodStart: null,
		periodEnd: null,
		lines: [],
		pdf: pdfOf('vpsbg', number, id),
	});
}

export const vpsbg: InvoiceProvider = {
	name: 'vpsbg',
	displayName: 'VPSBG',
	credentialType: 'vpsbgApi',
	api: {
		errorMessage(body) {
			if (!isRecord(body)) return undefined;
			const message = text(body.message);
			const fields = isRecord(body.errors)
				? Object.values(body.errors)
						.flat()
						.map((value) => text(value))
						.filter((value): value is string => !!value && value !== message)
				: [];
			return [message, ...fields].filter(Boolean).join(' ') || undefined;
		},
		authHint:
			'Check the API Key in the VPSBG credential (client area → your name → API tokens). Downloads are POST requests: they need a token with Write permission.',
	},
	idOf: plainId,
	list: (ctx) => listPages(ctx),
	async get(ctx, id) {
		digitsId(id, 'Invoice ID');
		// The API has no single-invoice call: the documented way is to find it in the list.
		for await (const page of listPages(ctx)) {
			const match = page.find((raw) => text(raw.id) === id);
			if (match) return match;
		}
		throw ctx.api.operationError(
			`VPSBG has no invoice with ID ${id}`,
			'The node looked through every page of the invoice list. Check the ID; Get Many shows the IDs.',
		);
	},
	async environment(ctx) {
		// Invoices carry no currency; the account's balance states it.
		const response = await ctx.api.request({ path: PATHS.balance });
		return { currency: currencyCode(at(response.body, 'currency')) };
	},
	normalize: normalizeVpsbg,
	pdf: {
		fetch: async (ctx, invoice) =>
			await ctx.api.request({
				method: 'POST',
				path: VPSBG_DOWNLOAD.one(pathSegment(invoice.id, 'Invoice ID')),
				expect: 'file',
				idempotent: true,
			}),
		base64Fields: VPSBG_DOWNLOAD.base64Fields,
	},
};

vpsbg.operations = { downloadMany: downloadMany(vpsbg) };

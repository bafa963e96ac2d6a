import type { IDataObject } from 'n8n-workflow';

import {
	currencyCode,
	decimal,
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
import { guardOf, numberedPages } from '../shared/paginate';
import type { InvoiceProvider, NormalizeEnv } from '../shared/provider';
import { at, isRecord, optionalRecords, recordsAt } from '../shared/shape';
import { digitsId, oneOf } from '../shared/validate';

/** The legacy External API allows at most 50 invoices per page. */
export const WISECP_PAGE_SIZE = 50;

const LIST = 'Billing/GetInvoices';

/**
 * Where WiseCP keeps uploaded invoice files, under the install root, for a formalize_file that
 * is a bare file name rather than a URL (the docs show a full URL; a bare name is the other
 * plausible form).
 */
export const WISECP_UPLOADS = 'resources/uploads/invoices/';

/**
 * The install root of a WiseCP API URL, which WiseCP shows as `{install}/api/` or
 * `{install}/index.php/api/`: `https://example.com/billing/index.php/api/` →
 * `https://example.com/billing/`. A Base URL of another shape is taken as the root itself.
 */
export function wiseCpInstallRoot(apiUrl: string): string {
	const url = new URL(apiUrl);
	const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
	url.pathname = path.replace(/\/(?:index\.php\/)?api\/$/i, '/');
	url.search = '';
	url.hash = '';
	return url.toString();
}

/**
 * Where a formalize_file lives: a URL as it is, a path relative to the install root (not to the
 * API URL), a bare file name in the install's uploads folder.
 */
export function formalizedFileUrl(file: string, apiUrl: string): string {
	const root = wiseCpInstallRoot(apiUrl);
	const url = file.includes('/') ? new URL(file, root) : new URL(WISECP_UPLOADS + encodeURIComponent(file), root);
	return url.toString();
}

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

/** The values the API documents for each filter; anything else is refused before a request. */
export const WISECP_FILTER_VALUES: Record<string, string[]> = {
	status: ['all', 'pending', 'unpaid', 'paid', 'cancelled', 'refunded'],
	local: ['none', 'true', 'false'],
	taxfree: ['none', 'true', 'false'],
	formalized: ['none', 'true', 'false'],
	sort: ['id', 'number', 'created_at', 'due_date', 'payment_date', 'total'],
	sortDirection: ['ASC', 'DESC'],
};

const FILTER_LABELS: Record<string, string> = {
	status: 'Status',
	local: 'Local',
	taxfree: 'Tax Free',
	formalized: 'Formalized',
	sort: 'Sort By',
	sortDirection: 'Sort Direction',
};

/** Builds the query of GetInvoices from the node's filters, checking each value. */
export function wiseCpQuery(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	for (const [key, allowed] of Object.entries(WISECP_FILTER_VALUES)) {
		const textValue = oneOf(filters[key], allowed, { field: FILTER_LABELS[key], provider: 'WiseCP' });
		if (textValue === undefined) continue;
		if (key === 'sort') qs.sort = textValue;
		else if (key === 'sortDirection') qs.sort_type = textValue;
		else qs[`filter[${key}]`] = textValue;
	}
	const number = typeof filters.number === 'string' ? filters.number.trim() : '';
	if (number) qs['filter[number]'] = number;
	return qs;
}

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

export function normalizeWiseCp(raw: IDataObject, env: NormalizeEnv): Invoice {
	const currency = currencyCode(raw.currency);
	const taxRate = percent(raw.tax_rate);
	const id = plainId(raw);
	const number = text(raw.number);
	const file = formalizedFile(raw);
	return makeInvoice({
		provider: 'wisecp',
		id,
		number,
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
		pdf: pdfOf('wisecp', number, id, file !== undefined),
	});
}

export const wiseCp: InvoiceProvider = {
	name: 'wisecp',
	displayName: 'WiseCP',
	credentialType: 'wiseCpApi',
	api: {
		errorMessage: (body) => (isRecord(body) ? (text(body.message) ?? undefined) : undefined),
		// The legacy API answers HTTP 200 to everything; the body's status says whether it worked.
		bodyError: (body) =>
			isRecord(body) && body.status !== 'successful'
				? (text(body.message) ?? `status "${String(body.status ?? 'missing')}"`)
				: undefined,
		bodyErrorHint:
			'Check the WiseCP credential: the API key, its permission for Billing/GetInvoices, the allowed IP addresses, and the Base URL (Settings → General → API).',
		authHint:
			'Check the API key in the WiseCP credential, its permissions (Billing/GetInvoices) and its allowed IP addresses.',
	},
	idOf: plainId,
	list(ctx, { filters, wanted }) {
		const query = wiseCpQuery(filters);
		const limit = Math.min(WISECP_PAGE_SIZE, wanted ?? Infinity);
		return numberedPages({
			...guardOf(ctx, wiseCp),
			fetchPage: async (page) => {
				const response = await ctx.api.request({ path: LIST, qs: { ...query, page, limit } });
				const items = recordsAt(ctx, response.body, 'data');
				const nextPage = Number(at(response.body, 'next_page'));
				const total = Number(at(response.body, 'total'));
				// Either signal is enough: a missed page would silently lose invoices, an extra one costs one request.
				const hasNext = nextPage > page || (Number.isFinite(total) && page * limit < total);
				return { items, hasNext };
			},
		});
	},
	async get(ctx, id) {
		// The legacy API documents no single-invoice call; filter[id] on the list is documented.
		const response = await ctx.api.request({
			path: LIST,
			qs: { 'filter[id]': digitsId(id, 'Invoice ID'), page: 1, limit: 1 },
		});
		const match = recordsAt(ctx, response.body, 'data').find((raw) => text(raw.id) === id);
		if (!match) {
			throw ctx.api.operationError(`WiseCP has no invoice with ID ${id}`, 'Check the ID; Get Many shows the IDs this API key can see.');
		}
		return match;
	},
	normalize: normalizeWiseCp,
	pdf: {
		async fetch(ctx, invoice, raw) {
			const record = raw ?? (await wiseCp.get(ctx, invoice.id));
			const file = formalizedFile(record);
			if (!file) {
				throw ctx.api.operationError(`WiseCP invoice ${invoice.number ?? invoice.id} has no formalized PDF`, wiseCp.pdf!.unavailableReason!);
			}
			// The file link may sit on another host (a CDN); it is then fetched without the API key.
			const url = formalizedFileUrl(file, ctx.api.settings.baseUrl);
			return await ctx.api.request({ url, expect: 'file', allowOtherOrigin: true });
		},
		unavailableReason:
			'WiseCP\'s API offers a file only for formalized invoices (the official invoice uploaded in WiseCP). Formalize the invoice in WiseCP, or filter Get Many with Formalized = Yes.',
	},
};

import { plainId, text } from '../shared/invoice';
import { download, get, getMany } from '../shared/operations';
import { guardOf, numberedPages } from '../shared/paginate';
import type { InvoiceProvider } from '../shared/provider';
import { at, isRecord, recordsAt } from '../shared/shape';
import { digitsId, safeLink } from '../shared/validate';
import { WISECP_PAGE_SIZE, WISECP_PATHS, formalizedFileUrl } from './endpoints';
import { wiseCpFilters, wiseCpListOptions, wiseCpQuery } from './filters';
import { formalizedFile, normalizeWiseCp } from './normalize';

/** Why an invoice has no PDF, in the words of the Get Many filter. */
const NO_PDF =
	"WiseCP's API offers a file only for formalized invoices (the official invoice uploaded in WiseCP). Formalize the invoice in WiseCP, or set Get Many's Formalized filter to Formalized Only.";

export const wiseCp: InvoiceProvider = {
	name: 'wisecp',
	displayName: 'WiseCP',
	credentialType: 'wiseCpApi',
	hasStatus: true,
	operations: [getMany, get, download],
	filters: wiseCpFilters,
	listOptions: wiseCpListOptions,
	invoiceIdHint: {
		hint: 'Map the ID from Get Many, e.g. {{ $json.id }}. WiseCP has no call for one invoice, so Get filters the invoice list by this ID',
		placeholder: 'e.g. 327',
	},
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
	list(ctx, { filters, options, wanted }) {
		const query = wiseCpQuery(filters, options);
		const limit = Math.min(WISECP_PAGE_SIZE, wanted ?? Infinity);
		return numberedPages({
			...guardOf(ctx),
			wanted,
			fetchPage: async (page, signal) => {
				const response = await ctx.api.request({ path: WISECP_PATHS.list, qs: { ...query, page, limit }, signal });
				const items = recordsAt(ctx, response.body, 'data');
				const nextPage = Number(at(response.body, 'next_page'));
				const reported = at(response.body, 'total');
				const total = typeof reported === 'number' || (typeof reported === 'string' && /^\d+$/.test(reported)) ? Number(reported) : undefined;
				// Either signal is enough: a missed page would silently lose invoices, an extra one costs one request.
				const hasNext = nextPage > page || (total !== undefined && page * limit < total);
				// A full page that says nothing about the rest (a proxy rewrote the envelope) cannot end the list.
				if (at(response.body, 'next_page') === undefined && total === undefined && items.length >= limit) {
					throw ctx.api.operationError(
						`The WiseCP API sent page ${page} of the invoice list without next_page or total`,
						'Without them the node cannot tell whether more pages follow, so no items were output. A proxy may be rewriting the answer; check the Base URL in the credential.',
					);
				}
				return { items, hasNext, total, lastPage: total === undefined ? undefined : Math.ceil(total / limit) };
			},
		});
	},
	async get(ctx, id) {
		// The legacy API documents no single-invoice call; filter[id] on the list is documented.
		const response = await ctx.api.request({
			path: WISECP_PATHS.list,
			qs: { 'filter[id]': digitsId(id, 'Invoice ID'), page: 1, limit: 1 },
		});
		const records = recordsAt(ctx, response.body, 'data');
		// Another invoice than the one asked for is returned as it is: requestedInvoice names both.
		const match = records.find((raw) => text(raw.id) === id) ?? records[0];
		if (!match) {
			throw ctx.api.notFound(`WiseCP has no invoice with ID ${id}`, 'Check the ID; Get Many shows the IDs this API key can see.');
		}
		return match;
	},
	// The Base URL resolves the formalized file's link in the normalized invoice (pdf.url).
	environment: async (ctx) => ({ baseUrl: ctx.api.settings.baseUrl }),
	normalize: normalizeWiseCp,
	pdf: {
		async fetch(ctx, invoice, raw) {
			// The link, in order: the invoice's own pdf.url (chained from Get Many: no lookup), the
			// record that came with it, the invoice read again. An incoming item's pdf.url is user
			// data: one that is not an https link (or http to this machine) is not used, never an error.
			let url = safeLink(invoice.pdf?.url);
			if (url === undefined) {
				const record = raw ?? (await ctx.provider.get(ctx, invoice.id));
				const file = formalizedFile(record);
				if (!file) {
					throw ctx.api.operationError(`WiseCP invoice ${invoice.number ?? invoice.id} has no formalized PDF`, NO_PDF);
				}
				url = formalizedFileUrl(file, ctx.api.settings.baseUrl);
			}
			// The file link may sit on another host (a CDN); it is then fetched without the API key.
			return await ctx.api.request({ url, expect: 'file', allowOtherOrigin: true });
		},
		unavailableReason: NO_PDF,
	},
};

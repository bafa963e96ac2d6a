import { currencyCode, plainId, text } from '../shared/invoice';
import { download, get, getMany } from '../shared/operations';
import { guardOf, laravelEnvelope, numberedPages } from '../shared/paginate';
import type { InvoiceProvider } from '../shared/provider';
import { at, isRecord, recordAt, recordsAt } from '../shared/shape';
import { digitsId } from '../shared/validate';
import { PPH_PATHS } from './endpoints';
import { pphFilters, pphQuery } from './filters';
import { normalizePph } from './normalize';
import { downloadArchive } from './operations/downloadArchive.operation';
import { payWithCredit, removeCredit } from './operations/credit.operations';

export const pph: InvoiceProvider = {
	name: 'pph',
	displayName: 'PPH',
	credentialType: 'pphApi',
	hasStatus: true,
	operations: [getMany, get, download, downloadArchive, payWithCredit, removeCredit],
	filters: pphFilters,
	listOrder: 'oldest-first',
	invoiceIdHint: { hint: 'The numeric invoice ID: map it from Get Many, e.g. {{ $json.id }}', placeholder: 'e.g. 212032' },
	api: {
		errorMessage(body) {
			if (!isRecord(body)) return undefined;
			return text(at(body, 'data.message')) ?? text(body.message) ?? text(at(body, 'error.message')) ?? undefined;
		},
		authHint:
			'Check the API token in the PPH credential (vionity client area → API tokens) and that it has the read and access_invoices scopes.',
	},
	idOf: plainId,
	list(ctx, { filters }) {
		const query = pphQuery(filters);
		return numberedPages({
			...guardOf(ctx),
			fetchPage: async (page, signal) => {
				// Documented as one unpaginated list (data only); either Laravel paginator is followed when one shows up.
				const response = await ctx.api.request({ path: PPH_PATHS.list, qs: page === 1 ? query : { ...query, page }, signal });
				const items = recordsAt(ctx, response.body, 'data');
				return { items, ...(laravelEnvelope(response.body) ?? { hasNext: false }) };
			},
		});
	},
	async get(ctx, id) {
		const response = await ctx.api.request({ path: PPH_PATHS.one(digitsId(id, 'Invoice ID')) });
		return recordAt(ctx, response.body, 'data');
	},
	async environment(ctx) {
		// Invoices carry no currency; the account does.
		const response = await ctx.api.request({ path: PPH_PATHS.account });
		return { currency: currencyCode(at(response.body, 'data.currency.code')) };
	},
	normalize: normalizePph,
	pdf: {
		fetch: async (ctx, invoice) =>
			await ctx.api.request({ path: PPH_PATHS.pdf(digitsId(invoice.id, 'Invoice ID')), expect: 'file' }),
	},
};

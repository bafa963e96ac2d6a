import { plainId, text } from '../shared/invoice';
import { download, get, getMany } from '../shared/operations';
import { guardOf, offsetWindows } from '../shared/paginate';
import type { InvoiceProvider } from '../shared/provider';
import { isRecord, optionalRecords, recordsAt } from '../shared/shape';
import { digitsId } from '../shared/validate';
import { I3D_PAGE_SIZE, I3D_PATHS, firstOf } from './endpoints';
import { i3dFilters } from './filters';
import { normalizeI3d, normalizeI3dDetail } from './normalize';
import { getByNumber } from './operations/getByNumber.operation';

export const i3dNet: InvoiceProvider = {
	name: 'i3dnet',
	displayName: 'i3D.net',
	credentialType: 'i3dNetApi',
	hasStatus: true,
	operations: [getMany, get, getByNumber, download],
	filters: i3dFilters,
	invoiceIdHint: { hint: 'The numeric invoice ID: map it from Get Many, e.g. {{ $json.id }}', placeholder: 'e.g. 2188431' },
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
		const path = filters.unpaidOnly === true ? I3D_PATHS.unpaid : I3D_PATHS.list;
		return offsetWindows({
			...guardOf(ctx),
			pageSize: Math.min(I3D_PAGE_SIZE, wanted ?? Infinity),
			wanted,
			fetchWindow: async (start, size, signal) => {
				const response = await ctx.api.request({
					path,
					qs: description ? { filter: description } : undefined,
					headers: { 'RANGED-DATA': `start=${start},results=${size}` },
					signal,
				});
				return recordsAt(ctx, response.body, '');
			},
		});
	},
	async get(ctx, id) {
		const response = await ctx.api.request({ path: I3D_PATHS.byId(digitsId(id, 'Invoice ID')) });
		return firstOf(ctx, response.body, `ID ${id}`);
	},
	normalize: normalizeI3d,
	normalizeDetail: normalizeI3dDetail,
	pdf: {
		fetch: async (ctx, invoice) =>
			await ctx.api.request({ path: I3D_PATHS.pdf(digitsId(invoice.id, 'Invoice ID')), expect: 'file' }),
	},
};

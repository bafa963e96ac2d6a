import { text } from '../shared/invoice';
import { get, getMany } from '../shared/operations';
import { guardOf, cursorPages } from '../shared/paginate';
import type { InvoiceProvider } from '../shared/provider';
import { at, isRecord, recordAt } from '../shared/shape';
import { pathSegment } from '../shared/validate';
import { NORTHFLANK_CURSOR_IS_POSITIONAL, NORTHFLANK_PAGE_SIZE, NORTHFLANK_PATHS } from './endpoints';
import { NORTHFLANK_DEFAULT_AMOUNT_UNIT, normalizeNorthflank, normalizeNorthflankDetail, northflankId } from './normalize';

export const northflank: InvoiceProvider = {
	name: 'northflank',
	displayName: 'Northflank',
	credentialType: 'northflankApi',
	hasStatus: true,
	settingFields: ['amountUnit'],
	operations: [getMany, get],
	listOrder: 'oldest-first',
	invoiceIdHint: {
		hint: "Map the ID from Get Many, e.g. {{ $json.id }}. Northflank's API offers no PDF; download PDFs from the Northflank web app",
		placeholder: 'e.g. 835994C3-14310',
	},
	api: {
		errorMessage: (body) => (isRecord(body) ? (text(at(body, 'error.message')) ?? text(body.message) ?? undefined) : undefined),
		// x-ratelimit-reset is the seconds until the reset.
		rateLimit: { remaining: ['x-ratelimit-remaining'], reset: ['x-ratelimit-reset'], resetIs: 'delta-seconds' },
		authHint:
			'Check the API token in the Northflank credential and that its API role has Account → Billing → General → Read.',
	},
	idOf: northflankId,
	list(ctx, { wanted }) {
		const perPage = Math.min(NORTHFLANK_PAGE_SIZE, wanted ?? Infinity);
		return cursorPages({
			...guardOf(ctx),
			wanted,
			// Read whole (oldest first), so the readings compared cost no invoice a Limit would skip.
			positional: NORTHFLANK_CURSOR_IS_POSITIONAL,
			fetchPage: async (cursor, signal) => {
				const response = await ctx.api.request({
					path: NORTHFLANK_PATHS.list,
					qs: cursor === undefined ? { per_page: perPage } : { per_page: perPage, cursor },
					signal,
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
				const hasNextPage = at(response.body, 'pagination.hasNextPage');
				return { items, cursor: next && hasNextPage !== false ? next : undefined, hasMore: hasNextPage === true };
			},
		});
	},
	async get(ctx, id) {
		// A numeric ID is a period start from the older API, which looks invoices up by timestamp.
		const response = /^\d+$/.test(id)
			? await ctx.api.request({ path: NORTHFLANK_PATHS.legacyDetails, qs: { timestamp: id } })
			: await ctx.api.request({ path: NORTHFLANK_PATHS.one(pathSegment(id, 'Invoice ID')) });
		return recordAt(ctx, response.body, 'data');
	},
	async environment(ctx) {
		const unit = text(ctx.credentials.amountUnit) ?? NORTHFLANK_DEFAULT_AMOUNT_UNIT;
		return { amountsInMinorUnits: unit !== 'units' };
	},
	normalize: normalizeNorthflank,
	normalizeDetail: normalizeNorthflankDetail,
};

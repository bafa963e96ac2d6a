import type { IDataObject } from 'n8n-workflow';

import { currencyCode, plainId, text } from '../shared/invoice';
import { download, get, getMany } from '../shared/operations';
import { guardOf, laravelEnvelope, numberedPages } from '../shared/paginate';
import type { InvoiceContext, InvoiceProvider } from '../shared/provider';
import { at, isRecord, recordsAt } from '../shared/shape';
import { digitsId, pathSegment } from '../shared/validate';
import { VPSBG_DOWNLOAD, VPSBG_PATHS } from './endpoints';
import { normalizeVpsbg } from './normalize';
import { downloadMany } from './operations/downloadMany.operation';

async function* listPages(ctx: InvoiceContext, paging: { wanted?: number; concurrency?: number } = {}): AsyncGenerator<IDataObject[]> {
	yield* numberedPages({
		...guardOf(ctx),
		...paging,
		fetchPage: async (page, signal) => {
			const response = await ctx.api.request({ path: VPSBG_PATHS.list, qs: { page }, signal });
			const items = recordsAt(ctx, response.body, 'data');
			const envelope = laravelEnvelope(response.body);
			if (!envelope) {
				throw ctx.api.operationError(
					`The VPSBG API sent page ${page} of the invoice list without its paginator (no current_page in "meta" or at the top)`,
					'Without it the node cannot tell whether more pages follow, so no items were output. A proxy may be rewriting the answer; check the Base URL in the credential.',
				);
			}
			return { items, ...envelope };
		},
	});
}

export const vpsbg: InvoiceProvider = {
	name: 'vpsbg',
	displayName: 'VPSBG',
	credentialType: 'vpsbgApi',
	hasStatus: false,
	operations: [getMany, get, download, downloadMany],
	invoiceIdHint: {
		hint: 'Map the ID from Get Many, e.g. {{ $json.id }}. VPSBG has no call for one invoice, so Get looks it up in the invoice list',
		placeholder: 'e.g. 8431',
	},
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
		// Laravel's throttle: X-RateLimit-Reset is a Unix time, and sent only with a 429; the docs
		// give the window ("the maximum number of requests allowed within a minute").
		rateLimit: {
			limit: ['x-ratelimit-limit'],
			remaining: ['x-ratelimit-remaining'],
			reset: ['x-ratelimit-reset'],
			resetIs: 'epoch-seconds',
			windowSeconds: 60,
		},
		authHint:
			'Check the API Key in the VPSBG credential (client area → your name → API tokens). Downloads are POST requests: they need a token with Write permission.',
	},
	idOf: plainId,
	list: (ctx, { wanted }) => listPages(ctx, { wanted }),
	async get(ctx, id) {
		digitsId(id, 'Invoice ID');
		// The API has no single-invoice call: the documented way is to find it in the list, one page
		// at a time so that none is read past the one that has it.
		for await (const page of listPages(ctx, { concurrency: 1 })) {
			const match = page.find((raw) => text(raw.id) === id);
			if (match) return match;
		}
		throw ctx.api.notFound(
			`VPSBG has no invoice with ID ${id}`,
			'The node looked through every page of the invoice list. Check the ID; Get Many shows the IDs.',
		);
	},
	async environment(ctx) {
		// Invoices carry no currency; the account's balance states it.
		const response = await ctx.api.request({ path: VPSBG_PATHS.balance });
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

import type { IDataObject } from 'n8n-workflow';

import { text } from '../shared/invoice';
import { environmentOf, requiredText } from '../shared/operations';
import { dispositionFileName, toBinary } from '../shared/pdf';
import type { InvoiceContext, InvoiceProvider, ItemOperation, Operation } from '../shared/provider';
import { at, isRecord } from '../shared/shape';
import { digitsId } from '../shared/validate';
import { PPH_PATHS } from './endpoints';
import { pphQuery } from './query';

/**
 * Pay with credit and remove credit change the invoice, so they are never retried after a
 * failure that may have reached the server (only on 429). Their answer is documented loosely:
 * an updated invoice is normalized, a bare message is passed on.
 */
function invoiceAction(provider: InvoiceProvider, path: (id: string) => string, done: string): ItemOperation {
	return {
		kind: 'item',
		async run(ctx) {
			const id = digitsId(requiredText(ctx.param('invoiceId'), 'Invoice ID'), 'Invoice ID');
			const response = await ctx.api.request({ method: 'POST', path: path(id), idempotent: false });
			const data = at(response.body, 'data');
			if (isRecord(data) && data.id !== undefined) {
				return [{ json: { ...provider.normalize(data, await environmentOf(ctx, provider)) } as unknown as IDataObject }];
			}
			const message = text(at(response.body, 'data.message')) ?? text(at(response.body, 'message'));
			return [{ json: { provider: provider.name, id, success: true, message: message ?? done } }];
		},
	};
}

async function archive(ctx: InvoiceContext, provider: InvoiceProvider) {
	const property = requiredText(ctx.param('binaryPropertyName', 'data'), 'Put Output File in Field');
	const query = pphQuery(ctx.param<IDataObject>('filters', {}));
	const response = await ctx.api.request({ path: PPH_PATHS.archive, qs: query, expect: 'file' });
	const suggested = dispositionFileName(response.headers);
	const { binary } = await toBinary(ctx, response, {
		expected: ['zip'],
		fileName: () => (suggested?.endsWith('.zip') ? `${provider.name}-${suggested}` : `${provider.name}-invoices.zip`),
		what: `${provider.displayName} invoice archive`,
	});
	return [{ json: { provider: provider.name, filters: query, fileName: binary.fileName ?? null }, binary: { [property]: binary } }];
}

export function pphExtras(provider: InvoiceProvider): Record<string, Operation> {
	return {
		payWithCredit: invoiceAction(provider, PPH_PATHS.pay, 'Invoice paid with account credit'),
		removeCredit: invoiceAction(provider, PPH_PATHS.removeCredit, 'Credit removed from the invoice'),
		downloadArchive: { kind: 'item', run: async (ctx) => await archive(ctx, provider) },
	};
}

import type { BatchOperation, InvoiceProvider } from '../shared/provider';
import { dispositionFileName, toBinary } from '../shared/pdf';
import { requiredText } from '../shared/operations';
import { digitsId } from '../shared/validate';
import { VPSBG_DOWNLOAD } from './endpoints';

/**
 * One request for the invoices of all input items: VPSBG's "Download invoices" endpoint
 * answers with one archive (or a single PDF), which becomes one output item.
 */
export function downloadMany(provider: InvoiceProvider): BatchOperation {
	return {
		kind: 'batch',
		async run(ctx, items) {
			const ids = items.map((_, index) =>
				Number(digitsId(requiredText(ctx.fn.getNodeParameter('invoiceId', index), 'Invoice ID'), 'Invoice ID')),
			);
			const unique = [...new Set(ids)];
			const property = requiredText(ctx.param('binaryPropertyName', 'data'), 'Put Output File in Field');
			const response = await ctx.api.request({
				method: 'POST',
				path: VPSBG_DOWNLOAD.many,
				body: VPSBG_DOWNLOAD.manyBody(unique),
				expect: 'file',
				idempotent: true,
			});
			const suggested = dispositionFileName(response.headers);
			const { binary, kind } = await toBinary(ctx, response, {
				expected: ['zip', 'pdf'],
				fileName: (found) =>
					suggested?.endsWith(`.${found}`) ? suggested : `${provider.name}-invoices-${unique.length}.${found}`,
				base64Fields: VPSBG_DOWNLOAD.base64Fields,
				what: `${provider.displayName} invoices ${unique.join(', ')}`,
			});
			return [
				{
					json: { provider: provider.name, invoiceIds: unique.map(String), fileName: binary.fileName ?? null, fileType: kind },
					binary: { [property]: binary },
				},
			];
		},
	};
}

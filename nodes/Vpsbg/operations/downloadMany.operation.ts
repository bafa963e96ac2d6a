import { binaryPropertyField, invoiceLocatorField, timeoutOption } from '../../shared/fields';
import { binaryField, requiredText } from '../../shared/operations/invoices';
import { dispositionFileName, toBinary } from '../../shared/pdf';
import type { BatchOperation } from '../../shared/provider';
import { digitsId } from '../../shared/validate';
import { VPSBG_DOWNLOAD } from '../endpoints';

/**
 * One request for the invoices of all input items: VPSBG's "Download invoices" endpoint
 * answers with one archive (or a single PDF), which becomes one output item.
 */
export const downloadMany: BatchOperation = {
	kind: 'batch',
	option: {
		name: 'Download Invoices',
		value: 'downloadMany',
		description: 'Download the invoices of all input items in one file, as VPSBG packs them',
		action: 'Download many invoices in one file',
	},
	properties: [
		{
			displayName: 'Invoice ID',
			name: 'invoiceId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 8431',
			hint: 'Map the ID from Get Many, e.g. {{ $json.id }}: each input item adds its invoice to the one file',
			description: "The invoice's ID as the provider gives it, e.g. the ID field of Get Many",
			displayOptions: { show: { '@version': [1] } },
		},
		// Version 2: the Invoice picker of Get and Download PDF, so an invoice picked there stays
		// picked when the operation changes (a text field of the same name would show "[object Object]").
		{
			...invoiceLocatorField,
			hint: 'Pick an invoice, or map the ID from Get Many, e.g. {{ $json.id }}: each input item adds its invoice to the one file',
			displayOptions: { show: { '@version': [2] } },
		},
		binaryPropertyField,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [timeoutOption],
		},
	],

	async run(ctx, items) {
		const { provider } = ctx;
		const ids = items.map((_, index) =>
			Number(digitsId(requiredText(ctx.param('invoiceId', undefined, index), 'Invoice ID'), 'Invoice ID')),
		);
		const unique = [...new Set(ids)];
		const property = binaryField(ctx.param('binaryPropertyName', 'data'));
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

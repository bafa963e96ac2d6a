import type { IDataObject } from 'n8n-workflow';

import { binaryPropertyField, timeoutOption } from '../../shared/fields';
import { binaryField } from '../../shared/operations/invoices';
import { dispositionFileName, toBinary } from '../../shared/pdf';
import type { ItemOperation } from '../../shared/provider';
import { PPH_PATHS } from '../endpoints';
import { pphFilters, pphQuery } from '../filters';

export const downloadArchive: ItemOperation = {
	kind: 'item',
	option: {
		name: 'Download Archive',
		value: 'downloadArchive',
		description: 'Download a ZIP archive of invoices',
		action: 'Download an invoice archive',
	},
	properties: [
		binaryPropertyField,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: pphFilters,
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [timeoutOption],
		},
	],

	async run(ctx) {
		const { provider } = ctx;
		const property = binaryField(ctx.param('binaryPropertyName', 'data'));
		const query = pphQuery(ctx.param<IDataObject>('filters', {}));
		const response = await ctx.api.request({ path: PPH_PATHS.archive, qs: query, expect: 'file' });
		const suggested = dispositionFileName(response.headers);
		const { binary } = await toBinary(ctx, response, {
			expected: ['zip'],
			fileName: () => {
				const name = suggested?.endsWith('.zip') ? `${provider.name}-${suggested}` : `${provider.name}-invoices.zip`;
				// Two archives of one execution (other filters per item) never share a name.
				if (ctx.claimFileName(name, JSON.stringify(query))) return name;
				const numbered = name.replace(/\.zip$/, `-${ctx.itemIndex + 1}.zip`);
				ctx.claimFileName(numbered, JSON.stringify(query));
				return numbered;
			},
			what: `${provider.displayName} invoice archive`,
		});
		return [{ json: { provider: provider.name, filters: query, fileName: binary.fileName ?? null }, binary: { [property]: binary } }];
	},
};

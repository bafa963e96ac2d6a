import type { INodeProperties } from 'n8n-workflow';

export const i3dFilters: INodeProperties[] = [
	{
		displayName: 'Description Contains',
		name: 'description',
		type: 'string',
		default: '',
		description: "Only invoices whose description contains this text (i3D.net's own filter)",
	},
	{
		displayName: 'Unpaid Only',
		name: 'unpaidOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to list only unpaid invoices (i3D.net leaves credit invoices out of this list)',
	},
];

import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyField, baseUrlField, bearerAuth, testRequest } from './common';

export class NorthflankApi implements ICredentialType {
	name = 'northflankApi';

	displayName = 'Northflank API';

	icon: Icon = { light: 'file:../nodes/Northflank/northflank.svg', dark: 'file:../nodes/Northflank/northflank.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/northflank.md';

	properties: INodeProperties[] = [
		apiKeyField('An API token whose role has the permission Account → Billing → General → Read'),
		baseUrlField({ default: 'https://api.northflank.com/v1' }),
		{
			displayName: 'Amounts Are In',
			name: 'amountUnit',
			type: 'options',
			options: [
				{ name: 'Cents (API Reference)', value: 'cents' },
				{ name: 'Currency Units (Billing API Guide)', value: 'units' },
			],
			default: 'cents',
			description: "Northflank's API reference says invoice amounts are in cents, its newer billing guide says decimal currency units. Switch if totals look 100 times too small.",
		},
		{
			displayName:
				'Amounts Are In: Northflank documents both. Keep Cents unless the invoice totals in n8n are 100 times smaller than on your Northflank invoices; then choose Currency Units.',
			name: 'amountUnitNotice',
			type: 'notice',
			default: '',
		},
	];

	authenticate = bearerAuth();

	test = testRequest('/billing/invoices', {
		refused:
			'Create an API token in Northflank (Account settings → API → Tokens) whose role has Account → Billing → General → Read, and paste it into the API Key field.',
		qs: { per_page: 1 },
	});
}

import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyField, baseUrlField, bearerAuth, testRequest } from './common';

export class NorthflankApi implements ICredentialType {
	name = 'northflankApi';

	displayName = 'Northflank API';

	icon: Icon = { light: 'file:../nodes/Northflank/northflank.svg', dark: 'file:../nodes/Northflank/northflank.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices#northflank';

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
	];

	authenticate = bearerAuth();

	test = testRequest('/billing/invoices', { qs: { per_page: 1 } });
}

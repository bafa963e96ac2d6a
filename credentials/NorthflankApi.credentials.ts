import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class NorthflankApi implements ICredentialType {
	name = 'northflankApi';

	displayName = 'Northflank API';

	icon: Icon = { light: 'file:../nodes/Northflank/northflank.svg', dark: 'file:../nodes/Northflank/northflank.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices#northflank';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An API token whose role has the permission Account → Billing → General → Read',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.northflank.com/v1',
			description: 'The API address; change it only for a proxy or a test server',
		},
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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/billing/invoices',
			qs: { per_page: 1 },
		},
	};
}

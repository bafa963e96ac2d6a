import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class PphApi implements ICredentialType {
	name = 'pphApi';

	displayName = 'PPH API';

	icon: Icon = { light: 'file:../nodes/Pph/pph.svg', dark: 'file:../nodes/Pph/pph.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices#pph';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An API token from vionity (client area → API tokens) with the read and access_invoices scopes',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.pph.sh',
			description: 'The API address; change it only for a proxy or a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}', 'Accept-Language': 'en' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/client',
		},
	};
}

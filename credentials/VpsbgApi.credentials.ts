import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class VpsbgApi implements ICredentialType {
	name = 'vpsbgApi';

	displayName = 'VPSBG API';

	icon: Icon = { light: 'file:../nodes/Vpsbg/vpsbg.svg', dark: 'file:../nodes/Vpsbg/vpsbg.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices#vpsbg';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An API token from the VPSBG client area (your name → API tokens). Listing needs Read; downloading PDFs needs Write, because the download calls are POST requests',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.vpsbg.eu/v1',
			description: 'The API address; change it only for a proxy or a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}', Accept: 'application/json' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/balance',
		},
	};
}

import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class I3dNetApi implements ICredentialType {
	name = 'i3dNetApi';

	displayName = 'i3D.net API';

	icon: Icon = { light: 'file:../nodes/I3dNet/i3dnet.svg', dark: 'file:../nodes/I3dNet/i3dnet.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices#i3dnet';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An API key from the i3D.net control panel (Account → API keys); it is sent as the PRIVATE-TOKEN header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.i3d.net/v3',
			description: 'The API v3 address; change it only for a proxy or a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'PRIVATE-TOKEN': '={{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/account/details',
		},
	};
}

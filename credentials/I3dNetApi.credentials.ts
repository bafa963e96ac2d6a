import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyField, baseUrlField, headerAuth, testRequest } from './common';

export class I3dNetApi implements ICredentialType {
	name = 'i3dNetApi';

	displayName = 'i3D.net API';

	icon: Icon = { light: 'file:../nodes/I3dNet/i3dnet.svg', dark: 'file:../nodes/I3dNet/i3dnet.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/i3dnet.md';

	properties: INodeProperties[] = [
		apiKeyField('An API key from the i3D.net control panel (Account → API keys); it is sent as the PRIVATE-TOKEN header'),
		baseUrlField({
			default: 'https://api.i3d.net/v3',
			description: 'The API v3 address; change it only for a proxy or a test server',
		}),
	];

	authenticate = headerAuth('PRIVATE-TOKEN');

	test = testRequest('/account/details', {
		refused:
			'Create a key in the i3D.net control panel (Account → API keys), allow the IP address of your n8n server, and paste it into the API Key field.',
	});
}

import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyField, baseUrlField, bearerAuth, testRequest } from './common';

export class PphApi implements ICredentialType {
	name = 'pphApi';

	displayName = 'PPH API';

	icon: Icon = { light: 'file:../nodes/Pph/pph.svg', dark: 'file:../nodes/Pph/pph.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/pph.md';

	properties: INodeProperties[] = [
		apiKeyField('An API token from vionity (client area → API tokens) with the read and access_invoices scopes'),
		baseUrlField({ default: 'https://api.pph.sh' }),
	];

	authenticate = bearerAuth({ 'Accept-Language': 'en' });

	test = testRequest('/client', {
		refused:
			'Create a token in the vionity client area (API tokens) with the read and access_invoices scopes and paste it into the API Key field.',
	});
}

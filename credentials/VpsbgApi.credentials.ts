import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyField, baseUrlField, bearerAuth, testRequest } from './common';

export class VpsbgApi implements ICredentialType {
	name = 'vpsbgApi';

	displayName = 'VPSBG API';

	icon: Icon = { light: 'file:../nodes/Vpsbg/vpsbg.svg', dark: 'file:../nodes/Vpsbg/vpsbg.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/vpsbg.md';

	properties: INodeProperties[] = [
		apiKeyField('An API token from the VPSBG client area (your name → API tokens). Listing needs Read; downloading PDFs needs Write, because the download calls are POST requests'),
		baseUrlField({ default: 'https://api.vpsbg.eu/v1' }),
	];

	authenticate = bearerAuth({ Accept: 'application/json' });

	test = testRequest('/balance', {
		refused:
			'Create a token in the VPSBG client area (your name → API tokens) and paste it into the API Key field.',
	});
}

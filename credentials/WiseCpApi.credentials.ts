import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyField, baseUrlField, headerAuth, testRequest, timeZoneField } from './common';

export class WiseCpApi implements ICredentialType {
	name = 'wiseCpApi';

	displayName = 'WiseCP API';

	icon: Icon = { light: 'file:../nodes/WiseCp/wisecp.svg', dark: 'file:../nodes/WiseCp/wisecp.dark.svg' };

	documentationUrl = 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/wisecp.md';

	properties: INodeProperties[] = [
		apiKeyField('An API key from WiseCP (Settings → General → API → Create). Allow at least the action Billing/GetInvoices, and allow the IP address of your n8n server'),
		baseUrlField({
			default: '',
			placeholder: 'e.g. https://billing.example.com/api/',
			description: 'The API URL that WiseCP shows under Settings → General → API, e.g. https://billing.example.com/api/',
		}),
		timeZoneField({
			placeholder: 'e.g. Europe/Istanbul',
			description: 'The time zone of the WiseCP installation; its API sends dates without one (IANA name such as Europe/Istanbul)',
		}),
	];

	authenticate = headerAuth('Apikey');

	test = testRequest('Billing/GetInvoices', {
		refused:
			'Create a key in WiseCP (Settings → General → API), allow Billing/GetInvoices and the IP address of your n8n server, and paste it into the API Key field.',
		qs: { page: 1, limit: 1 },
		// WiseCP answers HTTP 200 even to a wrong key; the body says whether it worked.
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'error',
					message:
						'The API Key was refused (WiseCP answered with status "error"). Create a key in WiseCP (Settings → General → API), allow Billing/GetInvoices and the IP address of your n8n server, and paste it into the API Key field.',
				},
			},
		],
	});
}

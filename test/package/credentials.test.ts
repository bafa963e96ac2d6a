/**
 * The five credential types exactly as n8n instantiates them: every class that package.json
 * lists under `n8n.credentials`, loaded from the BUILT dist/ (`npm test` builds first).
 *
 * EXPECTED was captured from dist/ before issue 7 moved the fields the five files share into
 * credentials/common.ts. Any drift of that refactoring (a lost password flag, another header, a
 * changed test request, a placeholder turned `undefined`) fails the strict comparison below.
 * Changed on purpose since (issue 12): the documentation pages per provider (docs/<provider>.md,
 * which survive n8n's tracking parameters) and the 401/403 rules that name the field to fix.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { ICredentialType } from 'n8n-workflow';

const ROOT = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
	n8n: { credentials: string[] };
};

/** Own fields of every credential instance, in declaration order. */
const FIELDS = ['name', 'displayName', 'icon', 'documentationUrl', 'properties', 'authenticate', 'test'];

const EXPECTED: Record<string, Record<string, unknown>> = 
{
	VpsbgApi: {
		name: 'vpsbgApi',
		displayName: 'VPSBG API',
		documentationUrl: 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/vpsbg.md',
		icon: { light: 'file:../nodes/Vpsbg/vpsbg.svg', dark: 'file:../nodes/Vpsbg/vpsbg.dark.svg' },
		properties: [
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
		],
		authenticate: {
			type: 'generic',
			properties: {
				headers: { Authorization: '=Bearer {{$credentials.apiKey}}', Accept: 'application/json' },
			},
		},
		test: {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/balance' },
			rules: [
				{ type: 'responseCode', properties: { value: 401, message: 'The API Key was refused (HTTP 401). Create a token in the VPSBG client area (your name → API tokens) and paste it into the API Key field.' } },
				{ type: 'responseCode', properties: { value: 403, message: 'The API Key was refused (HTTP 403). Create a token in the VPSBG client area (your name → API tokens) and paste it into the API Key field.' } },
			],
		},
	},
	I3dNetApi: {
		name: 'i3dNetApi',
		displayName: 'i3D.net API',
		documentationUrl: 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/i3dnet.md',
		icon: { light: 'file:../nodes/I3dNet/i3dnet.svg', dark: 'file:../nodes/I3dNet/i3dnet.dark.svg' },
		properties: [
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
		],
		authenticate: {
			type: 'generic',
			properties: {
				headers: { 'PRIVATE-TOKEN': '={{$credentials.apiKey}}' },
			},
		},
		test: {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/account/details' },
			rules: [
				{ type: 'responseCode', properties: { value: 401, message: 'The API Key was refused (HTTP 401). Create a key in the i3D.net control panel (Account → API keys), allow the IP address of your n8n server, and paste it into the API Key field.' } },
				{ type: 'responseCode', properties: { value: 403, message: 'The API Key was refused (HTTP 403). Create a key in the i3D.net control panel (Account → API keys), allow the IP address of your n8n server, and paste it into the API Key field.' } },
			],
		},
	},
	WiseCpApi: {
		name: 'wiseCpApi',
		displayName: 'WiseCP API',
		documentationUrl: 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/wisecp.md',
		icon: { light: 'file:../nodes/WiseCp/wisecp.svg', dark: 'file:../nodes/WiseCp/wisecp.dark.svg' },
		properties: [
			{
				displayName: 'API Key',
				name: 'apiKey',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				description: 'An API key from WiseCP (Settings → General → API → Create). Allow at least the action Billing/GetInvoices, and allow the IP address of your n8n server',
			},
			{
				displayName: 'Base URL',
				name: 'baseUrl',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. https://billing.example.com/api/',
				description: 'The API URL that WiseCP shows under Settings → General → API, e.g. https://billing.example.com/api/',
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: 'UTC',
				placeholder: 'e.g. Europe/Istanbul',
				description: 'The time zone of the WiseCP installation; its API sends dates without one (IANA name such as Europe/Istanbul)',
			},
		],
		authenticate: {
			type: 'generic',
			properties: {
				headers: { Apikey: '={{$credentials.apiKey}}' },
			},
		},
		test: {
			request: {
				baseURL: '={{$credentials.baseUrl}}',
				url: 'Billing/GetInvoices',
				qs: { page: 1, limit: 1 },
			},
			rules: [
				{ type: 'responseCode', properties: { value: 401, message: 'The API Key was refused (HTTP 401). Create a key in WiseCP (Settings → General → API), allow Billing/GetInvoices and the IP address of your n8n server, and paste it into the API Key field.' } },
				{ type: 'responseCode', properties: { value: 403, message: 'The API Key was refused (HTTP 403). Create a key in WiseCP (Settings → General → API), allow Billing/GetInvoices and the IP address of your n8n server, and paste it into the API Key field.' } },
				{
					type: 'responseSuccessBody',
					properties: {
						key: 'status',
						value: 'error',
						message: 'The API Key was refused (WiseCP answered with status "error"). Create a key in WiseCP (Settings → General → API), allow Billing/GetInvoices and the IP address of your n8n server, and paste it into the API Key field.',
					},
				},
			],
		},
	},
	PphApi: {
		name: 'pphApi',
		displayName: 'PPH API',
		documentationUrl: 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/pph.md',
		icon: { light: 'file:../nodes/Pph/pph.svg', dark: 'file:../nodes/Pph/pph.dark.svg' },
		properties: [
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
		],
		authenticate: {
			type: 'generic',
			properties: {
				headers: { Authorization: '=Bearer {{$credentials.apiKey}}', 'Accept-Language': 'en' },
			},
		},
		test: {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/client' },
			rules: [
				{ type: 'responseCode', properties: { value: 401, message: 'The API Key was refused (HTTP 401). Create a token in the vionity client area (API tokens) with the read and access_invoices scopes and paste it into the API Key field.' } },
				{ type: 'responseCode', properties: { value: 403, message: 'The API Key was refused (HTTP 403). Create a token in the vionity client area (API tokens) with the read and access_invoices scopes and paste it into the API Key field.' } },
			],
		},
	},
	NorthflankApi: {
		name: 'northflankApi',
		displayName: 'Northflank API',
		documentationUrl: 'https://github.com/hosting-invoices/n8n-nodes-hosting-invoices/blob/main/docs/northflank.md',
		icon: {
			light: 'file:../nodes/Northflank/northflank.svg',
			dark: 'file:../nodes/Northflank/northflank.dark.svg',
		},
		properties: [
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
				description: 'Northflank\'s API reference says invoice amounts are in cents, its newer billing guide says decimal currency units. Switch if totals look 100 times too small.',
			},
			{
				displayName:
					'Amounts Are In: Northflank documents both. Keep Cents unless the invoice totals in n8n are 100 times smaller than on your Northflank invoices; then choose Currency Units.',
				name: 'amountUnitNotice',
				type: 'notice',
				default: '',
			},
		],
		authenticate: {
			type: 'generic',
			properties: {
				headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
			},
		},
		test: {
			request: {
				baseURL: '={{$credentials.baseUrl}}',
				url: '/billing/invoices',
				qs: { per_page: 1 },
			},
			rules: [
				{ type: 'responseCode', properties: { value: 401, message: 'The API Key was refused (HTTP 401). Create an API token in Northflank (Account settings → API → Tokens) whose role has Account → Billing → General → Read, and paste it into the API Key field.' } },
				{ type: 'responseCode', properties: { value: 403, message: 'The API Key was refused (HTTP 403). Create an API token in Northflank (Account settings → API → Tokens) whose role has Account → Billing → General → Read, and paste it into the API Key field.' } },
			],
		},
	},
};

type CredentialClass = new () => ICredentialType;

/** class name -> class, from every file listed in package.json, as n8n's loader finds them */
function loadListed(): Record<string, CredentialClass> {
	const classes: Record<string, CredentialClass> = {};
	for (const file of pkg.n8n.credentials) {
		// n8n loads the class named like the file: dist/credentials/<Class>.credentials.js
		const className = file.split('/').pop()!.replace(/\.credentials\.js$/, '');
		const exported = require(resolve(ROOT, file)) as Record<string, unknown>;
		expect(Object.keys(exported)).toEqual([className]);
		classes[className] = exported[className] as CredentialClass;
	}
	return classes;
}

/** Same name heuristic as @n8n/community-nodes' credential-password-field rule (credential-fields.js). */
function looksSecret(name: string): boolean {
	const lower = name.toLowerCase();
	if (['url', 'pub', 'id'].some((part) => lower.includes(part))) return false;
	return ['password', 'secret', 'token', 'cert', 'passphrase', 'apikey', 'secretkey', 'privatekey', 'authkey'].some(
		(part) => lower.includes(part),
	);
}

describe('credential types in dist/', () => {
	const classes = loadListed();

	// A new provider's credential is listed too; the five pinned here must all be there.
	test('package.json lists the five pinned credential classes, each in its own file', () => {
		expect(Object.keys(classes)).toEqual(expect.arrayContaining(Object.keys(EXPECTED)));
		expect(new Set(Object.keys(classes)).size).toBe(Object.keys(classes).length);
	});

	test.each(Object.keys(EXPECTED))('%s is deep-equal to its value before the shared fields moved', (className) => {
		const credential = new classes[className]() as unknown as Record<string, unknown>;
		expect(Object.keys(credential)).toEqual(FIELDS);
		const actual = Object.fromEntries(Object.keys(EXPECTED[className]).map((key) => [key, credential[key]]));
		expect(actual).toStrictEqual(EXPECTED[className]);
	});

	// The lint rule credential-password-field only sees object literals written inside a credential
	// class; the shared API Key field is built in credentials/common.ts, so check the result here.
	test('every field whose name looks secret is a password field', () => {
		for (const Credential of Object.values(classes)) {
			for (const property of new Credential().properties) {
				if (looksSecret(property.name)) expect([property.name, property.typeOptions?.password]).toEqual([property.name, true]);
			}
		}
	});

	test('instances share no objects (n8n may extend a credential instance it loaded)', () => {
		const [first, second] = Object.values(classes);
		const a = new first();
		const b = new second();
		const a2 = new first();
		expect(a.properties[0]).not.toBe(b.properties[0]);
		expect(a.properties[0]).not.toBe(a2.properties[0]);
		expect(a.authenticate).not.toBe(a2.authenticate);
		expect(a.test).not.toBe(a2.test);
	});
});

/**
 * What the five credential types share: the API Key, Base URL and Time Zone fields, the two
 * `authenticate` shapes (Bearer token or the key in a named header) and the credential test
 * request against the Base URL. Not a credential type itself (package.json does not list it).
 *
 * A <Provider>Api.credentials.ts keeps its provider's facts as literal class fields, where the
 * n8n lint rules read them: name, displayName, icon, documentationUrl, and the `test` field.
 * Every helper returns a new object, so no two credential instances share one. The lint rule
 * credential-password-field only reads field literals inside a credential class, so it does not
 * see the API Key field built here: test/package/credentials.test.ts checks the built result.
 */
import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	IDataObject,
	INodeProperties,
} from 'n8n-workflow';

/** The secret every provider issues; `description` says where to create it and which rights it needs. */
export function apiKeyField(description: string): INodeProperties {
	return {
		displayName: 'API Key',
		name: 'apiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description,
	};
}

/** Where the node and the credential test send their requests. */
export function baseUrlField(field: {
	default: string;
	placeholder?: string;
	description?: string;
}): INodeProperties {
	return {
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: field.default,
		...(field.placeholder === undefined ? {} : { placeholder: field.placeholder }),
		description: field.description ?? 'The API address; change it only for a proxy or a test server',
	};
}

/** For an API that sends local dates without a zone: the zone to read them in (IANA name). */
export function timeZoneField(field: { placeholder: string; description: string }): INodeProperties {
	return {
		displayName: 'Time Zone',
		name: 'timezone',
		type: 'string',
		default: 'UTC',
		placeholder: field.placeholder,
		description: field.description,
	};
}

/** `Authorization: Bearer <API key>`, plus fixed headers the provider wants on every request. */
export function bearerAuth(headers: Record<string, string> = {}): IAuthenticateGeneric {
	return {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}', ...headers } },
	};
}

/** The API key as the whole value of the header `header`. */
export function headerAuth(header: string): IAuthenticateGeneric {
	return {
		type: 'generic',
		properties: { headers: { [header]: '={{$credentials.apiKey}}' } },
	};
}

/**
 * A GET of `url` relative to the Base URL. A refused key (401/403) is reported with `refused`:
 * which field to fix and where the provider issues keys (n8n alone says only "Unauthorized").
 * `rules` add checks for APIs that answer 200 to a wrong key.
 */
export function testRequest(
	url: string,
	options: { refused: string; qs?: IDataObject; rules?: ICredentialTestRequest['rules'] },
): ICredentialTestRequest {
	const refusedWith = (status: number) => ({
		type: 'responseCode' as const,
		properties: { value: status, message: `The API Key was refused (HTTP ${status}). ${options.refused}` },
	});
	return {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url,
			...(options.qs === undefined ? {} : { qs: options.qs }),
		},
		// n8n's credential tester checks each rule by its type, so the two kinds may share a list.
		rules: [refusedWith(401), refusedWith(403), ...(options.rules ?? [])] as ICredentialTestRequest['rules'],
	};
}

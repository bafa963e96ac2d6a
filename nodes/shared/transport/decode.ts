import type { ApiResponse, ProviderApi, RawResponse } from './api';
import type { TransportErrors } from './errors';
import { toBuffer } from './body';
import { lowerCaseHeaders } from './headers';

export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
	if (raw.trim() === '') return { ok: false };
	try {
		return { ok: true, value: JSON.parse(raw) };
	} catch {
		return { ok: false };
	}
}

/** A proxy's or server's error page names the problem in its title (or first heading). */
export function htmlTitle(raw: string): string | undefined {
	const match = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(raw) ?? /<h1[^>]*>([^<]{1,200})<\/h1>/i.exec(raw);
	return match ? match[1].trim() : undefined;
}

/** The provider's own words in an error response: its JSON message, else an HTML page's title. */
export function providerMessage(response: RawResponse, api: ProviderApi): string | undefined {
	const raw = toBuffer(response.body).toString('utf8');
	const parsed = parseJson(raw);
	return (parsed.ok ? api.errorMessage(parsed.value, response.statusCode) : undefined) ?? htmlTitle(raw);
}

/**
 * A successful response as the caller expects it: the bytes of a file, or JSON that is really
 * JSON and carries no error of the provider's (some APIs report errors with a 200).
 */
export function decode(
	response: RawResponse,
	expect: 'json' | 'file',
	url: string,
	context: { providerName: string; api: ProviderApi; errors: TransportErrors },
): ApiResponse {
	const headers = lowerCaseHeaders(response.headers);
	const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const bytes = toBuffer(response.body);
	const base = { status: response.statusCode, headers, contentType, url };
	if (expect === 'file') return { ...base, body: bytes };

	const raw = bytes.toString('utf8');
	const name = context.providerName;
	if (contentType.includes('html') || /^\s*<(!doctype|html)/i.test(raw)) {
		const title = htmlTitle(raw);
		throw context.errors.operation(
			`The ${name} API answered with an HTML page instead of JSON${title ? ` ("${title}")` : ''}`,
			'A proxy, maintenance page or wrong Base URL answered instead of the API. Check the Base URL in the credential and try again.',
		);
	}
	const parsed = parseJson(raw);
	if (!parsed.ok) {
		throw context.errors.operation(
			`The ${name} API sent a response that is not valid JSON (${raw.length === 0 ? 'empty body' : 'cut off or malformed'})`,
			'The response was incomplete, so no items were produced from it. Run the workflow again; if it persists, the provider has a problem.',
		);
	}
	const bodyError = context.api.bodyError?.(parsed.value);
	if (bodyError) throw context.errors.body(bodyError);
	return { ...base, body: parsed.value };
}

/**
 * Checks on what the user gives: node parameters and credential fields, made before any
 * request. (Checks on what an API answers are in shape.ts.)
 */
import { DateTime } from 'luxon';

/** A bad parameter, reported before any request with the field's name and the fix. */
export class InputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

/** `new URL` without throwing: URL.canParse is missing on the older Node versions n8n 1.x ran on. */
export function parseUrl(input: string, base?: string): URL | undefined {
	try {
		return new URL(input, base);
	} catch {
		return undefined;
	}
}

/**
 * Whether a URL's host is this machine. The URL parser has already turned every IPv4 spelling
 * (127.1, 0x7f.0.0.1, 2130706433) into dotted decimal and IPv6 into its short form, so only a host
 * name is left to look like one: 127.example.com or 127.0.0.1.nip.io can resolve anywhere and must
 * not pass as loopback.
 */
export function isLoopback(url: URL): boolean {
	return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

/**
 * A file link taken from an input item (user data, e.g. a normalized invoice's `pdf.url`), by the
 * Base URL's rules: an absolute https URL, or plain http only to this machine, without a user name
 * or password. Anything else (not a string, not a URL, another scheme) is undefined, so the caller
 * finds the link another way instead of failing on a malformed item.
 */
export function safeLink(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const url = parseUrl(value.trim());
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
	if ((url.protocol === 'http:' && !isLoopback(url)) || url.username || url.password) return undefined;
	return url.toString();
}

/** The credential's Base URL: https, or plain http only to this machine. */
export function checkBaseUrl(value: unknown, field = 'Base URL'): string {
	const input = typeof value === 'string' ? value.trim() : '';
	if (!input) {
		throw new InputError(`The credential's ${field} is empty`, `Enter the API's URL in the ${field} field of the credential.`);
	}
	const url = parseUrl(input);
	if (!url) {
		throw new InputError(
			`The credential's ${field} "${input}" is not a URL`,
			`Enter a full URL starting with https://, for example the default shown under ${field}.`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new InputError(`The credential's ${field} must start with https://`, `"${url.protocol}" URLs are not supported.`);
	}
	if (url.protocol === 'http:' && !isLoopback(url)) {
		throw new InputError(
			`The credential's ${field} uses plain http:// to ${url.hostname}`,
			'The API key would travel unencrypted. Use https://; plain http is accepted only for localhost, 127.x.x.x and [::1].',
		);
	}
	if (url.username || url.password) {
		throw new InputError(`The credential's ${field} must not contain a user name or password`, 'Put the API key in the API Key field.');
	}
	if (url.search || url.hash) {
		throw new InputError(`The credential's ${field} must not contain "?" or "#"`, `Remove the query or fragment from ${field}.`);
	}
	return url.toString();
}

/** An ID or number that goes into a URL path: one segment, never a way to reach another path. */
export function pathSegment(value: unknown, field: string): string {
	const input = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!input) {
		throw new InputError(`The ${field} is empty`, `Enter the ${field}, or map it from the previous node, e.g. {{ $json.id }}.`);
	}
	if (/[/\\?#%]|^\.{1,2}$|[\u0000-\u001f\u007f]/.test(input)) {
		throw new InputError(
			`The ${field} "${input.slice(0, 60)}" contains characters that are not allowed`,
			`An ${field} cannot contain "/", "\\", "?", "#", "%" or be "." or "..". Map the invoice's own value, e.g. {{ $json.id }}.`,
		);
	}
	return encodeURIComponent(input);
}

/**
 * A filter value from a fixed list (an expression can put anything there): the list's own
 * spelling, or undefined when empty. Anything else fails before any request.
 */
export function oneOf(
	value: unknown,
	allowed: string[],
	what: { field: string; provider: string; ignoreCase?: boolean },
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const input = String(value);
	const match = allowed.find((option) => (what.ignoreCase ? option.toLowerCase() === input.toLowerCase() : option === input));
	if (match === undefined) {
		throw new InputError(
			`The ${/ (filter|option)$/.test(what.field) ? what.field : `${what.field} filter`} "${input}" is not a value ${what.provider} accepts`,
			`Use one of: ${allowed.join(', ')}.`,
		);
	}
	return match;
}

export function digitsId(value: unknown, field: string): string {
	const segment = pathSegment(value, field);
	if (!/^\d{1,18}$/.test(segment)) {
		throw new InputError(`The ${field} "${decodeURIComponent(segment).slice(0, 60)}" is not a number`, `This provider's ${field} is numeric, e.g. 2188431.`);
	}
	return segment;
}

export function positiveInteger(value: unknown, field: string): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
		throw new InputError(`The ${field} must be a whole number of 1 or more`, `"${String(value)}" was given. Set ${field} to 1 or more, or turn on Return All.`);
	}
	return number;
}

/** A date parameter (ISO text, or a date from an expression) as epoch milliseconds; empty is undefined. */
export function dateParameter(value: unknown, field: string, zone: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: DateTime;
	if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (DateTime.isDateTime(value)) parsed = value;
	else if (typeof value === 'string') parsed = DateTime.fromISO(value.trim(), { zone });
	// An expression such as {{ $now.minus({ days: 30 }).toMillis() }} gives epoch milliseconds.
	else if (typeof value === 'number' && Number.isFinite(value)) parsed = DateTime.fromMillis(value);
	else parsed = DateTime.invalid('not a date');
	if (!parsed.isValid) {
		throw new InputError(`The ${field} "${String(value).slice(0, 60)}" is not a date`, `Use a date such as 2026-01-31 or 2026-01-31T00:00:00, or clear ${field}.`);
	}
	return parsed.toMillis();
}

import type { IDataObject } from 'n8n-workflow';

import type { InvoiceContext } from './provider';

/**
 * Checks on the shape of an API response. A body that is not what the API documents is a
 * clear error naming what was expected, never a wrong or missing item. (Checks on what the
 * user gives are in validate.ts.)
 */

export function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Paths split once: `at` runs for several fields of every record. */
const splitPaths = new Map<string, string[]>();

/** The value at a dot path ('data.invoices'); '' is the body itself. */
export function at(body: unknown, path: string): unknown {
	if (!path) return body;
	let keys = splitPaths.get(path);
	if (!keys) splitPaths.set(path, (keys = path.split('.')));
	let current: unknown = body;
	for (const key of keys) current = isRecord(current) ? current[key] : undefined;
	return current;
}

function unexpected(ctx: InvoiceContext, what: string, path: string, value: unknown): Error {
	const found = Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
	return ctx.api.operationError(
		`The ${ctx.api.settings.providerName} API sent an unexpected response: ${what} should be ${path ? `at "${path}"` : 'the body'}, found ${found}`,
		'No items were output from this response. The API may have changed or a proxy answered; check the Base URL, then try again.',
	);
}

/** A list of records at `path`; every entry must be an object. */
export function recordsAt(ctx: InvoiceContext, body: unknown, path: string, what = 'a list of invoices'): IDataObject[] {
	const value = at(body, path);
	if (!Array.isArray(value) || !value.every(isRecord)) throw unexpected(ctx, what, path, value);
	return value as IDataObject[];
}

export function recordAt(ctx: InvoiceContext, body: unknown, path: string, what = 'an invoice'): IDataObject {
	const value = at(body, path);
	if (!isRecord(value)) throw unexpected(ctx, what, path, value);
	return value;
}

/** A record list that is allowed to be missing (treated as empty) but not malformed. */
export function optionalRecords(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter(isRecord) : [];
}

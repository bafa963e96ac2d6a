/** Header names are case-insensitive and n8n hands them over as the server spelled them. */
export function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === wanted) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** The first of several names a server may use for the same fact. */
export function firstHeader(headers: Record<string, unknown> | undefined, names: readonly string[]): string | undefined {
	for (const name of names) {
		const value = header(headers, name);
		if (value !== undefined) return value;
	}
	return undefined;
}

/** Lower-case names with single string values, so callers can index them directly. */
export function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

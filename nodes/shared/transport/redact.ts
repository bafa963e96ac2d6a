/** Replaces every credential value in a text with ***. */
export function redact(value: string, secrets: readonly string[]): string {
	return secrets.reduce((result, secret) => (secret.length >= 4 ? result.split(secret).join('***') : result), value);
}

// A hostile or careless server can echo the API key back in any encoding it received it in or
// chose to use: verbatim, percent-encoded in a URL (upper or lower hex, '+' for space, twice
// encoded inside a nested URL), as an HTML or JSON escape in a page title or message, in
// base64 or base64url (alone, or inside the base64 of "Bearer <key>" or "user:key"), as hex,
// Unicode-normalized, as a URL host name (lower case, punycode), or cut off where a quote was
// shortened. redact hides all of them, in any mix.

/** Shorter values are too common to hide without mangling ordinary text. */
const MIN_SECRET_LENGTH = 4;
/** A key cut off where a quote was shortened: this much of its start is already a leak. */
const MIN_PREFIX_LENGTH = 12;
/** A base64 run shorter than this is too likely to occur by chance in ordinary text. */
const MIN_BASE64_CORE = 6;
const MASK = '***';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** JSON's two-character escapes, as regex fragments for the character after the backslash. */
const JSON_SHORT: Record<string, string> = { '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '/': '/', '"': '"', '\\': '\\\\' };
const HTML_NAMED: Record<string, string[]> = {
	'&': ['&amp;'],
	'<': ['&lt;'],
	'>': ['&gt;'],
	'"': ['&quot;'],
	"'": ['&apos;', '&#39;'],
};

/** Replaces every credential value, in every encoding above, with ***. */
export function redact(text: string, secrets: readonly string[]): string {
	if (!text) return text;
	const patterns = patternsFor(secrets);
	if (patterns.length === 0) return text;
	// Forms may overlap or touch (the key right before its own base64); hiding the union of all
	// matched ranges leaves no piece of any of them, and one *** where they meet.
	const ranges: Array<[number, number]> = [];
	for (const pattern of patterns) {
		pattern.lastIndex = 0;
		for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
			ranges.push([match.index, match.index + match[0].length]);
			pattern.lastIndex = match.index + 1;
		}
	}
	if (ranges.length === 0) return text;
	ranges.sort((a, b) => a[0] - b[0]);
	let result = '';
	let position = 0;
	for (let index = 0; index < ranges.length; ) {
		const start = ranges[index][0];
		let end = ranges[index][1];
		for (index++; index < ranges.length && ranges[index][0] <= end; index++) end = Math.max(end, ranges[index][1]);
		result += text.slice(position, start) + MASK;
		position = end;
	}
	return result + text.slice(position);
}

/** Built once per secrets list (one per execution), not per message. */
const cache = new WeakMap<readonly string[], { key: string; patterns: RegExp[] }>();

function patternsFor(secrets: readonly string[]): RegExp[] {
	const key = secrets.join('\u0000');
	const cached = cache.get(secrets);
	if (cached && cached.key === key) return cached.patterns;
	const patterns: RegExp[] = [];
	for (const secret of new Set(secrets)) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		const bytes = Buffer.from(secret, 'utf8');
		const forms = new Set([secret, secret.normalize('NFC'), secret.normalize('NFD'), secret.normalize('NFKC')]);
		const text = [...forms].map(textPattern);
		const host = hostForm(secret);
		if (host && !forms.has(host)) text.push(escapeRegExp(host));
		patterns.push(new RegExp(text.join('|'), 'g'));
		const base64 = base64Patterns(bytes);
		if (base64.length > 0) patterns.push(new RegExp(base64.join('|'), 'g'));
		patterns.push(new RegExp(hexPattern(bytes), 'g'));
	}
	cache.set(secrets, { key, patterns });
	return patterns;
}

/** How a URL's origin shows the key as a host name: lower case, international names in punycode. */
function hostForm(secret: string): string | undefined {
	if (/[@/\\?#:%\s]/.test(secret)) return undefined;
	const suffix = '.invalid';
	try {
		const host = new URL(`http://${secret}${suffix}/`).hostname;
		return host.endsWith(suffix) && host.length - suffix.length >= MIN_SECRET_LENGTH ? host.slice(0, -suffix.length) : undefined;
	} catch {
		return undefined;
	}
}

/** Any mix of encodings per character; also any start of the key at least MIN_PREFIX_LENGTH long. */
function textPattern(form: string): string {
	const chars = [...form].map(charPattern);
	const whole = chars.join('');
	if (chars.length <= MIN_PREFIX_LENGTH) return whole;
	// Tried only where the whole key does not match: an optional tail stops at the first
	// character it cannot match, without backtracking into another reading of the one before.
	let tail = '';
	for (let index = chars.length - 1; index >= MIN_PREFIX_LENGTH; index--) tail = `(?:${chars[index]}${tail})?`;
	return `${whole}|${chars.slice(0, MIN_PREFIX_LENGTH).join('')}${tail}`;
}

/**
 * The ways an encoder writes one character. Letters and digits stay themselves in every real
 * encoder (URL, HTML, JSON), which also keeps the pattern small enough to build quickly.
 */
function charPattern(char: string): string {
	if (/^[A-Za-z0-9]$/.test(char)) return char;
	const codePoint = char.codePointAt(0) as number;
	const forms = [escapeRegExp(char)];
	if (char === ' ') forms.push('\\+');
	// Percent-encoded UTF-8, once or twice (a URL inside a URL's query).
	forms.push([...Buffer.from(char, 'utf8')].map((byte) => `%(?:25)?${hexDigits(byte, 2)}`).join(''));
	// HTML character references, with or without the closing semicolon.
	forms.push(`&#0*${codePoint};?`, `&#[xX]0*${hexDigits(codePoint)};?`, ...(HTML_NAMED[char] ?? []));
	// JSON and JavaScript escapes.
	const units = [...Array(char.length).keys()].map((index) => char.charCodeAt(index));
	forms.push(units.map((unit) => `\\\\u${hexDigits(unit, 4)}`).join(''));
	if (codePoint < 0x100) forms.push(`\\\\x${hexDigits(codePoint, 2)}`);
	if (JSON_SHORT[char]) forms.push(`\\\\${JSON_SHORT[char]}`);
	return `(?:${forms.join('|')})`;
}

/**
 * Base64 and base64url of the key at each of the three byte alignments it can have inside a
 * longer blob ("Bearer <key>", "user:key"): the characters made only of the key's bits, with the
 * partial characters at either end when they agree with the key.
 */
function base64Patterns(bytes: Buffer): string[] {
	const patterns: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const bits = 8 * (offset + bytes.length);
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		const start = Math.ceil((8 * offset) / 6);
		const end = Math.floor(bits / 6);
		if (end - start < MIN_BASE64_CORE) continue;
		const core = [...encoded.slice(start, end)].map(base64Char).join('');
		let lead = '';
		if (offset > 0) {
			const known = 6 * start - 8 * offset;
			const value = bytes[0] >> (8 - known);
			lead = oneOf(BASE64.split('').filter((_, digit) => (digit & ((1 << known) - 1)) === value));
		}
		let trail = '';
		if (bits % 6 !== 0) {
			const known = bits - 6 * end;
			const value = bytes[bytes.length - 1] & ((1 << known) - 1);
			trail = oneOf(BASE64.split('').filter((_, digit) => digit >> (6 - known) === value));
		}
		patterns.push(`${lead && `${lead}?`}${core}${trail && `${trail}?`}(?:=|%3[dD])*`);
	}
	return patterns;
}

function base64Char(char: string): string {
	if (char === '+') return '(?:[+-]|%2[bB])';
	if (char === '/') return '(?:[/_]|%2[fF])';
	return char;
}

function oneOf(chars: string[]): string {
	return `(?:${chars.map(base64Char).join('|')})`;
}

function hexPattern(bytes: Buffer): string {
	return [...bytes].map((byte) => hexDigits(byte, 2)).join('');
}

/** A number in hex, matching either letter case. */
function hexDigits(value: number, width = 1): string {
	return value
		.toString(16)
		.padStart(width, '0')
		.replace(/[a-f]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

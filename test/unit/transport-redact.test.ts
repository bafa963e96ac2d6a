/**
 * redact(text, secrets): no credential in any encoding a server may echo it back in survives in
 * a message. Hostile APIs echo the key they received: verbatim, in URLs (percent-encoded with
 * upper or lower hex, '+' for space, twice inside a nested URL), in HTML titles (entities), in
 * JSON escapes, as base64/base64url of the key or of "Bearer <key>" / "user:key" at any byte
 * alignment, as hex, in a host name, or cut off where a quote was shortened.
 */
import fc from 'fast-check';

import { redact } from '../../nodes/shared/transport';

const KEY = 'nf_Live/Ab+c=d%e&f g€😀xyz-1234567890';

// ---------------------------------------------------------------- what a hostile server echoes

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
const form = (key: string) => new URLSearchParams({ k: key }).toString().slice(2);
const b64 = (text: string | Buffer) => Buffer.from(text as string).toString('base64');
const b64url = (text: string | Buffer) => Buffer.from(text as string).toString('base64url');
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
// Encoders that escape "everything" (OWASP-style HTML, ensure_ascii JSON) still leave letters and digits.
const alnum = (char: string) => /^[A-Za-z0-9]$/.test(char);
const htmlNumeric = (text: string) => [...text].map((char) => (alnum(char) ? char : `&#${char.codePointAt(0)};`)).join('');
const htmlHex = (text: string) => [...text].map((char) => (alnum(char) ? char : `&#x${(char.codePointAt(0) as number).toString(16).toUpperCase()}`)).join('');
const jsonEscaped = (text: string) =>
	[...text]
		.map((char) => (alnum(char) ? char : [...Array(char.length).keys()].map((index) => `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`).join('')))
		.join('');
const xEscaped = (text: string) =>
	[...text].map((char) => (alnum(char) || (char.codePointAt(0) as number) >= 0x100 ? char : `\\x${(char.codePointAt(0) as number).toString(16).padStart(2, '0')}`)).join('');

/** Every form of the key a test checks, by name. */
function encodings(key: string, user = 'billing', before = Buffer.alloc(0), after = Buffer.alloc(0)): Record<string, string> {
	const bytes = Buffer.from(key, 'utf8');
	const embedded = Buffer.concat([before, bytes, after]);
	return {
		verbatim: key,
		encodeURIComponent: encodeURIComponent(key),
		'encodeURIComponent, lower-case hex': lowerHex(encodeURIComponent(key)),
		'form encoding (+ for space)': form(key),
		encodeURI: encodeURI(key),
		'twice encoded (a URL in a URL)': encodeURIComponent(encodeURIComponent(key)),
		'twice encoded, lower-case hex': lowerHex(encodeURIComponent(encodeURIComponent(key))),
		'in a redirect Location': `https://evil.example/callback?next=${encodeURIComponent(`https://api.example.com/v1?token=${encodeURIComponent(key)}`)}&k=${form(key)}`,
		'URLSearchParams in a URL': (() => {
			const url = new URL('https://evil.example/x');
			url.searchParams.set('token', key);
			return url.toString();
		})(),
		base64: b64(key),
		'base64 unpadded': b64(key).replace(/=+$/, ''),
		base64url: b64url(key),
		'base64 percent-encoded in a URL': encodeURIComponent(b64(key)),
		'base64 of "Bearer <key>"': b64(`Bearer ${key}`),
		'base64 of "user:key" (Basic auth)': b64(`${user}:${key}`),
		'base64 of "key:" (Basic auth, key as user name)': b64(`${key}:`),
		'base64url of "Bearer <key>"': b64url(`Bearer ${key}`),
		'base64 of the key inside a longer blob': b64(embedded),
		'base64url of the key inside a longer blob': b64url(embedded),
		'JSON string': JSON.stringify(key),
		'JSON \\u escapes (ensure_ascii, escape everything)': jsonEscaped(key),
		'JSON with escaped slashes (PHP)': JSON.stringify(key).replace(/\//g, '\\/'),
		'Python/JS \\x escapes': xEscaped(key),
		'HTML entities': html(key),
		'HTML numeric references': htmlNumeric(key),
		'HTML hex references without ;': htmlHex(key),
		'HTML title echoing a URL': `<title>Redirecting to https://evil.example/?a=1&amp;key=${html(encodeURIComponent(key))}</title>`,
		hex: bytes.toString('hex'),
		'HEX upper case': bytes.toString('hex').toUpperCase(),
		'Unicode NFD': key.normalize('NFD'),
		'Unicode NFC': key.normalize('NFC'),
	};
}

/** Any run of base64 characters in the text that decodes (at any of the 4 shifts) to bytes holding the key. */
function base64Leak(text: string, key: string): string | undefined {
	const bytes = Buffer.from(key, 'utf8');
	for (const run of text.replace(/%2[bB]/g, '+').replace(/%2[fF]/g, '/').match(/[A-Za-z0-9+/_-]{6,}/g) ?? []) {
		const standard = run.replace(/-/g, '+').replace(/_/g, '/');
		for (let shift = 0; shift < 4; shift++) {
			const piece = standard.slice(shift);
			if (Buffer.from(piece.slice(0, piece.length - (piece.length % 4)), 'base64').includes(bytes)) return run;
		}
	}
	return undefined;
}

/** The key found after undoing URL, HTML and JSON escaping anywhere in the text. */
function decodedLeak(text: string, key: string): boolean {
	const unHtml = (value: string) =>
		value
			.replace(/&#[xX]([0-9a-fA-F]+);?/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
			.replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
			.replace(/&quot;/g, '"')
			.replace(/&apos;/g, "'")
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&amp;/g, '&');
	const SHORT: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
	const unJson = (value: string) =>
		value
			.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g, (_, u?: string, x?: string) => String.fromCharCode(parseInt((u ?? x) as string, 16)))
			.replace(/\\([bfnrt/"\\])/g, (_, char: string) => SHORT[char] ?? char);
	const unPercent = (value: string) =>
		value.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
			try {
				return decodeURIComponent(run);
			} catch {
				return run;
			}
		});
	let current = text;
	for (let round = 0; round < 3; round++) {
		for (const variant of [current, current.replace(/\+/g, ' ')]) if (variant.includes(key) || variant.normalize('NFC').includes(key.normalize('NFC'))) return true;
		current = unPercent(unJson(unHtml(current)));
	}
	return current.includes(key);
}

// ---------------------------------------------------------------- examples

describe('redact: examples', () => {
	it.each(Object.entries(encodings(KEY)))('%s', (_name, encoded) => {
		const text = `API error 401: ${encoded} is not valid here`;
		const out = redact(text, [KEY]);
		expect(out).not.toContain(encoded);
		expect(out).toContain('***');
		expect(out.startsWith('API error 401: ')).toBe(true);
		expect(out.endsWith(' is not valid here')).toBe(true);
		expect(base64Leak(out, KEY)).toBeUndefined();
		expect(decodedLeak(out, KEY)).toBe(false);
	});

	it('keeps the words around the key, and everything when there is no key', () => {
		expect(redact(`Token ${KEY} is not valid for this call`, [KEY])).toBe('Token *** is not valid for this call');
		expect(redact(`Authorization: Bearer ${b64(KEY)}`, [KEY])).toBe('Authorization: Bearer ***');
		const plain = 'VPSBG API error 404: Invoice not found (after 3 attempts). Check the ID or number, and the Base URL in the credential.';
		expect(redact(plain, [KEY, 'another-secret-value'])).toBe(plain);
		expect(redact('', [KEY])).toBe('');
	});

	it('hides every secret of the credential, each in its own encoding', () => {
		const user = 'billing-robot@example.com';
		const out = redact(`u=${encodeURIComponent(user)} k=${b64(KEY)} both=${b64(`${user}:${KEY}`)}`, [user, KEY]);
		expect(out).toBe('u=*** k=*** both=***');
	});

	it('a host name echoing the key (lower-cased, or in punycode) is hidden', () => {
		const key = 'AbCdEf0123456789GhIj';
		const origin = new URL(`https://${key}.evil.example/`).origin;
		expect(origin).toContain(key.toLowerCase());
		expect(redact(`redirected to ${origin}`, [key])).toBe('redirected to https://***.evil.example');
		const unicodeKey = 'schlüssel-0123456789';
		const punycode = new URL(`https://${unicodeKey}.evil.example/`).hostname;
		expect(punycode).toMatch(/^xn--/);
		expect(redact(`redirected to https://${punycode}/`, [unicodeKey])).toBe('redirected to https://***.evil.example/');
	});

	it('a quote cut off inside the key does not show its first 12 characters or more', () => {
		const long = 'k'.repeat(0) + 'SECRETKEY-0123456789abcdefghijklmnopqrstuvwxyz';
		for (const keep of [12, 20, 35, long.length - 1]) {
			const quoted = `JSON ("${(`${'x'.repeat(200 - keep)}${long}`).slice(0, 200)}")`;
			expect(redact(quoted, [long])).toBe(`JSON ("${'x'.repeat(200 - keep)}***")`);
		}
		// a shorter piece is not the key: ordinary words that happen to start like it stay
		expect(redact('SECRETKEY-01 is fine', [long])).toBe('*** is fine');
		expect(redact('SECRETKEY-0 is fine', [long])).toBe('SECRETKEY-0 is fine');
	});

	it('values shorter than 4 characters are not secrets worth hiding (they would mangle text)', () => {
		expect(redact('abc and UTC and 123', ['abc', 'UTC', '123'])).toBe('abc and UTC and 123');
	});

	it('a key made of regex and URL syntax is matched literally', () => {
		const key = '.*+?^${}()|[]\\/%25&amp;';
		expect(redact(`a ${key} b .......... c`, [key])).toBe('a *** b .......... c');
		expect(redact(`a ${encodeURIComponent(key)} b`, [key])).toBe('a *** b');
	});

	it('overlapping echoes are hidden as one', () => {
		const out = redact(`${KEY}${encodeURIComponent(KEY)}${b64(KEY)}`, [KEY]);
		expect(out).toBe('***');
	});
});

// ---------------------------------------------------------------- properties

/** Keys mixing URL/base64 syntax, ASCII and any Unicode code point. */
const keyArbitrary = fc
	.array(
		fc.oneof(
			{ weight: 3, arbitrary: fc.constantFrom('/', '+', '=', '%', '&', ' ', '"', "'", '\\', '<', '>', '#', '?', ':', '@', '-', '_', '.', '~') },
			{ weight: 5, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
			{ weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
		),
		{ minLength: 6, maxLength: 48 },
	)
	.map((parts) => parts.join(''))
	// '***' is what redact writes; a key made of it could be re-formed by the mask itself
	.filter((key) => !key.includes('*'));

const context = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((text) => !text.includes('*'));

describe('redact: properties over random keys', () => {
	it('no encoding of the key survives, whatever surrounds it', () => {
		fc.assert(
			fc.property(
				keyArbitrary,
				fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).filter((user) => !user.includes(':') && !user.includes('*')),
				fc.uint8Array({ maxLength: 5 }),
				fc.uint8Array({ maxLength: 5 }),
				context,
				context,
				(key, user, before, after, prefix, suffix) => {
					for (const [name, encoded] of Object.entries(encodings(key, user, Buffer.from(before), Buffer.from(after)))) {
						const out = redact(`${prefix}${encoded}${suffix}`, [key]);
						expect([name, out.includes(encoded)]).toEqual([name, false]);
						expect([name, base64Leak(out, key)]).toEqual([name, undefined]);
						expect([name, decodedLeak(out, key)]).toEqual([name, false]);
					}
				},
			),
			{ numRuns: 150 },
		);
	});

	it('text that holds no form of the key comes back unchanged', () => {
		fc.assert(
			fc.property(keyArbitrary, fc.string({ unit: 'grapheme', maxLength: 120 }), (key, text) => {
				fc.pre(!decodedLeak(text, key) && !text.toLowerCase().includes(key.toLowerCase().slice(0, 12)));
				expect(redact(text, [key])).toBe(text);
			}),
		);
	});

	it('redacting twice changes nothing more', () => {
		fc.assert(
			fc.property(keyArbitrary, context, context, (key, prefix, suffix) => {
				const once = redact(`${prefix}${key} ${b64(`Bearer ${key}`)} ${encodeURIComponent(key)}${suffix}`, [key]);
				expect(redact(once, [key])).toBe(once);
			}),
		);
	});
});

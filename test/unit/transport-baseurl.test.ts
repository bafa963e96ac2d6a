/**
 * Plain http:// carries the API key in clear text, so the credential's Base URL may use it only
 * for this machine: localhost, an IPv4 literal in 127.0.0.0/8, or [::1]. A host NAME that merely
 * starts with "127." resolves wherever its DNS says and gets no exception.
 */
import fc from 'fast-check';

import { InputError, checkBaseUrl, parseUrl, safeLink } from '../../nodes/shared/validate';

function outcome(value: string): string {
	try {
		return checkBaseUrl(value);
	} catch (error) {
		if (!(error instanceof InputError)) throw error;
		return `refused: ${error.message}`;
	}
}

describe('plain http only to this machine', () => {
	it.each([
		['http://localhost:5678/api/', 'http://localhost:5678/api/'],
		['http://LOCALHOST/v1', 'http://localhost/v1'],
		['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/v1'],
		['http://127.255.255.254/', 'http://127.255.255.254/'],
		['http://[::1]:3000/v3', 'http://[::1]:3000/v3'],
		['http://[0:0:0:0:0:0:0:1]/', 'http://[::1]/'],
		// other spellings of a loopback address: the URL parser makes them dotted decimal, and the
		// request goes to that canonical address
		['http://127.1/v1', 'http://127.0.0.1/v1'],
		['http://0x7f.0.0.1/v1', 'http://127.0.0.1/v1'],
		['http://2130706433/v1', 'http://127.0.0.1/v1'],
		['http://0177.0.0.1/', 'http://127.0.0.1/'],
	])('accepts %s', (input, normalized) => {
		expect(outcome(input)).toBe(normalized);
	});

	it.each([
		['http://127.example.com/', '127.example.com'],
		['http://127.0.0.1.nip.io/', '127.0.0.1.nip.io'],
		['http://127.0.0.1.attacker.example/', '127.0.0.1.attacker.example'],
		['http://127-0-0-1.example.com/', '127-0-0-1.example.com'],
		['http://localhost.attacker.example/', 'localhost.attacker.example'],
		['http://foo.localhost/', 'foo.localhost'],
		['http://localhost./', 'localhost.'],
		['http://128.0.0.1/', '128.0.0.1'],
		['http://10.0.0.1/', '10.0.0.1'],
		['http://0.0.0.0/', '0.0.0.0'],
		['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
		['http://[::2]/', '[::2]'],
		['http://billing.example.com/api/', 'billing.example.com'],
	])('refuses %s', (input, host) => {
		expect(outcome(input)).toBe(`refused: The credential's Base URL uses plain http:// to ${host}`);
	});

	it('https is accepted for any host, including names that start with 127.', () => {
		expect(outcome('https://127.example.com/api')).toBe('https://127.example.com/api');
		expect(outcome('https://127.0.0.1.nip.io/')).toBe('https://127.0.0.1.nip.io/');
	});

	it('a host name made of labels that start with digits is never loopback', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 3 }),
				fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
				fc.constantFrom('com', 'io', 'example', 'localhost'),
				(octets, label, tld) => {
					const host = ['127', ...octets.map(String), label, tld].join('.');
					expect(outcome(`http://${host}/`)).toMatch(/^refused: .* uses plain http:\/\//);
					expect(outcome(`https://${host}/`)).toBe(`https://${host}/`);
				},
			),
		);
	});

	it('every IPv4 literal in 127.0.0.0/8 passes; its neighbours do not', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (b, c, d) => {
				expect(outcome(`http://127.${b}.${c}.${d}/`)).toBe(`http://127.${b}.${c}.${d}/`);
				expect(outcome(`http://126.${b}.${c}.${d}/`)).toMatch(/^refused/);
				expect(outcome(`http://128.${b}.${c}.${d}/`)).toMatch(/^refused/);
			}),
		);
	});

	it('the other Base URL rules still hold', () => {
		expect(outcome('https://u:p@api.example.com')).toBe("refused: The credential's Base URL must not contain a user name or password");
		expect(outcome('http://key@127.0.0.1/')).toBe("refused: The credential's Base URL must not contain a user name or password");
		expect(outcome('https://api.example.com/v1?x=1')).toBe('refused: The credential\'s Base URL must not contain "?" or "#"');
		expect(outcome('file:///etc/passwd')).toBe("refused: The credential's Base URL must start with https://");
	});
});

describe('parseUrl: the one URL parser of validate.ts and the transport', () => {
	it('parses absolute URLs, and relative ones against a base', () => {
		expect(parseUrl('https://api.example.com/v1')?.origin).toBe('https://api.example.com');
		expect(parseUrl('/v1/invoices?page=2', 'https://api.example.com/v1/')?.toString()).toBe('https://api.example.com/v1/invoices?page=2');
		expect(parseUrl('next', 'https://api.example.com/v1/list')?.toString()).toBe('https://api.example.com/v1/next');
	});

	it('gives undefined instead of throwing', () => {
		expect(parseUrl('not a url')).toBeUndefined();
		expect(parseUrl('/relative')).toBeUndefined();
		expect(parseUrl('http://[bad/', 'https://api.example.com/')).toBeUndefined();
	});
});

describe('safeLink: a file link from an input item (pdf.url) by the Base URL\'s rules, never an error', () => {
	it.each([
		['https://cdn.example.com/resources/uploads/invoices/a.pdf', 'https://cdn.example.com/resources/uploads/invoices/a.pdf'],
		['  https://billing.example.com/x.pdf  ', 'https://billing.example.com/x.pdf'],
		['http://localhost:5678/wisecp/x.pdf', 'http://localhost:5678/wisecp/x.pdf'],
		['http://127.1/x.pdf', 'http://127.0.0.1/x.pdf'],
		['http://[::1]/x.pdf', 'http://[::1]/x.pdf'],
	])('uses %s', (input, link) => {
		expect(safeLink(input)).toBe(link);
	});

	it.each([
		['a number', 42],
		['an object', { href: 'https://example.com/x.pdf' }],
		['null', null],
		['undefined', undefined],
		['an empty string', '  '],
		['not a URL', 'not a url'],
		['a relative path', '/resources/uploads/invoices/a.pdf'],
		['another scheme', 'file:///etc/passwd'],
		['a data URL', 'data:application/pdf;base64,JVBERi0='],
		['javascript', 'javascript:alert(1)'],
		['plain http to another machine', 'http://billing.example.com/x.pdf'],
		['plain http to a name that looks like loopback', 'http://127.0.0.1.nip.io/x.pdf'],
		['a user name and password', 'https://user:secret@example.com/x.pdf'],
	])('refuses %s', (_, value) => {
		expect(safeLink(value)).toBeUndefined();
	});
});

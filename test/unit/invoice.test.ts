import {
	isoDate,
	money,
	moneyFromMinor,
	pdfFileName,
	roundTo,
	minorUnits,
} from '../../nodes/shared/invoice';
import { serverDelayMs } from '../../nodes/shared/transport';
import { InputError, checkBaseUrl, dateParameter, digitsId, pathSegment, positiveInteger } from '../../nodes/shared/validate';
import { dispositionFileName, sniff } from '../../nodes/shared/pdf';

describe('money', () => {
	it('removes float noise and rounds to the minor unit', () => {
		expect(money(24.780000000000001136868377216160297393798828125, 'USD')).toBe(24.78);
		expect(money(3.779999999999999804600747665972448885440826416015625, 'USD')).toBe(3.78);
		expect(money(0.68859999999999998987476601541857235133647918701171875, 'USD')).toBe(0.69);
		expect(money('12.345', 'EUR')).toBe(12.35);
		expect(money(1.005, 'EUR')).toBe(1.01);
		expect(money(-1.005, 'EUR')).toBe(-1.01);
		expect(money(1234.5, 'JPY')).toBe(1235);
		expect(money('1.2345', 'KWD')).toBe(1.235);
	});

	it('reads cents strings exactly', () => {
		expect(moneyFromMinor('24200', 'EUR')).toBe(242);
		expect(moneyFromMinor('1999', 'EUR')).toBe(19.99);
		expect(moneyFromMinor('-505', 'EUR')).toBe(-5.05);
		expect(moneyFromMinor(1200, 'USD')).toBe(12);
		expect(moneyFromMinor(500, 'JPY')).toBe(500);
	});

	it('gives null for anything that is not an amount', () => {
		for (const value of [null, undefined, '', 'abc', '12,50', {}, [], NaN, Infinity, true]) {
			expect(money(value, 'EUR')).toBeNull();
			expect(moneyFromMinor(value, 'EUR')).toBeNull();
		}
	});

	it('knows minor units from ICU and falls back to 2', () => {
		expect(minorUnits('EUR')).toBe(2);
		expect(minorUnits('JPY')).toBe(0);
		expect(minorUnits('BHD')).toBe(3);
		expect(minorUnits(null)).toBe(2);
		expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
		expect(Object.is(roundTo(-0.001, 2), -0)).toBe(false);
	});
});

describe('isoDate', () => {
	it('turns every provider format into ISO 8601 UTC', () => {
		expect(isoDate('2024-09-24T21:00:00.000000Z')).toBe('2024-09-24T21:00:00.000Z');
		expect(isoDate(1714521600)).toBe('2024-05-01T00:00:00.000Z');
		expect(isoDate('1714521600')).toBe('2024-05-01T00:00:00.000Z');
		expect(isoDate('2023-03-11 19:49:00')).toBe('2023-03-11T19:49:00.000Z');
		expect(isoDate('2023-03-11 19:49:00', 'Europe/Istanbul')).toBe('2023-03-11T16:49:00.000Z');
		expect(isoDate('2024-05-01T00:00:00+02:00')).toBe('2024-04-30T22:00:00.000Z');
		expect(isoDate('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
	});

	it('makes placeholders and nonsense null', () => {
		for (const value of ['0000-00-00 00:00:00', '0000-00-00', '-000001-11-29T23:06:32.000000Z', 0, '0', '', 'soon', null, undefined, {}, -5, '2024-13-45 10:00:00']) {
			expect(isoDate(value)).toBeNull();
		}
	});
});

describe('file names', () => {
	it('are <provider>-<number or id>.pdf and safe everywhere', () => {
		expect(pdfFileName('wisecp', '#367', '367')).toBe('wisecp-367.pdf');
		expect(pdfFileName('vpsbg', '0000007513', '8552')).toBe('vpsbg-0000007513.pdf');
		expect(pdfFileName('pph', null, '212032')).toBe('pph-212032.pdf');
		// A number that had to change to be safe gets the id, so two numbers cannot meet in one name.
		expect(pdfFileName('x', '../../etc/passwd', '1')).toBe('x-etc-passwd-1.pdf');
		expect(pdfFileName('x', 'Rechnung Nr. 5/2024: Ä', '1')).toBe('x-Rechnung-Nr.-5-2024-A-1.pdf');
		expect(pdfFileName('x', '///', '7')).toBe('x-invoice-7.pdf');
		expect(pdfFileName('x', 'A/1', '9')).not.toBe(pdfFileName('x', 'A 1', '10'));
		// Not unique in one output: the id is added even to a safe number.
		expect(pdfFileName('vpsbg', '0000007513', '8552', 'pdf', true)).toBe('vpsbg-0000007513-8552.pdf');
		expect(pdfFileName('pph', null, '212032', 'pdf', true)).toBe('pph-212032.pdf');
	});

	it('takes a server-suggested archive name only in a safe form', () => {
		expect(dispositionFileName({ 'content-disposition': 'attachment; filename="invoices.zip"' })).toBe('invoices.zip');
		expect(dispositionFileName({ 'content-disposition': "attachment; filename*=UTF-8''..%2F..%2Fa%20b.zip" })).toBe('a-b.zip');
		expect(dispositionFileName({})).toBeUndefined();
	});

	it('recognises files by their bytes', () => {
		expect(sniff(Buffer.from('%PDF-1.7\n1 0 obj\n%%EOF\n'))).toBe('pdf');
		expect(sniff(Buffer.from('\ufeff%PDF-1.4\n%%EOF'))).toBe('pdf');
		expect(sniff(Buffer.from('%PDF-1.7\n1 0 obj\n'))).toBeUndefined();
		expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('zip');
		expect(sniff(Buffer.from('{"message":"x"}'))).toBeUndefined();
		expect(sniff(Buffer.from('<html>%PDF-1.4 %%EOF</html>'))).toBeUndefined();
	});
});

describe('input checks', () => {
	const message = (fn: () => unknown) => {
		try {
			fn();
		} catch (error) {
			expect(error).toBeInstanceOf(InputError);
			return (error as Error).message;
		}
		throw new Error('expected an InputError');
	};

	it('accepts https and local http base URLs only', () => {
		expect(checkBaseUrl('https://api.vpsbg.eu/v1')).toBe('https://api.vpsbg.eu/v1');
		expect(checkBaseUrl(' http://127.0.0.1:5678/i3d/v3 ')).toBe('http://127.0.0.1:5678/i3d/v3');
		expect(checkBaseUrl('http://localhost/api/')).toBe('http://localhost/api/');
		expect(message(() => checkBaseUrl('http://billing.example.com/api/'))).toBe(
			"The credential's Base URL uses plain http:// to billing.example.com",
		);
		expect(message(() => checkBaseUrl('ftp://x'))).toBe("The credential's Base URL must start with https://");
		expect(message(() => checkBaseUrl('not a url'))).toBe('The credential\'s Base URL "not a url" is not a URL');
		expect(message(() => checkBaseUrl(''))).toBe("The credential's Base URL is empty");
		expect(message(() => checkBaseUrl('https://u:p@x.com'))).toBe(
			"The credential's Base URL must not contain a user name or password",
		);
	});

	it('never lets an ID change the URL path', () => {
		expect(pathSegment(' 835994C3-14310 ', 'Invoice ID')).toBe('835994C3-14310');
		expect(pathSegment(42, 'Invoice ID')).toBe('42');
		expect(pathSegment('a b', 'Invoice ID')).toBe('a%20b');
		for (const bad of ['../1', '1/2', '1?x=1', '1#a', '..', '.', '%2e%2e', 'a\\b', 'a\nb']) {
			expect(message(() => pathSegment(bad, 'Invoice ID'))).toMatch(/^The Invoice ID ".*" contains characters that are not allowed$/s);
		}
		expect(message(() => pathSegment('  ', 'Invoice ID'))).toBe('The Invoice ID is empty');
		expect(digitsId('2188431', 'Invoice ID')).toBe('2188431');
		expect(message(() => digitsId('12a', 'Invoice ID'))).toBe('The Invoice ID "12a" is not a number');
	});

	it('checks limits and dates', () => {
		expect(positiveInteger(5, 'Limit')).toBe(5);
		expect(message(() => positiveInteger(0, 'Limit'))).toBe('The Limit must be a whole number of 1 or more');
		expect(message(() => positiveInteger(2.5, 'Limit'))).toBe('The Limit must be a whole number of 1 or more');
		expect(dateParameter('2026-01-31T00:00:00', 'Issued After filter', 'UTC')).toBe(Date.UTC(2026, 0, 31));
		expect(dateParameter('2026-01-31T00:00:00', 'Issued After filter', 'Europe/Sofia')).toBe(Date.UTC(2026, 0, 30, 22));
		expect(dateParameter('', 'Issued After filter', 'UTC')).toBeUndefined();
		expect(dateParameter(Date.UTC(2026, 0, 31), 'Issued After filter', 'UTC')).toBe(Date.UTC(2026, 0, 31));
		expect(message(() => dateParameter('last tuesday', 'Issued After filter', 'UTC'))).toBe(
			'The Issued After filter "last tuesday" is not a date',
		);
	});
});

describe('server-requested waits', () => {
	const now = Date.UTC(2026, 10, 22, 12, 0, 0);
	it('honours Retry-After in seconds and as an HTTP date, and rate-limit resets', () => {
		expect(serverDelayMs({ 'Retry-After': '3' }, now)).toBe(3000);
		expect(serverDelayMs({ 'retry-after': 'Sun, 22 Nov 2026 12:00:05 GMT' }, now)).toBe(5000);
		expect(serverDelayMs({ 'x-ratelimit-reset': '7', 'x-ratelimit-remaining': '0' }, now)).toBe(7000);
		expect(serverDelayMs({ 'X-RateLimit-Reset': String(now / 1000 + 9), 'X-RateLimit-Remaining': '0' }, now)).toBe(9000);
		expect(serverDelayMs({ 'x-ratelimit-reset': '7', 'x-ratelimit-remaining': '12' }, now)).toBeUndefined();
		expect(serverDelayMs({}, now)).toBeUndefined();
	});
});

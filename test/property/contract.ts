/**
 * The normalized invoice contract (README "The normalized invoice"), as a checker that
 * property tests run on every generated invoice, plus small independent oracles.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

export const FIELDS = [
	'provider', 'id', 'number', 'type', 'status', 'description', 'currency', 'subtotal', 'tax', 'total',
	'discount', 'amountDue', 'taxRate', 'issuedAt', 'dueAt', 'paidAt', 'periodStart', 'periodEnd', 'lines', 'pdf',
];
const TYPES = ['invoice', 'proforma', 'credit_note'];
const STATUSES = ['paid', 'unpaid', 'overdue', 'cancelled', 'refunded', 'pending', 'unknown'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** ISO 4217 minor unit (independent of the engine's helper: a fixed table for the test currencies). */
export const MINOR: Record<string, number> = { EUR: 2, USD: 2, GBP: 2, BGN: 2, JPY: 0, KWD: 3 };
export const digitsOf = (currency: string | null) => (currency === null ? 2 : MINOR[currency] ?? 2);

/** Decimals of a number as JavaScript prints it; Infinity for exponent notation. */
export function decimals(value: number): number {
	const text = String(value);
	if (/e/i.test(text)) return Infinity;
	return (text.split('.')[1] ?? '').length;
}

function fail(path: string, problem: string, value: unknown): never {
	throw new Error(`${path}: ${problem} (got ${typeof value === 'number' ? String(value) : JSON.stringify(value)})`);
}

function money(path: string, value: unknown, digits: number) {
	if (value === null) return;
	if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be a finite number or null', value);
	if (Object.is(value, -0)) fail(path, 'must not be -0', value);
	if (decimals(value) > digits) fail(path, `must have at most ${digits} decimals`, value);
	if (!Number.isInteger(Math.round(value * 10 ** digits))) fail(path, 'not a whole number of minor units', value);
}

function nullableString(path: string, value: unknown) {
	if (value !== null && typeof value !== 'string') fail(path, 'must be a string or null', value);
}

function date(path: string, value: unknown) {
	if (value === null) return;
	if (typeof value !== 'string' || !ISO.test(value)) fail(path, "must be 'YYYY-MM-DDTHH:mm:ss.sssZ' or null", value);
	if (new Date(value).toISOString() !== value) fail(path, 'is not a real instant', value);
}

/** Throws with the offending field when `invoice` breaks the contract. */
export function checkInvoice(invoice: unknown, provider: string): void {
	if (typeof invoice !== 'object' || invoice === null) fail('invoice', 'must be an object', invoice);
	const json = invoice as Record<string, unknown>;
	if (JSON.stringify(Object.keys(json)) !== JSON.stringify(FIELDS)) fail('keys', `must be exactly ${FIELDS.join(',')}`, Object.keys(json));
	if (json.provider !== provider) fail('provider', `must be ${provider}`, json.provider);
	if (typeof json.id !== 'string') fail('id', 'must be a string', json.id);
	nullableString('number', json.number);
	if (typeof json.type !== 'string' || !TYPES.includes(json.type)) fail('type', `must be one of ${TYPES}`, String(json.type));
	if (typeof json.status !== 'string' || !STATUSES.includes(json.status)) fail('status', `must be one of ${STATUSES}`, String(json.status));
	nullableString('description', json.description);
	const currency = json.currency;
	if (currency !== null && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))) fail('currency', 'must be ISO 4217 upper case or null', currency);
	const digits = digitsOf(currency as string | null);
	for (const field of ['subtotal', 'tax', 'total', 'discount', 'amountDue']) money(field, json[field], digits);
	money('taxRate', json.taxRate, 4);
	for (const field of ['issuedAt', 'dueAt', 'paidAt', 'periodStart', 'periodEnd']) date(field, json[field]);
	if (!Array.isArray(json.lines)) fail('lines', 'must be an array', json.lines);
	(json.lines as unknown[]).forEach((line, index) => {
		const path = `lines[${index}]`;
		if (typeof line !== 'object' || line === null) fail(path, 'must be an object', line);
		const entry = line as Record<string, unknown>;
		if (JSON.stringify(Object.keys(entry)) !== JSON.stringify(['description', 'quantity', 'unitPrice', 'total', 'taxRate'])) {
			fail(path, 'keys must be description,quantity,unitPrice,total,taxRate', Object.keys(entry));
		}
		nullableString(`${path}.description`, entry.description);
		if (entry.quantity !== null && (typeof entry.quantity !== 'number' || !Number.isFinite(entry.quantity))) fail(`${path}.quantity`, 'must be a finite number or null', entry.quantity);
		money(`${path}.unitPrice`, entry.unitPrice, digits);
		money(`${path}.total`, entry.total, digits);
		money(`${path}.taxRate`, entry.taxRate, 4);
	});
	const pdf = json.pdf as Record<string, unknown>;
	if (typeof pdf !== 'object' || pdf === null || JSON.stringify(Object.keys(pdf)) !== '["available","fileName","url"]') fail('pdf', 'must be {available, fileName, url}', pdf);
	if (typeof pdf.available !== 'boolean') fail('pdf.available', 'must be a boolean', pdf.available);
	if (pdf.fileName !== null && (typeof pdf.fileName !== 'string' || !new RegExp(`^${provider}-[A-Za-z0-9._-]+\\.pdf$`).test(pdf.fileName))) {
		fail('pdf.fileName', `must be ${provider}-<safe name>.pdf or null`, pdf.fileName);
	}
	if (pdf.available && json.id !== '' && pdf.fileName === null) fail('pdf.fileName', 'must be set when a PDF is available', pdf);
	// A direct link only where the API gives one (WiseCP), only with a file, and only an absolute http(s) URL.
	if (pdf.url !== null) {
		if (provider !== 'wisecp') fail('pdf.url', `must be null for ${provider}`, pdf.url);
		if (!pdf.available) fail('pdf.url', 'must be null without a PDF', pdf);
		if (typeof pdf.url !== 'string' || !/^https?:$/.test(new URL(pdf.url).protocol)) fail('pdf.url', 'must be an http(s) URL or null', pdf.url);
	}
	// Survives n8n's JSON handling unchanged: no undefined, NaN, functions or class instances.
	if (JSON.stringify(JSON.parse(JSON.stringify(json))) !== JSON.stringify(json)) fail('invoice', 'must survive JSON', json);
	expect(JSON.parse(JSON.stringify(json))).toEqual(json);
}

/** Round half away from zero on integers: `units` at `from` decimals to `to` decimals. */
export function roundUnits(units: number, from: number, to: number): number {
	const factor = 10 ** (from - to);
	const sign = units < 0 ? -1 : 1;
	const abs = Math.abs(units);
	const rounded = Math.floor(abs / factor) + (abs % factor >= factor / 2 ? 1 : 0);
	return (sign * rounded) / 10 ** to + 0;
}

// ---------------------------------------------------------------- arbitraries

/** Instants between 2000 and 2035, whole seconds. */
export const unixSeconds = fc.integer({ min: 946_684_800, max: 2_051_222_400 });
export const laravelDate = unixSeconds.map((s) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, '.000000Z'));
export const cents = fc.integer({ min: -5_000_000_00, max: 5_000_000_00 });
export const positiveCents = fc.integer({ min: 0, max: 5_000_000_00 });
export const zones = fc.constantFrom('UTC', 'Europe/Sofia', 'Europe/Istanbul', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe');

/**
 * Values an API may send by mistake: every JSON type (records come from JSON.parse, so objects
 * have the usual prototype) plus the classic placeholders and traps.
 */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(
		null, undefined, '', '   ', 0, -0, 1, -1, true, false, NaN, Infinity, -Infinity, 1e308, -1e308, 1e21, 1e-7, 5e-324,
		'0000-00-00 00:00:00', '0000-00-00', '-000001-11-29T23:06:32.000000Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
		'10000-01-01T00:00:00Z', '2024-02-30 10:00:00', '2024-13-01', 'NaN', 'Infinity', '1e400', '9'.repeat(400), '-0', '0.005',
		'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'PAID', ' paid ', 'EUR ', 'eur', 'EURO', '€',
		'../../etc/passwd', 'a/b?c#d', '<script>', '\u0000', '💶', [], {}, [1, 2], { amount: 1 }, { start: 'x' },
	),
	fc.string(),
	fc.string({ unit: 'grapheme' }),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.jsonValue({ maxDepth: 2 }),
	fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
);

/** A record where each field independently keeps its valid value, gets junk, or is left out. */
export function corrupt(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<IDataObject> {
	return valid.chain<IDataObject>((record) =>
		fc
			.tuple(
				...Object.keys(record).map((key) =>
					fc.oneof(
						{ weight: 2, arbitrary: fc.constant<[string, unknown, boolean]>([key, record[key], true]) },
						{ weight: 2, arbitrary: junk.map<[string, unknown, boolean]>((value) => [key, value, true]) },
						{ weight: 1, arbitrary: fc.constant<[string, unknown, boolean]>([key, undefined, false]) },
					),
				),
			)
			.map((entries) => Object.fromEntries(entries.filter(([, , keep]) => keep).map(([key, value]) => [key, value])) as IDataObject),
	);
}

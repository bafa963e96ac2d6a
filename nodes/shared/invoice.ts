import { DateTime, IANAZone, Settings } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

export type InvoiceType = 'invoice' | 'proforma' | 'credit_note';

export type InvoiceStatus =
	| 'paid'
	| 'unpaid'
	| 'overdue'
	| 'cancelled'
	| 'refunded'
	| 'pending'
	| 'unknown';

export interface InvoiceLine {
	description: string | null;
	quantity: number | null;
	unitPrice: number | null;
	total: number | null;
	taxRate: number | null;
}

/** Whether the invoice has a file, the name the node gives it, and where the API keeps it. */
export interface InvoicePdf {
	available: boolean;
	fileName: string | null;
	/**
	 * A direct link to the file where the provider's API gives one (WiseCP's formalized file,
	 * absolute against the credential's Base URL); null where the file is fetched through the API
	 * with the credential, and whenever `available` is false.
	 */
	url: string | null;
}

/** The one shape every provider's list and get items have (see README, "Normalized invoice"). */
export interface Invoice {
	provider: string;
	id: string;
	number: string | null;
	type: InvoiceType;
	status: InvoiceStatus;
	description: string | null;
	currency: string | null;
	subtotal: number | null;
	tax: number | null;
	total: number | null;
	/** Discounts the invoice shows: subtotal - discount + tax = total where all are given. */
	discount: number | null;
	amountDue: number | null;
	taxRate: number | null;
	issuedAt: string | null;
	dueAt: string | null;
	paidAt: string | null;
	periodStart: string | null;
	periodEnd: string | null;
	lines: InvoiceLine[];
	pdf: InvoicePdf;
	raw?: IDataObject;
}

export const INVOICE_TYPES: InvoiceType[] = ['invoice', 'proforma', 'credit_note'];
export const INVOICE_STATUSES: InvoiceStatus[] = ['paid', 'unpaid', 'overdue', 'cancelled', 'refunded', 'pending', 'unknown'];
const TYPES = new Set<unknown>(INVOICE_TYPES);
const STATUSES = new Set<unknown>(INVOICE_STATUSES);

/**
 * What a provider's normalizer returns: the invoice without what the engine stamps from the
 * provider itself (`provider`, and `pdf` with its file name), so the provider's name is written
 * in one place only.
 */
export type InvoiceDraft = Omit<Invoice, 'provider' | 'pdf' | 'raw'> & {
	/** Whether the API offers this invoice's file. */
	hasPdf: boolean;
	/** The file's direct link, where the API gives one (becomes `pdf.url`); absent means none. */
	pdfUrl?: string | null;
};

/**
 * The invoice as every item shows it: fields in one order, so output is stable across providers.
 * A type or status outside the contract (e.g. from a lookup that hit an Object prototype key such
 * as "constructor") becomes 'invoice' / 'unknown'.
 */
export function finishInvoice(provider: string, draft: InvoiceDraft): Invoice {
	return {
		provider,
		id: draft.id,
		number: draft.number,
		type: TYPES.has(draft.type) ? draft.type : 'invoice',
		status: STATUSES.has(draft.status) ? draft.status : 'unknown',
		description: draft.description,
		currency: draft.currency,
		subtotal: draft.subtotal,
		tax: draft.tax,
		total: draft.total,
		discount: draft.discount,
		amountDue: draft.amountDue,
		taxRate: draft.taxRate,
		issuedAt: draft.issuedAt,
		dueAt: draft.dueAt,
		paidAt: draft.paidAt,
		periodStart: draft.periodStart,
		periodEnd: draft.periodEnd,
		lines: draft.lines,
		pdf: pdfOf(provider, draft.number, draft.id, draft.hasPdf, draft.pdfUrl ?? null),
	};
}

// ---------------------------------------------------------------- plain values

export function text(value: unknown): string | null {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? null : trimmed;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** The `id` field as a string ('' when missing), the id of most providers' records. */
export function plainId(raw: IDataObject): string {
	return text(raw.id) ?? '';
}

/** A number from a JSON number or a numeric string ("12.50", "1200"); anything else is null. */
export function decimal(value: unknown): number | null {
	const number =
		typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	return Number.isFinite(number) ? number : null;
}

export function currencyCode(value: unknown): string | null {
	const code = text(value);
	return code && /^[A-Za-z]{3}$/.test(code) ? code.toUpperCase() : null;
}

// ---------------------------------------------------------------- money

const minorUnitCache = new Map<string, number>();

/** ISO 4217 minor unit (EUR 2, JPY 0, KWD 3), from the runtime's ICU data; 2 when unknown. */
export function minorUnits(currency: string | null): number {
	if (!currency) return 2;
	let digits = minorUnitCache.get(currency);
	if (digits === undefined) {
		try {
			digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
				.maximumFractionDigits as number;
		} catch {
			digits = 2;
		}
		minorUnitCache.set(currency, digits);
	}
	return digits;
}

/**
 * Rounds half away from zero at `digits` decimals, exactly: the float is first read at
 * 15 significant digits, which removes binary noise such as 24.780000000000001136.
 */
export function roundTo(value: number, digits: number): number {
	if (!Number.isFinite(value)) return value;
	// Fast path, the same number as below: an amount that does not sit near a half of the last
	// digit rounds to the integer nearest value * 10^digits, and dividing that integer by 10^digits
	// gives exactly the double that reading "<integer>e-<digits>" gives (both are the double nearest
	// to the same fraction). Below 2^31 units of the last digit the 15-digit reading moves
	// value * 10^digits by less than 2e-5, far from the 1e-4 kept from a half.
	const scale = 10 ** digits;
	const scaled = value * scale;
	const nearest = Math.round(scaled);
	if (Math.abs(scaled) < 2147483648 && Math.abs(scaled - nearest) < 0.4999 && digits <= 22) return nearest / scale + 0;
	return roundExactly(value, digits);
}

/** roundTo by reading the decimal digits (for amounts near a half and very large ones). */
export function roundExactly(value: number, digits: number): number {
	if (!Number.isFinite(value)) return value;
	const clean = Number(value.toPrecision(15));
	const abs = Math.abs(clean);
	// Below half a unit of the last digit it rounds to 0; from 1e15 on there are no decimals
	// left to round (and both ranges print in exponent form, which the shift below cannot take).
	if (abs < 0.5 * 10 ** -digits) return 0;
	if (abs >= 1e15) return clean + 0;
	const shifted = Number(`${abs}e${digits}`);
	const rounded = Number(`${Math.round(shifted)}e-${digits}`);
	return (clean < 0 ? -rounded : rounded) + 0;
}

/** An amount rounded to `digits`, or null when a double cannot hold it to that precision. */
function exact(amount: number | null, digits: number): number | null {
	if (amount === null || !Number.isFinite(amount) || Math.abs(amount) * 10 ** digits > Number.MAX_SAFE_INTEGER) return null;
	return roundTo(amount, digits);
}

/** An amount in currency units (number or numeric string), rounded to the currency's minor unit. */
export function money(value: unknown, currency: string | null): number | null {
	return exact(decimal(value), minorUnits(currency));
}

/** An amount given in the currency's minor unit (i3D.net and Northflank send cents). */
export function moneyFromMinor(value: unknown, currency: string | null): number | null {
	const amount = decimal(value);
	if (amount === null) return null;
	const digits = minorUnits(currency);
	return exact(amount / 10 ** digits, digits);
}

/** a - b at the currency's precision, or null when either is unknown. */
export function difference(a: number | null, b: number | null, currency: string | null): number | null {
	if (a === null || b === null) return null;
	return exact(a - b, minorUnits(currency));
}

export function percent(value: unknown): number | null {
	return exact(decimal(value), 4);
}

// ---------------------------------------------------------------- dates

const ZONELESS_FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd'];

/**
 * An instant as ISO 8601 UTC, or null. Accepts unix seconds (number or digit string),
 * ISO strings with a zone, and zone-less "yyyy-MM-dd[ HH:mm[:ss]]" read in `zone`.
 * Placeholders such as "0000-00-00 00:00:00", unix 0 and years before 1970 or after 9999
 * (Laravel's "-000001-11-29T23:06:32Z") mean "no date".
 *
 * The layouts the APIs send (whole unix seconds, "2024-09-24T21:00:00.000000Z", "2022-03-04
 * 10:20:30") are read directly, by luxon's own rules and offsets (fastDate); anything else goes
 * through luxon itself.
 */
export function isoDate(value: unknown, zone = 'UTC'): string | null {
	const fast = fastDate(value, zone);
	return fast !== undefined ? fast : luxonDate(value, zone);
}

/** isoDate by luxon's parsers alone: what the fast path must equal, and what reads everything else. */
export function luxonDate(value: unknown, zone = 'UTC'): string | null {
	let parsed: DateTime | null = null;
	if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value.trim()))) {
		const seconds = Number(value);
		if (!Number.isFinite(seconds) || seconds <= 0) return null;
		parsed = DateTime.fromSeconds(seconds, { zone: 'UTC' });
	} else if (typeof value === 'string') {
		const input = value.trim();
		if (input === '' || /^[-+]?0{4}-0{2}-0{2}/.test(input) || input.startsWith('-')) return null;
		parsed = DateTime.fromISO(input, { zone, setZone: true });
		if (!parsed.isValid) {
			for (const format of ZONELESS_FORMATS) {
				parsed = DateTime.fromFormat(input, format, { zone });
				if (parsed.isValid) break;
			}
		}
	}
	if (!parsed || !parsed.isValid || parsed.year < 1970 || parsed.year > 9999) return null;
	return parsed.toUTC().toISO();
}

// ---------------------------------------------------------------- dates without luxon's parser

/** Years whose instants stay inside 1970-9999 whatever the offset: the fast path's range. */
const FAST_YEARS = { from: 1971, to: 9998 };
/** 1971-01-01 and 9999-01-01 in unix seconds. */
const FAST_SECONDS = { from: 31_536_000, to: 253_370_764_800 };

const UNIX_SECONDS = /^\d{9,11}$/;
const ZONED = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d\d):(\d\d))$/;
const ZONELESS = /^(\d{4})-(\d\d)-(\d\d)(?:([ T])(\d\d):(\d\d)(?::(\d\d))?)?$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instant of a fixed layout, exactly as isoDate's luxon path gives it; undefined when the
 * value is not one of them (or lies where luxon's special cases begin), so luxon decides.
 */
function fastDate(value: unknown, zone: string): string | null | undefined {
	if (typeof value === 'number') {
		return Number.isInteger(value) && value >= FAST_SECONDS.from && value < FAST_SECONDS.to ? isoString(value * 1000) : undefined;
	}
	if (typeof value !== 'string') return undefined;
	const input = value.length > 0 && value.charCodeAt(0) > 32 && value.charCodeAt(value.length - 1) > 32 ? value : value.trim();
	if (UNIX_SECONDS.test(input)) return fastDate(Number(input), zone);
	const zoned = ZONED.exec(input);
	if (zoned) {
		const local = localTime(zoned, 1);
		if (local === undefined) return undefined;
		const [hours, minutes] = [Number(zoned[10]), Number(zoned[11])];
		if (zoned[8] === undefined && (hours > 14 || minutes > 59)) return undefined;
		// luxon's signedOffset: the sign applies to the minutes too.
		const offset = zoned[8] === 'Z' ? 0 : (zoned[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
		return isoString(local - offset * 60_000);
	}
	const zoneless = ZONELESS.exec(input);
	if (!zoneless) return undefined;
	// "2022-03-04T10:20" is ISO (luxon's fromISO), "2022-03-04 10:20" one of the formats: both local.
	const local = localTime([zoneless[0], zoneless[1], zoneless[2], zoneless[3], zoneless[5], zoneless[6], zoneless[7]], 1);
	if (local === undefined) return undefined;
	const lowered = zone.toLowerCase();
	if (lowered === 'utc' || lowered === 'gmt') return isoString(local);
	const area = ianaZone(zone);
	return area ? isoString(fixOffset(local, offsetAt(area, Settings.now()), area)) : undefined;
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * Date#toISOString of an instant in the fast path's years, without making a Date (which costs
 * more than the rest of the date's reading): the civil date of a day count (H. Hinnant's
 * civil_from_days), then the time of day.
 */
function isoString(epochMs: number): string {
	const ms = Math.trunc(epochMs);
	const days = Math.floor(ms / DAY_MS);
	let rest = ms - days * DAY_MS;
	const hour = Math.floor(rest / 3_600_000);
	rest -= hour * 3_600_000;
	const minute = Math.floor(rest / 60_000);
	rest -= minute * 60_000;
	const second = Math.floor(rest / 1000);
	const milli = rest - second * 1000;
	const shifted = days + 719_468;
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	// Joined, not concatenated: a concatenation would stay a tree of its 14 pieces (about 320 bytes
	// instead of 50) in every invoice the output holds.
	return [year, '-', two(month), '-', two(day), 'T', two(hour), ':', two(minute), ':', two(second), '.', milli < 10 ? '00' : milli < 100 ? '0' : '', milli, 'Z'].join('');
}

/**
 * Epoch milliseconds of the calendar fields of `match` (year, month, day, hour, minute, second,
 * fraction from position `from`) read as UTC, or undefined where they are out of the ranges
 * luxon accepts without a special case.
 */
function localTime(match: ArrayLike<string | undefined>, from: number): number | undefined {
	const year = Number(match[from]);
	const month = Number(match[from + 1]);
	const day = Number(match[from + 2]);
	const hour = match[from + 3] === undefined ? 0 : Number(match[from + 3]);
	const minute = match[from + 4] === undefined ? 0 : Number(match[from + 4]);
	const second = match[from + 5] === undefined ? 0 : Number(match[from + 5]);
	const fraction = match[from + 6];
	if (year < FAST_YEARS.from || year > FAST_YEARS.to || month < 1 || month > 12 || day < 1) return undefined;
	const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
	if (day > DAYS[month - 1] + (leap ? 1 : 0) || hour > 23 || minute > 59 || second > 59) return undefined;
	// luxon's parseMillis, to the same millisecond.
	const millisecond = fraction === undefined ? 0 : Math.floor(parseFloat(`0.${fraction}`) * 1000);
	return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

const zones = new Map<string, IANAZone | null>();

function ianaZone(name: string): IANAZone | undefined {
	let found = zones.get(name);
	if (found === undefined) {
		found = /^utc[+-]|^gmt[+-]/i.test(name) || !IANAZone.isValidZone(name) ? null : IANAZone.create(name);
		zones.set(name, found);
	}
	return found ?? undefined;
}

const DAY_MS = 86_400_000;
/** Per zone and UTC day: the offset of a day without a transition, null for a day with one. */
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * zone.offset(ts), asked once per day: a day whose start, middle and end have the same offset has
 * no transition (no zone changes its offset twice within a day), so every instant of it has
 * that offset; a day with a transition asks luxon each time.
 */
function offsetAt(zone: IANAZone, ts: number): number {
	let days = dayOffsets.get(zone.name);
	if (!days) dayOffsets.set(zone.name, (days = new Map()));
	const day = Math.floor(ts / DAY_MS);
	let offset = days.get(day);
	if (offset === undefined) {
		const start = zone.offset(day * DAY_MS);
		const steady = start === zone.offset(day * DAY_MS + DAY_MS / 2) && start === zone.offset(day * DAY_MS + DAY_MS - 1);
		offset = steady ? start : null;
		if (days.size > 50_000) days.clear();
		days.set(day, offset);
	}
	return offset ?? zone.offset(ts);
}

/**
 * luxon's fixOffset: the instant of a local time, starting from the offset guessed (luxon guesses
 * the zone's offset now), which decides the ambiguous hour when clocks go back; a local time the
 * clocks skip moves forward by the gap.
 */
function fixOffset(local: number, guess: number, zone: IANAZone): number {
	let utc = local - guess * 60_000;
	const second = offsetAt(zone, utc);
	if (guess === second) return utc;
	utc -= (second - guess) * 60_000;
	const third = offsetAt(zone, utc);
	if (second === third) return utc;
	return local - Math.min(second, third) * 60_000;
}

// ---------------------------------------------------------------- names

/** Already a name part every file system accepts: safeName would give it back unchanged. */
const SAFE_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,118}[A-Za-z0-9_])?$/;

/** A name part every file system accepts. */
function safeName(value: string): string {
	if (SAFE_NAME.test(value)) return value;
	return value
		.normalize('NFKD')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '')
		.slice(0, 120);
}

/**
 * `<provider>-<number or id>.pdf`, reduced to characters every file system accepts. When the
 * number had to change to be safe (two numbers could then meet in one name), or `withId` says
 * it is not unique, the id is added: two invoices never share a file name.
 */
export function pdfFileName(provider: string, number: string | null, id: string, extension = 'pdf', withId = false): string {
	const label = safeName(number ?? id) || 'invoice';
	const safeId = safeName(id) || 'invoice';
	const addId = number !== null && (withId || label !== number) && label !== safeId;
	// Joined into one flat string: the output holds one per invoice (see isoString).
	return [provider, '-', label, addId ? `-${safeId}` : '', '.', extension].join('');
}

/** The invoice's `pdf` field: a file name (and the link, if any) only when the invoice has a PDF and an id. */
export function pdfOf(provider: string, number: string | null, id: string, available = true, url: string | null = null): Invoice['pdf'] {
	return available && id
		? { available: true, fileName: pdfFileName(provider, number, id), url }
		: { available: false, fileName: null, url: null };
}

/** Looks a raw value up in a provider's table (keys lower case, own keys only), else the fallback. */
export function lookup<T>(value: unknown, table: Record<string, T>, fallback: T): T {
	const key = text(value)?.toLowerCase();
	return key !== undefined && key !== null && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : fallback;
}

/** A provider's status value mapped through its table; unknown values stay 'unknown'. */
export function mapStatus(value: unknown, table: Record<string, InvoiceStatus>): InvoiceStatus {
	return lookup(value, table, 'unknown');
}

/**
 * Property tests for the five normalizers: random valid API records (shaped as each API
 * documents them) normalize to invoices that keep the contract and carry exactly the values
 * sent (money to the currency's minor unit, dates as ISO UTC); random malformed records
 * (junk, placeholders, prototype keys, missing fields) still give a contract-valid invoice
 * with nulls, never an exception.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import {
	MINOR,
	cents,
	checkInvoice,
	corrupt,
	junk,
	laravelDate,
	positiveCents,
	roundUnits,
	unixSeconds,
	zones,
} from './contract';
import { normalizeI3d, normalizeI3dDetail, normalizeNorthflank, normalizePph, normalizeVpsbg, normalizeWiseCp } from '../unit/normalized';
import { isoDate, luxonDate, pdfFileName, roundExactly, roundTo } from '../../nodes/shared/invoice';

const RUNS = { numRuns: 400 };
const currencies = fc.constantFrom(...Object.keys(MINOR));
const id = fc.integer({ min: 1, max: 2_000_000_000 });
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
/** A minor-unit amount as the decimal a JSON number would carry (cents 1234 -> 12.34). */
const asUnits = (minor: number, digits: number) => Number((minor / 10 ** digits).toFixed(digits));

describe('VPSBG', () => {
	const record = fc.record({
		id,
		invoice_number: fc.integer({ min: 0, max: 9_999_999_999 }).map((n) => String(n).padStart(10, '0')),
		created_at: laravelDate,
		amount: positiveCents,
		amount_with_vat: positiveCents,
		type: fc.constantFrom('proform', 'original'),
		order_ids: fc.array(fc.nat(), { maxLength: 3 }),
	});
	const env = fc.record({ timezone: zones, currency: fc.constantFrom('EUR', 'USD', 'BGN', null) });

	it('valid list items: every field of the contract, amounts and dates exactly as sent', () => {
		fc.assert(
			fc.property(record, env, (raw, environment) => {
				const sent = { ...raw, amount: raw.amount / 100, amount_with_vat: raw.amount_with_vat / 100 };
				const invoice = normalizeVpsbg(sent, environment);
				checkInvoice(invoice, 'vpsbg');
				expect(invoice.id).toBe(String(raw.id));
				expect(invoice.number).toBe(raw.invoice_number);
				expect(invoice.type).toBe(raw.type === 'proform' ? 'proforma' : 'invoice');
				expect(invoice.currency).toBe(environment.currency);
				expect(invoice.subtotal).toBe(asUnits(raw.amount, 2));
				expect(invoice.total).toBe(asUnits(raw.amount_with_vat, 2));
				expect(invoice.tax).toBe(asUnits(raw.amount_with_vat - raw.amount, 2));
				expect(invoice.issuedAt).toBe(raw.created_at.replace('.000000Z', '.000Z'));
				expect(invoice.pdf).toEqual({ available: true, fileName: `vpsbg-${raw.invoice_number}.pdf`, url: null });
			}),
			RUNS,
		);
	});

	it('malformed records: a valid invoice with nulls, never an exception', () => {
		fc.assert(fc.property(corrupt(record), env, (raw, environment) => checkInvoice(normalizeVpsbg(raw, environment), 'vpsbg')), RUNS);
	});
});

describe('i3D.net', () => {
	const money = fc.tuple(currencies, cents, cents, positiveCents);
	const listItem = fc.record({
		id: id.map(String),
		creationDate: unixSeconds,
		dueDate: unixSeconds,
		invoiceNumber: fc.stringMatching(/^[0-9A-Z-]{1,20}$/),
		invoiceHash: fc.stringMatching(/^[0-9a-f]{32}$/),
		description: fc.string({ maxLength: 60 }),
		money,
		paymentStatus: fc.constantFrom(0, 1),
		paymentDate: fc.oneof(fc.constant(0), unixSeconds),
		isCredit: fc.constantFrom(0, 1),
	});
	const toList = (raw: { money: [string, number, number, number] } & Record<string, unknown>) => {
		const { money: [currency, incl, excl, remaining], ...rest } = raw;
		return {
			...rest, currency, currencySign: '¤', amountIncVAT: String(incl), amountExclVAT: String(excl),
			remainingAmount: String(remaining), totalPaidAmount: String(incl - remaining),
		};
	};

	it('valid list items: cents strings to exact units of each currency, unix dates', () => {
		fc.assert(
			fc.property(listItem, zones, (raw, timezone) => {
				const sent = toList(raw as never);
				const invoice = normalizeI3d(sent, { timezone });
				checkInvoice(invoice, 'i3dnet');
				const [currency, incl, excl, remaining] = raw.money;
				const digits = MINOR[currency];
				expect(invoice).toMatchObject({
					id: raw.id, number: raw.invoiceNumber.trim() || null, currency,
					total: asUnits(incl, digits), subtotal: asUnits(excl, digits), tax: asUnits(incl - excl, digits),
					amountDue: asUnits(remaining, digits), type: raw.isCredit === 1 ? 'credit_note' : 'invoice',
					status: raw.paymentStatus === 1 ? 'paid' : 'unpaid',
					issuedAt: iso(raw.creationDate), dueAt: iso(raw.dueDate), paidAt: raw.paymentDate ? iso(raw.paymentDate) : null,
				});
			}),
			RUNS,
		);
	});

	const detail = fc.record({
		id,
		invoiceNumber: fc.stringMatching(/^[0-9A-Z-]{1,20}$/),
		creationDate: unixSeconds.map((s) => DateTime.fromSeconds(s, { zone: 'UTC' }).toISO({ suppressMilliseconds: true })!),
		currency: currencies,
		vatPercentage: fc.integer({ min: 0, max: 2700 }).map((n) => n / 100),
		lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 50 }), unitPrice: cents, from: unixSeconds, days: fc.integer({ min: 0, max: 60 }) }), { maxLength: 4 }),
	});

	it('valid details: lines in exact units, the period from the lines, credit and VAT amounts', () => {
		fc.assert(
			fc.property(detail, (raw) => {
				const digits = MINOR[raw.currency];
				const items = raw.lines.map((line) => ({
					description: 'Server', quantity: line.quantity, unitPrice: String(line.unitPrice),
					amountExclVat: String(line.unitPrice * line.quantity), vatPercentage: raw.vatPercentage,
					periodFrom: DateTime.fromSeconds(line.from, { zone: 'UTC' }).toISODate(),
					periodTo: DateTime.fromSeconds(line.from + line.days * 86400, { zone: 'UTC' }).toISODate(),
				}));
				const excl = raw.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
				const vat = Math.round((excl * raw.vatPercentage) / 100);
				const sent = {
					id: raw.id, invoiceNumber: raw.invoiceNumber, creationDate: raw.creationDate, currency: raw.currency,
					vatPercentage: raw.vatPercentage, vatAmount: String(vat), amountExclVat: String(excl), amountIncVat: String(excl + vat),
					paymentStatus: 0, paymentDate: 0, isCredit: 0, items,
				};
				const invoice = normalizeI3dDetail(sent, { timezone: 'UTC' });
				checkInvoice(invoice, 'i3dnet');
				expect(invoice.id).toBe(String(raw.id));
				expect(invoice.tax).toBe(asUnits(vat, digits));
				expect(invoice.taxRate).toBe(raw.vatPercentage);
				expect(invoice.lines.map((line) => line.total)).toEqual(raw.lines.map((line) => asUnits(line.unitPrice * line.quantity, digits)));
				const starts = items.map((item) => `${item.periodFrom}T00:00:00.000Z`).sort();
				const ends = items.map((item) => `${item.periodTo}T00:00:00.000Z`).sort();
				expect(invoice.periodStart).toBe(starts[0] ?? null);
				expect(invoice.periodEnd).toBe(ends.at(-1) ?? null);
				expect(invoice.paidAt).toBeNull();
			}),
			RUNS,
		);
	});

	it('malformed records: a valid invoice with nulls, never an exception', () => {
		const any = corrupt(listItem.map((raw) => ({ ...toList(raw as never), vatAmount: '1', vatPercentage: 21, items: [{ unitPrice: '1', periodFrom: '2024-01-01' }] })));
		fc.assert(fc.property(any, zones, (raw, timezone) => checkInvoice(normalizeI3d(raw, { timezone }), 'i3dnet')), RUNS);
		fc.assert(fc.property(any, zones, (raw, timezone) => checkInvoice(normalizeI3dDetail(raw, { timezone }), 'i3dnet')), RUNS);
	});
});

describe('WiseCP', () => {
	/** An amount as WiseCP's PHP floats print it: 4 decimals, or the sum of two 2-decimal floats (noise). */
	const wiseAmount = fc.oneof(
		fc.integer({ min: 0, max: 100_000_000 }).map((m4) => ({ sent: m4 / 10_000, units: m4, from: 4 })),
		fc.tuple(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 5_000_000 })).map(([a, b]) => ({ sent: a / 100 + b / 100, units: a + b, from: 2 })),
	);
	const localTime = fc.tuple(unixSeconds, zones).map(([seconds, zone]) => ({
		zone, text: DateTime.fromSeconds(seconds, { zone }).toFormat('yyyy-MM-dd HH:mm:ss'),
	}));
	const record = fc.record({
		id,
		status: fc.constantFrom('paid', 'unpaid', 'cancelled', 'refunded', 'waiting', 'Paid'),
		currency: fc.constantFrom('USD', 'EUR', 'TRY', 'GBP', 'usd'),
		subtotal: wiseAmount,
		tax: wiseAmount,
		total: wiseAmount,
		tax_rate: fc.integer({ min: 0, max: 30 }),
		created_at: localTime,
		due_date: fc.constantFrom('0000-00-00 00:00:00', '2024-03-10 23:59:00'),
		formalize: fc.boolean(),
		items: fc.array(fc.record({ amount: wiseAmount, quantity: fc.integer({ min: 1, max: 9 }), tax_exempt: fc.boolean() }), { maxLength: 3 }),
	});

	it('valid records: float noise rounded to the minor unit, zone-less dates read in the credential zone', () => {
		fc.assert(
			fc.property(record, (raw) => {
				const sent = {
					...raw, number: `#${raw.id}`, notes: null, created_at: raw.created_at.text, payment_date: '0000-00-00 00:00:00',
					subtotal: raw.subtotal.sent, tax: raw.tax.sent, total: raw.total.sent,
					formalize_file: raw.formalize ? `https://billing.example.com/resources/uploads/invoices/${raw.id}.pdf` : null,
					items: raw.items.map((item) => ({ description: 'Hosting', quantity: item.quantity, tax_exempt: item.tax_exempt, amount: item.amount.sent, total: item.amount.sent })),
				};
				const invoice = normalizeWiseCp(sent, { timezone: raw.created_at.zone, baseUrl: 'https://billing.example.com/api/' });
				checkInvoice(invoice, 'wisecp');
				expect(invoice.currency).toBe(raw.currency.toUpperCase());
				for (const field of ['subtotal', 'tax', 'total'] as const) {
					expect(invoice[field]).toBe(roundUnits(raw[field].units, raw[field].from, 2));
				}
				expect(invoice.lines.map((line) => line.total)).toEqual(raw.items.map((item) => roundUnits(item.amount.units, item.amount.from, 2)));
				// the instant, shown in the credential's zone, is the local time WiseCP sent
				expect(DateTime.fromISO(invoice.issuedAt!).setZone(raw.created_at.zone).toFormat('yyyy-MM-dd HH:mm:ss')).toBe(raw.created_at.text);
				expect(invoice.dueAt === null).toBe(raw.due_date.startsWith('0000'));
				expect(invoice.paidAt).toBeNull();
				expect(invoice.status).toBe({ paid: 'paid', unpaid: 'unpaid', cancelled: 'cancelled', refunded: 'refunded', waiting: 'pending', Paid: 'paid' }[raw.status]);
				expect(invoice.pdf).toEqual(
					raw.formalize
						? { available: true, fileName: `wisecp-${raw.id}.pdf`, url: `https://billing.example.com/resources/uploads/invoices/${raw.id}.pdf` }
						: { available: false, fileName: null, url: null },
				);
			}),
			RUNS,
		);
	});

	it('malformed records: a valid invoice with nulls, never an exception', () => {
		const flat = record.map((raw) => ({
			...raw, number: `#${raw.id}`, created_at: raw.created_at.text, subtotal: raw.subtotal.sent, tax: raw.tax.sent, total: raw.total.sent,
			payment_date: '2024-01-01 10:00:00', notes: 'n', formalize_file: 'x.pdf', items: [{ amount: 1, total: 1, quantity: 1, tax_exempt: true }],
		}));
		fc.assert(fc.property(corrupt(flat), zones, (raw, timezone) => checkInvoice(normalizeWiseCp(raw, { timezone, baseUrl: 'https://billing.example.com/index.php/api/' }), 'wisecp')), RUNS);
	});
});

describe('PPH', () => {
	const amount = positiveCents.chain((c) => fc.constantFrom({ c, sent: c / 100 as unknown }, { c, sent: (c / 100).toFixed(2) as unknown }));
	const record = fc.record({
		id,
		invoicenum: fc.constantFrom('', 'INV-2024-1'),
		date: laravelDate,
		duedate: laravelDate,
		datepaid: fc.oneof(laravelDate, fc.constant('0000-00-00 00:00:00')),
		subtotal: amount,
		tax: amount,
		total: amount,
		taxrate: fc.constantFrom(0, 19, 20, 7.7),
		status: fc.constantFrom('Paid', 'Unpaid', 'Cancelled', 'Refunded', 'Payment Pending', 'Collections'),
		items: fc.array(fc.record({ amount, taxed: fc.constantFrom(0, 1) }), { maxLength: 3 }),
	});
	const env = fc.record({ timezone: zones, currency: fc.constantFrom('EUR', 'USD', null) });

	it('valid records: numbers or decimal strings to exact units, the account currency, Laravel dates', () => {
		fc.assert(
			fc.property(record, env, (raw, environment) => {
				const sent = {
					...raw, subtotal: raw.subtotal.sent, tax: raw.tax.sent, total: raw.total.sent,
					items: raw.items.map((item) => ({ description: 'Hosting', amount: item.amount.sent, taxed: item.taxed })),
				};
				const invoice = normalizePph(sent as IDataObject, environment);
				checkInvoice(invoice, 'pph');
				expect(invoice).toMatchObject({
					id: String(raw.id), number: raw.invoicenum || String(raw.id), currency: environment.currency,
					subtotal: asUnits(raw.subtotal.c, 2), tax: asUnits(raw.tax.c, 2), total: asUnits(raw.total.c, 2),
					issuedAt: raw.date.replace('.000000Z', '.000Z'), dueAt: raw.duedate.replace('.000000Z', '.000Z'),
					paidAt: raw.datepaid.startsWith('0000') ? null : raw.datepaid.replace('.000000Z', '.000Z'),
				});
				expect(invoice.lines.map((line) => [line.total, line.taxRate])).toEqual(
					raw.items.map((item) => [asUnits(item.amount.c, 2), item.taxed === 0 ? 0 : raw.taxrate]),
				);
				expect(invoice.status).toBe(raw.status === 'Collections' ? 'unknown' : raw.status === 'Payment Pending' ? 'pending' : raw.status.toLowerCase());
			}),
			RUNS,
		);
	});

	it('malformed records: a valid invoice with nulls, never an exception', () => {
		const flat = record.map((raw) => ({ ...raw, subtotal: raw.subtotal.sent, tax: raw.tax.sent, total: raw.total.sent, items: [{ amount: '1.00', taxed: 1 }] }));
		fc.assert(fc.property(corrupt(flat), env, (raw, environment) => checkInvoice(normalizePph(raw, environment), 'pph')), RUNS);
	});
});

describe('Northflank', () => {
	const record = fc.record({
		id: fc.option(fc.stringMatching(/^[0-9A-F]{8}-[0-9]{1,6}$/), { nil: undefined }),
		start: unixSeconds,
		length: fc.integer({ min: 1, max: 40 * 86400 }),
		currency: fc.constantFrom('usd', 'eur', 'gbp', 'jpy'),
		total: positiveCents,
		subTotal: positiveCents,
		paid: fc.option(fc.boolean(), { nil: undefined }),
		tax: fc.option(fc.record({ amount: positiveCents, percent: fc.constantFrom(0, 20, 19) }), { nil: undefined }),
		lines: fc.array(positiveCents, { maxLength: 3 }),
	});
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const build = (raw: any, inUnits: boolean) => {
		const digits = MINOR[raw.currency.toUpperCase()];
		const amount = (minor: number) => (inUnits ? asUnits(minor, digits) : minor);
		return {
			...(raw.id === undefined ? {} : { id: raw.id }),
			period: { start: raw.start, end: raw.start + raw.length },
			currency: raw.currency,
			total: amount(raw.total),
			subTotal: amount(raw.subTotal),
			...(raw.paid === undefined ? {} : { paid: raw.paid }),
			...(raw.tax === undefined ? {} : { tax: { amount: amount(raw.tax.amount), percent: raw.tax.percent } }),
			lineItems: raw.lines.map((line: number) => ({ title: 'PaaS usage', total: amount(line) })),
		};
	};

	it('valid records (cents or units, current or legacy ids): exact amounts, the billing period', () => {
		fc.assert(
			fc.property(record, fc.boolean(), zones, (raw, inUnits, timezone) => {
				const invoice = normalizeNorthflank(build(raw, inUnits), { timezone, amountsInMinorUnits: !inUnits });
				checkInvoice(invoice, 'northflank');
				const digits = MINOR[raw.currency.toUpperCase()];
				expect(invoice).toMatchObject({
					id: raw.id ?? String(raw.start), currency: raw.currency.toUpperCase(),
					total: asUnits(raw.total, digits), subtotal: asUnits(raw.subTotal, digits),
					tax: raw.tax ? asUnits(raw.tax.amount, digits) : null, taxRate: raw.tax ? raw.tax.percent : null,
					periodStart: iso(raw.start), periodEnd: iso(raw.start + raw.length),
					status: raw.paid === undefined ? 'unknown' : raw.paid ? 'paid' : 'unpaid',
					pdf: { available: false, fileName: null, url: null },
				});
				expect(invoice.lines.map((line) => line.total)).toEqual(raw.lines.map((line) => asUnits(line, digits)));
			}),
			RUNS,
		);
	});

	it('malformed records: a valid invoice with nulls, never an exception', () => {
		const any = corrupt(record.map((raw) => build(raw, false)));
		fc.assert(
			fc.property(any, fc.boolean(), (raw, minor) => checkInvoice(normalizeNorthflank(raw, { timezone: 'UTC', amountsInMinorUnits: minor }), 'northflank')),
			RUNS,
		);
	});
});

describe('junk anywhere', () => {
	it('a record made only of junk fields, for every normalizer', () => {
		const fields = ['id', 'number', 'invoice_number', 'invoiceNumber', 'invoicenum', 'type', 'status', 'paymentStatus', 'isCredit', 'currency',
			'amount', 'amount_with_vat', 'amountIncVAT', 'amountExclVAT', 'amountIncVat', 'vatAmount', 'remainingAmount', 'subtotal', 'subTotal',
			'tax', 'total', 'taxrate', 'tax_rate', 'vatPercentage', 'created_at', 'creationDate', 'date', 'due_date', 'dueDate', 'duedate',
			'payment_date', 'paymentDate', 'datepaid', 'period', 'items', 'lineItems', 'paid', 'formalize', 'formalize_file', 'notes', 'description'];
		const record = fc.dictionary(fc.constantFrom(...fields), junk, { maxKeys: 20, noNullPrototype: true }).map((raw) => raw as IDataObject);
		fc.assert(
			fc.property(record, zones, fc.constantFrom('EUR', 'JPY', 'KWD', null), (raw, timezone, currency) => {
				checkInvoice(normalizeVpsbg(raw, { timezone, currency }), 'vpsbg');
				checkInvoice(normalizeI3d(raw, { timezone }), 'i3dnet');
				checkInvoice(normalizeI3dDetail(raw, { timezone }), 'i3dnet');
				checkInvoice(normalizeWiseCp(raw, { timezone, baseUrl: 'https://billing.example.com/api/' }), 'wisecp');
				checkInvoice(normalizePph(raw, { timezone, currency }), 'pph');
				checkInvoice(normalizeNorthflank(raw, { timezone }), 'northflank');
			}),
			{ numRuns: 1000 },
		);
	});
});

/**
 * The normalizers read fixed date layouts and round amounts without luxon's parser or decimal
 * strings (nodes/shared/invoice.ts fastDate, roundTo's fast path); they must give exactly what the
 * luxon reading (luxonDate, isoDate as it was) and the decimal rounding give, for every input, or
 * output would change.
 */
describe('fast paths equal the general readings', () => {
	const two = (n: number) => String(n).padStart(2, '0');
	/** Calendar fields a little beyond the valid ranges, so invalid days, hours and years are drawn too. */
	const fields = fc.record({
		year: fc.oneof(fc.integer({ min: 1965, max: 2040 }), fc.integer({ min: 9990, max: 10005 })),
		month: fc.integer({ min: 0, max: 13 }),
		day: fc.integer({ min: 0, max: 32 }),
		hour: fc.integer({ min: 0, max: 25 }),
		minute: fc.integer({ min: 0, max: 60 }),
		second: fc.integer({ min: 0, max: 60 }),
	});
	const text = fc.tuple(fields, fc.nat(9), fc.stringMatching(/^\d{1,10}$/), fc.integer({ min: -15, max: 15 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('', ' ', '\t')).map(
		([f, layout, fraction, offsetHours, offsetMinutes, pad]) => {
			const date = `${String(f.year).padStart(4, '0')}-${two(f.month)}-${two(f.day)}`;
			const time = `${two(f.hour)}:${two(f.minute)}:${two(f.second)}`;
			const offset = `${offsetHours < 0 ? '-' : '+'}${two(Math.abs(offsetHours))}:${two(offsetMinutes)}`;
			const layouts = [
				`${date} ${time}`, // WiseCP, PPH
				`${date}T${time}.${fraction}Z`, // Laravel
				`${date}T${time}${offset}`, // i3D.net details
				`${date}T${time}Z`,
				date,
				`${date} ${two(f.hour)}:${two(f.minute)}`,
				`${date}T${two(f.hour)}:${two(f.minute)}`,
				`${date}T${time}`,
				`${date}T${time}.${fraction}${offset}`,
				`${date}T${time}+0200`, // outside the fast layouts: luxon reads it
			];
			return `${pad}${layouts[layout]}${pad}`;
		},
	);
	const seconds = fc.oneof(fc.integer({ min: -10, max: 260_000_000_000 }), fc.double({ min: -1, max: 3e9, noNaN: true }));
	const anyZone = fc.constantFrom('UTC', 'utc', 'Etc/UTC', 'Europe/Sofia', 'Europe/Istanbul', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca', 'UTC+3');

	it('isoDate: every layout, valid or not, in every zone, as luxon reads it', () => {
		fc.assert(
			fc.property(fc.oneof(text, seconds, seconds.map(String)), anyZone, (value, zone) => {
				expect(isoDate(value, zone)).toBe(luxonDate(value, zone));
			}),
			{ numRuns: 20_000 },
		);
	});

	it('isoDate: every minute around the summer-time changes, where luxon guesses the offset', () => {
		for (const zone of ['Europe/Sofia', 'America/New_York', 'Australia/Lord_Howe']) {
			for (const [year, month, day] of [[2022, 3, 27], [2022, 10, 30], [2024, 3, 10], [2024, 11, 3], [2023, 4, 2], [2023, 10, 1]]) {
				for (let minute = 0; minute < 24 * 60; minute += 5) {
					const value = `${year}-${two(month)}-${two(day)} ${two(Math.floor(minute / 60))}:${two(minute % 60)}:00`;
					expect([value, zone, isoDate(value, zone)]).toEqual([value, zone, luxonDate(value, zone)]);
				}
			}
		}
	});

	it('file names: numbers that are already safe are kept as the general cleaning would keep them', () => {
		/** pdfFileName as it was, always cleaning. */
		const clean = (value: string) => value.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 120);
		const reference = (number: string | null, id: string, withId: boolean) => {
			const label = clean(number ?? id) || 'invoice';
			const safeId = clean(id) || 'invoice';
			const addId = number !== null && (withId || label !== number) && label !== safeId;
			return `p-${label}${addId ? `-${safeId}` : ''}.pdf`;
		};
		const part = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._#\- ]{0,130}$/), fc.string({ maxLength: 20 }), fc.constantFrom('8431', '0000007266', '#327', 'ünï', '..', '-a-', 'a'.repeat(121)));
		fc.assert(
			fc.property(fc.option(part, { nil: null }), part, fc.boolean(), (number, id, withId) => {
				expect(pdfFileName('p', number, id, 'pdf', withId)).toBe(reference(number, id, withId));
			}),
			{ numRuns: 20_000 },
		);
	});

	it('roundTo: the integer fast path gives the decimal rounding, halves and float noise included', () => {
		const amount = fc.oneof(
			fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
			// decimal amounts as JSON carries them, and their float sums
			fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 })).map(([units, places]) => units / 10 ** places),
			// exact halves of the last digit and their neighbours (1.005, 2.675, ...)
			fc.tuple(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(0, 1, -1)).map(([units, digits, nudge]) => (units + 0.5) / 10 ** digits + nudge * Number.EPSILON * Math.abs(units)),
		);
		fc.assert(
			fc.property(amount, fc.constantFrom(0, 2, 3, 4), (value, digits) => {
				expect(Object.is(roundTo(value, digits), roundExactly(value, digits))).toBe(true);
			}),
			{ numRuns: 50_000 },
		);
	});
});

'use strict';

const { Rng } = require('../random');
const { DAY, MINUTE, isoOffset, unix, ymd, monthYear, monthBounds, spreadBackward, startOfDay } = require('../dates');
const { I3D_PRODUCTS } = require('../catalog');
const { i3dnetFixtures } = require('../fixtures');

/**
 * i3D.net invoices, newest first (creationDate descending, id descending).
 * The illustrative 2188431 (1 May 2024) comes first; generated invoices go back to January 2022.
 * Each record is the list `Invoice`; its `InvoiceDetails` (the single-invoice response element)
 * is kept as the record's extra. Amounts are cents strings, VAT 21 % (Dutch business customer).
 * Credit invoices (isCredit 1) have negative amounts and count as settled (paymentStatus 1).
 */

const VAT = 21;
const PAYMENT_TERM = 14;
const SNAPSHOT = Date.UTC(2024, 4, 1); // "today" for this account: recent invoices are still open

const CLIENT_NUMBER = '100482';
const CLIENT_DETAILS = {
	fullName: 'Jan de Vries',
	companyName: 'Nordlicht Hosting B.V.',
	email: 'billing@nordlicht-hosting.nl',
	address: 'Keizersgracht 123',
	zip: '1015 CJ',
	city: 'Amsterdam',
	country: 'Netherlands',
	vatNumber: 'NL853746190B01',
	iban: 'NL91ABNA0417164300',
	bic: 'ABNANL2A',
};
const COMPANY_DETAILS = {
	name: 'i3D.net B.V.',
	address: 'Rivium 1e straat 1',
	zip: '2909 LE',
	city: 'Capelle aan den IJssel',
	country: 'Netherlands',
	phone: '+31 10 890 0070',
	email: 'billing@i3d.net',
	url: 'https://www.i3d.net',
	iban: 'NL02RABO0123456789',
	bic: 'RABONL2U',
};

/** `GET /account/details` element (AccountDetails). */
function account() {
	return {
		accountType: 2,
		companyName: CLIENT_DETAILS.companyName,
		vatNumber: CLIENT_DETAILS.vatNumber,
		cocNumber: '74125896',
		firstName: 'Jan',
		lastName: 'de Vries',
		address: 'Keizersgracht',
		streetNumber: '123',
		zipCode: CLIENT_DETAILS.zip,
		city: CLIENT_DETAILS.city,
		countryCode: 'NL',
		emailAddress: CLIENT_DETAILS.email,
		unconfirmedEmail: null,
		emailAddressValidated: 1,
		phoneNumber: '+31 20 555 0147',
		phoneNumberMobile: null,
		language: 0,
		emailAddressAbuse: 'abuse@nordlicht-hosting.nl',
		newsletter: 0,
		agreeToc: 1,
		agreeAup: 1,
		agreeDpa: 1,
		isAllowedFlexMetal: 1,
	};
}

/** @param {number} unitPrice cents @param {number} quantity @param {number} setup cents */
function money(unitPrice, quantity, setup) {
	const excl = unitPrice * quantity + setup;
	const vat = Math.round((excl * VAT) / 100);
	return { excl, vat, inc: excl + vat };
}

/**
 * @param {Rng} rng @param {number} created @param {boolean} credit
 * @returns {any[]} InvoiceItem objects
 */
function makeItems(rng, created, credit) {
	const { first, last } = monthBounds(created);
	const count = credit ? 1 : rng.weighted([[1, 6], [2, 3], [3, 1]]);
	const items = [];
	for (let i = 0; i < count; i++) {
		const [name, price] = rng.pick(I3D_PRODUCTS);
		const quantity = credit ? 1 : rng.weighted([[1, 8], [2, 2]]);
		const setup = !credit && rng.chance(0.08) ? rng.pick([4900, 9900, 15000]) : 0;
		const unitPrice = credit ? -Math.round(price * rng.float(0.2, 1)) : price;
		const m = money(unitPrice, quantity, setup);
		items.push({
			orderId: String(rng.int(52000, 79999)),
			description: credit ? `Credit: ${name}` : name,
			periodFrom: ymd(first),
			periodTo: ymd(last),
			remarks: credit ? 'Service credit (SLA)' : setup ? 'Setup fee included' : rng.chance(0.15) ? 'Contract term 12 months' : '',
			quantity,
			setupCosts: String(setup),
			unitPrice: String(unitPrice),
			vatPercentage: VAT,
			vatAmount: String(m.vat),
			amountIncVat: String(m.inc),
			amountExclVat: String(m.excl),
		});
	}
	return items;
}

/**
 * Builds the list record and its details from the items.
 * @param {{ id: number, number: string, hash: string, created: number, credit: boolean,
 *   state: 'paid'|'unpaid'|'partial', paidAt: number, items: any[], rng: Rng }} p
 */
function assemble(p) {
	const sum = (key) => p.items.reduce((total, item) => total + Number(item[key]), 0);
	const excl = sum('amountExclVat');
	const inc = sum('amountIncVat');
	const due = p.created + PAYMENT_TERM * DAY;
	const paid = p.credit || p.state === 'paid';
	const paidAmount = paid ? inc : p.state === 'partial' ? Math.round(inc * p.rng.float(0.2, 0.7)) : 0;
	const firstName = p.items[0].description.split(',')[0];
	const description = p.credit ? `Credit invoice - ${firstName.replace(/^Credit: /, '')} - ${monthYear(p.created)}` : `${firstName} - ${monthYear(p.created)}`;
	const paymentDate = paid ? unix(p.paidAt) : 0;
	const record = {
		id: String(p.id), creationDate: unix(p.created), dueDate: unix(due), invoiceNumber: p.number,
		invoiceHash: p.hash, description, currency: 'EUR', currencySign: '€',
		amountIncVAT: String(inc), amountExclVAT: String(excl), paymentStatus: paid ? 1 : 0, paymentDate,
		isCredit: p.credit ? 1 : 0, remainingAmount: String(inc - paidAmount), totalPaidAmount: String(paidAmount),
	};
	return { record, extra: detailsOf(record, p.items) };
}

/** InvoiceDetails for a list record. */
function detailsOf(record, items) {
	const vat = items.reduce((total, item) => total + Number(item.vatAmount), 0);
	return {
		id: Number(record.id),
		invoiceNumber: record.invoiceNumber,
		invoiceHash: record.invoiceHash,
		clientNumber: CLIENT_NUMBER,
		creationDate: isoOffset(record.creationDate * 1000),
		dueDate: isoOffset(record.dueDate * 1000),
		paymentStatus: record.paymentStatus,
		paymentDate: record.paymentDate,
		isCredit: record.isCredit,
		paymentTerm: PAYMENT_TERM,
		currency: record.currency,
		currencySign: record.currencySign,
		vatPercentage: VAT,
		vatAmount: String(vat),
		amountIncVat: record.amountIncVAT,
		amountExclVat: record.amountExclVAT,
		items,
		clientDetails: { ...CLIENT_DETAILS },
		companyDetails: { ...COMPANY_DETAILS },
	};
}

/** @param {Rng} rng @param {number} created @returns {'paid'|'unpaid'|'partial'} */
function pickState(rng, created) {
	const age = (SNAPSHOT - created) / DAY;
	if (age < 20) return rng.chance(0.65) ? 'unpaid' : 'paid';
	return rng.weighted(/** @type {Array<['paid'|'unpaid'|'partial', number]>} */ ([['paid', 95.5], ['unpaid', 2.5], ['partial', 2]]));
}

/**
 * @param {{ seed: number|string, count: number }} options
 * @returns {{ records: any[], extras: Map<number, any>, account: any }}
 */
function generate({ seed, count }) {
	const rng = Rng.for(seed, 'i3dnet');
	const entries = i3dnetFixtures().slice(0, count).map((f) => ({ record: f.record, extra: detailsOf(f.record, f.items) }));
	const todo = Math.max(count - entries.length, 0);
	const days = spreadBackward(rng, SNAPSHOT, Date.UTC(2022, 0, 3), todo).map(startOfDay);
	// invoice numbers are yyyymmdd + a per-day sequence that grows with the id
	const seqs = new Map();
	const numbers = days.slice().reverse().map((day) => {
		const next = (seqs.get(day) ?? rng.int(5, 400)) + rng.int(1, 40);
		seqs.set(day, next);
		return `${ymd(day).replace(/-/g, '')}${String(next).padStart(3, '0')}`;
	}).reverse();
	let id = 2188431;
	for (let i = 0; i < todo; i++) {
		id -= rng.int(150, 2400);
		const created = days[i];
		const credit = rng.chance(0.07);
		/** @type {'paid'|'unpaid'|'partial'} */
		const state = credit ? 'paid' : pickState(rng, created);
		const paidAt = credit ? created : created + rng.int(0, 12) * DAY + rng.int(7 * 60, 19 * 60) * MINUTE;
		entries.push(assemble({ id, number: numbers[i], hash: rng.hex(32), created, credit, state, paidAt, items: makeItems(rng, created, credit), rng }));
	}
	return { records: entries.map((e) => e.record), extras: new Map(entries.map((e) => [Number(e.record.id), e.extra])), account: account() };
}

/**
 * Unpaid invoices newer than everything in `records` (for the `shift` fault and `addInvoices`),
 * newest first. With `date` (epoch ms) every one is created on the UTC day of that instant
 * instead (ids still above all others: a late invoice).
 * @param {{ seed: number|string, serial: number|string, count: number, records: any[], date?: number }} options
 */
function newer({ seed, serial, count, records, date }) {
	const rng = Rng.for(seed, `i3dnet:newer:${serial}`);
	const taken = new Set(records.map((r) => r.invoiceNumber));
	let id = Math.max(2188431, ...records.map((r) => Number(r.id)));
	let created = startOfDay(Math.max(SNAPSHOT, ...records.map((r) => r.creationDate * 1000))) + DAY;
	if (date !== undefined) created = startOfDay(date);
	const out = [];
	for (let i = 0; i < count; i++) {
		id += rng.int(150, 2400);
		const step = rng.int(0, 2) * DAY;
		if (date === undefined) created += step;
		let seq = rng.int(100, 800);
		let number;
		do number = `${ymd(created).replace(/-/g, '')}${String(seq++).padStart(3, '0')}`;
		while (taken.has(number));
		taken.add(number);
		const entry = assemble({ id, number, hash: rng.hex(32), created, credit: false, state: 'unpaid', paidAt: 0, items: makeItems(rng, created, false), rng });
		// extras are keyed by the numeric id, like generate()'s
		out.push({ ...entry, key: Number(entry.record.id) });
	}
	return out.reverse();
}

/** The API's list order (creationDate, then id, descending): negative when `a` comes first. */
function order(a, b) {
	return b.creationDate - a.creationDate || Number(b.id) - Number(a.id);
}

module.exports = { generate, newer, order, account };

'use strict';

const { Rng } = require('../random');
const { DAY, HOUR, addMonths, dmy, laravelDate, localDay, localMidnight, spreadForward, startOfDay } = require('../dates');
const { PPH_HOSTING, DOMAINS } = require('../catalog');
const { pphFixtures, pphAccount } = require('../fixtures');

/**
 * PPH (vionity) invoices, oldest first (id ascending). The docs are silent on the order; ascending
 * lets the docs' examples (130348 from June 2020, then 212032 from November 2022) come first while
 * the account (created 2020-06-26) has no older invoices. Generated invoices run from December 2022
 * to October 2026. Item amounts are gross strings ("7.95"); invoice totals are numbers; taxrate 19.
 *
 * The last three generated invoices are always Unpaid, for the pay/remove-credit endpoints:
 *   [-3] balance 4.75, no credit applied   -> payable from the account credit (5.02)
 *   [-2] total 14.99 with 2.00 credit      -> remove-credit gives 2.00 back; pay fails (too little credit)
 *   [-1] total 24.85                        -> pay fails (insufficient credit)
 */

const CET = 1;
const ZERO_DATE = '-000001-11-29T23:06:32.000000Z';
const LABELS = { Paid: 'Bezahlt', Unpaid: 'Unbezahlt', Cancelled: 'Storniert', Refunded: 'Erstattet' };
const SNAPSHOT = Date.UTC(2026, 10, 1); // "now" for diff_for_humans

/** Plan for the first generated invoices: [kind, status, paid by]. */
const PLAN = [
	['Hosting', 'Paid', 'paypal'],
	['Domain', 'Paid', 'credit'],
	['Donation', 'Paid', 'paypal'],
	['Hosting', 'Refunded', 'stripe'],
	['Hosting', 'Cancelled', null],
];
const TAIL = [
	{ kind: 'Hosting', product: 4, credit: 0 },
	{ kind: 'Hosting', product: 1, credit: 2 },
	{ kind: 'Game+Domain', product: 2, credit: 0 },
];

function round2(value) {
	return Math.round(value * 100) / 100;
}

/** Carbon's German diffForHumans ("vor 3 Monaten"). */
function diffForHumans(ms) {
	const days = Math.floor((SNAPSHOT - ms) / DAY);
	/** @type {Array<[number, string, string]>} */
	const units = [[365, 'Jahr', 'Jahren'], [30, 'Monat', 'Monaten'], [7, 'Woche', 'Wochen'], [1, 'Tag', 'Tagen']];
	for (const [size, one, many] of units) {
		const n = Math.floor(days / size);
		if (n >= 1) return `vor ${n} ${n === 1 ? one : many}`;
	}
	return 'vor 1 Stunde';
}

/**
 * @param {Rng} rng
 * @param {{ id: number, day: number, kind: string, status: string, gateway: string|null, credit: number,
 *   product?: number, nextItemId: () => number, base: string }} p
 */
function makeInvoice(rng, p) {
	const start = p.day;
	const items = [];
	const item = (type, short, description, amount, extra = {}) => items.push({
		id: p.nextItemId(), invoiceid: p.id, type, short_description: short, description, relid: rng.int(5000, 48000),
		amount: amount.toFixed(2), taxed: type === 'Donation' ? 0 : 1, donation: type === 'Donation', ...extra,
	});
	const hosting = (index) => {
		const [name, price, specs] = PPH_HOSTING[index];
		const short = `${name} - (${dmy(start)} - ${dmy(addMonths(start, 1) - DAY)})`;
		item('Hosting', short, `${short}\n${specs}`, price);
	};
	const domain = () => {
		const text = `Domain Verlängerung - ${rng.pick(DOMAINS.filter((d) => d.endsWith('.de') || d.endsWith('.dev')))} - 1 Jahr(e) (${dmy(start + 10 * DAY)} - ${dmy(addMonths(start + 10 * DAY, 12) - DAY)})`;
		item('Domain', text, text, 11.9);
	};
	if (p.kind === 'Hosting') hosting(p.product ?? rng.int(0, PPH_HOSTING.length - 1));
	else if (p.kind === 'Domain') domain();
	else if (p.kind === 'Game+Domain') {
		hosting(p.product ?? 2);
		domain();
	} else {
		const named = rng.chance(0.5);
		item('Donation', 'Spende an vionity', 'Spende - Danke für deine Unterstützung!', rng.pick([5, 10, 20]), {
			donator_name: named ? 'Lena H.' : null, donator_text: named ? 'Weiter so!' : null,
		});
	}
	const taxedGross = items.filter((i) => i.taxed).reduce((sum, i) => sum + Number(i.amount), 0);
	const untaxed = items.filter((i) => !i.taxed).reduce((sum, i) => sum + Number(i.amount), 0);
	const net = round2(taxedGross / 1.19);
	const subtotal = round2(net + untaxed);
	const tax = round2(taxedGross - net);
	const total = round2(subtotal + tax);
	const paid = p.status === 'Paid' || p.status === 'Refunded';
	const paidAt = start + rng.int(1, 20) * HOUR + rng.int(0, 3599) * 1000;
	/** @type {Record<string, any>} */
	const invoice = {
		id: p.id,
		duedate: laravelDate(localMidnight(start + 14 * DAY, CET)),
		datepaid: paid ? laravelDate(paidAt) : ZERO_DATE,
		date: laravelDate(localMidnight(start, CET)),
		subtotal,
		credit: p.gateway === 'credit' ? total : p.credit,
		tax,
		taxrate: 19,
		total,
		status: p.status,
		status_label: LABELS[p.status],
		is_open: p.status === 'Unpaid',
		items,
		donation_invoice: items.some((i) => i.donation),
	};
	if (paid && p.gateway && p.gateway !== 'credit') {
		invoice.transaction = {
			id: rng.int(90000, 190000), invoiceid: p.id, gateway: p.gateway, diff_for_humans: diffForHumans(paidAt),
			description: `Invoice Payment (${p.gateway === 'paypal' ? 'PayPal' : 'Stripe'} ${rng.alnum(17).toUpperCase()})`,
			amountin: total, amountout: p.status === 'Refunded' ? total : 0, date: laravelDate(paidAt),
		};
	}
	invoice.resources = { invoice: `${p.base}/client/invoices/${p.id}`, download: `${p.base}/client/invoices/${p.id}/download` };
	return invoice;
}

/**
 * @param {{ seed: number|string, count: number, ctx: any }} options
 * @returns {{ records: any[], extras: Map<number, any>, account: any }}
 */
function generate({ seed, count, ctx }) {
	const rng = Rng.for(seed, 'pph');
	/** @type {any[]} */
	const records = pphFixtures(ctx).slice(0, count);
	const todo = Math.max(count - records.length, 0);
	const days = spreadForward(rng, Date.UTC(2022, 11, 1), Date.UTC(2026, 9, 20), todo).map(startOfDay);
	let id = 212032;
	let itemId = 246676;
	const nextItemId = () => (itemId += rng.int(2000, 15000));
	for (let i = 0; i < todo; i++) {
		id += rng.int(2500, 14000);
		const tail = TAIL[i - (todo - TAIL.length)];
		const base = { id, day: days[i], nextItemId, base: ctx.baseUrls.pph };
		if (tail) {
			records.push(makeInvoice(rng, { ...base, kind: tail.kind, status: 'Unpaid', gateway: null, credit: tail.credit, product: tail.product }));
			continue;
		}
		const [kind, status, gateway] = PLAN[i] || [
			rng.weighted([['Hosting', 6], ['Domain', 2], ['Donation', 1]]),
			rng.weighted([['Paid', 8], ['Cancelled', 1], ['Refunded', 1]]),
			rng.pick(['paypal', 'stripe', 'credit']),
		];
		records.push(makeInvoice(rng, { ...base, kind, status, gateway: status === 'Cancelled' ? null : gateway, credit: 0 }));
	}
	return { records, extras: new Map(), account: pphAccount() };
}

/**
 * Unpaid hosting invoices newer than everything in `records` (for the `shift` fault and
 * `addInvoices`), newest first. With `date` (epoch ms) every one is dated on the Berlin calendar
 * day of that instant instead (ids still above all others: a late invoice).
 * @param {{ seed: number|string, serial: number|string, count: number, records: any[], ctx: any, date?: number }} options
 */
function newer({ seed, serial, count, records, ctx, date }) {
	const rng = Rng.for(seed, `pph:newer:${serial}`);
	let id = Math.max(212032, ...records.map((r) => r.id));
	let itemId = Math.max(246676, ...records.flatMap((r) => r.items.map((i) => i.id)));
	let day = startOfDay(Math.max(Date.UTC(2026, 9, 20), ...records.map((r) => Date.parse(r.date.replace(/\d{3}Z$/, 'Z')) + 12 * HOUR))) + DAY;
	if (date !== undefined) day = localDay(date, CET);
	const out = [];
	for (let i = 0; i < count; i++) {
		id += rng.int(2500, 14000);
		const step = rng.int(0, 3) * DAY;
		if (date === undefined) day += step;
		out.push({ record: makeInvoice(rng, { id, day, kind: 'Hosting', status: 'Unpaid', gateway: null, credit: 0, nextItemId: () => (itemId += rng.int(10, 500)), base: ctx.baseUrls.pph }) });
	}
	return out.reverse();
}

/** The API's list order (id ascending): negative when `a` comes first. */
function order(a, b) {
	return a.id - b.id;
}

module.exports = { generate, newer, order, ZERO_DATE, LABELS };

'use strict';

const { Rng } = require('../random');
const { DAY, HOUR, localDay, localMidnight, laravelDate, spreadBackward, startOfDay } = require('../dates');
const { VPSBG_PRODUCTS } = require('../catalog');
const { vpsbgFixtures, vpsbgBalance } = require('../fixtures');

/**
 * VPSBG invoices, newest first (id descending, like the docs example).
 * The two fixtures (8431, 8425, August 2024) come first, so generated invoices have lower ids and
 * go back from August 2024 to January 2022. Paid orders get a proforma ("proform", number =
 * zero-padded order id) followed a few days later by the VAT invoice ("original", own sequence).
 */

const SOFIA = 2; // standard UTC offset; created_at is local midnight in Sofia
const VAT = 0.2;
/** [label, months, price factor] @type {Array<[string, number, number]>} */
const PERIODS = [['1 month', 1, 1], ['3 months', 3, 1], ['12 months', 12, 0.9]];

/** @typedef {{ orderId: number, description: string, quantity: number, unitPrice: number }} VpsbgLine */
/** @typedef {{ lines: VpsbgLine[] }} VpsbgExtra */

function round2(value) {
	return Math.round(value * 100) / 100;
}

function pad10(n) {
	return String(n).padStart(10, '0');
}

/** @param {Rng} rng @param {number} orderId @returns {VpsbgLine} */
function orderLine(rng, orderId) {
	const [name, monthly] = rng.pick(VPSBG_PRODUCTS);
	const [label, months, factor] = rng.weighted([[PERIODS[0], 7], [PERIODS[1], 2], [PERIODS[2], 1]]);
	return { orderId, description: `${name} - ${label}`, quantity: 1, unitPrice: round2(monthly * months * factor) };
}

/** @param {number} id @param {string} number @param {string} type @param {number} day @param {VpsbgLine[]} lines */
function makeRecord(id, number, type, day, lines) {
	const amount = round2(lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0));
	return {
		record: {
			id,
			invoice_number: number,
			created_at: laravelDate(localMidnight(day, SOFIA)),
			amount,
			amount_with_vat: round2(amount * (1 + VAT)),
			type,
			order_ids: lines.map((line) => line.orderId),
		},
		extra: { lines },
	};
}

/**
 * @param {{ seed: number|string, count: number }} options
 * @returns {{ records: object[], extras: Map<number, VpsbgExtra>, account: object }}
 */
function generate({ seed, count }) {
	const rng = Rng.for(seed, 'vpsbg');
	const entries = vpsbgFixtures().slice(0, count);
	const todo = count - entries.length;
	const days = spreadBackward(rng, Date.UTC(2024, 7, 4), Date.UTC(2022, 0, 10), Math.max(todo, 0)).map(startOfDay);
	let id = 8425;
	let orderId = 7390;
	let originalNo = 1594;
	/** @type {VpsbgLine[] | null} */
	let proformaDue = null;
	for (let i = 0; i < todo; i++) {
		id -= rng.int(1, 5);
		const day = days[i];
		if (proformaDue) {
			entries.push(makeRecord(id, pad10(proformaDue[0].orderId), 'proform', day, proformaDue));
			proformaDue = null;
			continue;
		}
		orderId -= rng.int(1, 4);
		const lines = [orderLine(rng, orderId)];
		if (rng.chance(0.12)) lines.push(orderLine(rng, (orderId -= rng.int(1, 2))));
		if (rng.chance(0.05)) lines.forEach((line) => (line.unitPrice = 0)); // promo / free trial
		if (rng.chance(0.75)) {
			originalNo -= rng.int(1, 3);
			entries.push(makeRecord(id, pad10(originalNo), 'original', day, lines));
			proformaDue = lines; // walking back in time: the proforma came first
		} else {
			entries.push(makeRecord(id, pad10(lines[0].orderId), 'proform', day, lines)); // never paid
		}
	}
	return { records: entries.map((e) => e.record), extras: new Map(entries.map((e) => [e.record.id, e.extra])), account: vpsbgBalance() };
}

/**
 * New proforma invoices newer than everything in `records` (for the `shift` fault and
 * `addInvoices`), newest first. With `date` (epoch ms) every one is dated on the Sofia calendar
 * day of that instant instead (ids still above all others: a late invoice).
 * @param {{ seed: number|string, serial: number|string, count: number, records: any[], date?: number }} options
 */
function newer({ seed, serial, count, records, date }) {
	const rng = Rng.for(seed, `vpsbg:newer:${serial}`);
	let id = Math.max(8000, ...records.map((r) => r.id));
	let orderId = Math.max(7000, ...records.flatMap((r) => r.order_ids));
	const latest = Math.max(Date.UTC(2024, 7, 27), ...records.map((r) => Date.parse(r.created_at.replace(/\d{3}Z$/, 'Z'))));
	let day = startOfDay(latest + 12 * HOUR) + DAY; // the Sofia calendar day after the newest invoice
	if (date !== undefined) day = localDay(date, SOFIA);
	const out = [];
	for (let i = 0; i < count; i++) {
		id += rng.int(1, 4);
		orderId += rng.int(1, 3);
		const step = rng.int(0, 2) * DAY;
		if (date === undefined) day += step;
		out.push(makeRecord(id, pad10(orderId), 'proform', day, [orderLine(rng, orderId)]));
	}
	return out.reverse();
}

/** The API's list order (id descending): negative when `a` comes first. */
function order(a, b) {
	return b.id - a.id;
}

module.exports = { generate, newer, order };

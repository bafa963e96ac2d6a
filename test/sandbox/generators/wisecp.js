'use strict';

const { Rng } = require('../random');
const { DAY, MINUTE, zoneless, spreadBackward } = require('../dates');
const { WISECP_PRODUCTS, DOMAINS, WISECP_CLIENTS } = require('../catalog');
const { wisecpFixtures } = require('../fixtures');

/**
 * WiseCP (legacy External API) invoices in the API's default order: sort=id, sort_type=DESC.
 * The docs' #367 and #327 come first; generated invoices have ids below 327 (created January to
 * November 2022). Money is float arithmetic on purpose (tax = subtotal * rate / 100), so values
 * carry binary noise just like the docs' 24.780000000000001136868377216160297393798828125.
 *
 * Records at positions 2, 3 and 4 (0-based, right after the fixtures) are always formalized:
 * position 2's formalize_file is on the primary origin, positions 3 and 4 point at the other
 * origin (http://localhost:PORT). Other paid invoices are formalized at random, on the primary.
 */

const PLACEHOLDER = '0000-00-00 00:00:00';
const FORCED_FORMALIZED = { 2: 'primary', 3: 'other', 4: 'other' };
const LANG = { TR: 'tr', DE: 'de', FR: 'fr', ES: 'es', PL: 'pl' };
const EU = ['DE', 'FR', 'PL', 'ES'];
const NOTES = ['Thank you for your business.', 'Annual renewal, paid in advance.', 'Reference: PO-2022-118', 'Please use the invoice number as payment reference.'];

/** @param {Rng} rng */
function makeClients(rng) {
	return WISECP_CLIENTS.map(([name, surname, type, company, cc, country, city, state], i) => {
		const ascii = (s) => s.replace(/ı/g, 'i').normalize('NFKD').replace(/[^\x20-\x7e]/g, '').toLowerCase();
		return {
			id: 3 + i * 2 + rng.int(0, 1),
			lang: LANG[cc] || 'en',
			type,
			identity: cc === 'TR' && type === 'individual' ? rng.digits(11) : null,
			company_name: company,
			company_tax_number: company ? rng.digits(10) : null,
			company_tax_office: company ? (cc === 'TR' ? `${city} Vergi Dairesi` : city) : null,
			name,
			surname,
			full_name: `${name} ${surname}`,
			email: `${ascii(name)}.${ascii(surname)}@${rng.pick(['gmail.com', 'outlook.com', 'proton.me', 'yandex.com'])}`,
			phone: `${{ TR: '90', US: '1', CA: '1', GB: '44', FR: '33', DE: '49', PL: '48', ES: '34' }[cc]}${rng.digits(10)}`,
			address: {
				country_code: cc,
				country_name: country,
				city,
				state,
				detail: `${rng.pick(['Atatürk Cad.', 'Main Street', 'Rue de la Paix', 'Hauptstraße', 'ul. Długa', 'Calle Mayor'])} No:${rng.int(1, 120)}`,
				zipcode: rng.digits(5),
			},
		};
	});
}

/** @param {Rng} rng @param {any} client @returns {[string, number]} */
function currencyFor(rng, client) {
	const cc = client.address.country_code;
	if (cc === 'TR') return ['TRY', Math.round(rng.float(16.4, 18.7) * 10000) / 10000];
	if (EU.includes(cc)) return ['EUR', Math.round(rng.float(0.95, 1.07) * 10000) / 10000];
	return ['USD', 1];
}

/**
 * @param {Rng} rng
 * @param {{ id: number, created: number, client: any, status: string, formalizeOn: null|'primary'|'other',
 *   itemId: () => number, urls: { site: string, otherSite: string } }} p
 */
function makeInvoice(rng, p) {
	const { client, status, created } = p;
	const [currency, rate] = currencyFor(rng, client);
	const local = client.address.country_code === 'TR';
	const taxfree = !local && client.type === 'corporate' && rng.chance(0.3);
	const taxRate = local ? 18 : 0;
	const dueDate = zoneless(Math.floor((created + rng.int(0, 7) * DAY) / DAY) * DAY + (23 * 60 + 59) * MINUTE);
	const items = [];
	const count = rng.weighted([[1, 6], [2, 3], [3, 1]]);
	for (let i = 0; i < count; i++) {
		const manual = rng.chance(0.08);
		const orderId = manual ? 0 : rng.int(40, 124);
		let description;
		let price;
		let attributes;
		if (manual) {
			description = rng.pick(['Website migration service', 'Custom development work (2 hours)', 'Setup fee']);
			price = rng.pick([25, 49.9, 80]);
			attributes = [];
		} else {
			const [title, usd, event] = rng.pick(WISECP_PRODUCTS);
			const domain = rng.pick(DOMAINS);
			description = title.startsWith('(') ? `${domain} (#${orderId}) ${title}` : `${title.replace(' |', ` (${domain}) (#${orderId}) |`)}`;
			price = usd;
			attributes = { event };
		}
		const amount = currency === 'USD' ? price : Math.round(price * (currency === 'TRY' ? rate : 1 / rate) * 100) / 100;
		const quantity = manual ? rng.int(1, 2) : 1;
		items.push({
			id: p.itemId(), owner_id: p.id, description, quantity, tax_exempt: taxfree, amount, total: amount * quantity,
			order_id: orderId, due_date: manual ? PLACEHOLDER : dueDate, attributes,
		});
	}
	const subtotal = items.reduce((sum, item) => sum + item.total, 0);
	const discounts = [];
	if (rng.chance(0.12)) {
		const promo = rng.pick(/** @type {Array<[string, number, string]>} */ ([['promotion', 20, 'Promotion 1'], ['coupon', 10, 'WELCOME10'], ['promotion', 25, 'Black Friday']]));
		discounts.push({ type: promo[0], item_id: items[0].id, rate: promo[1], description: promo[2], amount: (items[0].total * promo[1]) / 100 });
	}
	const discount = discounts.reduce((sum, d) => sum + d.amount, 0);
	const tax = ((subtotal - discount) * taxRate) / 100;
	const total = subtotal - discount + tax;
	const paid = status === 'paid' || status === 'refunded';
	const method = paid ? rng.weighted([['PayPal', 3], ['Credit Card (Stripe)', 4], ['Bank Transfer', 2], ['Balance', 1]]) : 'none';
	const paidAt = created + rng.int(2, 60 * 30) * MINUTE;
	const commissionRate = method === 'Credit Card (Stripe)' ? 3 : 0;
	const fileName = `${rng.hex(16)}.pdf`;
	const token = rng.bytes(32).toString('base64');
	return {
		id: p.id,
		number: `#${p.id}`,
		user: client,
		taxation_type: 'exclusive',
		notes: rng.chance(0.15) ? rng.pick(NOTES) : null,
		created_at: zoneless(created),
		due_date: dueDate,
		payment_date: paid ? zoneless(paidAt) : PLACEHOLDER,
		refund_date: status === 'refunded' ? zoneless(paidAt + rng.int(3, 40) * DAY) : PLACEHOLDER,
		status,
		formalize: Boolean(p.formalizeOn),
		local,
		taxfree,
		formalize_file: p.formalizeOn ? `${p.formalizeOn === 'other' ? p.urls.otherSite : p.urls.site}/resources/uploads/invoices/${fileName}` : null,
		exchange_rate: rate,
		currency,
		tax_rate: taxRate,
		subtotal,
		tax,
		total,
		payment_method: method,
		payment_method_data: method === 'PayPal' ? { capture_id: `${rng.digits(1)}${rng.alnum(16).toUpperCase()}` }
			: method === 'Credit Card (Stripe)' ? { 'Transaction ID': `pi_${rng.alnum(24)}` } : [],
		payment_method_commission: Math.round(total * commissionRate) / 100,
		payment_method_commission_rate: commissionRate,
		send_bill_to_address: 0,
		share: { token, link: `${p.urls.site}/invoice?token=${token}` },
		discounts,
		items,
	};
}

/** @param {{ url: string, otherUrl: string }} ctx */
function siteUrls(ctx) {
	return { site: `${ctx.url}/wisecp`, otherSite: `${ctx.otherUrl}/wisecp` };
}

/**
 * @param {{ seed: number|string, count: number, ctx: any }} options
 * @returns {{ records: any[], extras: Map<number, any> }}
 */
function generate({ seed, count, ctx }) {
	const rng = Rng.for(seed, 'wisecp');
	const clients = makeClients(rng);
	/** @type {any[]} */
	const records = wisecpFixtures(ctx).slice(0, count);
	const todo = Math.max(count - records.length, 0);
	const times = spreadBackward(rng, Date.UTC(2022, 10, 23, 16, 0), Date.UTC(2022, 0, 4, 9, 0), todo);
	let id = 327;
	let itemId = 407;
	for (let i = 0; i < todo; i++) {
		id -= rng.int(1, 2);
		const position = records.length;
		const forced = FORCED_FORMALIZED[position] || null;
		const status = forced ? 'paid' : rng.weighted([['paid', 68], ['unpaid', 8], ['pending', 8], ['cancelled', 9], ['refunded', 7]]);
		const formalizeOn = forced || (status === 'paid' && rng.chance(0.15) ? 'primary' : null);
		const created = Math.floor(times[i] / MINUTE) * MINUTE;
		records.push(makeInvoice(rng, {
			id, created, client: rng.pick(clients), status, formalizeOn, itemId: () => itemId--, urls: siteUrls(ctx),
		}));
	}
	return { records, extras: new Map() };
}

/**
 * Unpaid invoices newer than everything in `records` (for the `shift` fault), newest first. For
 * `addInvoices` (`added`) paid, formalized ones instead, so each has its PDF (on the primary
 * origin). With `date` (epoch ms) every one is created at that minute instead (ids still above
 * all others: a late invoice).
 * @param {{ seed: number|string, serial: number|string, count: number, records: any[], ctx: any, date?: number, added?: boolean }} options
 */
function newer({ seed, serial, count, records, ctx, date, added = false }) {
	const rng = Rng.for(seed, `wisecp:newer:${serial}`);
	const clients = makeClients(Rng.for(seed, 'wisecp'));
	let id = Math.max(367, ...records.map((r) => r.id));
	let itemId = Math.max(458, ...records.flatMap((r) => r.items.map((item) => item.id)));
	let created = Math.max(Date.UTC(2023, 2, 11, 19, 49), ...records.map((r) => Date.parse(`${r.created_at.replace(' ', 'T')}Z`)));
	const out = [];
	if (date !== undefined) created = Math.floor(date / MINUTE) * MINUTE;
	for (let i = 0; i < count; i++) {
		id += rng.int(1, 3);
		const step = rng.int(30, 3000) * MINUTE;
		if (date === undefined) created += step;
		const [status, formalizeOn] = added ? ['paid', 'primary'] : ['unpaid', null];
		out.push({ record: makeInvoice(rng, { id, created, client: rng.pick(clients), status, formalizeOn, itemId: () => ++itemId, urls: siteUrls(ctx) }) });
	}
	return out.reverse();
}

/** The API's default list order (sort=id, sort_type=DESC): negative when `a` comes first. */
function order(a, b) {
	return b.id - a.id;
}

module.exports = { generate, newer, order, FORCED_FORMALIZED };

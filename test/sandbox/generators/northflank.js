'use strict';

const { Rng } = require('../random');
const { spreadForward } = require('../dates');
const { NORTHFLANK_PROJECTS } = require('../catalog');
const { northflankFixtures } = require('../fixtures');

/**
 * Northflank invoices, oldest first (period ascending; the docs are silent on the order, and the
 * docs' example from June 2022 must come first). Periods are contiguous and inclusive, like the
 * example (end = next start - 1), and run to October 2026. All amounts are integer cents.
 *
 * Each invoice is one internal model; the list item and details are views of it for the
 * 'current' API (ids, `/billing/invoices/{id}`) or the 'legacy' API (no ids,
 * `/billing/invoices/details?timestamp=`). The newest two invoices are unpaid, and the 41st
 * (index 40) is a "carried over" 37-cent invoice with paid false.
 */

const ID_PREFIX = '835994C3';
const FIRST_NUMBER = 14310;
const END = Date.UTC(2026, 9, 31) / 1000;

/**
 * @typedef {{ total: number, [key: string]: number }} Price
 * @typedef {{ id: string, period: { start: number, end: number }, currency: string, paas: Price, byoc: Price,
 *   lineItems: Array<{ title: string, total: number, base: number, proration: boolean }>, subTotal: number,
 *   discount: number, taxPercent: number, taxAmount: number, total: number, paid: boolean, teams?: any[] }} Model
 */

/** Splits `amount` into integer parts proportional to `weights`; the last part takes the rest. */
function distribute(amount, weights) {
	const sum = weights.reduce((a, b) => a + b, 0);
	let left = amount;
	return weights.map((weight, i) => {
		if (i === weights.length - 1) return left;
		const part = Math.floor((amount * weight) / sum);
		left -= part;
		return part;
	});
}

/** Splits a price object into `weights.length` price objects whose components add up. */
function splitPrice(price, weights) {
	const keys = Object.keys(price).filter((k) => k !== 'total');
	const columns = keys.map((key) => distribute(price[key], weights));
	return weights.map((_, i) => {
		const part = { total: 0 };
		keys.forEach((key, k) => {
			part[key] = columns[k][i];
			part.total += columns[k][i];
		});
		return { total: part.total, ...Object.fromEntries(keys.map((key) => [key, part[key]])) };
	});
}

/** Team/project/resource breakdown of the PaaS price (deterministic per invoice). */
function breakdown(seed, model) {
	const rng = Rng.for(seed, `northflank:teams:${model.id}`);
	const teamCount = model.paas.total > 8000 ? 2 : 1;
	const teamNames = ['Platform', 'Data'];
	const teamPrices = splitPrice(model.paas, teamCount === 1 ? [1] : [rng.float(1, 3), 1]);
	return teamPrices.map((teamPrice, t) => {
		const projects = NORTHFLANK_PROJECTS.filter((_, i) => i % teamCount === t).slice(0, rng.int(1, 2));
		const projectPrices = splitPrice(teamPrice, projects.map(() => rng.float(0.5, 2)));
		return {
			id: teamNames[t].toLowerCase(),
			name: teamNames[t],
			price: teamPrice,
			projects: projects.map(([name, resourceType, resources], p) => {
				const chosen = resources.slice(0, rng.int(1, resources.length));
				const resourcePrices = splitPrice(projectPrices[p], chosen.map(() => rng.float(0.5, 2)));
				return {
					id: name,
					name,
					price: projectPrices[p],
					resourceTypes: [{
						resourceType,
						price: projectPrices[p],
						resources: chosen.map((resource, r) => ({ id: resource, name: resource, price: resourcePrices[r] })),
					}],
				};
			}),
		};
	});
}

/** @param {Rng} rng @param {string} id @param {{start:number,end:number}} period @param {{ paid: boolean, carried: boolean }} flags @returns {Model} */
function makeModel(rng, id, period, flags) {
	const currency = rng.weighted([['usd', 8], ['eur', 2]]);
	const paasTotal = flags.carried ? 37 : rng.int(300, 45000);
	const cpu = Math.round(paasTotal * rng.float(0.5, 0.65));
	const memory = Math.round(paasTotal * rng.float(0.25, 0.32));
	const paas = { total: paasTotal, cpu, memory, storage: paasTotal - cpu - memory, gpu: 0 };
	const byocTotal = !flags.carried && rng.chance(0.2) ? rng.int(1000, 30000) : 0;
	const cluster = Math.round(byocTotal * 0.4);
	const vcpu = Math.round(byocTotal * 0.4);
	const byoc = { total: byocTotal, vcpu, memory: byocTotal - cluster - vcpu, gpuMemory: 0, cluster };
	const lineItems = [{ title: 'PaaS usage', total: paas.total, base: paas.total, proration: false }];
	if (byoc.total) lineItems.push({ title: 'BYOC usage', total: byoc.total, base: byoc.total, proration: false });
	if (!flags.carried && rng.chance(0.25)) {
		const prorated = rng.chance(0.3);
		lineItems.push({ title: 'Team plan (Pro)', total: prorated ? rng.int(300, 1900) : 2000, base: 2000, proration: prorated });
	}
	const subTotal = lineItems.reduce((sum, item) => sum + item.total, 0);
	const discount = !flags.carried && rng.chance(0.08) ? Math.min(subTotal, rng.int(500, 5000)) : 0;
	const taxPercent = flags.carried ? 0 : rng.chance(0.6) ? 20 : 0;
	const taxAmount = Math.round(((subTotal - discount) * taxPercent) / 100);
	return {
		id, period, currency, paas, byoc, lineItems, subTotal, discount, taxPercent, taxAmount,
		total: subTotal - discount + taxAmount, paid: flags.paid,
	};
}

/** List item of the current API. @param {Model} m */
function currentListItem(m) {
	return {
		id: m.id, period: { ...m.period }, currency: m.currency,
		paasUsage: { price: { ...m.paas } }, byocUsage: { price: { ...m.byoc } },
		total: m.total, subTotal: m.subTotal, paid: m.paid,
	};
}

/** `data` of `GET /billing/invoices/{id}`. @param {Model} m */
function currentDetails(m) {
	return {
		id: m.id, period: { ...m.period }, currency: m.currency,
		byocUsage: { price: { ...m.byoc } },
		paasUsage: { price: { ...m.paas }, teams: structuredClone(m.teams || []) },
		lineItems: m.lineItems.map((item) => ({ ...item })),
		subTotal: m.subTotal, discounts: { total: m.discount }, tax: { percent: m.taxPercent, amount: m.taxAmount },
		total: m.total, paid: m.paid,
	};
}

/** List item of the legacy API: no id, no paid (exactly the docs' example shape). @param {Model} m */
function legacyListItem(m) {
	return { period: { ...m.period }, currency: m.currency, total: m.total, subTotal: m.subTotal };
}

/** `data` of legacy `GET /billing/invoices/details?timestamp=`. @param {Model} m */
function legacyDetails(m) {
	const paas = strip(m.paas); // legacy price objects have no gpu
	const teams = (m.teams || []).map((team) => ({
		id: team.id, name: team.name,
		usage: { price: strip(team.price), projects: team.projects.map((p) => ({ id: p.id, price: strip(p.price) })) },
	}));
	return {
		period: { ...m.period }, paid: m.paid,
		byocUsage: { price: { total: m.byoc.total } },
		paasUsage: { price: paas, teams },
		lineItems: m.lineItems.map(({ title, total }) => ({ title, total })),
		subTotal: m.subTotal, discount: m.discount, tax: { percent: m.taxPercent, value: m.taxAmount }, total: m.total,
	};
	function strip(price) {
		const { gpu: _gpu, ...rest } = price;
		return rest;
	}
}

/** @param {'current'|'legacy'} generation @param {Model} m */
function listItem(generation, m) {
	return generation === 'legacy' ? legacyListItem(m) : currentListItem(m);
}

/**
 * @param {{ seed: number|string, count: number, ctx: { options: { northflank: { generation: 'current'|'legacy' } } } }} options
 * @returns {{ records: any[], extras: Map<string, Model> }}
 */
function generate({ seed, count, ctx }) {
	const rng = Rng.for(seed, 'northflank');
	/** @type {Model[]} */
	const models = northflankFixtures().slice(0, count);
	const todo = Math.max(count - models.length, 0);
	const fixedEnd = models.length ? models[models.length - 1].period.end : 1655910214;
	const ends = spreadForward(rng, fixedEnd, END, todo);
	let start = fixedEnd + 1;
	for (let i = 0; i < todo; i++) {
		const index = models.length;
		const period = { start, end: ends[i] };
		start = ends[i] + 1;
		const carried = index === 40;
		models.push(makeModel(rng, `${ID_PREFIX}-${FIRST_NUMBER + index}`, period, { paid: !carried && i < todo - 2, carried }));
	}
	for (const m of models) m.teams = breakdown(seed, m);
	const generation = ctx.options.northflank.generation;
	return { records: models.map((m) => listItem(generation, m)), extras: new Map(models.map((m) => [m.id, m])) };
}

/**
 * Unpaid invoices for periods after everything in `extras` (for the `shift` fault and
 * `addInvoices`), newest first. With `date` (epoch ms) every one's period ends at that second
 * instead (new ids all the same: a late invoice; legacy list items, identified by their period
 * start, then share it).
 * @param {{ seed: number|string, serial: number|string, count: number, extras: Map<string, Model>, ctx: any, date?: number }} options
 */
function newer({ seed, serial, count, extras, ctx, date }) {
	const rng = Rng.for(seed, `northflank:newer:${serial}`);
	const models = [...extras.values()];
	let number = Math.max(FIRST_NUMBER - 1, ...models.map((m) => Number(m.id.split('-')[1])));
	let start = Math.max(1655910214, ...models.map((m) => m.period.end)) + 1;
	const out = [];
	for (let i = 0; i < count; i++) {
		const length = rng.int(5, 9) * 86400;
		const end = start + length - 1;
		const period = date === undefined ? { start, end } : { start: Math.floor(date / 1000) - length + 1, end: Math.floor(date / 1000) };
		const model = makeModel(rng, `${ID_PREFIX}-${++number}`, period, { paid: false, carried: false });
		model.teams = breakdown(seed, model);
		out.push({ record: listItem(ctx.options.northflank.generation, model), extra: model, key: model.id });
		start = end + 1;
	}
	return out.reverse();
}

/** The API's list order (period ascending): negative when `a` comes first. */
function order(a, b) {
	return a.period.start - b.period.start || a.period.end - b.period.end;
}

module.exports = { generate, newer, order, currentDetails, legacyDetails, listItem, makeModel, breakdown };

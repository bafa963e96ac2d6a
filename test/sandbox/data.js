'use strict';

const registry = require('../providers');

/**
 * The sandbox's data: one seeded data set per provider of the registry (test/providers.js),
 * made by its generator (`generators/<sandbox.generator>.js`) and kept in API order. The arrays
 * handed out as `sandbox.data.<provider>` are live: `reset()` refills them in place, `shift`
 * inserts into them, PPH pay/remove-credit mutate their records.
 *
 * A generator exports `generate({ seed, count, ctx })` → `{ records, extras, account? }`,
 * `newer({ seed, serial, count, records, extras, ctx, date?, added? })` → `[{ record, extra?, key? }]`
 * (newest first; `key` is the extras key, default the record's id; `date`, epoch ms: all dated
 * then, as the API would date an invoice issued at that instant, instead of after the newest;
 * `added`: for `addInvoices`, invoices that have a PDF wherever the API serves PDFs) and
 * `order(a, b)`, the API's list order of two records (negative when `a` comes first).
 */

const PROVIDERS = registry.PROVIDER_KEYS;
/** @type {Record<string, any>} */
const GENERATORS = Object.fromEntries(registry.PROVIDERS.map((p) => [p.key, require(`./generators/${p.sandbox.generator}`)]));
/** @type {Record<string, number>} */
const DEFAULT_COUNTS = Object.fromEntries(registry.PROVIDERS.map((p) => [p.key, p.counts.sandbox]));

/**
 * @typedef {import('../providers').ProviderKey} Provider
 * @typedef {{ records: any[], extras: Map<any, any>, account?: any }} DataSet
 * @typedef {{ url: string, otherUrl: string, baseUrls: Record<Provider, string>, options: import('./server').ResolvedOptions }} DataContext
 */

class DataStore {
	/**
	 * @param {{ seed: number|string, counts: Record<Provider, number>, ctx: DataContext }} options
	 */
	constructor({ seed, counts, ctx }) {
		this.seed = seed;
		this.counts = counts;
		this.ctx = ctx;
		/** @type {Record<Provider, DataSet>} */
		this.sets = /** @type {any} */ ({});
		/** @type {Record<Provider, any[]>} */
		this.data = /** @type {any} */ ({});
		for (const provider of PROVIDERS) {
			this.sets[provider] = { records: [], extras: new Map() };
			this.data[provider] = this.sets[provider].records;
		}
		this.shiftSerial = 0;
		this.addSerial = 0;
		this.reset();
	}

	/** Regenerates every data set (deterministic), refilling the live arrays in place. */
	reset() {
		this.shiftSerial = 0;
		this.addSerial = 0;
		for (const provider of PROVIDERS) {
			const fresh = GENERATORS[provider].generate({ seed: this.seed, count: this.counts[provider], ctx: this.ctx });
			const set = this.sets[provider];
			set.records.splice(0, set.records.length, ...fresh.records);
			set.extras.clear();
			for (const [key, value] of fresh.extras) set.extras.set(key, value);
			set.account = /** @type {any} */ (fresh).account;
		}
	}

	/**
	 * Inserts `count` invoices newer than all existing ones (fault `shift`).
	 * @param {Provider} provider @param {number} count @param {'head'|'tail'} position
	 * @returns {any[]} the new records, newest first
	 */
	shift(provider, count, position = 'head') {
		const set = this.sets[provider];
		/** @type {Array<{ record: any, extra?: any, key?: any }>} */
		const entries = GENERATORS[provider].newer({
			seed: this.seed, serial: ++this.shiftSerial, count, records: set.records, extras: set.extras, ctx: this.ctx,
		});
		for (const entry of entries) {
			if (entry.extra !== undefined) set.extras.set(entry.key ?? entry.record.id, entry.extra);
		}
		const records = entries.map((entry) => entry.record);
		if (position === 'tail') set.records.push(...records.slice().reverse());
		else set.records.unshift(...records);
		return records;
	}

	/**
	 * Adds `count` new invoices (`sandbox.addInvoices`): the account's next invoices in the API's
	 * own record shape and id scheme (ids above all others), with their PDFs where the API has
	 * them, each put where the API's order (`order` of the generator) lists it. Dated after the
	 * newest invoice, or all at `date` (epoch ms): with an older date, a late invoice.
	 * Own random streams (`<provider>:newer:add-N`), so `shift` faults stay as they were.
	 * @param {Provider} provider @param {number} count @param {{ date?: number }} [options]
	 * @returns {any[]} the new records, newest first (by id)
	 */
	add(provider, count, { date } = {}) {
		const set = this.sets[provider];
		const generator = GENERATORS[provider];
		/** @type {Array<{ record: any, extra?: any, key?: any }>} */
		const entries = generator.newer({
			seed: this.seed, serial: `add-${++this.addSerial}`, count, records: set.records, extras: set.extras, ctx: this.ctx, date, added: true,
		});
		for (const entry of entries) {
			if (entry.extra !== undefined) set.extras.set(entry.key ?? entry.record.id, entry.extra);
		}
		const records = entries.map((entry) => entry.record);
		for (const record of records.slice().reverse()) insertInOrder(set.records, record, generator.order);
		return records;
	}

	/**
	 * A record by id, read with the registry's id rule (`idOf`: e.g. a legacy Northflank record's
	 * id is its period start); compared as strings, so 8431 and "8431" both work.
	 * @param {Provider} provider @param {unknown} id
	 */
	find(provider, id) {
		const { idOf } = registry.provider(provider);
		const wanted = String(id);
		return this.sets[provider].records.find((record) => idOf(record) === wanted);
	}

	/** @param {Provider} provider @param {unknown} key */
	extra(provider, key) {
		return this.sets[provider].extras.get(key);
	}
}

/**
 * Inserts `record` after every record that `order` puts before or level with it (new invoices
 * mostly go to one end, so both ends are tried first).
 * @param {any[]} records @param {any} record @param {(a: any, b: any) => number} order
 */
function insertInOrder(records, record, order) {
	const n = records.length;
	if (n === 0 || order(records[n - 1], record) <= 0) {
		records.push(record);
		return;
	}
	if (order(record, records[0]) < 0) {
		records.unshift(record);
		return;
	}
	const index = records.findIndex((other) => order(record, other) < 0);
	records.splice(index === -1 ? n : index, 0, record);
}

module.exports = { DataStore, PROVIDERS, DEFAULT_COUNTS, GENERATORS };

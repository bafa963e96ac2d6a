'use strict';

const registry = require('../providers');

/**
 * The sandbox's data: one seeded data set per provider of the registry (test/providers.js),
 * made by its generator (`generators/<sandbox.generator>.js`) and kept in API order. The arrays
 * handed out as `sandbox.data.<provider>` are live: `reset()` refills them in place, `shift`
 * inserts into them, PPH pay/remove-credit mutate their records.
 *
 * A generator exports `generate({ seed, count, ctx })` → `{ records, extras, account? }` and
 * `newer({ seed, serial, count, records, extras, ctx })` → `[{ record, extra?, key? }]` (newest
 * first; `key` is the extras key, default the record's id).
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
		this.reset();
	}

	/** Regenerates every data set (deterministic), refilling the live arrays in place. */
	reset() {
		this.shiftSerial = 0;
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

module.exports = { DataStore, PROVIDERS, DEFAULT_COUNTS, GENERATORS };

'use strict';

/**
 * The sandbox's data: one seeded data set per provider, kept in API order. The arrays handed
 * out as `sandbox.data.<provider>` are live: `reset()` refills them in place, `shift` inserts
 * into them, PPH pay/remove-credit mutate their records.
 */

const GENERATORS = {
	vpsbg: require('./generators/vpsbg'),
	i3dnet: require('./generators/i3dnet'),
	wisecp: require('./generators/wisecp'),
	pph: require('./generators/pph'),
	northflank: require('./generators/northflank'),
};

const PROVIDERS = /** @type {const} */ (['vpsbg', 'i3dnet', 'wisecp', 'pph', 'northflank']);
const DEFAULT_COUNTS = { vpsbg: 75, i3dnet: 230, wisecp: 120, pph: 12, northflank: 215 };

/**
 * @typedef {'vpsbg'|'i3dnet'|'wisecp'|'pph'|'northflank'} Provider
 * @typedef {{ records: any[], extras: Map<any, any>, account?: any }} DataSet
 * @typedef {{ url: string, otherUrl: string, baseUrls: Record<Provider, string>, northflankGeneration: 'current'|'legacy' }} DataContext
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
			if (entry.extra !== undefined) set.extras.set(entry.key ?? (provider === 'i3dnet' ? Number(entry.record.id) : entry.record.id), entry.extra);
		}
		const records = entries.map((entry) => entry.record);
		if (position === 'tail') set.records.push(...records.slice().reverse());
		else set.records.unshift(...records);
		return records;
	}

	/**
	 * A record by id (compared as strings, so 8431 and "8431" both work).
	 * @param {Provider} provider @param {unknown} id
	 */
	find(provider, id) {
		return this.sets[provider].records.find((record) => record.id !== undefined && String(record.id) === String(id));
	}

	/** @param {Provider} provider @param {unknown} key */
	extra(provider, key) {
		return this.sets[provider].extras.get(key);
	}
}

module.exports = { DataStore, PROVIDERS, DEFAULT_COUNTS, GENERATORS };

'use strict';

/**
 * Seeded randomness. Everything the sandbox generates goes through {@link Rng}, so the same
 * seed always yields the same invoices, tokens, hashes and file names.
 */

/**
 * mulberry32: a tiny 32-bit PRNG with good enough statistics for fake data.
 * @param {number} seed
 * @returns {() => number} a function returning floats in [0, 1)
 */
function mulberry32(seed) {
	let state = seed >>> 0;
	return function next() {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * FNV-1a hash of a string, as an unsigned 32-bit integer.
 * @param {string} text
 * @returns {number}
 */
function hashString(text) {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/**
 * A seed for one independent stream ("vpsbg", "token:pph", ...), so that changing the count
 * of one provider does not change the data of another.
 * @param {number|string} seed
 * @param {string} label
 * @returns {number}
 */
function deriveSeed(seed, label) {
	const base = typeof seed === 'number' ? seed >>> 0 : hashString(String(seed));
	return (hashString(`${label}#${base}`) ^ Math.imul(base, 0x9e3779b1)) >>> 0;
}

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

class Rng {
	/** @param {number} seed */
	constructor(seed) {
		/** @type {() => number} */
		this.next = mulberry32(seed);
	}

	/** @param {number|string} seed @param {string} label */
	static for(seed, label) {
		return new Rng(deriveSeed(seed, label));
	}

	/** Float in [min, max). */
	float(min = 0, max = 1) {
		return min + (max - min) * this.next();
	}

	/** Integer in [min, max] (both inclusive). */
	int(min, max) {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	/** @param {number} probability */
	chance(probability) {
		return this.next() < probability;
	}

	/**
	 * @template T
	 * @param {readonly T[]} items
	 * @returns {T}
	 */
	pick(items) {
		return items[Math.floor(this.next() * items.length)];
	}

	/**
	 * Picks by weight: `[[value, weight], ...]`.
	 * @template T
	 * @param {ReadonlyArray<[T, number]>} pairs
	 * @returns {T}
	 */
	weighted(pairs) {
		const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = this.next() * total;
		for (const [value, weight] of pairs) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return pairs[pairs.length - 1][0];
	}

	/** @param {number} length */
	hex(length) {
		let out = '';
		for (let i = 0; i < length; i++) out += HEX[Math.floor(this.next() * 16)];
		return out;
	}

	/** @param {number} length */
	alnum(length) {
		let out = '';
		for (let i = 0; i < length; i++) out += ALNUM[Math.floor(this.next() * ALNUM.length)];
		return out;
	}

	/** @param {number} length */
	digits(length) {
		let out = '';
		for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10));
		return out;
	}

	/** A version-4 shaped UUID (deterministic, not cryptographic). */
	uuid() {
		const h = this.hex(32).split('');
		h[12] = '4';
		h[16] = HEX[(parseInt(h[16], 16) & 0x3) | 0x8];
		const s = h.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	}

	/** @param {number} length */
	bytes(length) {
		const out = Buffer.alloc(length);
		for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
		return out;
	}
}

module.exports = { mulberry32, hashString, deriveSeed, Rng };

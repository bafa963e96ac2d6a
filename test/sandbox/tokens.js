'use strict';

const { Rng } = require('./random');
const { TOKEN_PREFIXES } = require('../providers');

/**
 * Default API tokens: a provider prefix plus 24 hex characters derived from the seed, so they
 * look like real secrets (and are easy to spot if a test finds one in a log) but never change
 * for a given seed. The token names and prefixes are the registry's (`tokens` of each entry in
 * test/providers.js): one per provider, named like it, plus extras such as `vpsbgReadOnly`.
 */

const PREFIXES = TOKEN_PREFIXES;

/**
 * @typedef {Record<string, string>} Tokens token name → token, e.g. `{ vpsbg, vpsbgReadOnly, i3dnet, … }`
 */

/**
 * @param {number|string} seed
 * @param {Partial<Tokens>} [overrides]
 * @returns {Tokens}
 */
function makeTokens(seed, overrides = {}) {
	/** @type {any} */
	const tokens = {};
	for (const [name, prefix] of Object.entries(PREFIXES)) {
		tokens[name] = overrides[name] ?? `${prefix}${Rng.for(seed, `token:${name}`).hex(24)}`;
	}
	return tokens;
}

/**
 * Reads `Authorization: Bearer <token>` (scheme case-insensitive).
 * @param {Record<string, string|string[]|undefined>} headers
 * @returns {string|null}
 */
function bearer(headers) {
	const value = headers.authorization;
	if (typeof value !== 'string') return null;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
	return match ? match[1] : null;
}

module.exports = { makeTokens, bearer, PREFIXES };

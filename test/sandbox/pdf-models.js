'use strict';

const registry = require('../providers');
const { renderPdf } = require('./pdf');

/**
 * Invoice PDFs. What a provider's PDF shows is a fact of its API: its sandbox module
 * (test/providers.js `sandbox.api`, e.g. vpsbg.js) exports `pdfModel(record, store)`, built from
 * the same record the API returns. `pdfFor(provider, record, store)` renders it: it is what the
 * download endpoints serve and what `sandbox.pdfBytes()` returns. An API without `pdfModel`
 * (Northflank) has no PDFs; a model may also say null for one record (WiseCP: only for
 * formalized invoices, the `formalize_file`).
 */

/** Laravel "2024-08-27T21:00:00.000000Z" to ms. */
function laravelMs(text) {
	return Date.parse(String(text).replace(/(\.\d{3})\d*Z$/, '$1Z'));
}

/**
 * The PDF served for an invoice, or null when the provider/record has none.
 * @param {import('./data').Provider} provider @param {any} record @param {import('./data').DataStore} store
 * @returns {Promise<Buffer|null>}
 */
async function pdfFor(provider, record, store) {
	// required here, not on load: the API modules require this file for pdfFor
	/** @type {import('./routing').ProviderModule} */
	const api = require(`./${registry.provider(provider).sandbox.api}`);
	const model = api.pdfModel ? api.pdfModel(record, store) : null;
	return model ? renderPdf(model) : null;
}

module.exports = { pdfFor, laravelMs };

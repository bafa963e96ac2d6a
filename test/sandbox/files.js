'use strict';

const { binary, html, nginxPage, attachment } = require('./http');
const { pdfFor } = require('./pdf-models');
const { PROVIDERS } = require('../providers');

/**
 * A plain file server (`/files/<provider>/<id>.pdf`, no auth) serving the same PDF bytes as the
 * providers' download endpoints. Meant to be reached on the other origin
 * (`sandbox.fileUrl(provider, id, { other: true })`), e.g. as the target of a `redirect` fault,
 * so tests can check that no credentials follow a redirect to another host.
 */

/** The registry's providers with a PDF endpoint. */
const PROVIDERS_WITH_PDF = PROVIDERS.filter((p) => p.pdf).map((p) => p.key);

async function serve(ctx, match) {
	const [, provider, id] = match;
	const record = PROVIDERS_WITH_PDF.includes(provider) ? ctx.sandbox.store.find(provider, id) : undefined;
	const pdf = record ? await pdfFor(/** @type {any} */ (provider), record, ctx.sandbox.store) : null;
	if (!pdf) return html(404, nginxPage(404));
	return binary(200, pdf, 'application/pdf', { 'content-disposition': attachment(`${provider}-${id}.pdf`) });
}

/** @type {import('./routing').ProviderModule} */
module.exports = {
	name: 'files',
	errorResponse: (ctx, status) => html(status, nginxPage(status)),
	authenticate: () => null,
	mounts: [{
		prefix: '/files',
		routes: [{ method: 'GET', pattern: /^\/([a-z0-9]+)\/([^/]+)\.pdf$/, tags: ['binary'], auth: false, handle: serve }],
		notFound: () => html(404, nginxPage(404)),
		methodNotAllowed: () => html(405, nginxPage(405)),
	}],
};

'use strict';

/**
 * Small HTTP helpers. Handlers return a {@link SandboxResponse} instead of writing to the
 * socket, so the server can log it, add rate-limit headers, or truncate it (fault `truncate`).
 */

/**
 * @typedef {{ status: number, headers: Record<string, string>, body: Buffer }} SandboxResponse
 */

const STATUS_TEXT = {
	400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
	408: 'Request Timeout', 409: 'Conflict', 422: 'Unprocessable Content', 423: 'Locked', 429: 'Too Many Requests',
	500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** @param {number} status */
function statusText(status) {
	return STATUS_TEXT[status] || 'Error';
}

/**
 * @param {number} status @param {unknown} value @param {Record<string, string>} [headers]
 * @returns {SandboxResponse}
 */
function json(status, value, headers = {}) {
	return { status, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(value)) };
}

/**
 * @param {number} status @param {Buffer|Uint8Array} bytes @param {string} contentType @param {Record<string, string>} [headers]
 * @returns {SandboxResponse}
 */
function binary(status, bytes, contentType, headers = {}) {
	return { status, headers: { 'content-type': contentType, ...headers }, body: Buffer.from(bytes) };
}

/**
 * @param {number} status @param {string} markup @param {Record<string, string>} [headers]
 * @returns {SandboxResponse}
 */
function html(status, markup, headers = {}) {
	return { status, headers: { 'content-type': 'text/html; charset=UTF-8', ...headers }, body: Buffer.from(markup) };
}

/** `attachment; filename="..."`. @param {string} name */
function attachment(name) {
	return `attachment; filename="${name}"`;
}

/** nginx's default error page. @param {number} status */
function nginxPage(status) {
	const title = `${status} ${statusText(status)}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A Cloudflare-style interstitial ("Just a moment..."), as a 200 or error page. @param {number} status */
function cloudflarePage(status) {
	const heading = status >= 500 ? `Error ${status}: ${statusText(status)}` : 'Checking your browser before accessing the site.';
	return `<!DOCTYPE html><html lang="en-US"><head><title>${status >= 500 ? heading : 'Just a moment...'}</title>`
		+ '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">'
		+ `</head><body><div class="main-wrapper" role="main"><div class="main-content"><h1 class="zone-name-title h1">${heading}</h1>`
		+ '<p>Cloudflare Ray ID: <code>8c1f2a3b4d5e6f70</code> &bull; Performance &amp; security by Cloudflare</p>'
		+ '</div></div></body></html>';
}

/** A login page, the kind an expired session redirects PDF links to. */
function loginPage() {
	return '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign in - Client Area</title></head>'
		+ '<body><form method="post" action="/login"><h1>Sign in</h1><label>E-mail <input name="email"></label>'
		+ '<label>Password <input name="password" type="password"></label><button>Sign in</button></form></body></html>';
}

/** @param {import('http').IncomingMessage} req @returns {Promise<Buffer>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * The body as the request log shows it: parsed JSON when it parses, otherwise the raw string,
 * `null` when empty.
 * @param {Buffer} buffer
 * @returns {unknown}
 */
function parseBody(buffer) {
	if (!buffer.length) return null;
	const text = buffer.toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * Query string as an object. Keys are kept verbatim ("filter[status]"); a repeated key gives an array.
 * @param {URLSearchParams} params
 * @returns {Record<string, string|string[]>}
 */
function queryObject(params) {
	/** @type {Record<string, string|string[]>} */
	const out = {};
	for (const [key, value] of params) {
		const prev = out[key];
		out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return out;
}

/** First value of a query parameter. @param {Record<string, string|string[]>} query @param {string} key */
function param(query, key) {
	const value = query[key];
	return Array.isArray(value) ? value[0] : value;
}

module.exports = {
	statusText, json, binary, html, attachment, nginxPage, cloudflarePage, loginPage, readBody, parseBody, queryObject, param,
};

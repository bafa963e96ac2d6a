import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

/** How a provider's API reports errors; the plug-in the provider gives the transport. */
export interface ProviderApi {
	/** The provider's own message in an error response body. */
	errorMessage(body: unknown, status: number): string | undefined;
	/** An error that arrives with a 2xx status (WiseCP answers 200 to everything). */
	bodyError?(body: unknown): string | undefined;
	/** What the user should check when bodyError fires. */
	bodyErrorHint?: string;
	/** What the user should check when the key is refused (401/403). */
	authHint: string;
}

export interface ApiRequest {
	method?: IHttpRequestMethods;
	/** Relative to the credential's Base URL ("invoices", "/account/invoice"). */
	path?: string;
	/** Absolute URL taken from a response (next link, file link). */
	url?: string;
	qs?: IDataObject;
	headers?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** 'json' parses and checks the body; 'file' returns the bytes as they came. */
	expect?: 'json' | 'file';
	/** Whether to retry on 5xx and socket errors; 429 is always retried. Default: GET only. */
	idempotent?: boolean;
	/** A file link on another origin is fetched without credentials instead of being refused. */
	allowOtherOrigin?: boolean;
}

export interface ApiResponse {
	status: number;
	headers: Record<string, string>;
	/** Parsed JSON for expect 'json', a Buffer for expect 'file'. */
	body: unknown;
	contentType: string;
	/** Where the body finally came from, after redirects. */
	url: string;
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** How hard the transport tries before it gives up; the waits are capped so a node never hangs. */
export const RETRY = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	/** A server asking for a longer pause than this is reported instead of waited for. */
	maxServerWaitMs: 120_000,
	maxRedirects: 5,
};

export const DEFAULT_TIMEOUT_MS = 60_000;

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_BAD_RESPONSE',
]);

const NETWORK_REASONS: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	EPIPE: 'the connection closed while sending',
	ENOTFOUND: 'the host name is unknown',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

export interface ClientSettings {
	credentialType: string;
	baseUrl: string;
	/** Values that must never appear in an error message (the API key). */
	secrets: string[];
	timeoutMs: number;
	/**
	 * Shared by every request of one execution: when a response says the rate limit is used up
	 * (remaining 0 with a reset time), the next request waits for the reset instead of earning a 429.
	 */
	rateLimit?: { resumeAt: number };
	api: ProviderApi;
	providerName: string;
}

/**
 * One request function for every provider: authentication through the credential,
 * retries with backoff, redirects handled here so credentials stay on their origin,
 * and the provider's own error text in every error.
 */
export class ApiClient {
	readonly origin: string;

	constructor(
		private readonly fn: IExecuteFunctions,
		readonly settings: ClientSettings,
		private readonly itemIndex: number,
	) {
		this.origin = new URL(settings.baseUrl).origin;
	}

	/** The absolute URL of a path under the Base URL; path segments must already be encoded. */
	resolve(path: string): string {
		const base = this.settings.baseUrl.endsWith('/')
			? this.settings.baseUrl
			: `${this.settings.baseUrl}/`;
		return new URL(path.replace(/^\/+/, ''), base).toString();
	}

	async request(request: ApiRequest): Promise<ApiResponse> {
		let method = request.method ?? 'GET';
		const idempotent = request.idempotent ?? method === 'GET';
		const expect = request.expect ?? 'json';
		let url = request.url ?? this.resolve(request.path ?? '');
		let qs = request.qs;
		let body = request.body;
		let authenticated = this.isOwnOrigin(url);
		if (!authenticated && !request.allowOtherOrigin) throw this.otherOriginError(url, 'pointed to');

		for (let redirects = 0; ; redirects++) {
			const response = await this.send(
				{ ...request, method, url, qs, body },
				authenticated,
				idempotent,
			);
			const location = header(response.headers, 'location');
			if (response.statusCode >= 300 && response.statusCode < 400 && location) {
				if (redirects >= RETRY.maxRedirects) {
					throw this.operationError(
						`The ${this.settings.providerName} API redirected more than ${RETRY.maxRedirects} times`,
						'Check the Base URL in the credential.',
					);
				}
				const next = parseUrl(location, url);
				if (!next || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
					throw this.operationError(
						`The ${this.settings.providerName} API redirected to an address that is not an http(s) URL`,
						'The node follows redirects only to web addresses. Check the Base URL in the credential.',
					);
				}
				const sameOrigin = this.isOwnOrigin(next.toString());
				// A file may live on another host (a CDN); an API answer may not: the key stays home.
				if (!sameOrigin && expect !== 'file' && !request.allowOtherOrigin) {
					throw this.otherOriginError(next.toString(), 'redirected to');
				}
				// As browsers do: 301/302/303 turn a POST into a GET without body; 307/308 keep both.
				if ([301, 302, 303].includes(response.statusCode) && method !== 'GET' && method !== 'HEAD') {
					method = 'GET';
					body = undefined;
				}
				url = next.toString();
				qs = undefined;
				// A redirect to another origin is followed without the API key.
				authenticated = authenticated && sameOrigin;
				continue;
			}
			return this.decode(response, expect, url);
		}
	}

	private otherOriginError(url: string, what: 'pointed to' | 'redirected to'): NodeOperationError {
		return this.operationError(
			`The ${this.settings.providerName} API ${what} ${new URL(url).origin}, which is not the credential's Base URL origin (${this.origin})`,
			'The node sends the API key only to the Base URL of the credential. If the API really moved, update the Base URL.',
		);
	}

	isOwnOrigin(url: string): boolean {
		try {
			return new URL(url).origin === this.origin;
		} catch {
			return false;
		}
	}

	private async send(
		request: ApiRequest & { method: IHttpRequestMethods; url: string },
		authenticated: boolean,
		idempotent: boolean,
	): Promise<RawResponse> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: request.qs,
			headers: { Accept: request.expect === 'file' ? 'application/pdf, application/zip, application/octet-stream, application/json;q=0.5' : 'application/json', ...request.headers },
			body: request.body,
			json: false,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: this.settings.timeoutMs,
		};
		if (request.body !== undefined) {
			options.body = JSON.stringify(request.body);
			(options.headers as IDataObject)['Content-Type'] = 'application/json';
		}

		const started = Date.now();
		for (let attempt = 1; ; attempt++) {
			let response: RawResponse | undefined;
			let failure: unknown;
			const pause = (this.settings.rateLimit?.resumeAt ?? 0) - Date.now();
			if (pause > 0) await sleep(pause);
			try {
				response = (await (authenticated
					? this.fn.helpers.httpRequestWithAuthentication.call(
							this.fn,
							this.settings.credentialType,
							options,
						)
					: fetchAnonymously(this.fn, options))) as RawResponse;
			} catch (error) {
				failure = error;
			}

			const status = response?.statusCode;
			if (response && this.settings.rateLimit) {
				const wait = exhaustedDelayMs(response.headers);
				if (wait !== undefined && wait <= RETRY.maxServerWaitMs) this.settings.rateLimit.resumeAt = Date.now() + wait;
			}
			const retryable =
				response !== undefined
					? RETRYABLE_STATUS.has(status as number) && (idempotent || status === 429)
					: idempotent && isTransient(failure);
			if (!retryable || attempt >= RETRY.maxAttempts) {
				if (response) return this.checkStatus(response, attempt, started);
				throw this.networkError(failure, attempt, started, request.url);
			}

			const serverWait = response ? serverDelayMs(response.headers) : undefined;
			if (serverWait !== undefined && serverWait > RETRY.maxServerWaitMs) {
				return this.checkStatus(response as RawResponse, attempt, started, serverWait);
			}
			await sleep(serverWait ?? backoffMs(attempt));
		}
	}

	private checkStatus(
		response: RawResponse,
		attempts: number,
		started: number,
		refusedWaitMs?: number,
	): RawResponse {
		const status = response.statusCode;
		if (status < 400) return response;

		const parsed = parseJson(bodyText(response.body));
		const apiMessage =
			(parsed.ok ? this.settings.api.errorMessage(parsed.value, status) : undefined) ??
			htmlTitle(bodyText(response.body));
		const name = this.settings.providerName;
		let message = `${name} API error ${status}${apiMessage ? `: ${apiMessage}` : ''}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`;
		let description: string;
		if (status === 401 || status === 403) {
			description = `${name} refused the API key. ${this.settings.api.authHint}`;
		} else if (status === 404) {
			description = 'The API has no such resource. Check the ID or number, and the Base URL in the credential.';
		} else if (status === 429) {
			const waited = Math.round((Date.now() - started) / 1000);
			message = `${name} API rate limit: still refused after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${waited} s${apiMessage ? ` (${apiMessage})` : ''}`;
			description =
				refusedWaitMs !== undefined
					? `The API asked to wait ${Math.round(refusedWaitMs / 1000)} s, longer than the ${RETRY.maxServerWaitMs / 1000} s this node waits. Run the workflow later or less often.`
					: 'Run the workflow later or less often, or ask the provider for a higher rate limit.';
		} else if (status >= 500) {
			description = `The ${name} server failed${attempts > 1 ? ` ${attempts} times in a row` : ''}. Nothing was skipped: run the workflow again later.`;
		} else {
			description = `${name} rejected the request. Check the node's parameters.`;
		}
		throw new NodeApiError(
			this.fn.getNode(),
			{ message: this.redact(message), httpCode: String(status) } as JsonObject,
			{
				message: this.redact(message),
				description: this.redact(description),
				httpCode: String(status),
				itemIndex: this.itemIndex,
			},
		);
	}

	private decode(response: RawResponse, expect: 'json' | 'file', url: string): ApiResponse {
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(response.headers ?? {})) {
			headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		}
		const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const bytes = toBuffer(response.body);
		const base = { status: response.statusCode, headers, contentType, url };
		if (expect === 'file') return { ...base, body: bytes };

		const raw = bytes.toString('utf8');
		const name = this.settings.providerName;
		if (contentType.includes('html') || /^\s*<(!doctype|html)/i.test(raw)) {
			const title = htmlTitle(raw);
			throw this.operationError(
				`The ${name} API answered with an HTML page instead of JSON${title ? ` ("${title}")` : ''}`,
				'A proxy, maintenance page or wrong Base URL answered instead of the API. Check the Base URL in the credential and try again.',
			);
		}
		const parsed = parseJson(raw);
		if (!parsed.ok) {
			throw this.operationError(
				`The ${name} API sent a response that is not valid JSON (${raw.length === 0 ? 'empty body' : 'cut off or malformed'})`,
				'The response was incomplete, so no items were produced from it. Run the workflow again; if it persists, the provider has a problem.',
			);
		}
		const bodyError = this.settings.api.bodyError?.(parsed.value);
		if (bodyError) {
			throw new NodeApiError(
				this.fn.getNode(),
				{ message: this.redact(bodyError) } as JsonObject,
				{
					message: this.redact(`${name} API error: ${bodyError}`),
					description: this.redact(this.settings.api.bodyErrorHint ?? this.settings.api.authHint),
					itemIndex: this.itemIndex,
				},
			);
		}
		return { ...base, body: parsed.value };
	}

	private networkError(error: unknown, attempts: number, started: number, url: string): Error {
		const code = errorCode(error);
		const timeout = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String((error as Error)?.message));
		const seconds = Math.round((Date.now() - started) / 1000);
		// In words: n8n replaces any error message that names a code such as ECONNRESET with
		// its own generic text, which would drop the attempts. The code goes in the description.
		const what = timeout
			? `did not answer within ${Math.round(this.settings.timeoutMs / 1000)} s`
			: `could not be reached (${(code && NETWORK_REASONS[code]) ?? 'the connection failed'})`;
		return this.operationError(
			`The ${this.settings.providerName} API ${what}${attempts > 1 ? `, ${attempts} attempts over ${seconds} s` : ''}`,
			`Request to ${new URL(url).origin}${code ? ` failed with ${code}` : ''}. Check the Base URL and the network; for slow APIs raise the Timeout option.`,
		);
	}

	operationError(message: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.fn.getNode(), this.redact(message), {
			description: description === undefined ? undefined : this.redact(description),
			itemIndex: this.itemIndex,
		});
	}

	/** Strips credential values from any text that may reach the user. */
	redact(value: string): string {
		return redact(value, this.settings.secrets);
	}
}

/** Replaces every credential value in a text with ***. */
export function redact(value: string, secrets: string[]): string {
	return secrets.reduce((result, secret) => (secret.length >= 4 ? result.split(secret).join('***') : result), value);
}

/** Kept apart from the credential-reading code: this request carries no credentials at all. */
async function fetchAnonymously(fn: IExecuteFunctions, options: IHttpRequestOptions): Promise<unknown> {
	return await fn.helpers.httpRequest(options);
}

export function backoffMs(attempt: number): number {
	const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** The pause a server asks for: Retry-After (seconds or HTTP date), else a rate-limit reset header. */
export function serverDelayMs(headers: Record<string, unknown>, now = Date.now()): number | undefined {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined) {
		if (/^\s*\d+(\.\d+)?\s*$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const reset = header(headers, 'x-ratelimit-reset');
	const remaining = header(headers, 'x-ratelimit-remaining');
	if (reset !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(reset) && (remaining === undefined || Number(remaining) <= 0)) {
		const value = Number(reset);
		// Laravel sends an epoch second; Northflank sends seconds until the reset.
		return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : Math.round(value * 1000);
	}
	return undefined;
}

/** `new URL` without throwing (URL.canParse is missing on older Node versions). */
function parseUrl(input: string, base: string): URL | undefined {
	try {
		return new URL(input, base);
	} catch {
		return undefined;
	}
}

/** The wait until a rate limit resets, when a response says none is left (X-RateLimit-Remaining: 0). */
function exhaustedDelayMs(headers: Record<string, unknown>): number | undefined {
	const remaining = header(headers, 'x-ratelimit-remaining');
	return remaining !== undefined && Number(remaining) === 0 ? serverDelayMs(headers) : undefined;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

function errorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (typeof current.code === 'string' && current.code) return current.code;
		// n8n 1.x puts a socket error's code (ECONNREFUSED…) into httpCode and leaves cause empty.
		if (typeof current.httpCode === 'string' && /^E[A-Z_]+$/.test(current.httpCode)) return current.httpCode;
		current = current.cause as typeof current;
	}
	return undefined;
}

function isTransient(error: unknown): boolean {
	const code = errorCode(error);
	if (code && TRANSIENT_CODES.has(code)) return true;
	const message = String((error as Error)?.message ?? '');
	return /socket hang up|timeout|aborted|ECONNRESET/i.test(message);
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(JSON.stringify(body), 'utf8');
}

function bodyText(body: unknown): string {
	return toBuffer(body).toString('utf8');
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
	if (raw.trim() === '') return { ok: false };
	try {
		return { ok: true, value: JSON.parse(raw) };
	} catch {
		return { ok: false };
	}
}

function htmlTitle(raw: string): string | undefined {
	const match = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(raw) ?? /<h1[^>]*>([^<]{1,200})<\/h1>/i.exec(raw);
	return match ? match[1].trim() : undefined;
}

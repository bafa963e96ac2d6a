import type {
	IAdditionalCredentialOptions,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	NodeOperationError,
} from 'n8n-workflow';

import { parseUrl } from '../validate';
import type { ApiRequest, ApiResponse, NodeFunctions, ProviderApi, RawResponse } from './api';
import { BODY_LIMITS, BodyError, Stopped, readBody, settle } from './body';
import { decode, providerMessage } from './decode';
import { TransportErrors } from './errors';
import { header } from './headers';
import type { RateLimitPause } from './rateLimit';
import { RETRY, withRetries } from './retry';
import type { RequestSlots } from './slots';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface ClientSettings {
	credentialType: string;
	baseUrl: string;
	/** Values that must never appear in an error message (the API key). */
	secrets: string[];
	/** The deadline of each request, headers and body together. */
	timeoutMs: number;
	/** The most bytes a file may have (default BODY_LIMITS.fileBytes). */
	maxFileBytes?: number;
	/** One per execution, so every item's requests respect a limit another item used up. */
	rateLimit?: RateLimitPause;
	/** One per execution: how many requests may be on the wire at once. */
	slots?: RequestSlots;
	/**
	 * The credential as the execution read it once: handed to n8n's authenticated request so it
	 * does not read (and resolve) the credential again for every request.
	 */
	credentials?: ICredentialsDecrypted;
	api: ProviderApi;
	providerName: string;
}

/**
 * One request function for every provider: authentication through the credential, retries,
 * redirects followed here (not by the HTTP library) so the API key never leaves the Base URL's
 * origin, and the provider's own error text in every error.
 */
export class ApiClient {
	readonly origin: string;

	private readonly errors: TransportErrors;

	private readonly credentialOptions?: IAdditionalCredentialOptions;

	constructor(
		private readonly fn: NodeFunctions,
		readonly settings: ClientSettings,
		private readonly itemIndex: number,
		/** Ends every request of this client once aborted, like Stop does (see stoppedBy). */
		private readonly stop?: AbortSignal,
	) {
		this.origin = new URL(settings.baseUrl).origin;
		this.errors = new TransportErrors(() => fn.getNode(), settings, itemIndex);
		if (settings.credentials) this.credentialOptions = { credentialsDecrypted: settings.credentials };
	}

	/**
	 * The same client, whose requests also end once `signal` aborts, their retries and waits
	 * included, as with Stop: for requests whose answer may stop being wanted while they run (a
	 * list that is no longer read), so none keeps going after the node has its result.
	 */
	stoppedBy(signal: AbortSignal): ApiClient {
		return new ApiClient(this.fn, this.settings, this.itemIndex, this.stop ? AbortSignal.any([this.stop, signal]) : signal);
	}

	/** The absolute URL of a path under the Base URL; path segments must already be encoded. */
	resolve(path: string): string {
		const base = this.settings.baseUrl.endsWith('/') ? this.settings.baseUrl : `${this.settings.baseUrl}/`;
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
			const response = await this.send({ ...request, method, url, qs, body }, authenticated, idempotent);
			const location = header(response.headers, 'location');
			if (response.statusCode < 300 || response.statusCode >= 400 || !location) {
				return decode(response, expect, url, { ...this.settings, errors: this.errors });
			}
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
			// Once off the origin, never back on with the key: a hostile host could bounce it home.
			authenticated = authenticated && sameOrigin;
		}
	}

	isOwnOrigin(url: string): boolean {
		return parseUrl(url)?.origin === this.origin;
	}

	operationError(message: string, description?: string): NodeOperationError {
		return this.errors.operation(message, description);
	}

	/**
	 * The API has no such invoice: an error the caller can tell from a failure (the trigger
	 * forgets an invoice that is gone, but fails its poll on anything else).
	 */
	notFound(message: string, description: string): NodeOperationError {
		const error = this.operationError(message, description);
		error.context.invoiceNotFound = true;
		return error;
	}

	/** Strips credential values, in any encoding, from any text that may reach the user. */
	redact(value: string): string {
		return this.errors.redact(value);
	}

	private otherOriginError(url: string, what: 'pointed to' | 'redirected to'): NodeOperationError {
		return this.operationError(
			`The ${this.settings.providerName} API ${what} ${new URL(url).origin}, which is not the credential's Base URL origin (${this.origin})`,
			'The node sends the API key only to the Base URL of the credential. If the API really moved, update the Base URL.',
		);
	}

	/**
	 * What ends a request at once, without retries: the execution's Stop (its cancel signal), the
	 * client's stop (stoppedBy) and the caller's own, alike. It ends an attempt on the wire and a
	 * wait between attempts.
	 */
	private stopSignal(own?: AbortSignal): AbortSignal | undefined {
		const execution = 'getExecutionCancelSignal' in this.fn ? this.fn.getExecutionCancelSignal() : undefined;
		const stops = [execution, this.stop, own].filter((candidate): candidate is AbortSignal => candidate !== undefined);
		return stops.length > 1 ? AbortSignal.any(stops) : stops[0];
	}

	/**
	 * One attempt within the deadline (headers and body together), read to its end within `limit`
	 * bytes. `stop` (see stopSignal) ends it at once, without retries.
	 */
	private async attempt(options: IHttpRequestOptions, authenticated: boolean, limit: number, stop?: AbortSignal): Promise<RawResponse> {
		const deadline = AbortSignal.timeout(this.settings.timeoutMs);
		const signal = stop ? AbortSignal.any([stop, deadline]) : deadline;
		const cancel = { get aborted() { return stop?.aborted === true; } };
		const sent = { ...options, abortSignal: signal };
		const answer = await settle(
			authenticated
				? this.fn.helpers.httpRequestWithAuthentication.call(withCancelSignal(this.fn, signal), this.settings.credentialType, sent, this.credentialOptions)
				: fetchAnonymously(this.fn, sent),
		);
		if ('error' in answer) {
			if (cancel.aborted) throw new Stopped();
			throw deadline.aborted ? new BodyError('deadline', 0, undefined, answer.error, false) : answer.error;
		}
		const response = answer.value as RawResponse;
		const body = await settle(readBody(response.body, limit, deadline));
		if ('error' in body) throw cancel.aborted ? new Stopped() : body.error;
		return { ...response, body: body.value };
	}

	/** One request with its retries; a status of 400 or more becomes an error here. */
	private async send(
		request: ApiRequest & { method: IHttpRequestMethods; url: string },
		authenticated: boolean,
		idempotent: boolean,
	): Promise<RawResponse> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			qs: request.qs,
			headers: {
				Accept:
					request.expect === 'file'
						? 'application/pdf, application/zip, application/octet-stream, application/json;q=0.5'
						: 'application/json',
				...request.headers,
			},
			body: request.body,
			json: false,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: this.settings.timeoutMs,
		};
		if (request.body !== undefined) {
			options.body = JSON.stringify(request.body);
			(options.headers as IDataObject)['Content-Type'] = 'application/json';
		}

		const limit = request.expect === 'file' ? (this.settings.maxFileBytes ?? BODY_LIMITS.fileBytes) : BODY_LIMITS.jsonBytes;
		const stop = this.stopSignal(request.signal);
		const outcome = await withRetries({
			send: async () => await this.attempt(options, authenticated, limit, stop),
			signal: stop,
			idempotent,
			pause: this.settings.rateLimit,
			rateLimit: this.settings.api.rateLimit,
			slots: this.settings.slots,
		});
		if (!('response' in outcome)) throw this.errors.network(outcome.failure, outcome.attempts, outcome.startedAt, request.url);
		const { response } = outcome;
		if (response.statusCode < 400) return response;
		throw this.errors.status(response.statusCode, providerMessage(response, this.settings.api), {
			attempts: outcome.attempts,
			startedAt: outcome.startedAt,
			refusedWaitMs: outcome.refusedWaitMs,
			maxWaitMs: RETRY.maxServerWaitMs,
		});
	}
}

/**
 * httpRequestWithAuthentication replaces a request's abort signal with the execution's own
 * (n8n-core, request-helpers/authentication), which would drop the deadline: the request is made
 * through a context whose cancel signal is both.
 */
function withCancelSignal(fn: NodeFunctions, signal: AbortSignal): NodeFunctions {
	if (!('getExecutionCancelSignal' in fn)) return fn;
	const derived = Object.create(fn) as IExecuteFunctions;
	derived.getExecutionCancelSignal = () => signal;
	return derived;
}

/** Kept apart from the credential-reading code: this request carries no credentials at all. */
async function fetchAnonymously(fn: NodeFunctions, options: IHttpRequestOptions): Promise<unknown> {
	return await fn.helpers.httpRequest(options);
}

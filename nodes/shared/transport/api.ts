import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IPollFunctions } from 'n8n-workflow';

// The contract between provider code and the transport. It lives here, not in provider.ts,
// so that the transport depends on nothing above it.

/**
 * How a provider's rate-limit headers read. Each field left out keeps the default: both the
 * de-facto `X-RateLimit-*` pair and the IETF draft's `RateLimit-*` pair, reset read as 'auto'.
 */
export interface RateLimitHeaders {
	/** Header names for the size of the window's budget; the first one present counts. */
	limit?: string[];
	/** Header names for the requests left in the window; the first one present counts. */
	remaining?: string[];
	/** Header names for when the window resets; the first one present counts. */
	reset?: string[];
	/**
	 * 'epoch-seconds': a Unix time (Laravel); 'delta-seconds': seconds from now (the IETF draft);
	 * 'auto': a value above 1e9 is a Unix time, anything smaller seconds from now.
	 */
	resetIs?: 'epoch-seconds' | 'delta-seconds' | 'auto';
	/**
	 * How long one window lasts, for an API that says so in its documentation but sends the reset
	 * only with a 429 (Laravel's throttle): with the limit header it lets requests be paced so
	 * that no window is overrun.
	 */
	windowSeconds?: number;
}

/**
 * What the engine uses of n8n's node functions. An action node's execute context and a trigger's
 * poll context both provide it, so one transport serves both.
 */
export type NodeFunctions = IExecuteFunctions | IPollFunctions;

/** How a provider's API reports errors and limits; the transport asks, the provider answers. */
export interface ProviderApi {
	/** The provider's own message in an error response body. */
	errorMessage(body: unknown, status: number): string | undefined;
	/** An error that arrives with a 2xx status (WiseCP answers 200 to everything). */
	bodyError?(body: unknown): string | undefined;
	/** What the user should check when bodyError fires. */
	bodyErrorHint?: string;
	/** What the user should check when the key is refused (401/403). */
	authHint: string;
	/** Only for headers that differ from the defaults (see RateLimitHeaders). */
	rateLimit?: RateLimitHeaders;
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
	/**
	 * Ends the request and its retries once aborted, like Stop execution does: a page fetched
	 * ahead that is no longer wanted.
	 */
	signal?: AbortSignal;
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

/** What n8n's request helpers give back with returnFullResponse, before any checks. */
export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

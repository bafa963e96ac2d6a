import type { RateLimitHeaders, RawResponse } from './api';
import { Stopped, settle } from './body';
import { isTransient } from './errors';
import { header } from './headers';
import { RateLimiter, rateLimitRemaining, resetDelayMs, resumeAfter, waitForResume, type RateLimitPause } from './rateLimit';
import type { RequestSlots } from './slots';
import { wait } from './wait';

/** How hard the transport tries before it gives up; the waits are capped so a node never hangs. */
export const RETRY = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	/** A server asking for a longer pause than this is reported instead of waited for. */
	maxServerWaitMs: 120_000,
	maxRedirects: 5,
};

/** 429 means nothing happened; the gateway errors mean the request may never have arrived. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Full jitter on the upper half, so parallel executions do not retry in lockstep. */
export function backoffMs(attempt: number): number {
	const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * The pause a server asks for: Retry-After (seconds or HTTP date) first, as RFC 9110 makes it
 * the explicit answer; else the rate-limit reset, when none remain or the count is not given.
 */
export function serverDelayMs(
	headers: Record<string, unknown>,
	now = Date.now(),
	rateLimit?: RateLimitHeaders,
): number | undefined {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined) {
		if (/^\s*\d+(\.\d+)?\s*$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const remaining = rateLimitRemaining(headers, rateLimit);
	if (remaining !== undefined && !(remaining <= 0)) return undefined;
	return resetDelayMs(headers, now, rateLimit);
}

export type Outcome =
	| { response: RawResponse; attempts: number; startedAt: number; refusedWaitMs?: number }
	| { failure: unknown; attempts: number; startedAt: number };

/**
 * Sends until there is an answer worth reporting: a non-retryable response, a transient failure
 * of a request that must not be repeated, the attempt budget spent, or a server asking for a
 * longer wait than the node will give (refusedWaitMs). The caller turns the outcome into a
 * result or an error.
 */
export async function withRetries(options: {
	send: () => Promise<RawResponse>;
	/** Repeating the request is harmless, so 5xx and socket errors are retried too. */
	idempotent: boolean;
	/** The execution's rate-limit state: a pause, or a RateLimiter that also paces. */
	pause?: RateLimitPause;
	rateLimit?: RateLimitHeaders;
	/** The execution's request slots: each attempt holds one while it is on the wire. */
	slots?: RequestSlots;
	/**
	 * Once aborted, no further attempt is made (the request is no longer wanted): a backoff or a
	 * rate-limit wait under way ends at once, its timer cleared, and the outcome is Stopped.
	 */
	signal?: AbortSignal;
}): Promise<Outcome> {
	const startedAt = Date.now();
	const limiter = options.pause instanceof RateLimiter ? options.pause : undefined;
	/** One attempt; what its answer says about the rate limit is recorded before its slot is free. */
	const attempt = async (attempts: number): Promise<{ response?: RawResponse; failure?: unknown }> => {
		if (options.signal?.aborted) return { failure: new Stopped() };
		let ticket = 0;
		if (limiter) {
			const acquired = await settle(limiter.acquire(options.signal));
			if ('error' in acquired) return { failure: acquired.error };
			ticket = acquired.value;
		} else {
			await waitForResume(options.pause, options.signal);
			if (options.signal?.aborted) return { failure: new Stopped() };
		}
		let response: RawResponse;
		try {
			response = await options.send();
		} catch (error) {
			limiter?.settle(ticket);
			return { failure: error };
		}
		limiter?.settle(ticket, response);
		const serverWait = serverDelayMs(response.headers, Date.now(), options.rateLimit);
		if (response.statusCode === 429) {
			// A refusal slows every request of the execution, not only this one.
			resumeAfter(options.pause, serverWait ?? backoffMs(attempts), RETRY.maxServerWaitMs);
		} else if (rateLimitRemaining(response.headers, options.rateLimit) === 0) {
			resumeAfter(options.pause, serverWait, RETRY.maxServerWaitMs);
		}
		return { response };
	};
	for (let attempts = 1; ; attempts++) {
		const { response, failure } = options.slots ? await options.slots.run(async () => await attempt(attempts)) : await attempt(attempts);

		const retryable = response
			? RETRYABLE_STATUS.has(response.statusCode) && (options.idempotent || response.statusCode === 429)
			: options.idempotent && isTransient(failure);
		if (!retryable || attempts >= RETRY.maxAttempts) {
			return response ? { response, attempts, startedAt } : { failure, attempts, startedAt };
		}

		const serverWait = response ? serverDelayMs(response.headers, Date.now(), options.rateLimit) : undefined;
		if (response && serverWait !== undefined && serverWait > RETRY.maxServerWaitMs) {
			return { response, attempts, startedAt, refusedWaitMs: serverWait };
		}
		// Stopped meanwhile: the wait ends at once and the next attempt reports Stopped without sending.
		await wait(serverWait ?? backoffMs(attempts), options.signal);
	}
}

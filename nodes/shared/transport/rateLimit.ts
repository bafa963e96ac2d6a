import type { RateLimitHeaders } from './api';
import { Stopped } from './body';
import { firstHeader } from './headers';
import { wait } from './wait';

/** What a provider that declares nothing gets: both header families in use today. */
export const DEFAULT_RATE_LIMIT_HEADERS: Required<Pick<RateLimitHeaders, 'remaining' | 'reset' | 'resetIs'>> = {
	remaining: ['x-ratelimit-remaining', 'ratelimit-remaining'],
	reset: ['x-ratelimit-reset', 'ratelimit-reset'],
	// Laravel and GitHub send a Unix time, Northflank and the IETF draft seconds from now.
	resetIs: 'auto',
};

/** No rate-limit window lasts 31 years, so a larger number of seconds can only be a Unix time. */
const EPOCH_THRESHOLD_SECONDS = 1_000_000_000;

const NUMBER = /^\s*\d+(\.\d+)?\s*$/;

/** Where the window's size is, unless the provider declares other names. */
export const DEFAULT_LIMIT_HEADERS = ['x-ratelimit-limit', 'ratelimit-limit'];

/** The window's budget: undefined when the response does not say or says nonsense. */
export function rateLimitLimit(headers: Record<string, unknown>, declared?: RateLimitHeaders): number | undefined {
	const value = firstHeader(headers, declared?.limit ?? DEFAULT_LIMIT_HEADERS);
	return value !== undefined && NUMBER.test(value) && Number(value) >= 1 ? Math.floor(Number(value)) : undefined;
}

/** Requests left in the window: undefined when the response does not say, NaN when it says nonsense. */
export function rateLimitRemaining(headers: Record<string, unknown>, declared?: RateLimitHeaders): number | undefined {
	const value = firstHeader(headers, declared?.remaining ?? DEFAULT_RATE_LIMIT_HEADERS.remaining);
	if (value === undefined) return undefined;
	return NUMBER.test(value) ? Number(value) : NaN;
}

/** Milliseconds until the window resets, by the reset header; undefined when absent or unreadable. */
export function resetDelayMs(headers: Record<string, unknown>, now: number, declared?: RateLimitHeaders): number | undefined {
	const value = firstHeader(headers, declared?.reset ?? DEFAULT_RATE_LIMIT_HEADERS.reset);
	if (value === undefined || !NUMBER.test(value)) return undefined;
	const seconds = Number(value);
	const resetIs = declared?.resetIs ?? DEFAULT_RATE_LIMIT_HEADERS.resetIs;
	const epoch = resetIs === 'epoch-seconds' || (resetIs === 'auto' && seconds > EPOCH_THRESHOLD_SECONDS);
	return epoch ? Math.max(0, Math.round(seconds * 1000 - now)) : Math.round(seconds * 1000);
}

/**
 * Shared by every request of one execution: once a response says the limit is used up, the
 * next request waits for the reset instead of spending itself on a 429. A plain object only
 * pauses; a RateLimiter also paces (below).
 */
export interface RateLimitPause {
	resumeAt: number;
}

/**
 * Two answers whose resets lie closer together than this speak of the same window: a reset in
 * whole seconds, rounded up, puts each answer's reading within a second after the true one.
 */
const SAME_WINDOW_MS = 1000;

/**
 * Paces the requests of one execution so that the budget an API publishes is never overrun,
 * however many requests are in flight at once:
 * - the API's own count: no request goes out while the requests in flight would use up what the
 *   latest answer says is left; with a reset time (IETF RateLimit-Reset, Northflank) the next
 *   one waits for it, without one a single request at a time finds out when the window reopens
 *   (its 429, if any, says how long to wait);
 * - where the provider declares its window (Laravel sends the reset only with a 429), the
 *   execution's own count: at most `limit` requests answered in the last window plus in
 *   flight. A request answered at time a was counted by the server before a, so any window it
 *   shares with a request sent now began after a - window: requests answered earlier than that
 *   cannot share one, whichever moment the server's windows start at.
 * `resumeAt` is the pause every request waits for: a 429 or a used-up budget sets it, so one
 * refusal slows the whole pool instead of each request running into its own.
 */
export class RateLimiter implements RateLimitPause {
	resumeAt = 0;
	private inFlight = 0;
	private sent = 0;
	private limit?: number;
	/** The API's latest word: requests left and, when it says, when that window ends. */
	private server?: { seq: number; remaining: number; resetAt?: number };
	/** When the answers of the last window arrived, oldest first (only with a declared window). */
	private readonly answers: number[] = [];
	private readonly waiting: Array<() => void> = [];
	private readonly windowMs?: number;
	private answered?: () => void;
	/** Resolves when the execution's first request has come back, answered or not. */
	readonly firstAnswer = new Promise<void>((resolve) => (this.answered = resolve));

	constructor(
		private readonly declared: RateLimitHeaders | undefined,
		/** A wait longer than this is not made: the 429 that follows reports it instead of hanging. */
		private readonly maxWaitMs: number,
	) {
		const seconds = declared?.windowSeconds;
		this.windowMs = typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
	}

	/**
	 * Waits until a request may go out; the number it returns is handed back to settle(). Once
	 * `signal` aborts it stops waiting at once (no timer left behind) and throws Stopped, without
	 * taking a place among the requests in flight.
	 */
	async acquire(signal?: AbortSignal): Promise<number> {
		for (;;) {
			if (signal?.aborted) throw new Stopped();
			const ms = this.waitMs(Date.now());
			if (ms <= 0) break;
			if (ms === Infinity) await this.nextAnswer(signal);
			else await wait(ms, signal);
		}
		this.inFlight++;
		return ++this.sent;
	}

	/** Resolves when a request in flight comes back, or when `signal` aborts (then it is no longer woken). */
	private async nextAnswer(signal?: AbortSignal): Promise<void> {
		await new Promise<void>((resolve) => {
			const wake = () => {
				signal?.removeEventListener('abort', wake);
				const at = this.waiting.indexOf(wake);
				if (at >= 0) this.waiting.splice(at, 1);
				resolve();
			};
			this.waiting.push(wake);
			signal?.addEventListener('abort', wake, { once: true });
		});
	}

	/** A request came back (with `headers` when there was an answer at all). */
	settle(seq: number, answer?: { statusCode: number; headers: Record<string, unknown> }): void {
		const now = Date.now();
		this.inFlight--;
		// Counted even without an answer: the server may have counted it.
		if (this.windowMs !== undefined) {
			this.answers.push(now);
			this.forget(now);
		}
		if (answer) this.read(seq, answer, now);
		this.answered?.();
		for (const wake of this.waiting.splice(0)) wake();
	}

	private read(seq: number, answer: { statusCode: number; headers: Record<string, unknown> }, now: number): void {
		const limit = rateLimitLimit(answer.headers, this.declared);
		if (limit !== undefined) this.limit = limit;
		// A refusal pauses every request for as long as it says (Retry-After first): the retry loop's resumeAt.
		if (answer.statusCode === 429) return;
		const remaining = rateLimitRemaining(answer.headers, this.declared);
		if (remaining === undefined || Number.isNaN(remaining)) return;
		const delay = resetDelayMs(answer.headers, now, this.declared);
		const resetAt = delay === undefined ? undefined : now + delay;
		const server = this.server;
		if (server && resetAt !== undefined && server.resetAt !== undefined && Math.abs(resetAt - server.resetAt) < SAME_WINDOW_MS) {
			// Answers of one window arrive in any order: the lowest count is the true one, and the
			// earliest reset the closest to it.
			server.remaining = Math.min(server.remaining, remaining);
			server.resetAt = Math.min(server.resetAt, resetAt);
		} else if (!server || seq > server.seq) {
			this.server = { seq, remaining, resetAt };
		}
	}

	/** 0 when a request may go now; Infinity when it must wait for an answer in flight. */
	private waitMs(now: number): number {
		if (this.resumeAt > now) return this.resumeAt - now;
		const server = this.server;
		if (server && server.remaining - this.inFlight <= 0) {
			if (server.resetAt !== undefined && server.resetAt <= now) {
				this.server = undefined;
			} else if (server.resetAt !== undefined) {
				const wait = server.resetAt - now;
				if (wait <= this.maxWaitMs) return wait;
			} else if (this.inFlight > 0) {
				return Infinity;
			}
		}
		if (this.windowMs !== undefined && this.limit !== undefined) {
			this.forget(now);
			if (this.answers.length + this.inFlight >= this.limit) {
				return this.answers.length > 0 ? this.answers[0] + this.windowMs - now + 1 : Infinity;
			}
		}
		return 0;
	}

	/** Drops the answers that arrived a whole window ago or earlier. */
	private forget(now: number): void {
		const horizon = now - (this.windowMs ?? 0);
		let old = 0;
		while (old < this.answers.length && this.answers[old] <= horizon) old++;
		if (old > 0) this.answers.splice(0, old);
	}
}

/** Waits for the execution's pause to end, or until `signal` aborts (the timer is then cleared). */
export async function waitForResume(pause: RateLimitPause | undefined, signal?: AbortSignal): Promise<void> {
	await wait((pause?.resumeAt ?? 0) - Date.now(), signal);
}

/**
 * Makes every request wait `waitMs` from now (never shortening a longer pause). A wait beyond the
 * cap is not remembered: the 429 that follows reports it instead of hanging.
 */
export function resumeAfter(pause: RateLimitPause | undefined, waitMs: number | undefined, maxWaitMs: number): void {
	if (pause && waitMs !== undefined && waitMs <= maxWaitMs) pause.resumeAt = Math.max(pause.resumeAt, Date.now() + waitMs);
}

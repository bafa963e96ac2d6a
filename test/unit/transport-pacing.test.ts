/**
 * Rate-limit pacing (nodes/shared/transport/rateLimit.ts RateLimiter) through the retry loop, as
 * every request of an execution goes: four at once in the execution's request slots, against
 * model servers that enforce a small budget (10 requests per 2 s window) and refuse what goes
 * beyond with a 429. Paced, none is refused, and the run takes about the budget's floor. Real
 * time, a few seconds per test (the long run against the sandbox at 60 a minute is in npm run bench).
 */
import type { RateLimitHeaders } from '../../nodes/shared/transport';
import { RETRY, RateLimiter, RequestSlots } from '../../nodes/shared/transport';
import type { RawResponse } from '../../nodes/shared/transport/api';
import { withRetries } from '../../nodes/shared/transport/retry';

const LIMIT = 10;
const WINDOW_MS = 2000;

/** A fixed window that opens with the first request after the last one ended, like Laravel's throttle. */
class FixedWindow {
	start = -Infinity;
	used = 0;
	refused = 0;
	served = 0;

	/** Counts a request; false when it is beyond the limit (refused, not counted). */
	admit(now: number): boolean {
		if (now - this.start >= WINDOW_MS) {
			this.start = now;
			this.used = 0;
		}
		if (this.used >= LIMIT) {
			this.refused++;
			return false;
		}
		this.used++;
		this.served++;
		return true;
	}

	get resetAt(): number {
		return this.start + WINDOW_MS;
	}
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A server with this window and `latencyMs` round trip: it counts (or refuses) each request half
 * way, and answers with the headers `headersOf` gives.
 */
function server(window: FixedWindow, latencyMs: number, headersOf: (admitted: boolean, now: number) => Record<string, string>) {
	return async (): Promise<RawResponse> => {
		await sleep(latencyMs / 2);
		const now = Date.now();
		const admitted = window.admit(now);
		await sleep(latencyMs / 2);
		return { statusCode: admitted ? 200 : 429, headers: headersOf(admitted, now), body: Buffer.from('{}') };
	};
}

/** Laravel's headers: the count on every answer, the reset (a Unix time) and Retry-After only with a 429. */
const laravel = (window: FixedWindow, latencyMs: number) =>
	server(window, latencyMs, (admitted, now) => ({
		'X-RateLimit-Limit': String(LIMIT),
		'X-RateLimit-Remaining': String(admitted ? LIMIT - window.used : 0),
		...(admitted ? {} : { 'Retry-After': String(Math.ceil((window.resetAt - now) / 1000)), 'X-RateLimit-Reset': String(Math.ceil(window.resetAt / 1000)) }),
	}));

/** The IETF draft's headers on every answer: limit, remaining and the reset in seconds from now (rounded up). */
const ietf = (window: FixedWindow, latencyMs: number) =>
	server(window, latencyMs, (admitted, now) => ({
		'RateLimit-Limit': String(LIMIT),
		'RateLimit-Remaining': String(admitted ? LIMIT - window.used : 0),
		'RateLimit-Reset': String(Math.max(0, Math.ceil((window.resetAt - now) / 1000))),
	}));

/** `count` requests, `concurrency` workers, one limiter and one set of slots, as one execution has. */
async function execution(count: number, send: () => Promise<RawResponse>, declared: RateLimitHeaders | undefined, concurrency = 4) {
	const limiter = new RateLimiter(declared, RETRY.maxServerWaitMs);
	const slots = new RequestSlots(concurrency);
	const statuses: number[] = [];
	const started = Date.now();
	await Promise.all(
		Array.from({ length: count }, async () => {
			const outcome = await withRetries({ send, idempotent: true, pause: limiter, rateLimit: declared, slots });
			statuses.push('response' in outcome ? outcome.response.statusCode : 0);
		}),
	);
	return { statuses, elapsed: Date.now() - started };
}

/** The least time `count` requests can take at LIMIT per window: the last window opens at this. */
const floor = (count: number) => Math.floor((count - 1) / LIMIT) * WINDOW_MS;

jest.setTimeout(30_000);

describe('pacing to a published budget, four requests at once', () => {
	it("Laravel's headers (the reset only with a 429) and a declared window: no 429, about the floor", async () => {
		const window = new FixedWindow();
		const declared: RateLimitHeaders = { limit: ['x-ratelimit-limit'], remaining: ['x-ratelimit-remaining'], reset: ['x-ratelimit-reset'], resetIs: 'epoch-seconds', windowSeconds: WINDOW_MS / 1000 };
		const { statuses, elapsed } = await execution(35, laravel(window, 20), declared);
		expect(window.refused).toBe(0);
		expect(statuses.every((status) => status === 200)).toBe(true);
		expect(window.served).toBe(35);
		expect(elapsed).toBeGreaterThanOrEqual(floor(35));
		expect(elapsed).toBeLessThanOrEqual(floor(35) * 1.1 + 200);
	});

	it('IETF RateLimit-* (the reset in whole seconds on every answer), nothing declared: no 429, about the floor', async () => {
		const window = new FixedWindow();
		const { statuses, elapsed } = await execution(35, ietf(window, 20), undefined);
		expect(window.refused).toBe(0);
		expect(statuses.every((status) => status === 200)).toBe(true);
		expect(elapsed).toBeGreaterThanOrEqual(floor(35));
		expect(elapsed).toBeLessThanOrEqual(floor(35) * 1.1 + 200);
	});

	it('without pacing information, the same server refuses: what the pacing saves', async () => {
		const window = new FixedWindow();
		// No window declared and no reset: the count alone cannot say when the window reopens.
		const blind = async () => {
			const response = await laravel(window, 20)();
			const { ['X-RateLimit-Remaining']: _remaining, ['X-RateLimit-Limit']: _limit, ...rest } = response.headers as Record<string, string>;
			return { ...response, headers: response.statusCode === 429 ? response.headers : rest };
		};
		const { statuses } = await execution(15, blind, undefined);
		expect(window.refused).toBeGreaterThan(0);
		// ...and the 429's Retry-After still brings every request through.
		expect(statuses.every((status) => status === 200)).toBe(true);
	});
});

describe('the shared pause and the count', () => {
	it('a 429 pauses every request of the execution, not only the refused one', async () => {
		const limiter = new RateLimiter(undefined, RETRY.maxServerWaitMs);
		const slots = new RequestSlots(4);
		const arrivals: Array<{ at: number; refused: boolean }> = [];
		let first = true;
		const send = async (): Promise<RawResponse> => {
			const refused = first;
			first = false;
			arrivals.push({ at: Date.now(), refused });
			await sleep(refused ? 0 : 100);
			return { statusCode: refused ? 429 : 200, headers: refused ? { 'Retry-After': '1' } : {}, body: Buffer.from('{}') };
		};
		await Promise.all(Array.from({ length: 8 }, async () => await withRetries({ send, idempotent: true, pause: limiter, slots })));
		const refusedAt = arrivals.find((arrival) => arrival.refused)!.at;
		// The three sent beside the refused one had already left; every later request waited for the pause.
		const later = arrivals.filter((arrival) => arrival.at > refusedAt + 20);
		expect(later).toHaveLength(5);
		expect(later.every((arrival) => arrival.at - refusedAt >= 950)).toBe(true);
	});

	it('answers of one window arriving out of order: the lowest count and earliest reset hold', async () => {
		const limiter = new RateLimiter(undefined, RETRY.maxServerWaitMs);
		const now = Date.now();
		const [a, b, c] = [await limiter.acquire(), await limiter.acquire(), await limiter.acquire()];
		// c was counted last by the server (0 left) but answers first; a and b answer later with higher counts.
		limiter.settle(c, { statusCode: 200, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '2' } });
		limiter.settle(a, { statusCode: 200, headers: { 'ratelimit-remaining': '2', 'ratelimit-reset': '2' } });
		limiter.settle(b, { statusCode: 200, headers: { 'ratelimit-remaining': '1', 'ratelimit-reset': '2' } });
		await limiter.acquire();
		expect(Date.now() - now).toBeGreaterThanOrEqual(1900);
	});

	it('a reset beyond the longest wait is not waited for: the request goes, and its 429 reports it', async () => {
		const limiter = new RateLimiter(undefined, 1000);
		const ticket = await limiter.acquire();
		limiter.settle(ticket, { statusCode: 200, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '3600' } });
		const started = Date.now();
		await limiter.acquire();
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('the request slots hold at most their size on the wire, handed over in order', async () => {
		const slots = new RequestSlots(3);
		let active = 0;
		let peak = 0;
		const order: number[] = [];
		await Promise.all(
			Array.from({ length: 10 }, async (_, index) =>
				await slots.run(async () => {
					order.push(index);
					active++;
					peak = Math.max(peak, active);
					await sleep(10);
					active--;
				}),
			),
		);
		expect(peak).toBe(3);
		expect(order).toEqual([...Array(10).keys()]);
	});
});

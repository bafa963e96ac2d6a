/**
 * Rate-limit headers: the defaults (X-RateLimit-* and the IETF draft's RateLimit-*), what a
 * provider may declare instead (names, reset as Unix time or seconds from now), Retry-After's
 * priority, and the retry loop's use of them (without real waits: every wait here is 0 s or
 * refused for being too long).
 */
import type { RateLimitHeaders } from '../../nodes/shared/transport';
import { DEFAULT_RATE_LIMIT_HEADERS, RETRY, serverDelayMs } from '../../nodes/shared/transport';
import type { RawResponse } from '../../nodes/shared/transport/api';
import { rateLimitRemaining, resetDelayMs } from '../../nodes/shared/transport/rateLimit';
import { withRetries } from '../../nodes/shared/transport/retry';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const EPOCH = (seconds: number) => String(NOW / 1000 + seconds);

const LARAVEL: RateLimitHeaders = { remaining: ['x-ratelimit-remaining'], reset: ['x-ratelimit-reset'], resetIs: 'epoch-seconds' };
const NORTHFLANK: RateLimitHeaders = { remaining: ['x-ratelimit-remaining'], reset: ['x-ratelimit-reset'], resetIs: 'delta-seconds' };

describe('defaults: X-RateLimit-* and IETF RateLimit-*', () => {
	it('reads the IETF pair: reset in seconds from now, only when none remain', () => {
		expect(serverDelayMs({ 'RateLimit-Remaining': '0', 'RateLimit-Reset': '7' }, NOW)).toBe(7000);
		expect(serverDelayMs({ 'ratelimit-remaining': '0', 'ratelimit-reset': '0' }, NOW)).toBe(0);
		expect(serverDelayMs({ 'ratelimit-remaining': '3', 'ratelimit-reset': '7' }, NOW)).toBeUndefined();
		// after a 429 without a count, the reset still says how long to wait
		expect(serverDelayMs({ 'ratelimit-reset': '12' }, NOW)).toBe(12_000);
	});

	it('reads the X-RateLimit pair as before: a Unix time above 1e9, else seconds', () => {
		expect(serverDelayMs({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '7' }, NOW)).toBe(7000);
		expect(serverDelayMs({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': EPOCH(9) }, NOW)).toBe(9000);
		expect(serverDelayMs({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': EPOCH(-30) }, NOW)).toBe(0);
	});

	it('Retry-After keeps priority over both families', () => {
		const limits = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3600', 'ratelimit-remaining': '0', 'ratelimit-reset': '1800' };
		expect(serverDelayMs({ ...limits, 'Retry-After': '2' }, NOW)).toBe(2000);
		expect(serverDelayMs({ ...limits, 'Retry-After': new Date(NOW + 4000).toUTCString() }, NOW)).toBe(4000);
	});

	it('X-RateLimit-* comes first when a server sends both', () => {
		expect(serverDelayMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': '9' }, NOW)).toBe(3000);
		expect(rateLimitRemaining({ 'x-ratelimit-remaining': '5', 'ratelimit-remaining': '0' })).toBe(5);
	});

	it('nonsense is neither a count nor a reset', () => {
		expect(rateLimitRemaining({})).toBeUndefined();
		expect(rateLimitRemaining({ 'ratelimit-remaining': 'lots' })).toBeNaN();
		expect(resetDelayMs({ 'ratelimit-reset': 'soon' }, NOW)).toBeUndefined();
		expect(resetDelayMs({ 'ratelimit-reset': '-5' }, NOW)).toBeUndefined();
		expect(serverDelayMs({ 'ratelimit-remaining': 'none', 'ratelimit-reset': '5' }, NOW)).toBeUndefined();
	});

	it('the declared defaults are what a provider without a declaration gets', () => {
		expect(DEFAULT_RATE_LIMIT_HEADERS).toEqual({
			remaining: ['x-ratelimit-remaining', 'ratelimit-remaining'],
			reset: ['x-ratelimit-reset', 'ratelimit-reset'],
			resetIs: 'auto',
		});
		const headers = { 'ratelimit-remaining': '0', 'ratelimit-reset': '5' };
		expect(serverDelayMs(headers, NOW, {})).toBe(serverDelayMs(headers, NOW));
	});
});

describe('what a provider declares', () => {
	it("Laravel (VPSBG): the reset is a Unix time, even a small one", () => {
		expect(serverDelayMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': EPOCH(30) }, NOW, LARAVEL)).toBe(30_000);
		// a small number is a Unix time long past, so no wait, where 'auto' would wait 5 s
		expect(serverDelayMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' }, NOW, LARAVEL)).toBe(0);
	});

	it('Northflank: the reset is seconds from now, even a large one', () => {
		expect(serverDelayMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '42' }, NOW, NORTHFLANK)).toBe(42_000);
		expect(serverDelayMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': EPOCH(0) }, NOW, NORTHFLANK)).toBe(NOW);
	});

	it('declared names replace the defaults; left-out fields keep them', () => {
		const own: RateLimitHeaders = { remaining: ['x-rate-limit-left'], reset: ['x-rate-limit-reset-after'] };
		expect(serverDelayMs({ 'X-Rate-Limit-Left': '0', 'X-Rate-Limit-Reset-After': '8' }, NOW, own)).toBe(8000);
		expect(serverDelayMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '8' }, NOW, own)).toBeUndefined();
		expect(serverDelayMs({ 'ratelimit-remaining': '0', 'ratelimit-reset': EPOCH(6) }, NOW, { resetIs: 'epoch-seconds' })).toBe(6000);
		// Laravel's declaration ignores IETF headers it does not send
		expect(serverDelayMs({ 'ratelimit-remaining': '0', 'ratelimit-reset': '8' }, NOW, LARAVEL)).toBeUndefined();
	});
});

describe('the retry loop with rate-limit headers', () => {
	const reply = (statusCode: number, headers: Record<string, string> = {}): RawResponse => ({ statusCode, headers, body: Buffer.from('{}') });

	it('a 429 with an IETF reset of 0 s is retried at once, and the next answer returned', async () => {
		const replies = [reply(429, { 'ratelimit-remaining': '0', 'ratelimit-reset': '0' }), reply(200)];
		const outcome = await withRetries({ send: async () => replies.shift() as RawResponse, idempotent: true });
		expect(outcome).toMatchObject({ response: { statusCode: 200 }, attempts: 2 });
	});

	it('a 429 whose IETF reset is beyond the cap is reported at once, with the wait asked for', async () => {
		let sent = 0;
		const outcome = await withRetries({
			send: async () => (sent++, reply(429, { 'ratelimit-remaining': '0', 'ratelimit-reset': '900' })),
			idempotent: true,
		});
		expect(sent).toBe(1);
		expect(outcome).toMatchObject({ response: { statusCode: 429 }, attempts: 1, refusedWaitMs: 900_000 });
		expect(900_000).toBeGreaterThan(RETRY.maxServerWaitMs);
	});

	it('a success that uses up the limit makes the execution pause until the reset', async () => {
		const pause = { resumeAt: 0 };
		const before = Date.now();
		await withRetries({ send: async () => reply(200, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '30' }), idempotent: true, pause });
		expect(pause.resumeAt).toBeGreaterThanOrEqual(before + 30_000);
		expect(pause.resumeAt).toBeLessThanOrEqual(Date.now() + 30_000);
	});

	it('the pause follows the provider’s declaration, and ignores waits beyond the cap', async () => {
		const pause = { resumeAt: 0 };
		await withRetries({
			send: async () => reply(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': EPOCH(0) }),
			idempotent: true,
			pause,
			rateLimit: NORTHFLANK,
		});
		// read as seconds from now that is decades: not waited for, the 429 will say so
		expect(pause.resumeAt).toBe(0);
		await withRetries({
			send: async () => reply(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 20) }),
			idempotent: true,
			pause,
			rateLimit: LARAVEL,
		});
		expect(pause.resumeAt).toBeGreaterThan(Date.now() + 15_000);
	});

	it('remaining above 0 leaves the pause alone', async () => {
		const pause = { resumeAt: 0 };
		await withRetries({ send: async () => reply(200, { 'ratelimit-remaining': '1', 'ratelimit-reset': '30' }), idempotent: true, pause });
		expect(pause.resumeAt).toBe(0);
	});
});

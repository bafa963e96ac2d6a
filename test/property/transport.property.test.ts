/**
 * Properties of the transport's waits (nodes/shared/transport/), without waiting: capped
 * exponential backoff with jitter, and the pause a server asks for (Retry-After in seconds or
 * as an HTTP date; x-ratelimit-reset as seconds (Northflank) or an epoch (Laravel / VPSBG);
 * the IETF draft's ratelimit-reset as seconds; a provider's declared reading of the reset).
 */
import fc from 'fast-check';

import { RETRY, backoffMs, serverDelayMs } from '../../nodes/shared/transport';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('backoffMs', () => {
	it('waits between half and all of a doubling ceiling, capped at maxDelayMs', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 60 }), (attempt) => {
				const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
				const wait = backoffMs(attempt);
				expect(Number.isInteger(wait)).toBe(true);
				expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
				expect(wait).toBeLessThanOrEqual(ceiling);
				expect(wait).toBeLessThanOrEqual(RETRY.maxDelayMs);
			}),
		);
	});

	it('a whole retry budget stays bounded: at most maxAttempts tries, each wait at most maxDelayMs', () => {
		expect(RETRY.maxAttempts).toBeLessThanOrEqual(10);
		const worst = Array.from({ length: RETRY.maxAttempts - 1 }, (_, index) => Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** index));
		expect(worst.reduce((sum, wait) => sum + wait, 0)).toBeLessThanOrEqual(60_000);
	});
});

describe('serverDelayMs', () => {
	it('Retry-After in seconds (integer or decimal)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 100_000 }), fc.boolean(), (tenths, decimal) => {
				const value = decimal ? (tenths / 10).toFixed(1) : String(tenths);
				expect(serverDelayMs({ 'Retry-After': value }, NOW)).toBe(Math.round(Number(value) * 1000));
			}),
		);
	});

	it('Retry-After as an HTTP date: the time until then, never negative', () => {
		fc.assert(
			fc.property(fc.integer({ min: -86_400, max: 86_400 }), (offset) => {
				const date = new Date(NOW + offset * 1000).toUTCString();
				expect(serverDelayMs({ 'retry-after': date }, NOW)).toBe(Math.max(0, offset * 1000));
			}),
		);
	});

	it('x-ratelimit-reset: seconds to wait (Northflank) or an epoch second (Laravel), only when none remain', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 7200 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), (seconds, remaining, epoch) => {
				const reset = epoch ? String(NOW / 1000 + seconds) : String(seconds);
				const headers = { 'x-ratelimit-reset': reset, 'X-RateLimit-Remaining': String(remaining) };
				expect(serverDelayMs(headers, NOW)).toBe(remaining === 0 ? seconds * 1000 : undefined);
				expect(serverDelayMs({ 'x-ratelimit-reset': reset }, NOW)).toBe(seconds * 1000);
			}),
		);
	});

	it('ratelimit-reset (IETF draft): seconds to wait, only when none remain', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 7200 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom('ratelimit', 'RateLimit'), (seconds, remaining, prefix) => {
				const headers = { [`${prefix}-Reset`]: String(seconds), [`${prefix}-Remaining`]: String(remaining) };
				expect(serverDelayMs(headers, NOW)).toBe(remaining === 0 ? seconds * 1000 : undefined);
				expect(serverDelayMs({ [`${prefix}-Reset`]: String(seconds) }, NOW)).toBe(seconds * 1000);
			}),
		);
	});

	it("a provider's declared reading of the reset wins over the size rule", () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (value) => {
				const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(value) };
				expect(serverDelayMs(headers, NOW, { resetIs: 'delta-seconds' })).toBe(value * 1000);
				expect(serverDelayMs(headers, NOW, { resetIs: 'epoch-seconds' })).toBe(Math.max(0, value * 1000 - NOW));
				expect(serverDelayMs(headers, NOW, { resetIs: 'auto' })).toBe(serverDelayMs(headers, NOW));
			}),
		);
	});

	it('Retry-After wins over the rate-limit headers', () => {
		expect(serverDelayMs({ 'retry-after': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3600' }, NOW)).toBe(1000);
		expect(serverDelayMs({ 'retry-after': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': '3600' }, NOW)).toBe(1000);
	});

	it('garbage is ignored (the caller falls back to backoff): never NaN or negative', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom('retry-after', 'x-ratelimit-reset', 'x-ratelimit-remaining', 'ratelimit-reset', 'ratelimit-remaining'), fc.oneof(fc.string(), fc.constantFrom('-1', 'NaN', 'soon', '1e9', ''))), (headers) => {
				const wait = serverDelayMs(headers, NOW);
				if (wait !== undefined) {
					expect(Number.isFinite(wait)).toBe(true);
					expect(wait).toBeGreaterThanOrEqual(0);
				}
			}),
		);
	});
});

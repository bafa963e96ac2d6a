import { sleep } from 'n8n-workflow';

import type { RateLimitHeaders } from './api';
import { firstHeader } from './headers';

/** What a provider that declares nothing gets: both header families in use today. */
export const DEFAULT_RATE_LIMIT_HEADERS: Required<RateLimitHeaders> = {
	remaining: ['x-ratelimit-remaining', 'ratelimit-remaining'],
	reset: ['x-ratelimit-reset', 'ratelimit-reset'],
	// Laravel and GitHub send a Unix time, Northflank and the IETF draft seconds from now.
	resetIs: 'auto',
};

/** No rate-limit window lasts 31 years, so a larger number of seconds can only be a Unix time. */
const EPOCH_THRESHOLD_SECONDS = 1_000_000_000;

const NUMBER = /^\s*\d+(\.\d+)?\s*$/;

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
 * next request waits for the reset instead of spending itself on a 429.
 */
export interface RateLimitPause {
	resumeAt: number;
}

export async function waitForResume(pause: RateLimitPause | undefined): Promise<void> {
	const wait = (pause?.resumeAt ?? 0) - Date.now();
	if (wait > 0) await sleep(wait);
}

/** A wait beyond the cap is not remembered: the 429 that follows reports it instead of hanging. */
export function resumeAfter(pause: RateLimitPause | undefined, waitMs: number | undefined, maxWaitMs: number): void {
	if (pause && waitMs !== undefined && waitMs <= maxWaitMs) pause.resumeAt = Date.now() + waitMs;
}

import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, or less when `signal` aborts first: the wait's timer is then cleared, so a request
 * that is no longer wanted (Stop, a page read ahead that is called off, a failed execution) does
 * not leave a timer behind that holds the process for the rest of a backoff (up to
 * RETRY.maxDelayMs) or a rate-limit pause (up to RETRY.maxServerWaitMs). It resolves either way;
 * the caller reads the signal. (Before 2.x, n8n-workflow's sleep takes no signal: there the wait
 * runs its course and the request stops after it, as it always did.)
 */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
	if (!(ms > 0) || signal?.aborted) return;
	try {
		await sleep(ms, signal);
	} catch {
		// Aborted: the timer is cleared and the caller sees the signal.
	}
}

import * as workflow from 'n8n-workflow';

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * n8n-workflow's sleep that ends early and clears its timer on abort: 1.x calls it
 * `sleepWithAbort` (its `sleep` takes no signal), 2.x folded it into `sleep(ms, signal)`. The
 * package runs against whichever n8n loads it, so the one that exists is looked up.
 */
const abortable: Sleep = (workflow as unknown as { sleepWithAbort?: Sleep }).sleepWithAbort ?? (workflow.sleep as Sleep);

/**
 * Waits `ms`, or less when `signal` aborts first: the wait's timer is then cleared, so a request
 * that is no longer wanted (Stop, a page read ahead that is called off, a failed execution) does
 * not leave a timer behind that holds the process for the rest of a backoff (up to
 * RETRY.maxDelayMs) or a rate-limit pause (up to RETRY.maxServerWaitMs). It resolves either way;
 * the caller reads the signal.
 */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
	if (!(ms > 0) || signal?.aborted) return;
	try {
		await abortable(ms, signal);
	} catch {
		// Aborted: the timer is cleared and the caller sees the signal.
	}
}

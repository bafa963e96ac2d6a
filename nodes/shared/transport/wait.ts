/**
 * Waits `ms`, or less when `signal` aborts first: the wait's timer is then cleared, so a request
 * that is no longer wanted (Stop, a page read ahead that is called off, a failed execution) does
 * not leave a timer behind that holds the process for the rest of a backoff (up to
 * RETRY.maxDelayMs) or a rate-limit pause (up to RETRY.maxServerWaitMs). It resolves either way;
 * the caller reads the signal. Written here rather than n8n-workflow's `sleep`, whose 1.x
 * versions take no signal: the same behaviour on every n8n the package supports.
 */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
	if (!(ms > 0) || signal?.aborted) return;
	await new Promise<void>((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, { once: true });
	});
}

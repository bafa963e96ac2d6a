/**
 * Issue 8, class 4: the Timeout option is a deadline for the whole request, headers and body, for
 * API calls, PDF downloads and anonymous file downloads (WiseCP's formalized files on another
 * origin). A body that trickles (bytes keep coming, so no idle timeout would fire) or never ends
 * is cut at the deadline, retried as transient, and then ends in a clear error with the attempts:
 *   "The <P> API did not finish its answer within N s (M bytes arrived), 5 attempts over S s"
 *   "The <P> API did not answer within N s, 5 attempts over S s"   (no headers at all)
 * The whole run takes about attempts × timeout + backoff, never much more.
 *
 * Faults: `trickle` (headers, then a byte every 100 ms), `stall` (headers, then nothing),
 * `endless` with a pause between chunks (a body without end, slowly), and the classic `slow` (no
 * headers). Every provider's cells of one kind wait concurrently, each on its own sandbox.
 */
import { binaryBuffer, type RunNodeResult } from '../harness';
import { PROVIDER_KEYS, PROVIDERS, listedIds, pdfRecordId, requestsOf, run } from './helpers';
import { deadlineBudgetMs, esc, listFault, withSandbox, type ProviderInfo, type Sandbox } from './hostile';

const TIMEOUT = 1;
const BUDGET = deadlineBudgetMs(TIMEOUT);

interface Timed {
	result: RunNodeResult;
	elapsedMs: number;
}

async function timed(fn: () => Promise<RunNodeResult>): Promise<Timed> {
	const started = Date.now();
	const result = await fn();
	return { result, elapsedMs: Date.now() - started };
}

const listWithTimeout = (sandbox: Sandbox, p: ProviderInfo) => run(sandbox, p.key, { parameters: { operation: 'getAll', returnAll: true, options: { timeout: TIMEOUT } } });
const downloadWithTimeout = (sandbox: Sandbox, p: ProviderInfo, id: string) =>
	run(sandbox, p.key, { parameters: { operation: 'download', invoiceId: id, options: { timeout: TIMEOUT } } });

const finishMessage = (p: ProviderInfo) =>
	new RegExp(`^The ${esc(p.label)} API did not finish its answer within ${TIMEOUT} s \\((\\d+) bytes arrived\\), 5 attempts over \\d+ s$`);
const DESCRIPTION = /^The Timeout option bounds each request, its whole answer included\. Request to http:\/\/(127\.0\.0\.1|localhost):\d+\. For slow APIs or large files raise the Timeout option\.$/;

/** A failure after five attempts, each cut at the deadline: the message, no items, and the time it took. */
function expectDeadlineFailure(scenario: string, { result, elapsedMs }: Timed, message: RegExp): number {
	expect({ scenario, items: result.items, message: result.error?.message, description: result.error?.description }).toEqual({
		scenario,
		items: [],
		message: expect.stringMatching(message),
		description: expect.stringMatching(DESCRIPTION),
	});
	expect({ scenario, elapsedMs }).toEqual({ scenario, elapsedMs: expect.any(Number) });
	expect(elapsedMs).toBeGreaterThanOrEqual(BUDGET.min);
	expect(elapsedMs).toBeLessThanOrEqual(BUDGET.max);
	const bytes = message.exec(result.error!.message)?.[1];
	return bytes === undefined ? -1 : Number(bytes);
}

describe.each(PROVIDER_KEYS)('%s: the Timeout is a deadline for the whole answer', (key) => {
	const p = PROVIDERS[key];

	it.concurrent('trickle once on page 2 (a byte every 100 ms): cut at the deadline, retried, every invoice once', async () => {
		await withSandbox(async (sandbox) => {
			listFault(sandbox, p, { kind: 'trickle', ms: 100, bytes: 1 }, 2);
			const { result, elapsedMs } = await timed(() => listWithTimeout(sandbox, p));
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id)).toEqual(listedIds(sandbox, p.key));
			const lists = requestsOf(sandbox, (request) => p.listPath.test(request.path));
			expect(lists[1].faults).toEqual(['trickle']);
			expect(lists.length).toBeGreaterThan(2);
			// one deadline, one short backoff, the rest of the list at full speed
			expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT * 1000);
			expect(elapsedMs).toBeLessThan(TIMEOUT * 1000 + 500 + 3000);
		});
	});

	it.concurrent(
		'waited out five times: a trickling body, a body that stops after the headers, no headers at all; then endless and trickling files',
		async () => {
			const scenarios: Array<Promise<void>> = [
				withSandbox(async (sandbox) => {
					listFault(sandbox, p, { kind: 'trickle', ms: 100, bytes: 1, times: Infinity }, 2);
					const outcome = await timed(() => listWithTimeout(sandbox, p));
					const bytes = expectDeadlineFailure('list: trickle', outcome, finishMessage(p));
					// cut mid-body: some bytes, far fewer than the page has
					expect(bytes).toBeGreaterThan(0);
					expect(bytes).toBeLessThan(200);
					const lists = requestsOf(sandbox, (request) => p.listPath.test(request.path));
					expect(lists.map((request) => request.faults)).toEqual([[], ['trickle'], ['trickle'], ['trickle'], ['trickle'], ['trickle']]);
				}),
				withSandbox(async (sandbox) => {
					listFault(sandbox, p, { kind: 'stall', times: Infinity });
					const outcome = await timed(() => listWithTimeout(sandbox, p));
					expect(expectDeadlineFailure('list: stall', outcome, finishMessage(p))).toBe(0);
				}),
				withSandbox(async (sandbox) => {
					listFault(sandbox, p, { kind: 'slow', ms: 30_000, times: Infinity });
					const outcome = await timed(() => listWithTimeout(sandbox, p));
					expectDeadlineFailure('list: no headers', outcome, new RegExp(`^The ${esc(p.label)} API did not answer within ${TIMEOUT} s, 5 attempts over \\d+ s$`));
				}),
			];
			if (p.pdf) {
				scenarios.push(
					withSandbox(async (sandbox) => {
						sandbox.fault(p.key, { kind: 'endless', ms: 200, chunkBytes: 1024, times: Infinity, match: { path: p.pdfPath } });
						const outcome = await timed(() => downloadWithTimeout(sandbox, p, pdfRecordId(sandbox, p.key)));
						const bytes = expectDeadlineFailure('pdf: endless, slowly', outcome, finishMessage(p));
						expect(bytes).toBeGreaterThan(1024);
						expect(requestsOf(sandbox, (request) => !!p.pdfPath?.test(request.path))).toHaveLength(5);
					}),
				);
			}
			if (p.hasPdfOn) {
				// WiseCP: a formalized file on another origin, fetched without the key
				scenarios.push(
					withSandbox(async (sandbox) => {
						sandbox.fault(p.key, { kind: 'trickle', ms: 100, bytes: 50, times: Infinity, match: { path: p.pdfPath } });
						const outcome = await timed(() => downloadWithTimeout(sandbox, p, pdfRecordId(sandbox, p.key, 'other')));
						expectDeadlineFailure('anonymous file on another origin: trickle', outcome, finishMessage(p));
						const other = requestsOf(sandbox, (request) => request.origin === 'other');
						expect(other).toHaveLength(5);
						for (const request of other) expect(request.headers[p.authHeader]).toBeUndefined();
					}),
				);
			}
			await Promise.all(scenarios);
		},
		60_000,
	);

	if (p.pdf) {
		it.concurrent('a PDF trickled once: cut at the deadline, retried, the exact file', async () => {
			await withSandbox(async (sandbox) => {
				const id = pdfRecordId(sandbox, p.key);
				sandbox.fault(p.key, { kind: 'trickle', ms: 100, bytes: 10, match: { path: p.pdfPath } });
				const { result, elapsedMs } = await timed(() => downloadWithTimeout(sandbox, p, id));
				expect(result.error).toBeUndefined();
				expect(binaryBuffer(result.items[0].binary!.data).equals(await sandbox.pdfBytes(p.key, id))).toBe(true);
				expect(elapsedMs).toBeLessThan(TIMEOUT * 1000 + 500 + 2500);
			});
		});
	}
});

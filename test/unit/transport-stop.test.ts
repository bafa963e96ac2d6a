/**
 * A request that is no longer wanted leaves nothing running: its backoff, its rate-limit wait and
 * its wait for an answer in flight end when its stop signal aborts, their timers cleared, and the
 * outcome is Stopped at once (not after the wait). Get Many calls off its list's requests when it
 * stops reading, so a first page still in flight when the environment fails does not go on.
 * Each wait here would last a minute if it were not ended; the timers the node's code creates
 * are tracked exactly (async_hooks: every Timeout created from nodes/shared, counted while it is
 * pending and holds the process).
 */
import { createHook } from 'node:async_hooks';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { RETRY, RateLimiter } from '../../nodes/shared/transport';
import type { RawResponse } from '../../nodes/shared/transport/api';
import { Stopped } from '../../nodes/shared/transport/body';
import { withRetries } from '../../nodes/shared/transport/retry';
import { runNode } from '../harness';

type Timer = { _destroyed?: boolean; hasRef(): boolean };

/** The timers created by the package's code (its source here, its build through the harness). */
const created = new Set<Timer>();
const hook = createHook({
	init(_id, type, _trigger, resource) {
		if (type === 'Timeout' && /[\\/]nodes[\\/]shared[\\/]/.test(new Error().stack ?? '')) created.add(resource as Timer);
	},
});
beforeAll(() => hook.enable());
afterAll(() => hook.disable());

/**
 * How many of them still hold the process: pending (neither fired nor cleared) and ref'd. The
 * deadline of each attempt (AbortSignal.timeout) is left out by the last: Node unrefs its timer.
 */
const timers = () => {
	for (const timer of created) if (timer._destroyed) created.delete(timer);
	return [...created].filter((timer) => timer.hasRef()).length;
};

/** Resolves once every pending microtask and I/O callback has run: the code under test is waiting. */
const settled = async () => await new Promise<void>((resolve) => setImmediate(resolve));

const MINUTE = 60_000;

describe('the retry loop', () => {
	it('a backoff the server asked for (Retry-After: 60) ends when the request is stopped: Stopped, no further attempt, no timer', async () => {
		const stop = new AbortController();
		let sent = 0;
		const send = async (): Promise<RawResponse> => {
			sent++;
			return { statusCode: 503, headers: { 'retry-after': '60' }, body: Buffer.from('busy') };
		};
		const before = timers();
		const outcome = withRetries({ send, idempotent: true, signal: stop.signal });
		await settled();
		// waiting out the 60 s: exactly one timer more
		expect(timers()).toBe(before + 1);
		const started = Date.now();
		stop.abort();
		const result = await outcome;
		expect(Date.now() - started).toBeLessThan(MINUTE / 2);
		expect(result).toEqual({ failure: expect.any(Stopped), attempts: 2, startedAt: expect.any(Number) });
		expect(sent).toBe(1);
		expect(timers()).toBe(before);
	});

	it("the execution's pause (a plain RateLimitPause) ends when the request is stopped: nothing sent, no timer", async () => {
		const stop = new AbortController();
		let sent = 0;
		const send = async (): Promise<RawResponse> => {
			sent++;
			return { statusCode: 200, headers: {}, body: Buffer.from('{}') };
		};
		const before = timers();
		const outcome = withRetries({ send, idempotent: true, signal: stop.signal, pause: { resumeAt: Date.now() + MINUTE } });
		await settled();
		expect(timers()).toBe(before + 1);
		stop.abort();
		expect(await outcome).toEqual({ failure: expect.any(Stopped), attempts: 1, startedAt: expect.any(Number) });
		expect(sent).toBe(0);
		expect(timers()).toBe(before);
	});

	it('a request stopped before it starts is not sent', async () => {
		const stop = new AbortController();
		stop.abort();
		let sent = 0;
		const outcome = await withRetries({
			send: async () => {
				sent++;
				return { statusCode: 200, headers: {}, body: Buffer.alloc(0) };
			},
			idempotent: true,
			signal: stop.signal,
		});
		expect(outcome).toEqual({ failure: expect.any(Stopped), attempts: 1, startedAt: expect.any(Number) });
		expect(sent).toBe(0);
	});
});

describe('RateLimiter.acquire(signal)', () => {
	it('a pause of a minute ends when the signal aborts: Stopped, no request counted in flight, no timer', async () => {
		const limiter = new RateLimiter(undefined, RETRY.maxServerWaitMs);
		limiter.resumeAt = Date.now() + MINUTE;
		const stop = new AbortController();
		const before = timers();
		const acquiring = limiter.acquire(stop.signal);
		acquiring.catch(() => undefined);
		await settled();
		expect(timers()).toBe(before + 1);
		stop.abort();
		await expect(acquiring).rejects.toBeInstanceOf(Stopped);
		expect(timers()).toBe(before);
		// the stopped acquire took no ticket and no place in flight
		limiter.resumeAt = 0;
		expect(await limiter.acquire()).toBe(1);
		expect((limiter as unknown as { inFlight: number }).inFlight).toBe(1);
	});

	it('a wait for an answer in flight ends when the signal aborts, and is no longer woken', async () => {
		const limiter = new RateLimiter(undefined, RETRY.maxServerWaitMs);
		const first = await limiter.acquire();
		const second = await limiter.acquire();
		// the API says none remain, without a reset: the next request waits for the one in flight
		limiter.settle(first, { statusCode: 200, headers: { 'x-ratelimit-remaining': '0' } });
		const stop = new AbortController();
		const acquiring = limiter.acquire(stop.signal);
		acquiring.catch(() => undefined);
		await settled();
		const waiting = (limiter as unknown as { waiting: unknown[] }).waiting;
		expect(waiting).toHaveLength(1);
		stop.abort();
		await expect(acquiring).rejects.toBeInstanceOf(Stopped);
		expect(waiting).toHaveLength(0);
		limiter.settle(second);
		expect((limiter as unknown as { inFlight: number }).inFlight).toBe(0);
	});
});

describe('Get Many', () => {
	/**
	 * VPSBG loads the account's balance (the currency) beside the first list page. A wrong key:
	 * the balance is refused at once while the first page is still on its way. The node fails
	 * with the balance's error; the page's request must end with it, not answer later and retry.
	 */
	it('a first page still in flight when the environment fails is called off with the node', async () => {
		let listRequest: { res: ServerResponse; closed: Promise<boolean> } | undefined;
		let listArrived!: () => void;
		const arrived = new Promise<void>((resolve) => (listArrived = resolve));
		const server = createServer((req: IncomingMessage, res: ServerResponse) => {
			if (req.url?.startsWith('/balance')) {
				// answered only once the list request is on the server, so it is surely in flight
				void arrived.then(() => {
					res.writeHead(401, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ message: 'Unauthenticated.' }));
				});
				return;
			}
			// the list: held; ended by the client (true) or never (false, when the test answers it)
			const closed = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableEnded)));
			listRequest = { res, closed };
			listArrived();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			const before = timers();
			const result = await runNode({
				type: 'vpsbg',
				parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
				credentials: { type: 'vpsbgApi', data: { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'vpsbg_live_000000000000000000000bad' } },
			});
			expect(result.error?.message).toBe('VPSBG API error 401: Unauthenticated.');
			expect(listRequest).toBeDefined();
			// Called off by the node: the client closes the connection. Were it not, it would wait
			// for an answer that the test gives only after 5 s: a 503 asking for a minute's pause.
			const fallback = setTimeout(() => {
				if (!listRequest!.res.writableEnded) listRequest!.res.writeHead(503, { 'retry-after': '60' }).end('busy');
			}, 5000);
			const calledOff = await listRequest!.closed;
			clearTimeout(fallback);
			expect(calledOff).toBe(true);
			await settled();
			expect(timers()).toBe(before);
		} finally {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

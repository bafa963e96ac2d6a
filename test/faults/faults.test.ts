/**
 * Fault injection beyond the provider × fault table (table.ts, run by <provider>.test.ts):
 * the table's coverage, non-idempotent calls, rate-limit headers, and the one test that
 * waits out the real exponential backoff.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { runNode, startTestServer } from '../harness';
import type { Reply } from '../harness/test-server';
import { PROVIDERS, PROVIDER_KEYS, requestsOf, run } from './helpers';
import { CELLS, expectError, expectExactList, list, listFault, listRequests, useSandbox } from './table';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SLOT } = require('../sandbox/faults');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KINDS: HOSTILE_KINDS } = require('../sandbox/hostile');

const sandboxOf = useSandbox();

describe('the fault table covers every fault kind for every provider', () => {
	it('runs in one test file per provider', () => {
		for (const key of PROVIDER_KEYS) {
			expect(readFileSync(join(__dirname, `${key}.test.ts`), 'utf8')).toContain(`runTable('${key}');`);
		}
	});

	it('has at least one cell per sandbox fault kind, and every cell runs for every provider', () => {
		const kinds = new Set(CELLS.map((cell) => cell.kind));
		// the hostile kinds (sandbox/hostile.js) are proven by the hostile-*.test.ts suites, one per class of issue 8
		const hostile = Object.keys(HOSTILE_KINDS);
		expect([...kinds, ...hostile].sort()).toEqual(Object.keys(SLOT).sort());
		const suites = readdirSync(__dirname)
			.filter((file) => /^hostile-.+\.test\.ts$/.test(file))
			.map((file) => readFileSync(join(__dirname, file), 'utf8'))
			.join('\n');
		expect(hostile.filter((kind) => !suites.includes(`kind: '${kind}'`))).toEqual([]);
		for (const kind of kinds) {
			for (const key of PROVIDER_KEYS) {
				// at least one cell of each kind applies to each provider, or all of them prove why not
				const cells = CELLS.filter((cell) => cell.kind === kind);
				const applicable = cells.filter((cell) => !cell.notApplicable?.(PROVIDERS[key]));
				if (applicable.length === 0) {
					expect({ kind, key, reasons: cells.map((cell) => cell.notApplicable!(PROVIDERS[key])!.reason) }).toEqual({
						kind,
						key,
						reasons: expect.arrayContaining([expect.stringMatching(/no PDF endpoint|not by cursor/)]),
					});
				}
			}
		}
	});
});

// ---------------------------------------------------------------- beyond the table

describe('non-idempotent calls (PPH Pay With Credit, Remove Credit) are retried only on 429', () => {
	const pph = PROVIDERS.pph;
	const unpaid = () => (sandboxOf().data.pph as Array<{ id: number; status: string; credit: number }>).filter((r) => r.status === 'Unpaid');
	const posts = () => requestsOf(sandboxOf(), (request) => request.method === 'POST');

	it('503 on Remove Credit: one attempt, a clear error', async () => {
		const invoice = unpaid().find((r) => r.credit > 0)!;
		sandboxOf().fault('pph', { kind: 'status', status: 503, retryAfter: 0, match: { method: 'POST' } });
		const result = await run(sandboxOf(), 'pph', { parameters: { operation: 'removeCredit', invoiceId: String(invoice.id) } });
		expectError(result, /^PPH API error 503: Service Unavailable$/, /^PPH failed after receiving the request, so "Credit removed from the invoice" may already have happened\. Check the invoice first/);
		expect(posts()).toHaveLength(1);
		expect(invoice.credit).toBeGreaterThan(0);
	});

	it('a connection reset on Pay With Credit: one attempt, a clear error', async () => {
		const invoice = unpaid()[0];
		sandboxOf().fault('pph', { kind: 'reset', match: { method: 'POST' } });
		const result = await run(sandboxOf(), 'pph', { parameters: { operation: 'payWithCredit', invoiceId: String(invoice.id) } });
		expectError(
			result,
			new RegExp(`^The PPH API could not be reached \\(the connection was reset\\)\\. The answer was lost, so "Invoice paid with account credit" may already have happened for invoice ${invoice.id}$`),
			new RegExp(`^Check the invoice first \\(PPH node, Get, ID ${invoice.id}: its status and credit\\) before running this again`),
		);
		expect(posts()).toHaveLength(1);
	});

	it('a Pay With Credit slower than the Timeout: one attempt, a clear timeout error', async () => {
		const invoice = unpaid()[0];
		sandboxOf().fault('pph', { kind: 'slow', ms: 1600, match: { method: 'POST' } });
		const result = await run(sandboxOf(), 'pph', {
			parameters: { operation: 'payWithCredit', invoiceId: String(invoice.id), options: { timeout: 1 } },
		});
		expectError(
			result,
			new RegExp(`^The PPH API did not answer within 1 s\\. The answer was lost, so "Invoice paid with account credit" may already have happened for invoice ${invoice.id}$`),
		);
		expect(posts()).toHaveLength(1);
	});

	it('429 on Pay With Credit is retried (the server refused it unprocessed); the invoice is paid once', async () => {
		const invoice = unpaid()[0];
		sandboxOf().fault('pph', { kind: 'status', status: 429, retryAfter: 0, match: { method: 'POST' } });
		const result = await run(sandboxOf(), 'pph', { parameters: { operation: 'payWithCredit', invoiceId: String(invoice.id) } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ provider: 'pph', id: String(invoice.id), status: 'paid' });
		expect(posts().map((request) => request.status)).toEqual([429, 200]);
		expect(pph.key).toBe('pph');
	});
});

describe('rate-limit headers', () => {
	it('Northflank: a 429 with x-ratelimit-reset: 1 (no Retry-After) waits for the reset and recovers', async () => {
		const p = PROVIDERS.northflank;
		listFault(p, { kind: 'status', status: 429, rateLimitReset: 1 });
		const started = Date.now();
		const result = await list(p);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expectExactList(result, p);
	});

	it('Northflank: a 429 whose x-ratelimit-reset is the hour window is reported at once, not waited for', async () => {
		const p = PROVIDERS.northflank;
		listFault(p, { kind: 'status', status: 429, times: Infinity });
		expectError(
			await list(p),
			/^Northflank API rate limit: still refused after 1 attempt over 0 s \(Too many requests, please try again later\)$/,
			/^The API asked to wait \d{4} s, longer than the 120 s this node waits\. Run the workflow later or less often\.$/,
		);
	});

	// The sandbox's VPSBG 429 without Retry-After resets at the end of its real minute window
	// (up to 60 s away), so this one runs against a small Laravel-like server of its own.
	it.each([
		['waits until X-RateLimit-Reset (an epoch second) and recovers', 2, undefined],
		['reports a reset beyond the cap at once', 600, /^VPSBG API rate limit: still refused after 1 attempt over 0 s \(Too Many Attempts\.\)$/],
	] as const)('VPSBG: a 429 with only X-RateLimit-Remaining: 0 and X-RateLimit-Reset %s', async (_name, resetIn, error) => {
		let refused = 0;
		const server = await startTestServer((request): Reply => {
			if (request.path === '/v1/balance') return { body: { balance: 1, currency: 'EUR' } };
			if (refused === 0) {
				refused++;
				const reset = String(Math.floor(Date.now() / 1000) + resetIn);
				return { status: 429, headers: { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset }, body: { message: 'Too Many Attempts.' } };
			}
			return {
				headers: { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '58' },
				body: { data: [{ id: 8431, invoice_number: '0000007398', created_at: '2024-08-27T21:00:00.000000Z', amount: 90, amount_with_vat: 108, type: 'proform' }], links: { next: null }, meta: { current_page: 1, last_page: 1 } },
			};
		});
		try {
			const started = Date.now();
			const result = await runNode({
				type: 'vpsbg',
				parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
				credentials: { type: 'vpsbgApi', data: { baseUrl: `${server.url}/v1`, apiKey: 'k-123456' } },
			});
			const elapsed = Date.now() - started;
			const lists = server.requests.filter((request) => request.path === '/v1/invoices');
			if (error) {
				expectError(result, error, /^The API asked to wait (599|600) s, longer than the 120 s this node waits/);
				expect(lists).toHaveLength(1);
				expect(elapsed).toBeLessThan(5000);
			} else {
				expect(result.error).toBeUndefined();
				expect(result.items.map((item) => item.json.id)).toEqual(['8431']);
				expect(lists).toHaveLength(2);
				expect(elapsed).toBeGreaterThanOrEqual(950);
				expect(elapsed).toBeLessThan(5000);
			}
		} finally {
			await server.close();
		}
	});

	it('VPSBG: a 429 with X-RateLimit-Remaining: 0 and Retry-After: 1 waits and recovers', async () => {
		const p = PROVIDERS.vpsbg;
		listFault(p, { kind: 'status', status: 429, retryAfter: 1 });
		const started = Date.now();
		const result = await list(p);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expectExactList(result, p);
	});
});

describe('the real exponential backoff (the only cell that waits it out)', () => {
	it('i3D.net: a reset on every attempt ends after 5 attempts with capped, growing waits and a clear error', async () => {
		const p = PROVIDERS.i3dnet;
		listFault(p, { kind: 'reset', times: Infinity });
		const started = Date.now();
		const result = await list(p);
		const elapsed = Date.now() - started;
		expectError(
			result,
			/^The i3D\.net API could not be reached \(the connection was reset\), 5 attempts over \d+ s$/,
			/^Request to http:\/\/127\.0\.0\.1:\d+ failed with ECONNRESET\. Check the Base URL and the network/,
		);
		expect(listRequests(p)).toHaveLength(6);
		// waits of 0.25-0.5, 0.5-1, 1-2, 2-4 s (half to full of 0.5 s doubling)
		expect(elapsed).toBeGreaterThanOrEqual(3750);
		expect(elapsed).toBeLessThan(7500 + 3000);
	});
});

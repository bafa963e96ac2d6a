/**
 * Shared by the hostile-API suites (hostile-*.test.ts, issue 8 "Trustworthy against hostile and
 * broken APIs"): each proves one class of the issue with the sandbox's hostile fault kinds
 * (test/sandbox/hostile.js), table-driven over every provider of the registry.
 *
 * Slow cells (a deadline waited out five times, a cut answer retried five times) run
 * concurrently, each on a sandbox of its own (`withSandbox`), so a suite waits about as long as
 * its slowest cell.
 */
import type { RunNodeResult } from '../harness';
import { authHeaders } from '../providers';
import { PROVIDERS, listedIds, run, startSandbox, type ProviderInfo, type ProviderKey, type Sandbox } from './helpers';

export const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A sandbox for one (concurrent) test, closed afterwards whatever happens. */
export async function withSandbox<T>(fn: (sandbox: Sandbox) => Promise<T>, options: Record<string, unknown> = {}): Promise<T> {
	const sandbox = await startSandbox(options);
	try {
		return await fn(sandbox);
	} finally {
		await sandbox.close();
	}
}

export async function listAll(sandbox: Sandbox, p: ProviderInfo, options: Record<string, unknown> = {}): Promise<RunNodeResult> {
	return await run(sandbox, p.key, { parameters: { operation: 'getAll', returnAll: true, options } });
}

/** A fault on the provider's list endpoint from its nth request on. */
export function listFault(sandbox: Sandbox, p: ProviderInfo, spec: Record<string, unknown>, nth = 1) {
	const { match, ...rest } = spec as { match?: Record<string, unknown> };
	return sandbox.fault(p.key, { ...rest, match: { path: p.listPath, nth, ...(match ?? {}) } });
}

/** A clear error and nothing else: no items, the message (and description) exactly as given. */
export function expectError(result: RunNodeResult, message: RegExp, description?: RegExp) {
	expect({ items: result.items, message: result.error?.message }).toEqual({ items: [], message: expect.stringMatching(message) });
	if (description) expect(result.error!.description ?? '').toMatch(description);
}

/** Every invoice the sandbox holds now, each once (any order: pages moved while they were read). */
export function expectEveryInvoice(result: RunNodeResult, sandbox: Sandbox, p: ProviderInfo, extra: string[] = []) {
	expect(result.error).toBeUndefined();
	const ids = result.items.map((item) => item.json.id as string);
	expect(new Set(ids).size).toBe(ids.length);
	// invoices deleted while the list was read may still be output (they were read before), never others
	const expected = listedIds(sandbox, p.key);
	expect(ids.filter((id) => !extra.includes(id)).sort()).toEqual([...expected].sort());
	expect(ids.length).toBeGreaterThan(p.pageSize * 2);
}

/**
 * What the sandbox answers a request with, fetched directly with the provider's key: the body's
 * length, for messages that count bytes.
 */
export async function answerLength(sandbox: Sandbox, key: ProviderKey, path: string, init: { method?: string } = {}): Promise<number> {
	const p = PROVIDERS[key];
	const base = sandbox.baseUrls[key].replace(/\/$/, '');
	const response = await fetch(`${base}/${path.replace(/^\//, '')}`, { method: init.method ?? 'GET', headers: authHeaders(p, sandbox.tokens[key], { client: true }) });
	return Buffer.from(await response.arrayBuffer()).length;
}

/** How long a failing request may take: every attempt's deadline, the longest backoffs, some slack. */
export function deadlineBudgetMs(timeoutSeconds: number, attempts = 5): { min: number; max: number } {
	// backoff before attempt n+1: half to full of 0.5 s × 2^(n-1) (transport/retry.ts): 0.25–0.5, 0.5–1, 1–2, 2–4 s
	const backoff = { min: 0, max: 0 };
	for (let attempt = 1; attempt < attempts; attempt++) {
		const ceiling = 500 * 2 ** (attempt - 1);
		backoff.min += ceiling / 2;
		backoff.max += ceiling;
	}
	return { min: attempts * timeoutSeconds * 1000 + backoff.min - 100, max: attempts * timeoutSeconds * 1000 + backoff.max + 2500 };
}

export type { ProviderInfo, ProviderKey, Sandbox };

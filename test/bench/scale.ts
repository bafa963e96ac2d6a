/**
 * Issue 10, "Fast at scale": `npm run bench` (run.js; not part of npm test; speed is measured
 * here, never asserted). Per provider, the node through n8n-core's engine (test/harness runNode) against a
 * plain fetch loop making the minimal requests (raw.ts), interleaved (node and raw take turns,
 * the first run of each is a discarded warm-up), at 0 and 50 ms latency, for lists of 1,000 and
 * 10,000 invoices (PPH 5,000) and 200 PDFs (raw one at a time and four at once). Prints the
 * requests against the floor (what the raw loop needs), wall-time ratios, RSS growth and the
 * heap retained per invoice; writes the table to test/bench/results.json (BENCH_OUT elsewhere).
 * Last, VPSBG against the sandbox enforcing 60 requests a minute (Laravel's headers): 300 PDFs,
 * counting 429s, against the rate-limit floor (about 5 minutes; BENCH_SKIP_RATE=1 leaves it out).
 *
 * BENCH_ROUNDS (default 3) measured runs per side; BENCH_ONLY a regular expression on the row
 * labels ("list 10000 vpsbg 0", "pdfs wisecp 50", "rate-limit"); BENCH_LABEL names the code
 * measured in the JSON (e.g. "before").
 *
 * It runs in plain Node, not under jest: jest evaluates the package (and n8n-core) in a vm
 * context, where every global lookup is slow, and measured the node 25-50 % slower there while
 * the raw loop's fetch (Node's own code) is not slowed at all. n8n loads nodes in its own context.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../harness';
import { rawApi, rawPdfs } from './raw';
import { startRemoteSandbox, type RemoteSandbox } from './sandbox';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const OUT = process.env.BENCH_OUT ?? join(__dirname, 'results.json');
const LATENCIES = [0, 50];
const PDFS = 200;

const NODES: Record<string, { type: string; credential: string }> = {
	vpsbg: { type: 'vpsbg', credential: 'vpsbgApi' },
	i3dnet: { type: 'i3dNet', credential: 'i3dNetApi' },
	wisecp: { type: 'wiseCp', credential: 'wiseCpApi' },
	pph: { type: 'pph', credential: 'pphApi' },
	northflank: { type: 'northflank', credential: 'northflankApi' },
};
const LISTS: Array<{ provider: string; counts: [number, number] }> = [
	{ provider: 'vpsbg', counts: [1000, 10000] },
	{ provider: 'i3dnet', counts: [1000, 10000] },
	{ provider: 'wisecp', counts: [1000, 10000] },
	{ provider: 'pph', counts: [1000, 5000] },
	{ provider: 'northflank', counts: [1000, 10000] },
];
/**
 * The speed rows run against a VPSBG sandbox whose budget they never reach: at its default 60
 * requests a minute (which the node paces to), 334 pages are a 5.5-minute job for any client.
 * The last row measures the pacing itself.
 */
const UNTHROTTLED = { rateLimit: { limit: 1_000_000 } };
/** Get Many's filters that keep invoices with a PDF (WiseCP: formalized ones only). */
const PDF_FILTERS: Record<string, Record<string, string>> = { wisecp: { formalized: 'true' } };

interface Row {
	scenario: string;
	provider: string;
	latencyMs: number;
	invoices: number;
	nodeMs: number;
	rawMs: number;
	/** node / raw (for PDFs: raw one at a time) */
	ratio: number;
	raw4Ms?: number;
	/** node / raw with four PDFs at once */
	ratio4?: number;
	nodeRequests: number;
	floorRequests: number;
	rssGrowthMb: number;
	retainedKbPerInvoice: number;
}
const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const failures: string[] = [];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gc = () => (global as { gc?: () => void }).gc?.();

/** One node run: wall time, requests, the peak RSS above the start, the heap its output keeps. */
async function nodeRun(sandbox: RemoteSandbox, provider: string, parameters: Record<string, unknown>, input?: INodeExecutionData[]) {
	await sandbox.reset();
	gc();
	const { rss, heapUsed } = process.memoryUsage();
	let peak = rss;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
	const started = performance.now();
	const result = await runNode({
		type: NODES[provider].type,
		parameters: { resource: 'invoice', ...parameters },
		credentials: { type: NODES[provider].credential, data: { baseUrl: sandbox.baseUrls[provider], apiKey: sandbox.tokens[provider] } },
		input,
	});
	const ms = performance.now() - started;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage.rss());
	if (result.error) throw result.error;
	gc();
	const retained = process.memoryUsage().heapUsed - heapUsed;
	const log = await sandbox.log();
	return { ms, items: result.items, requests: log.count, refused: log.refused, rssGrowth: peak - rss, retained };
}

async function rawRun(sandbox: RemoteSandbox, work: () => Promise<unknown>) {
	await sandbox.reset();
	const started = performance.now();
	await work();
	const ms = performance.now() - started;
	return { ms, requests: (await sandbox.log()).count };
}

/** Warm-up, then ROUNDS runs of each side, taking turns (node first in odd rounds). */
async function compare(
	node: () => ReturnType<typeof nodeRun>,
	raws: Array<() => ReturnType<typeof rawRun>>,
) {
	await node();
	for (const raw of raws) await raw();
	// The runs' numbers only: the output of one run is not kept alive through the next ones.
	const nodes: Array<Omit<Awaited<ReturnType<typeof nodeRun>>, 'items'> & { invoices: number }> = [];
	const measured = async () => {
		const { items, ...run } = await node();
		return { ...run, invoices: items.length };
	};
	const rawTimes: number[][] = raws.map(() => []);
	let floor = 0;
	for (let round = 0; round < ROUNDS; round++) {
		const runRaws = async () => {
			for (const [index, raw] of raws.entries()) {
				const run = await raw();
				rawTimes[index].push(run.ms);
				if (index === 0) floor = run.requests;
			}
		};
		if (round % 2 === 0) {
			nodes.push(await measured());
			await runRaws();
		} else {
			await runRaws();
			nodes.push(await measured());
		}
	}
	const last = nodes[nodes.length - 1];
	return {
		nodeMs: median(nodes.map((run) => run.ms)),
		rawMs: rawTimes.map(median),
		nodeRequests: last.requests,
		floor,
		rssGrowth: Math.max(...nodes.map((run) => run.rssGrowth)),
		retained: median(nodes.map((run) => run.retained)),
		invoices: last.invoices,
	};
}

function record(scenario: string, provider: string, latencyMs: number, result: Awaited<ReturnType<typeof compare>>) {
	const [rawMs, raw4Ms] = result.rawMs;
	const row: Row = {
		scenario,
		provider,
		latencyMs,
		invoices: result.invoices,
		nodeMs: Math.round(result.nodeMs),
		rawMs: Math.round(rawMs),
		ratio: Number((result.nodeMs / rawMs).toFixed(2)),
		...(raw4Ms === undefined ? {} : { raw4Ms: Math.round(raw4Ms), ratio4: Number((result.nodeMs / raw4Ms).toFixed(2)) }),
		nodeRequests: result.nodeRequests,
		floorRequests: result.floor,
		rssGrowthMb: Number((result.rssGrowth / 1024 / 1024).toFixed(1)),
		retainedKbPerInvoice: Number((result.retained / 1024 / Math.max(1, result.invoices)).toFixed(2)),
	};
	rows.push(row);
	write();
}

function table(): string {
	const head = 'scenario                 | provider   |  lat | invoices |  node ms |   raw ms | node/raw | raw-4 ms | node/raw-4 | requests (floor) | RSS +MB | KB/invoice';
	return [
		head,
		...rows.map((row) =>
			[
				row.scenario.padEnd(24),
				row.provider.padEnd(10),
				String(row.latencyMs).padStart(4),
				String(row.invoices).padStart(8),
				String(row.nodeMs).padStart(8),
				String(row.rawMs).padStart(8),
				row.ratio.toFixed(2).padStart(8),
				(row.raw4Ms === undefined ? '' : String(row.raw4Ms)).padStart(8),
				(row.ratio4 === undefined ? '' : row.ratio4.toFixed(2)).padStart(10),
				`${row.nodeRequests} (${row.floorRequests})`.padStart(16),
				row.rssGrowthMb.toFixed(1).padStart(7),
				row.retainedKbPerInvoice.toFixed(2).padStart(10),
			].join(' | '),
		),
	].join('\n');
}

function write() {
	writeFileSync(
		OUT,
		`${JSON.stringify(
			{
				label: process.env.BENCH_LABEL ?? 'current',
				measuredAt: new Date().toISOString(),
				machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
				rounds: ROUNDS,
				notes: 'Sandbox in its own process on loopback; node = the node through n8n-core (runNode), raw = test/bench/raw.ts; medians; RSS +MB = peak RSS growth of the node process during the run; KB/invoice = heap retained by the output.',
				rows,
				...extra,
				...(failures.length > 0 ? { failures } : {}),
			},
			null,
			'\t',
		)}\n`,
	);
}

const wanted = (label: string) => !ONLY || ONLY.test(label);

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(`bench: ${message}`);
}

/** Both sides against one sandbox, started for a group of rows and closed after it. */
async function withSandbox(options: Record<string, unknown>, work: (sandbox: RemoteSandbox) => Promise<void>): Promise<void> {
	const sandbox = await startRemoteSandbox(options);
	try {
		await work(sandbox);
	} finally {
		await sandbox.close();
	}
}

async function lists(latencyMs: number, size: 0 | 1) {
	const chosen = LISTS.filter(({ provider, counts }) => wanted(`list ${counts[size]} ${provider} ${latencyMs}`));
	if (chosen.length === 0) return;
	const counts = Object.fromEntries(LISTS.map(({ provider, counts }) => [provider, counts[size]]));
	await withSandbox({ seed: 3, counts, latencyMs, vpsbg: UNTHROTTLED }, async (sandbox) => {
		for (const { provider, counts } of chosen) {
			const raw = rawApi(provider, sandbox.baseUrls[provider], sandbox.tokens[provider]);
			const result = await compare(
				async () => await nodeRun(sandbox, provider, { operation: 'getAll', returnAll: true }),
				[async () => await rawRun(sandbox, async () => await raw.list())],
			);
			check(result.invoices === counts[size], `${provider}: ${result.invoices} invoices listed, ${counts[size]} expected`);
			record('Get Many (list)', provider, latencyMs, result);
		}
	});
}

async function pagedPph(latencyMs: number) {
	if (!wanted(`list 5000 pph-paged ${latencyMs}`)) return;
	await withSandbox({ seed: 3, counts: { pph: 5000 }, pph: { paginate: true }, latencyMs }, async (sandbox) => {
		const raw = rawApi('pph', sandbox.baseUrls.pph, sandbox.tokens.pph, true);
		const result = await compare(
			async () => await nodeRun(sandbox, 'pph', { operation: 'getAll', returnAll: true }),
			[async () => await rawRun(sandbox, async () => await raw.list())],
		);
		check(result.invoices === 5000, `paged PPH: ${result.invoices} invoices listed`);
		record('Get Many (list, paged)', 'pph', latencyMs, result);
	});
}

async function pdfs(latencyMs: number) {
	const chosen = ['vpsbg', 'i3dnet', 'wisecp', 'pph'].filter((provider) => wanted(`pdfs ${provider} ${latencyMs}`));
	if (chosen.length === 0) return;
	const counts = { vpsbg: 1000, i3dnet: 1000, wisecp: 5000, pph: 1000, northflank: 10 };
	await withSandbox({ seed: 3, counts, latencyMs, vpsbg: UNTHROTTLED }, async (sandbox) => {
		for (const provider of chosen) await guarded(`PDFs ${provider} at ${latencyMs} ms`, async () => {
			const raw = rawApi(provider, sandbox.baseUrls[provider], sandbox.tokens[provider]);
			const filters = PDF_FILTERS[provider] ?? {};
			const records = await raw.list(PDFS, filters);
			await sandbox.warm(provider, records.map((record) => record.id as string));
			const getMany = { operation: 'getAll', returnAll: false, limit: PDFS, filters, downloadPdf: true };
			const listed = await compare(
				async () => await nodeRun(sandbox, provider, getMany),
				[
					async () => await rawRun(sandbox, async () => await rawPdfs(raw, await raw.list(PDFS, filters), 1)),
					async () => await rawRun(sandbox, async () => await rawPdfs(raw, await raw.list(PDFS, filters), 4)),
				],
			);
			check(listed.invoices === PDFS, `${provider}: ${listed.invoices} invoices with PDFs`);
			record('Get Many + PDFs', provider, latencyMs, listed);

			// Download PDF over the items Get Many output, default options (no Include Raw Data): the
			// incoming invoice is reused, so the floor is one request per PDF, the file (WiseCP's link
			// is the invoice's pdf.url: no filter[id] lookup).
			const source = await nodeRun(sandbox, provider, { operation: 'getAll', returnAll: false, limit: PDFS, filters });
			const input = source.items.map((item) => ({ json: item.json }));
			const download = { operation: 'download', invoiceId: '={{ $json.id }}', binaryPropertyName: 'data' };
			const downloaded = await compare(
				async () => await nodeRun(sandbox, provider, download, input),
				[async () => await rawRun(sandbox, async () => await rawPdfs(raw, records, 1)), async () => await rawRun(sandbox, async () => await rawPdfs(raw, records, 4))],
			);
			record('Download PDF chained', provider, latencyMs, downloaded);
			check(downloaded.invoices === PDFS, `${provider}: ${downloaded.invoices} PDFs downloaded chained`);
			check(downloaded.nodeRequests === downloaded.floor, `${provider}: Download PDF chained made ${downloaded.nodeRequests} requests, the floor is ${downloaded.floor}`);
		});
	});
}

/** VPSBG against the sandbox enforcing 60 requests a minute (Laravel): 300 PDFs, no 429, near the floor. */
async function rateLimit() {
	if (process.env.BENCH_SKIP_RATE === '1' || !wanted('rate-limit')) return;
	const options = { seed: 3, counts: { vpsbg: 1000 }, latencyMs: 50, vpsbg: { rateLimit: { limit: 60, windowMs: 60_000, enforce: true } } };
	await withSandbox(options, async (sandbox) => {
		// The PDFs rendered ahead (not over HTTP: nothing counts against the limit).
		await sandbox.warm('vpsbg', (await sandbox.ids('vpsbg')).slice(0, 300));
		const run = await nodeRun(sandbox, 'vpsbg', { operation: 'getAll', returnAll: false, limit: 300, downloadPdf: true });
		check(run.items.length === 300, `rate limit: ${run.items.length} invoices`);
		// The last window opens (requests - 1) / 60 whole windows after the first.
		const floorMs = Math.floor((run.requests - 1) / 60) * 60_000;
		extra.rateLimit = {
			scenario: 'VPSBG Get Many, Limit 300, with PDFs, sandbox enforcing 60 requests per 60 s window (Laravel headers), 50 ms latency',
			invoices: run.items.length,
			requests: run.requests,
			refused429: run.refused,
			elapsedMs: Math.round(run.ms),
			floorMs,
			ratio: Number((run.ms / floorMs).toFixed(3)),
		};
		write();
		console.log(`rate limit: ${JSON.stringify(extra.rateLimit)}`);
	});
}

/** A group of rows that fails is reported and left out; the others still run. */
async function guarded(label: string, work: () => Promise<void>): Promise<void> {
	try {
		await work();
	} catch (error) {
		failures.push(`${label}: ${(error as Error).message}`);
		console.error(`bench: ${label} failed: ${(error as Error).message}`);
		write();
	}
}

export async function main(): Promise<void> {
	for (const latencyMs of LATENCIES) {
		await guarded(`lists 1,000 at ${latencyMs} ms`, async () => await lists(latencyMs, 0));
		await guarded(`lists 10,000 at ${latencyMs} ms`, async () => await lists(latencyMs, 1));
		await guarded(`paged PPH at ${latencyMs} ms`, async () => await pagedPph(latencyMs));
		await guarded(`PDFs at ${latencyMs} ms`, async () => await pdfs(latencyMs));
		console.log(table());
	}
	await guarded('rate limit', rateLimit);
	console.log(table());
	if (failures.length > 0) process.exitCode = 1;
}

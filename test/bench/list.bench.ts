import { runNode } from '../harness';
import { PROVIDERS } from '../providers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

/** Large accounts: thousands of invoices per provider (the registry's counts.bench), and a few hundred PDFs. */
const COUNTS = Object.fromEntries(PROVIDERS.map((p) => [p.key, p.counts.bench]));
const PDFS = 300;

/** Every node of the registry; `pdf`: its API has PDFs, `pdfFilters`: Get Many filters that keep invoices with one. */
const NODES = PROVIDERS.map((p) => ({ provider: p.key, type: p.nodeType, credential: p.credentialType, pdf: p.pdf, pdfFilters: p.pdfFilters }));

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
let sandbox: Sandbox;
const rows: string[] = [];

beforeAll(async () => {
	sandbox = await createSandbox({ seed: 3, counts: COUNTS, pph: { paginate: true } });
});
afterAll(async () => {
	await sandbox.close();
	// eslint-disable-next-line no-console
	console.log(['provider   | operation              | invoices | requests |    ms | heap Δ MB', ...rows].join('\n'));
});

async function measure(label: string, node: (typeof NODES)[number], parameters: Record<string, unknown>) {
	sandbox.reset();
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	const started = process.hrtime.bigint();
	const { items, error } = await runNode({
		type: node.type,
		parameters: { resource: 'invoice', ...parameters },
		credentials: { type: node.credential, data: { baseUrl: sandbox.baseUrls[node.provider], apiKey: sandbox.tokens[node.provider] } },
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const heap = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
	expect(error).toBeUndefined();
	rows.push(
		`${node.provider.padEnd(10)} | ${label.padEnd(22)} | ${String(items.length).padStart(8)} | ${String(sandbox.requests.length).padStart(8)} | ${ms.toFixed(0).padStart(5)} | ${heap.toFixed(1).padStart(9)}`,
	);
	return items;
}

describe.each(NODES)('$provider', (node) => {
	it('lists every invoice (Return All)', async () => {
		const items = await measure('Get Many, Return All', node, { operation: 'getAll', returnAll: true });
		expect(items).toHaveLength(sandbox.data[node.provider].length);
	});

	it('lists with PDFs attached', async () => {
		if (!node.pdf) return;
		const filters = node.pdfFilters;
		await measure(`Get Many, ${PDFS} + PDFs`, node, { operation: 'getAll', returnAll: false, limit: PDFS, filters, downloadPdf: true });
	});
});

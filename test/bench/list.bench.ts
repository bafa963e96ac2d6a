import { runNode } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

/** Large accounts: thousands of invoices per provider, and a few hundred PDFs. */
const COUNTS = { vpsbg: 3000, i3dnet: 5000, wisecp: 5000, pph: 2000, northflank: 5000 };
const PDFS = 300;

const NODES = [
	{ provider: 'vpsbg', type: 'vpsbg', credential: 'vpsbgApi' },
	{ provider: 'i3dnet', type: 'i3dNet', credential: 'i3dNetApi' },
	{ provider: 'wisecp', type: 'wiseCp', credential: 'wiseCpApi' },
	{ provider: 'pph', type: 'pph', credential: 'pphApi' },
	{ provider: 'northflank', type: 'northflank', credential: 'northflankApi' },
] as const;

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
		if (node.provider === 'northflank') return;
		const filters = node.provider === 'wisecp' ? { formalized: 'true' } : {};
		await measure(`Get Many, ${PDFS} + PDFs`, node, { operation: 'getAll', returnAll: false, limit: PDFS, filters, options: { downloadPdf: true } });
	});
});

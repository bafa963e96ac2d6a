/**
 * The Invoice parameter of Get and Download PDF (version 2) is a resource locator: picked from a
 * searchable list of the newest invoices (the node's listSearch, run through n8n-core's
 * LoadOptionsContext as the editor does), or given by ID; a plain string (workflows that map
 * {{ $json.id }}) still works. Iterates the test registry.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runListSearch, runNode } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PROVIDERS } = require('../providers');

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
type Entry = { key: string; nodeType: string; credentialType: string; label: string; pdfPath?: RegExp };

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await createSandbox({ seed: 31, counts: { vpsbg: 40, i3dnet: 130, wisecp: 60, pph: 12, northflank: 120 } });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const entries = (Object.values(PROVIDERS) as Entry[]).map((entry) => [entry.label, entry] as const);
const credentials = (entry: Entry) => ({
	type: entry.credentialType,
	data: { baseUrl: sandbox.baseUrls[entry.key], apiKey: sandbox.tokens[entry.key] },
});
const getMany = async (entry: Entry): Promise<INodeExecutionData[]> => {
	const { items, error } = await runNode({
		type: entry.nodeType,
		parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
		credentials: credentials(entry),
	});
	if (error) throw error;
	return items;
};

describe.each(entries)('%s', (_label, entry) => {
	it('From List offers the newest invoices (up to 100), newest first, named by number, date, total and status', async () => {
		const listed = await getMany(entry);
		const { results } = await runListSearch({ type: entry.nodeType, credentials: credentials(entry), method: 'searchInvoices' });
		expect(results.map((result) => result.value)).toEqual(listed.slice(0, 100).map((item) => item.json.id));
		const first = listed[0].json as { id: string; number: string | null; issuedAt: string | null; periodEnd: string | null; total: number | null; currency: string | null; status: string };
		const date = (first.issuedAt ?? first.periodEnd)?.slice(0, 10);
		const amount = first.total === null ? null : `${first.total} ${first.currency ?? ''}`.trim();
		expect(results[0].name).toBe([first.number ?? first.id, date, amount, first.status].filter(Boolean).join(' · '));
	});

	it('searching filters the list by number or ID', async () => {
		const listed = await getMany(entry);
		const wanted = listed[3].json as { id: string; number: string | null };
		const needle = (wanted.number ?? wanted.id).slice(-5);
		const { results } = await runListSearch({ type: entry.nodeType, credentials: credentials(entry), method: 'searchInvoices', filter: needle });
		expect(results.map((result) => result.value)).toContain(wanted.id);
		for (const result of results) expect(`${result.name}${String(result.value)}`.toLowerCase()).toContain(needle.toLowerCase());
	});

	it.each([
		['picked from the list', (id: string) => ({ __rl: true, mode: 'list', value: id })],
		['given by ID', (id: string) => ({ __rl: true, mode: 'id', value: id })],
		['mapped by ID', () => ({ __rl: true, mode: 'id', value: '={{ $json.id }}' })],
		['a plain string (saved before the locator)', () => '={{ $json.id }}'],
	])('Get reads the Invoice %s, exactly as version 1 reads the plain ID', async (_how, invoiceId) => {
		const listed = await getMany(entry);
		const id = listed[2].json.id as string;
		const plain = await runNode({
			type: entry.nodeType,
			typeVersion: 1,
			parameters: { resource: 'invoice', operation: 'get', invoiceId: id },
			credentials: credentials(entry),
		});
		expect(plain.error).toBeUndefined();
		expect(plain.items.map((item) => item.json.id)).toEqual([id]);
		const wanted = plain.items[0].json;
		const { items, error } = await runNode({
			type: entry.nodeType,
			parameters: { resource: 'invoice', operation: 'get', invoiceId: invoiceId(id) },
			credentials: credentials(entry),
			input: [{ json: { id: wanted.id } }],
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([wanted]);
	});
});

describe('Download PDF reads the Invoice from the locator', () => {
	it.each(entries.filter(([, entry]) => entry.pdfPath !== undefined && entry.key !== 'wisecp'))('%s', async (_label, entry) => {
		const listed = await getMany(entry);
		const wanted = listed[0].json as { id: string; pdf: { fileName: string } };
		const { items, error } = await runNode({
			type: entry.nodeType,
			parameters: { resource: 'invoice', operation: 'download', invoiceId: { __rl: true, mode: 'list', value: wanted.id }, binaryPropertyName: 'data' },
			credentials: credentials(entry),
		});
		expect(error).toBeUndefined();
		expect(items[0].binary?.data.fileName).toBe(wanted.pdf.fileName);
		expect(Buffer.from(items[0].binary!.data.data, 'base64').equals(await sandbox.pdfBytes(entry.key, wanted.id))).toBe(true);
	});
});

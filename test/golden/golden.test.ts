/**
 * Golden output: every operation of every node, run against a seeded sandbox, must give exactly
 * the items and files recorded in outputs.json (json, pairedItem, binary metadata and a SHA-256 of
 * every file's bytes). It pins behaviour across refactors: a change to any output is a failure
 * here until the golden file is regenerated on purpose (`UPDATE_GOLDEN=1 npx jest test/golden`)
 * and the diff is reviewed. The nodes run as version 1: what workflows saved before version 2 get.
 */
import { createHash } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { INodeExecutionData } from 'n8n-workflow';

import { binaryBuffer, runNode, toBinary } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

const GOLDEN = join(__dirname, 'outputs.json');
const COUNTS = { vpsbg: 40, i3dnet: 45, wisecp: 40, pph: 20, northflank: 35 };

interface Case {
	name: string;
	type: string;
	credentialType: string;
	provider: string;
	parameters: Record<string, unknown>;
	/** Input items: the ids of the first N invoices of a Get Many, or plain items. */
	input?: (sandbox: Sandbox) => Promise<INodeExecutionData[]>;
	legacy?: boolean;
	continueOnFail?: boolean;
}

function fingerprint(items: INodeExecutionData[]) {
	return items.map((item) => ({
		json: item.json,
		pairedItem: item.pairedItem,
		binary: item.binary
			? Object.fromEntries(
					Object.entries(item.binary).map(([key, binary]) => {
						const bytes = binaryBuffer(binary);
						return [
							key,
							{
								fileName: binary.fileName,
								mimeType: binary.mimeType,
								fileExtension: binary.fileExtension,
								bytes: bytes.length,
								sha256: createHash('sha256').update(bytes).digest('hex'),
							},
						];
					}),
				)
			: undefined,
	}));
}

const P = {
	vpsbg: { type: 'vpsbg', credentialType: 'vpsbgApi', provider: 'vpsbg' },
	i3dnet: { type: 'i3dNet', credentialType: 'i3dNetApi', provider: 'i3dnet' },
	wisecp: { type: 'wiseCp', credentialType: 'wiseCpApi', provider: 'wisecp' },
	pph: { type: 'pph', credentialType: 'pphApi', provider: 'pph' },
	northflank: { type: 'northflank', credentialType: 'northflankApi', provider: 'northflank' },
};

/** The invoices of a full listing, as input items (what users chain from Get Many). */
const listed =
	(key: keyof typeof P, take: number, from = 0) =>
	async (sandbox: Sandbox): Promise<INodeExecutionData[]> => {
		const { items, error } = await runNode({
			type: P[key].type,
			parameters: { resource: 'invoice', operation: 'getAll', returnAll: true },
			credentials: { type: P[key].credentialType, data: { baseUrl: sandbox.baseUrls[key], apiKey: sandbox.tokens[key] } },
		});
		if (error) throw error;
		return items.slice(from, from + take).map((item) => ({ json: item.json }));
	};
const ids = (...values: string[]) => async () => values.map((id) => ({ json: { id } }));

const CASES: Case[] = [];
for (const key of Object.keys(P) as Array<keyof typeof P>) {
	const withPdf = key !== 'northflank';
	CASES.push(
		{ name: `${key} getAll all`, ...P[key], parameters: { operation: 'getAll', returnAll: true } },
		{ name: `${key} getAll limit 7 raw`, ...P[key], parameters: { operation: 'getAll', limit: 7, options: { includeRaw: true } } },
		{
			name: `${key} getAll dated`,
			...P[key],
			parameters: { operation: 'getAll', returnAll: true, filters: { issuedAfter: '2022-06-01T00:00:00', issuedBefore: '2024-03-01T00:00:00' } },
		},
		{
			name: `${key} get chained`,
			...P[key],
			parameters: { operation: 'get', invoiceId: '={{ $json.id }}', options: { includeRaw: true } },
			input: listed(key, 4, 3),
		},
	);
	if (withPdf) {
		CASES.push(
			{
				name: `${key} getAll with PDFs`,
				...P[key],
				parameters: { operation: 'getAll', limit: 12, options: { downloadPdf: true, binaryPropertyName: 'file' } },
			},
			{
				name: `${key} download chained`,
				...P[key],
				parameters: { operation: 'download', invoiceId: '={{ $json.id }}', binaryPropertyName: 'data' },
				input: listed(key, 5, 1),
				continueOnFail: true,
			},
			{
				name: `${key} download unchained raw`,
				...P[key],
				parameters: { operation: 'download', invoiceId: '={{ $json.id }}', binaryPropertyName: 'pdf', options: { includeRaw: true } },
				input: async (sandbox) => (await listed(key, 3, 0)(sandbox)).map((item) => ({ json: { id: item.json.id } })),
				continueOnFail: true,
			},
		);
	}
}
CASES.push(
	{ name: 'i3dnet getAll unpaid', ...P.i3dnet, parameters: { operation: 'getAll', returnAll: true, filters: { unpaidOnly: true } } },
	{
		name: 'i3dnet getByNumber',
		...P.i3dnet,
		parameters: { operation: 'getByNumber', invoiceNumber: '={{ $json.number }}' },
		input: listed('i3dnet', 3, 10),
	},
	{ name: 'wisecp getAll filtered', ...P.wisecp, parameters: { operation: 'getAll', returnAll: true, filters: { status: 'paid', sort: 'total', sortDirection: 'ASC' } } },
	{ name: 'pph getAll filtered', ...P.pph, parameters: { operation: 'getAll', returnAll: true, filters: { status: 'Paid' } } },
	{ name: 'pph downloadArchive', ...P.pph, parameters: { operation: 'downloadArchive', binaryPropertyName: 'zip', filters: { status: 'Paid' } } },
	{ name: 'pph payWithCredit', ...P.pph, parameters: { operation: 'payWithCredit', invoiceId: '={{ $json.id }}' }, input: ids('324592', '1001'), continueOnFail: true },
	{ name: 'pph removeCredit', ...P.pph, parameters: { operation: 'removeCredit', invoiceId: '={{ $json.id }}' }, input: ids('328933'), continueOnFail: true },
	{
		name: 'vpsbg downloadMany',
		...P.vpsbg,
		parameters: { operation: 'downloadMany', invoiceId: '={{ $json.id }}', binaryPropertyName: 'archive' },
		input: listed('vpsbg', 3, 2),
	},
	{
		name: 'vpsbg downloadMany one',
		...P.vpsbg,
		parameters: { operation: 'downloadMany', invoiceId: '={{ $json.id }}', binaryPropertyName: 'archive' },
		input: listed('vpsbg', 1, 5),
	},
	{ name: 'northflank legacy getAll', ...P.northflank, legacy: true, parameters: { operation: 'getAll', returnAll: true } },
	{
		name: 'northflank legacy get',
		...P.northflank,
		legacy: true,
		parameters: { operation: 'get', invoiceId: '={{ $json.id }}' },
		input: listed('northflank', 3, 2),
	},
	{
		name: 'download keeps input binaries',
		...P.i3dnet,
		parameters: { operation: 'download', invoiceId: '={{ $json.id }}', binaryPropertyName: 'data' },
		input: async (sandbox) =>
			(await listed('i3dnet', 2, 0)(sandbox)).map((item) => ({ ...item, binary: { note: toBinary('hello', 'note.txt', 'text/plain') } })),
	},
);

let sandbox: Sandbox;
let legacy: Sandbox;
const results: Record<string, unknown> = {};

beforeAll(async () => {
	sandbox = await createSandbox({ seed: 23, counts: COUNTS });
	legacy = await createSandbox({ seed: 23, counts: COUNTS, northflank: { generation: 'legacy' } });
});
afterAll(async () => {
	await sandbox.close();
	await legacy.close();
	if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(results, null, '\t')}\n`);
});

const golden: Record<string, unknown> =
	process.env.UPDATE_GOLDEN === '1' ? {} : (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>);

describe('golden output (byte-identical items and files for the seeded sandbox)', () => {
	it('covers every case recorded in the golden file', () => {
		if (process.env.UPDATE_GOLDEN === '1') return;
		expect(Object.keys(golden).sort()).toEqual(CASES.map((c) => c.name).sort());
	});

	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const sb = c.legacy ? legacy : sandbox;
		sb.reset();
		const input = c.input ? await c.input(sb) : undefined;
		const { items, error } = await runNode({
			type: c.type,
			typeVersion: 1,
			parameters: { resource: 'invoice', ...c.parameters },
			credentials: { type: c.credentialType, data: { baseUrl: sb.baseUrls[c.provider], apiKey: sb.tokens[c.provider] } },
			input,
			continueOnFail: c.continueOnFail,
		});
		// The sandbox's port and the moment of a payment are the only values that vary by run.
		const port = new URL(sb.url).port;
		const text = JSON.stringify({ error: error ? { message: error.message, description: error.description ?? null } : null, items: fingerprint(items) })
			.split(`:${port}/`)
			.join(':PORT/')
			.replace(/"paidAt":"([^"]+)"/g, (match, at: string) => (Math.abs(Date.parse(at) - Date.now()) < 120_000 ? '"paidAt":"NOW"' : match));
		const actual = JSON.parse(text);
		results[c.name] = actual;
		if (process.env.UPDATE_GOLDEN === '1') return;
		expect(actual).toEqual(golden[c.name]);
		// Key order is part of "byte-identical": compare the serialized form too.
		expect(JSON.stringify(actual)).toBe(JSON.stringify(golden[c.name]));
	});
});

/**
 * Shared by the fault-injection and security suites: the five providers as the sandbox and
 * the nodes know them, and a runner that executes a node against a sandbox.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode, type RunNodeResult } from '../harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

export type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
export type ProviderKey = 'vpsbg' | 'i3dnet' | 'wisecp' | 'pph' | 'northflank';
export type Logged = {
	provider: string | null;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | string[] | undefined>;
	origin: 'primary' | 'other';
	status: number | null;
	faults: string[];
};

export interface ProviderInfo {
	key: ProviderKey;
	/** node type name in the package */
	type: string;
	credentialType: string;
	/** the node's display name, as it appears in messages */
	label: string;
	/** request-log path of the invoice list */
	listPath: RegExp;
	/** request-log path of a PDF download (undefined: the API has no PDFs) */
	pdfPath?: RegExp;
	/** the request header that carries the key */
	authHeader: 'authorization' | 'private-token' | 'apikey';
	/** page size the node asks for (list requests for a full listing) */
	pageSize: number;
}

export const PROVIDERS: Record<ProviderKey, ProviderInfo> = {
	vpsbg: {
		key: 'vpsbg', type: 'vpsbg', credentialType: 'vpsbgApi', label: 'VPSBG',
		listPath: /^\/invoices$/, pdfPath: /^\/invoices\/\d+\/download$/, authHeader: 'authorization', pageSize: 30,
	},
	i3dnet: {
		key: 'i3dnet', type: 'i3dNet', credentialType: 'i3dNetApi', label: 'i3D.net',
		listPath: /^\/account\/invoice$/, pdfPath: /^\/account\/invoice\/\d+\/pdf$/, authHeader: 'private-token', pageSize: 100,
	},
	wisecp: {
		key: 'wisecp', type: 'wiseCp', credentialType: 'wiseCpApi', label: 'WiseCP',
		listPath: /^\/Billing\/GetInvoices$/, pdfPath: /^\/resources\/uploads\/invoices\/[^/]+\.pdf$/, authHeader: 'apikey', pageSize: 50,
	},
	pph: {
		key: 'pph', type: 'pph', credentialType: 'pphApi', label: 'PPH',
		listPath: /^\/client\/invoices$/, pdfPath: /^\/client\/invoices\/\d+\/download$/, authHeader: 'authorization', pageSize: 15,
	},
	northflank: {
		key: 'northflank', type: 'northflank', credentialType: 'northflankApi', label: 'Northflank',
		listPath: /^\/billing\/invoices$/, authHeader: 'authorization', pageSize: 100,
	},
};

export const PROVIDER_KEYS = Object.keys(PROVIDERS) as ProviderKey[];

/** Three pages per provider at the node's page sizes, so faults can hit a middle page. */
export const COUNTS: Record<ProviderKey, number> = { vpsbg: 75, i3dnet: 230, wisecp: 120, pph: 40, northflank: 215 };

export async function startSandbox(options: Record<string, unknown> = {}): Promise<Sandbox> {
	return await createSandbox({ seed: 11, counts: COUNTS, pph: { paginate: true }, ...options });
}

export function credentialsOf(sandbox: Sandbox, key: ProviderKey, apiKey?: string) {
	return {
		type: PROVIDERS[key].credentialType,
		data: { baseUrl: sandbox.baseUrls[key], apiKey: apiKey ?? sandbox.tokens[key] },
	};
}

export interface RunOptions {
	parameters: Record<string, unknown>;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	apiKey?: string;
	baseUrl?: string;
}

export async function run(sandbox: Sandbox, key: ProviderKey, options: RunOptions): Promise<RunNodeResult> {
	const credentials = credentialsOf(sandbox, key, options.apiKey);
	if (options.baseUrl !== undefined) credentials.data.baseUrl = options.baseUrl;
	return await runNode({
		type: PROVIDERS[key].type,
		parameters: { resource: 'invoice', ...options.parameters },
		credentials,
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

/** The id the node gives a raw sandbox record (Northflank: its id, else the period start). */
export function idOf(key: ProviderKey, record: Record<string, unknown>): string {
	if (record.id !== undefined && record.id !== null) return String(record.id);
	if (key === 'northflank') return String((record.period as { start: number }).start);
	throw new Error(`record without id for ${key}`);
}

export function expectedIds(sandbox: Sandbox, key: ProviderKey): string[] {
	return (sandbox.data[key] as Array<Record<string, unknown>>).map((record) => idOf(key, record));
}

/** A record that has a PDF on the primary origin. */
export function pdfRecordId(sandbox: Sandbox, key: ProviderKey, origin: 'primary' | 'other' = 'primary'): string {
	const records = sandbox.data[key] as Array<Record<string, unknown>>;
	if (key !== 'wisecp') return idOf(key, records[0]);
	const wanted = origin === 'other' ? sandbox.otherUrl : sandbox.url;
	const record = records.find(
		(raw) => typeof raw.formalize_file === 'string' && raw.formalize !== false && raw.formalize_file.startsWith(wanted),
	);
	if (!record) throw new Error(`no formalized WiseCP invoice on the ${origin} origin`);
	return String(record.id);
}

export function requestsOf(sandbox: Sandbox, predicate: (request: Logged) => boolean = () => true): Logged[] {
	return (sandbox.requests as Logged[]).filter(predicate);
}

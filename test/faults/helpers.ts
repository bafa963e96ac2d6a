/**
 * Shared by the fault-injection and security suites: the providers as the sandbox and the
 * nodes know them (the registry, test/providers.js), and a runner that executes a node
 * against a sandbox.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode, type RunNodeResult } from '../harness';
import { PROVIDER_KEYS as KEYS, byKey, type Provider, type ProviderKey } from '../providers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

export type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
export type { ProviderKey };
export type Logged = {
	provider: string | null;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | string[] | undefined>;
	origin: 'primary' | 'other';
	status: number | null;
	faults: string[];
	/** Requests to the same path not yet answered when this one arrived, itself included. */
	inFlight: number;
};

/** A registry entry (test/providers.js): node type, credential, label, paths, page size, … */
export type ProviderInfo = Provider;

export const PROVIDERS: Readonly<Record<ProviderKey, ProviderInfo>> = byKey;

export const PROVIDER_KEYS: readonly ProviderKey[] = KEYS;

/** Three pages per provider at the node's page sizes, so faults can hit a middle page (the registry's counts.faults). */
export const COUNTS = Object.fromEntries(KEYS.map((key) => [key, byKey[key].counts.faults])) as Record<ProviderKey, number>;

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
		type: PROVIDERS[key].nodeType,
		parameters: { resource: 'invoice', ...options.parameters },
		credentials,
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

/** The id the node gives a raw sandbox record: the registry's rule (Northflank: its id, else the period start). */
export function idOf(key: ProviderKey, record: Record<string, unknown>): string {
	const id = PROVIDERS[key].idOf(record);
	if (id === undefined) throw new Error(`record without id for ${key}`);
	return id;
}

/** The ids of the sandbox's invoices in the API's order. */
export function expectedIds(sandbox: Sandbox, key: ProviderKey): string[] {
	return (sandbox.data[key] as Array<Record<string, unknown>>).map((record) => idOf(key, record));
}

/** The ids in the order Get Many outputs them: newest first (an oldest-first API list turned around). */
export function listedIds(sandbox: Sandbox, key: ProviderKey): string[] {
	const ids = expectedIds(sandbox, key);
	return PROVIDERS[key].listOrder === 'oldest-first' ? ids.reverse() : ids;
}

/** A record that has a PDF on the primary origin (or the other one, where the API puts some there: WiseCP). */
export function pdfRecordId(sandbox: Sandbox, key: ProviderKey, origin: 'primary' | 'other' = 'primary'): string {
	const records = sandbox.data[key] as Array<Record<string, unknown>>;
	const { hasPdfOn, label } = PROVIDERS[key];
	if (!hasPdfOn) return idOf(key, records[0]);
	const wanted = origin === 'other' ? sandbox.otherUrl : sandbox.url;
	const record = records.find((raw) => hasPdfOn(raw, wanted));
	if (!record) throw new Error(`no ${label} invoice with a PDF on the ${origin} origin`);
	return idOf(key, record);
}

export function requestsOf(sandbox: Sandbox, predicate: (request: Logged) => boolean = () => true): Logged[] {
	return (sandbox.requests as Logged[]).filter(predicate);
}

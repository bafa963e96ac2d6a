/**
 * Shared by the trigger suites: the providers of the registry (test/providers.js) as trigger
 * nodes, one poll through n8n-core's PollContext (harness runPoll), the action node's Get Many
 * as the reference for every invoice's JSON, and the order the trigger promises (oldest first).
 */
import type { IDataObject, INodeExecutionData, INodeTypeDescription } from 'n8n-workflow';

import { loadPackage, runNode, runPoll, type RunPollResult } from '../harness';
import { PROVIDERS, type Provider, type ProviderKey } from '../providers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

export type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
export type Raw = Record<string, any>;
export type Logged = { provider: string | null; method: string; path: string; query: Record<string, string | string[]>; status: number | null };
export { PROVIDERS, type Provider, type ProviderKey };

export const DAY = 24 * 3600 * 1000;
/** The trigger's documented bounds (nodes/shared/trigger/state.ts; state.test checks they agree). */
export const LOOKBACK_DAYS = 60;
export const MAX_KNOWN = 2000;

export async function startSandbox(options: Record<string, unknown> = {}): Promise<Sandbox> {
	return await createSandbox({ seed: 9, ...options });
}

/** The sandbox of one test file: started once, reset before each test, closed after the last. */
export function useSandbox(started: (sandbox: Sandbox) => void): void {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox();
		started(sandbox);
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	beforeEach(() => sandbox?.reset());
}

/** The trigger node's type: the action node's type + "Trigger" (vpsbgTrigger, i3dNetTrigger, …). */
export const triggerType = (p: Provider) => `${p.nodeType}Trigger`;

export function credentialsOf(sandbox: Sandbox, p: Provider) {
	return {
		type: p.credentialType,
		data: { baseUrl: sandbox.baseUrls[p.key], apiKey: sandbox.tokens[p.key], ...p.credentialData },
	};
}

export async function descriptionOf(type: string): Promise<INodeTypeDescription> {
	const pkg = await loadPackage();
	const node = pkg.nodes[type];
	if (!node) throw new Error(`no node type ${type} in the package`);
	return node.description as INodeTypeDescription;
}

/** Whether the trigger offers the Invoice Status Changed event. */
export async function offersStatusEvent(p: Provider): Promise<boolean> {
	const event = (await descriptionOf(triggerType(p))).properties.find((property) => property.name === 'event');
	return (event?.options ?? []).some((option) => 'value' in option && option.value === 'statusChanged');
}

/** Whether the API reports a payment status: its sandbox module can set one (sandbox.setStatus). */
export function apiHasStatus(p: Provider): boolean {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return typeof require(`../sandbox/${p.sandbox.api}`).setStatus === 'function';
}

export interface PollOptions {
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	pollBudgetMs?: number;
}

/** One poll of the provider's trigger node against the sandbox. */
export async function poll(sandbox: Sandbox, p: Provider, parameters: IDataObject, options: PollOptions = {}): Promise<RunPollResult> {
	return await runPoll({
		type: triggerType(p),
		parameters: parameters as never,
		credentials: credentialsOf(sandbox, p),
		staticData: options.staticData,
		mode: options.mode,
		pollBudgetMs: options.pollBudgetMs,
	});
}

/** A poll that must succeed. */
export async function pollOk(sandbox: Sandbox, p: Provider, parameters: IDataObject, options: PollOptions = {}): Promise<RunPollResult> {
	const result = await poll(sandbox, p, parameters, options);
	if (result.error) throw result.error;
	return result;
}

/** The action node's Get Many, every invoice, newest first (the reference for each item's JSON). */
export async function getMany(sandbox: Sandbox, p: Provider, parameters: IDataObject = {}): Promise<INodeExecutionData[]> {
	const { items, error } = await runNode({
		type: p.nodeType,
		parameters: { resource: 'invoice', operation: 'getAll', returnAll: true, ...parameters } as never,
		credentials: credentialsOf(sandbox, p),
	});
	if (error) throw error;
	return items;
}

/** By id, Get Many's JSON of each invoice. */
export async function referenceJson(sandbox: Sandbox, p: Provider, parameters: IDataObject = {}): Promise<Map<string, IDataObject>> {
	return new Map((await getMany(sandbox, p, parameters)).map((item) => [String(item.json.id), item.json]));
}

/** An invoice's date as the trigger reads it: issuedAt, else periodEnd (epoch ms), null when neither. */
export function dateOf(json: IDataObject): number | null {
	const stamp = (json.issuedAt ?? json.periodEnd) as string | null;
	return stamp === null || stamp === undefined ? null : Date.parse(stamp);
}

/**
 * The order the trigger emits invoices in, from Get Many's (newest first, in list order): by date,
 * oldest first; invoices of the same date in list order, oldest first; undated ones last.
 */
export function oldestFirst(newestFirst: IDataObject[]): IDataObject[] {
	const key = (json: IDataObject) => dateOf(json) ?? Infinity;
	return [...newestFirst].reverse().sort((a, b) => key(a) - key(b));
}

export const ids = (items: Array<{ json: IDataObject } | IDataObject>): string[] =>
	items.map((item) => String(('json' in item && typeof item.json === 'object' ? (item.json as IDataObject) : (item as IDataObject)).id));

/** The id the node gives a raw sandbox record (the registry's rule). */
export function rawId(p: Provider, record: Raw): string {
	const id = p.idOf(record);
	if (id === undefined) throw new Error(`a ${p.key} record without id`);
	return id;
}

export interface TriggerState {
	version: number;
	scope: string;
	floor: number | null;
	watermark: number | null;
	known: Record<string, [number | null, string]>;
}

/** The trigger's state in static data: key `node:<node name>` → invoiceTrigger. */
export async function stateOf(p: Provider, staticData: IDataObject): Promise<TriggerState | undefined> {
	const name = (await descriptionOf(triggerType(p))).defaults.name as string;
	const node = staticData[`node:${name}`] as IDataObject | undefined;
	return node?.invoiceTrigger as TriggerState | undefined;
}

/** Whether the API lists newest first: the first record it lists is the one Get Many outputs first. */
export function listsNewestFirst(sandbox: Sandbox, p: Provider, newestFirst: IDataObject[]): boolean {
	return String(newestFirst[0].id) === rawId(p, (sandbox.data[p.key] as Raw[])[0]);
}

/** The list requests a poll made (request-log path of the provider's invoice list). */
export const listRequests = (sandbox: Sandbox, p: Provider): Logged[] =>
	(sandbox.requests as Logged[]).filter((request) => request.provider === p.key && p.listPath.test(request.path));

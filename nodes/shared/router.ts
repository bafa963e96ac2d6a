import { IANAZone } from 'luxon';
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { operationsOf } from './operations';
import type { InvoiceContext, InvoiceProvider } from './provider';
import { ApiClient, DEFAULT_TIMEOUT_MS, redact, type ClientSettings } from './transport';
import { InputError, checkBaseUrl } from './validate';

/** Credential fields the engine reads as settings, not secrets; providers may add their own. */
const SETTING_FIELDS = ['baseUrl', 'timezone'];

function toNodeError(fn: IExecuteFunctions, error: unknown, itemIndex: number, secrets: string[]): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const hide = (text: string) => redact(text, secrets);
	if (error instanceof InputError) {
		return new NodeOperationError(fn.getNode(), hide(error.message), {
			itemIndex,
			description: hide(error.description),
		});
	}
	// Anything else is a response this code did not expect; say so instead of a bare TypeError.
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(fn.getNode(), hide(`Unexpected problem: ${message}`), {
		itemIndex,
		description: 'The API answered in a way this node does not understand, so no items were output for this input.',
	});
}

/** Reads the credential once per execution and builds each item's context. */
class Session {
	private readonly cache = new Map<string, Promise<unknown>>();
	private readonly rateLimit = { resumeAt: 0 };
	private credentials?: ICredentialDataDecryptedObject;
	secrets: string[] = [];

	constructor(
		private readonly fn: IExecuteFunctions,
		private readonly provider: InvoiceProvider,
	) {}

	async context(itemIndex: number): Promise<InvoiceContext> {
		if (!this.credentials) {
			const credentials = await this.fn.getCredentials(this.provider.credentialType);
			const settings = new Set([...SETTING_FIELDS, ...(this.provider.settingFields ?? [])]);
			this.secrets = Object.entries(credentials)
				.filter(([key, value]) => !settings.has(key) && typeof value === 'string' && value.length >= 4)
				.map(([, value]) => value as string);
			this.credentials = credentials;
		}
		const credentials = this.credentials;
		const baseUrl = checkBaseUrl(credentials.baseUrl);
		const timezone = typeof credentials.timezone === 'string' && credentials.timezone ? credentials.timezone : 'UTC';
		if (!IANAZone.isValidZone(timezone)) {
			throw new InputError(
				`The credential's Time Zone "${timezone}" is not a known time zone`,
				'Use an IANA zone name such as Europe/Istanbul or UTC.',
			);
		}
		const param = <T>(name: string, fallback?: T): T =>
			this.fn.getNodeParameter(name, itemIndex, fallback as unknown as IDataObject) as T;
		const timeoutSeconds = param<IDataObject>('options', {}).timeout;
		const timeoutMs =
			typeof timeoutSeconds === 'number' && timeoutSeconds > 0 ? timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS;
		const settings: ClientSettings = {
			credentialType: this.provider.credentialType,
			baseUrl,
			secrets: this.secrets,
			timeoutMs,
			rateLimit: this.rateLimit,
			api: this.provider.api,
			providerName: this.provider.displayName,
		};
		return {
			fn: this.fn,
			itemIndex,
			api: new ApiClient(this.fn, settings, itemIndex),
			credentials,
			timezone,
			param,
			memo: async <T>(key: string, load: () => Promise<T>) => {
				let value = this.cache.get(key);
				if (!value) {
					value = load();
					this.cache.set(key, value);
					// A failed load is not cached: the next item tries again.
					value.catch(() => this.cache.delete(key));
				}
				return (await value) as T;
			},
		};
	}
}

/**
 * The one execute loop of every invoice node: picks the operation, runs it per item (or once
 * for batch operations), pairs every output item with its input, and honours Continue On Fail.
 */
export async function executeInvoiceOperation(
	this: IExecuteFunctions,
	provider: InvoiceProvider,
	continueOnFail: boolean,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operationsOf(provider)[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported by ${provider.displayName}`);
	}
	const session = new Session(this, provider);
	const results: INodeExecutionData[] = [];

	if (operation.kind === 'batch') {
		const pairedItem = items.map((_, index) => ({ item: index }));
		try {
			const ctx = await session.context(0);
			for (const result of await operation.run(ctx, items)) results.push({ ...result, pairedItem });
		} catch (error) {
			const failure = toNodeError(this, error, 0, session.secrets);
			if (!continueOnFail) throw failure;
			results.push({ json: { error: failure.message }, pairedItem });
		}
		return [results];
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const ctx = await session.context(itemIndex);
			for (const result of await operation.run(ctx, items[itemIndex])) {
				results.push({ ...result, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const failure = toNodeError(this, error, itemIndex, session.secrets);
			if (!continueOnFail) throw failure;
			results.push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
		}
	}
	return [results];
}

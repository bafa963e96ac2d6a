import { IANAZone } from 'luxon';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { InvoiceContext, InvoiceProvider, NodeFunctions } from './provider';
import { ApiClient, DEFAULT_TIMEOUT_MS, type ClientSettings } from './transport';
import { InputError, checkBaseUrl } from './validate';

/** Credential fields the engine reads as settings, not secrets; providers may add their own. */
const SETTING_FIELDS = ['baseUrl', 'timezone'];

/** Reads the credential once per execution and builds each item's context. */
export class Session {
	private readonly cache = new Map<string, Promise<unknown>>();
	private readonly rateLimit = { resumeAt: 0 };
	private readonly fileNames = new Map<string, string>();
	private credentials?: ICredentialDataDecryptedObject;
	secrets: string[] = [];

	/**
	 * `parameter` reads a node parameter for an item: execute contexts take an item index,
	 * poll contexts do not.
	 */
	constructor(
		private readonly fn: NodeFunctions,
		private readonly provider: InvoiceProvider,
		private readonly parameter: (name: string, itemIndex: number, fallback: unknown) => unknown,
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
		const param = <T>(name: string, fallback?: T, index = itemIndex): T => this.parameter(name, index, fallback) as T;
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
			provider: this.provider,
			itemIndex,
			api: new ApiClient(this.fn, settings, itemIndex),
			credentials,
			timezone,
			param,
			claimFileName: (name, owner) => {
				const holder = this.fileNames.get(name);
				if (holder !== undefined && holder !== owner) return false;
				this.fileNames.set(name, owner);
				return true;
			},
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

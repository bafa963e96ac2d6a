import { IANAZone } from 'luxon';
import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IDataObject } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, Turns, concurrencyOf } from './concurrency';
import type { InvoiceContext, InvoiceProvider, NodeFunctions } from './provider';
import { ApiClient, DEFAULT_TIMEOUT_MS, RETRY, RateLimiter, RequestSlots, type ClientSettings } from './transport';
import { InputError, checkBaseUrl } from './validate';

interface Account {
	credentials: ICredentialDataDecryptedObject;
	/** The same, as n8n's authenticated requests take it. */
	decrypted: ICredentialsDecrypted;
	baseUrl: string;
	timezone: string;
}

/** Credential fields the engine reads as settings, not secrets; providers may add their own. */
const SETTING_FIELDS = ['baseUrl', 'timezone'];

/**
 * Reads the credential once per execution and builds each item's context. What the items share
 * lives here: the rate-limit state, the request slots (the Concurrent Requests option of the
 * first item that asks: one bound for the whole execution), the file names, the turns.
 */
export class Session {
	private readonly cache = new Map<string, Promise<unknown>>();
	private readonly rateLimit: RateLimiter;
	private readonly fileNames = new Map<string, string>();
	private readonly turns = new Turns();
	private slots?: RequestSlots;
	private account?: Promise<Account>;
	private firstItemDone?: () => void;
	private readonly firstItem = new Promise<void>((resolve) => (this.firstItemDone = resolve));
	secrets: string[] = [];

	/**
	 * `parameter` reads a node parameter for an item: execute contexts take an item index,
	 * poll contexts do not.
	 */
	constructor(
		private readonly fn: NodeFunctions,
		private readonly provider: InvoiceProvider,
		private readonly parameter: (name: string, itemIndex: number, fallback: unknown) => unknown,
		/** Requests at once where the node has no Concurrent Requests option (a trigger: 1). */
		private readonly defaultConcurrency = DEFAULT_CONCURRENCY,
	) {
		this.rateLimit = new RateLimiter(provider.api.rateLimit, RETRY.maxServerWaitMs);
	}

	/** The item is done (or failed): later items need not wait for its turn any more. */
	finished(itemIndex: number): void {
		this.turns.pass(itemIndex);
		if (itemIndex === 0) this.firstItemDone?.();
	}

	/** The credential and what it sets for every item, read and checked once per execution. */
	private async loadCredentials(): Promise<Account> {
		const credentials = await this.fn.getCredentials(this.provider.credentialType);
		const settings = new Set([...SETTING_FIELDS, ...(this.provider.settingFields ?? [])]);
		this.secrets = Object.entries(credentials)
			.filter(([key, value]) => !settings.has(key) && typeof value === 'string' && value.length >= 4)
			.map(([, value]) => value as string);
		const baseUrl = checkBaseUrl(credentials.baseUrl);
		const timezone = typeof credentials.timezone === 'string' && credentials.timezone ? credentials.timezone : 'UTC';
		if (!IANAZone.isValidZone(timezone)) {
			throw new InputError(
				`The credential's Time Zone "${timezone}" is not a known time zone`,
				'Use an IANA zone name such as Europe/Istanbul or UTC.',
			);
		}
		const stored = this.fn.getNode().credentials?.[this.provider.credentialType];
		const decrypted = { id: stored?.id ?? '', name: stored?.name ?? '', type: this.provider.credentialType, data: credentials };
		return { credentials, decrypted, baseUrl, timezone };
	}

	async context(itemIndex: number): Promise<InvoiceContext> {
		// Items after the first start once the execution's first request has come back (or the
		// first item ended): its answer may say that the rate limit is used up.
		if (itemIndex > 0) await Promise.race([this.rateLimit.firstAnswer, this.firstItem]);
		// Items that start together read the credential once; a credential that fails its checks is
		// read again for the next item, which reports the same problem.
		if (!this.account) {
			this.account = this.loadCredentials();
			this.account.catch(() => (this.account = undefined));
		}
		const { credentials, decrypted, baseUrl, timezone } = await this.account;
		const param = <T>(name: string, fallback?: T, index = itemIndex): T => this.parameter(name, index, fallback) as T;
		const options = param<IDataObject>('options', {});
		this.slots ??= new RequestSlots(concurrencyOf(options, this.defaultConcurrency));
		const timeoutSeconds = options.timeout;
		const timeoutMs =
			typeof timeoutSeconds === 'number' && timeoutSeconds > 0 ? timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS;
		const settings: ClientSettings = {
			credentialType: this.provider.credentialType,
			baseUrl,
			secrets: this.secrets,
			timeoutMs,
			rateLimit: this.rateLimit,
			slots: this.slots,
			credentials: decrypted,
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
			concurrency: this.slots.size,
			inTurn: async () => await this.turns.wait(itemIndex),
			claimFileName: (name, owner) => {
				this.turns.pass(itemIndex);
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

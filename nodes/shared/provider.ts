import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { Invoice } from './invoice';
import type { ApiClient, ApiResponse, ProviderApi } from './transport';

export type { ProviderApi } from './transport';

/** Values a normalizer needs besides the raw record. */
export interface NormalizeEnv {
	/** Zone for dates the API sends without one. */
	timezone: string;
	/** The account's currency, for APIs whose invoices carry none. */
	currency?: string | null;
	/** Whether amounts arrive in the currency's minor unit (cents) rather than in units. */
	amountsInMinorUnits?: boolean;
}

/** Everything an operation needs for one input item. */
export interface InvoiceContext {
	readonly fn: IExecuteFunctions;
	readonly itemIndex: number;
	readonly api: ApiClient;
	readonly credentials: ICredentialDataDecryptedObject;
	readonly timezone: string;
	/** Caches a value for the rest of the execution (e.g. the account currency). */
	memo<T>(key: string, load: () => Promise<T>): Promise<T>;
	/** A node parameter of this item. */
	param<T>(name: string, fallback?: T): T;
}

export interface ListRequest {
	/** The provider's own filters from the Filters collection (the shared date filters removed). */
	filters: IDataObject;
	/** How many more invoices are wanted, when known, so a page-size parameter can ask for fewer. */
	wanted?: number;
}

export interface PdfSupport<R> {
	/**
	 * Fetches the invoice's PDF (transport `expect: 'file'`). `raw` is the API record when the
	 * caller has it (from a list), so no second lookup is needed.
	 */
	fetch(ctx: InvoiceContext, invoice: Invoice, raw: R | undefined): Promise<ApiResponse>;
	/** Where a JSON response may carry the file as base64 (for APIs that may answer that way). */
	base64Fields?: string[];
	/** Why an invoice has no PDF, shown when Download PDF is asked for one. */
	unavailableReason?: string;
}

export type OperationResult = INodeExecutionData[];

/** An operation run once per input item; the router adds pairedItem. */
export interface ItemOperation {
	kind: 'item';
	run(ctx: InvoiceContext, item: INodeExecutionData): Promise<OperationResult>;
}

/** An operation run once for all input items (e.g. one archive of many invoices). */
export interface BatchOperation {
	kind: 'batch';
	run(ctx: InvoiceContext, items: INodeExecutionData[]): Promise<OperationResult>;
}

export type Operation = ItemOperation | BatchOperation;

/**
 * One hosting provider: its facts only. The shared engine turns this into the
 * Get Many / Get / Download PDF operations; `operations` adds the provider's extras.
 */
export interface InvoiceProvider<R extends IDataObject = IDataObject> {
	/** Also the `provider` field of every invoice and the file name prefix. */
	name: string;
	displayName: string;
	credentialType: string;
	/** Credential fields besides Base URL and Time Zone that are settings, not secrets to redact. */
	settingFields?: string[];
	api: ProviderApi;
	idOf(raw: R): string;
	/** Pages of raw records, in the API's order; pagination via nodes/shared/paginate. */
	list(ctx: InvoiceContext, request: ListRequest): AsyncIterable<R[]>;
	/** One raw record by the provider's id. */
	get(ctx: InvoiceContext, id: string): Promise<R>;
	/** Loads what normalize needs besides the record (once per execution, memoized by the caller). */
	environment?(ctx: InvoiceContext): Promise<Partial<NormalizeEnv>>;
	normalize(raw: R, env: NormalizeEnv): Invoice;
	pdf?: PdfSupport<R>;
	/** Provider-only operations by operation value. */
	operations?: Record<string, Operation>;
}

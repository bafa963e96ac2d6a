import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { InvoiceDraft } from './invoice';
import type { ApiClient, ApiResponse, NodeFunctions, ProviderApi } from './transport';

export type { NodeFunctions, ProviderApi } from './transport';

/** Values a normalizer needs besides the raw record. */
export interface NormalizeEnv {
	/** Zone for dates the API sends without one. */
	timezone: string;
	/** The account's currency, for APIs whose invoices carry none. */
	currency?: string | null;
	/** Whether amounts arrive in the currency's minor unit (cents) rather than in units. */
	amountsInMinorUnits?: boolean;
	/** The credential's Base URL, for file links the API gives relative to it (WiseCP). */
	baseUrl?: string;
}

/** Everything an operation needs for one input item. */
export interface InvoiceContext {
	/** The execute context of an action node, or the poll context of a trigger. */
	readonly fn: NodeFunctions;
	/** The provider whose node runs, so shared and provider operations need not import it. */
	readonly provider: InvoiceProvider;
	readonly itemIndex: number;
	readonly api: ApiClient;
	readonly credentials: ICredentialDataDecryptedObject;
	readonly timezone: string;
	/** Caches a value for the rest of the execution (e.g. the account currency). */
	memo<T>(key: string, load: () => Promise<T>): Promise<T>;
	/** A node parameter of this item (or of another item, for operations that run once for all). */
	param<T>(name: string, fallback?: T, itemIndex?: number): T;
	/**
	 * Claims a file name for this execution's output: false when another owner (another invoice,
	 * another archive) already has it, so the caller picks a distinct name.
	 */
	claimFileName(name: string, owner: string): boolean;
	/** How many requests of this execution may be in flight at once (the Concurrent Requests option). */
	readonly concurrency: number;
	/**
	 * Resolves once every earlier input item has claimed its file names or finished: input items
	 * may run concurrently, and a name two invoices share must still go to the earlier item.
	 */
	inTurn(): Promise<void>;
}

export interface ListRequest {
	/** The provider's own filters from the Filters collection (the shared filters removed). */
	filters: IDataObject;
	/** Get Many's Options, where the provider's own list options (e.g. a sort) are. */
	options: IDataObject;
	/** How many more invoices are wanted, when known, so a page-size parameter can ask for fewer. */
	wanted?: number;
}

export interface PdfSupport {
	/**
	 * Fetches the invoice's PDF (transport `expect: 'file'`). `raw` is the API record when the
	 * caller has it (from a list), so no second lookup is needed. `invoice.pdf.url` may come from
	 * an input item (user data): check it before use.
	 */
	fetch(
		ctx: InvoiceContext,
		invoice: { id: string; number: string | null; pdf?: { url?: unknown } },
		raw: IDataObject | undefined,
	): Promise<ApiResponse>;
	/** Where a JSON response may carry the file as base64 (for APIs that may answer that way). */
	base64Fields?: string[];
	/** Why an invoice has no PDF, shown when Download PDF is asked for one. */
	unavailableReason?: string;
}

interface OperationModule {
	/** The entry of the node's Operation list; a literal, so the n8n lint rules read it. */
	option: INodePropertyOptions & { action: string };
	/**
	 * The fields shown for this operation only, as literals. The node adds the displayOptions that
	 * tie them to the operation, and the provider's own filters to a `filters` collection.
	 */
	properties: INodeProperties[];
}

/** An operation run once per input item; the router adds pairedItem. */
export interface ItemOperation extends OperationModule {
	kind: 'item';
	run(ctx: InvoiceContext, item: INodeExecutionData): Promise<INodeExecutionData[]>;
}

/** An operation run once for all input items (e.g. one archive of many invoices). */
export interface BatchOperation extends OperationModule {
	kind: 'batch';
	run(ctx: InvoiceContext, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

export type InvoiceOperation = ItemOperation | BatchOperation;

/**
 * One hosting provider: its facts only. The node's UI and its execute loop are derived from it,
 * so every operation the node offers is one that runs, and a new provider needs no engine edit.
 */
export interface InvoiceProvider {
	/** The `provider` field of every invoice and the prefix of its file names. */
	name: string;
	displayName: string;
	credentialType: string;
	/** Credential fields besides Base URL and Time Zone that are settings, not secrets to redact. */
	settingFields?: string[];
	api: ProviderApi;
	/** The operations the node offers, in any order (the node lists them by name). */
	operations: InvoiceOperation[];
	/** The provider's own Get Many filters, added to the shared ones (Issued After / Before, Invoice Type). */
	filters?: INodeProperties[];
	/** The provider's own Get Many options (e.g. a sort order), added to the shared ones. */
	listOptions?: INodeProperties[];
	/**
	 * The order the list comes in. Get Many outputs newest first everywhere, so Limit means "the
	 * latest N": an oldest-first list is read whole and turned around (default: newest first).
	 */
	listOrder?: 'newest-first' | 'oldest-first';
	/** Whether the API reports an invoice's payment status (its trigger can then watch status changes). */
	hasStatus: boolean;
	/** What the Invoice ID field tells the user to enter. */
	invoiceIdHint?: { hint: string; placeholder: string };
	idOf(raw: IDataObject): string;
	/** Pages of raw records, in the API's order; pagination via nodes/shared/paginate. */
	list(ctx: InvoiceContext, request: ListRequest): AsyncIterable<IDataObject[]>;
	/** One raw record by the provider's id. */
	get(ctx: InvoiceContext, id: string): Promise<IDataObject>;
	/** Loads what normalize needs besides the record (once per execution, memoized by the caller). */
	environment?(ctx: InvoiceContext): Promise<Partial<NormalizeEnv>>;
	/** A list record as an invoice. */
	normalize(raw: IDataObject, env: NormalizeEnv): InvoiceDraft;
	/**
	 * A `get` answer as an invoice, for APIs whose single-invoice record is shaped unlike the list
	 * record (default: `normalize`). `id` is the ID that was asked for.
	 */
	normalizeDetail?(raw: IDataObject, env: NormalizeEnv, id: string): InvoiceDraft;
	pdf?: PdfSupport;
}

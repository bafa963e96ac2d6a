/** Types of the provider registry (providers.js) for the TypeScript tests. */

/** The registry's keys (a new provider adds its key here, next to its entry in providers.js). */
export type ProviderKey = 'vpsbg' | 'i3dnet' | 'wisecp' | 'pph' | 'northflank';

type RawRecord = Record<string, any>;

/** A row of the sandbox self-test: method, path (relative to the base URL; see resolvePath), body, content type of the success. */
export type SandboxEndpoint = [method: string, path: string, body: unknown, contentType: string];

/** An entry as written in providers.js; define() fills the defaults (see Provider). */
export interface ProviderSpec {
	key: ProviderKey;
	// ------------------------------------------------------------ the package
	/** node type name in the package, e.g. 'i3dNet' */
	nodeType: string;
	/** credential type name, e.g. 'i3dNetApi' */
	credentialType: string;
	/** the node's display name, as it appears in its messages, e.g. 'i3D.net' */
	label: string;
	/** the id the node gives a raw record (default: its `id` as a string; undefined when it has none) */
	idOf?: (record: RawRecord) => string | undefined;
	/** the raw field with the invoice number the node names an invoice by in PDF messages (none: its id) */
	numberField?: string;
	/** the node checks Invoice IDs as digits before any request */
	numericIds: boolean;
	/** page size the node asks for (list requests of a full listing) */
	pageSize: number;
	/** the node's first list request of Get Many / Return All, relative to the base URL */
	firstListRequest: string;
	/** Get Many reads the account (currency) before the list: one more request */
	accountRequestFirst?: boolean;
	/** how the list pages: page numbers, an item range (RANGED-DATA) or opaque cursors */
	paging: 'page' | 'range' | 'cursor';
	/** the order the API (and the sandbox's data) lists invoices in (default newest first); Get Many always outputs newest first */
	listOrder?: 'newest-first' | 'oldest-first';
	/** extra credential fields the e2e / demo credentials carry (besides baseUrl and apiKey) */
	credentialData?: Record<string, string>;
	/** an invoice ID of the right shape that the API does not know */
	unknownId: string;
	// ------------------------------------------------------------ the API (as the sandbox serves it)
	/** where the sandbox serves the API (the credential's Base URL path), e.g. '/i3d/v3' */
	basePath: string;
	/** the auth header as the docs write it: 'Authorization', 'PRIVATE-TOKEN', 'Apikey' */
	authHeaderName: string;
	/** scheme before the key in the auth header ('Bearer'), none when the header is the bare key */
	authScheme?: string;
	/** Accept header the API's documented client sends */
	accept?: string;
	/** the sandbox's tokens for this API: name → prefix (the first is named like the key) */
	tokens: Record<string, string>;
	/** request-log path of the invoice list */
	listPath: RegExp;
	/** request-log path of a PDF download (none: the API has no PDFs) */
	pdfPath?: RegExp;
	/** PDFs are served without the key (WiseCP's formalized files) */
	pdfPublic?: boolean;
	/** which records have a PDF served from an origin (default: all, on the primary origin) */
	hasPdfOn?: (record: RawRecord, originUrl: string) => boolean;
	/** Get Many filters that keep only invoices with a PDF */
	pdfFilters?: Record<string, unknown>;
	/** the API reports failures with HTTP 200 and an error body */
	errorsAsHttp200?: boolean;
	/** module names in test/sandbox: the API (`./<api>.js`) and its data (`./generators/<generator>.js`) */
	sandbox: { api: string; generator: string };
	/** invoices: the sandbox's default, the fault and security suites' (three pages at the node's page size), the benchmark's */
	counts: { sandbox: number; faults: number; bench: number };
	// ------------------------------------------------------------ rows of the shared suites
	faultTable: {
		/** the API's documented error body, as a 'status' fault, and the message the node makes of it */
		documentedError: { status: number; body: unknown; message: RegExp };
		/** the node's error for a 200 JSON body of the wrong shape ({"invoices":"later"}) */
		wrongShapeError: RegExp;
		/** how the node's messages name the second page (default 'page 2') */
		secondPage?: string;
		/** where the node notices paging ignored on every request (default 'page 2') */
		pagingIgnoredAt?: string;
	};
	sandboxTest: {
		/** [status, body] of a refused key; `anyString` stands for a volatile string */
		authError: (anyString: unknown) => [number, unknown];
		/** what a success body contains besides the data (APIs that fail with HTTP 200) */
		successBody?: Record<string, unknown>;
		/** every authenticated endpoint, called with no, a wrong, a foreign and the right key */
		endpoints: SandboxEndpoint[];
		/** fills placeholders of the endpoint paths from the live data (default: none) */
		resolvePath?: (path: string, data: Record<string, any[]>) => string;
	};
}

/** A registry entry with its defaults filled in. */
export interface Provider extends Readonly<ProviderSpec> {
	readonly idOf: (record: RawRecord) => string | undefined;
	readonly accountRequestFirst: boolean;
	readonly listOrder: 'newest-first' | 'oldest-first';
	readonly credentialData: Record<string, string>;
	/** the auth header in lower case, as the request log has it */
	readonly authHeader: string;
	/** the API has a PDF endpoint */
	readonly pdf: boolean;
	readonly pdfPublic: boolean;
	readonly pdfFilters: Record<string, unknown>;
	readonly errorsAsHttp200: boolean;
	readonly faultTable: Required<ProviderSpec['faultTable']>;
	readonly sandboxTest: ProviderSpec['sandboxTest'] & { resolvePath: (path: string, data: Record<string, any[]>) => string };
}

export const PROVIDERS: readonly Provider[];
export const PROVIDER_KEYS: readonly ProviderKey[];
export const byKey: Readonly<Record<ProviderKey, Provider>>;
export function provider(key: string): Provider;
/** every auth header name the APIs use, lower case, once each */
export const AUTH_HEADERS: readonly string[];
/** every sandbox token: name → prefix */
export const TOKEN_PREFIXES: Readonly<Record<string, string>>;
export function tokenOwner(name: string): Provider;
export function authHeaders(p: Provider, token: string, options?: { client?: boolean }): Record<string, string>;
export function authHeaderLabel(p: Provider): string;

/** Every path of the WiseCP (legacy External API) this node calls, relative to the credential's Base URL. */
export const WISECP_PATHS = {
	list: 'Billing/GetInvoices',
};

/** The legacy External API allows at most 50 invoices per page. */
export const WISECP_PAGE_SIZE = 50;

/**
 * Where WiseCP keeps uploaded invoice files, under the install root, for a formalize_file that
 * is a bare file name rather than a URL (the docs show a full URL; a bare name is the other
 * plausible form).
 */
export const WISECP_UPLOADS = 'resources/uploads/invoices/';

/**
 * The install root of a WiseCP API URL, which WiseCP shows as `{install}/api/` or
 * `{install}/index.php/api/`: `https://example.com/billing/index.php/api/` →
 * `https://example.com/billing/`. A Base URL of another shape is taken as the root itself.
 */
export function wiseCpInstallRoot(apiUrl: string): string {
	const url = new URL(apiUrl);
	const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
	url.pathname = path.replace(/\/(?:index\.php\/)?api\/$/i, '/');
	url.search = '';
	url.hash = '';
	return url.toString();
}

/**
 * Where a formalize_file lives: a URL as it is, a path relative to the install root (not to the
 * API URL), a bare file name in the install's uploads folder.
 */
export function formalizedFileUrl(file: string, apiUrl: string): string {
	const root = wiseCpInstallRoot(apiUrl);
	const url = file.includes('/') ? new URL(file, root) : new URL(WISECP_UPLOADS + encodeURIComponent(file), root);
	return url.toString();
}

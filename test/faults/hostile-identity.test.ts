/**
 * Issue 8, class 2: Get, Get by Number (i3D.net) and Download PDF compare the ID (or number) of
 * what came back with what was asked. An answer about another invoice (a proxy or cache answering
 * for the API, a broken API) is an error naming both, never one invoice's data under another's ID.
 *
 * The sandbox's `otherRecord` fault answers a request as if it named another invoice. Table-driven
 * over the registry; cells that cannot exist for a provider prove why.
 */
import { PROVIDER_KEYS, PROVIDERS, expectedIds, pdfRecordId, requestsOf, run, startSandbox } from './helpers';
import { esc, expectError, type ProviderInfo, type Sandbox } from './hostile';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const DESCRIPTION =
	/^No item was output, because the answer is about another invoice\. Check the Base URL in the credential \(a proxy or cache may answer instead of the API\), then try again\.$/;
const mismatch = (p: ProviderInfo, asked: string, got: string, label = 'ID') =>
	new RegExp(`^Asked ${esc(p.label)} for the invoice with ${label} ${esc(asked)}, but the API sent the invoice with ${label} ${esc(got)}$`);

/** VPSBG has no call for one invoice: Get finds it in the list by its ID, so no request names it. */
const viaList = (p: ProviderInfo) => p.key === 'vpsbg';

/** WiseCP's Get filters the list by ID and drops an answer about another invoice, then says the asked one does not exist. */

interface Cell {
	name: string;
	notApplicable?: (p: ProviderInfo) => { reason: string; proof: () => Promise<void> | void } | undefined;
	knownGap?: (p: ProviderInfo) => string | undefined;
	test(p: ProviderInfo): Promise<void>;
}

/** Two invoices of the sandbox: the one asked for, and the one the hostile API answers with. */
function pair(p: ProviderInfo, asked = expectedIds(sandbox, p.key)[1]): { asked: string; got: string } {
	const got = expectedIds(sandbox, p.key).find((id) => id !== asked)!;
	return { asked, got };
}

const CELLS: Cell[] = [
	{
		name: 'otherRecord: Get answered with another invoice is an error naming both IDs',
		notApplicable: (p) =>
			viaList(p)
				? {
						reason: `${p.label} has no call for one invoice: Get looks the ID up in the list, so no request names it`,
						proof: async () => {
							const { asked, got } = pair(p);
							const fault = sandbox.fault(p.key, { kind: 'otherRecord', from: asked, to: got, times: Infinity });
							const result = await run(sandbox, p.key, { parameters: { operation: 'get', invoiceId: asked } });
							expect(result.error).toBeUndefined();
							expect(result.items.map((item) => item.json.id)).toEqual([asked]);
							// the fault saw every request, and none of them named the invoice
							expect(fault.applied).toBe(sandbox.requests.length);
							expect(requestsOf(sandbox).every((request) => !request.path.includes(asked) && !Object.values(request.query).includes(asked))).toBe(true);
						},
					}
				: undefined,
		async test(p) {
			const { asked, got } = pair(p);
			sandbox.fault(p.key, { kind: 'otherRecord', from: asked, to: got, times: Infinity });
			expectError(await run(sandbox, p.key, { parameters: { operation: 'get', invoiceId: asked } }), mismatch(p, asked, got), DESCRIPTION);
		},
	},
	{
		name: 'otherRecord: Download PDF whose lookup answers with another invoice fails before any file is fetched',
		notApplicable: (p) =>
			!p.pdf
				? {
						reason: `${p.label} has no PDF endpoint`,
						proof: async () => {
							const result = await run(sandbox, p.key, { parameters: { operation: 'download', invoiceId: expectedIds(sandbox, p.key)[0] } });
							expectError(result, new RegExp(`^The operation "download" is not supported by ${esc(p.label)}$`));
							expect(sandbox.requests).toHaveLength(0);
						},
					}
				: viaList(p)
					? {
							reason: `${p.label} looks the invoice up in the list (no request names it; see the Get cell)`,
							proof: async () => {
								const asked = pdfRecordId(sandbox, p.key);
								const fault = sandbox.fault(p.key, { kind: 'otherRecord', from: asked, to: pair(p, asked).got, match: { path: p.listPath }, times: Infinity });
								const result = await run(sandbox, p.key, { parameters: { operation: 'download', invoiceId: asked } });
								expect(result.error).toBeUndefined();
								expect(result.items[0].json.id).toBe(asked);
								expect(fault.applied).toBeGreaterThan(0);
							},
						}
					: undefined,
		async test(p) {
			const asked = pdfRecordId(sandbox, p.key);
			const { got } = pair(p, asked);
			sandbox.fault(p.key, { kind: 'otherRecord', from: asked, to: got, times: Infinity, match: { method: 'GET' } });
			expectError(await run(sandbox, p.key, { parameters: { operation: 'download', invoiceId: asked } }), mismatch(p, asked, got), DESCRIPTION);
			expect(requestsOf(sandbox, (request) => !!p.pdfPath && p.pdfPath.test(request.path))).toEqual([]);
		},
	},
	{
		name: 'otherRecord: Get by Number answered with another invoice is an error naming both numbers',
		notApplicable: (p) =>
			p.key === 'i3dnet'
				? undefined
				: {
						reason: `${p.label} has no Get by Number`,
						proof: async () => {
							const result = await run(sandbox, p.key, { parameters: { operation: 'getByNumber', invoiceNumber: '1' } });
							expectError(result, new RegExp(`^The operation "getByNumber" is not supported by ${esc(p.label)}$`));
						},
					},
		async test(p) {
			const [asked, got] = (sandbox.data.i3dnet as Array<{ invoiceNumber: string }>).slice(0, 2).map((record) => record.invoiceNumber);
			sandbox.fault(p.key, { kind: 'otherRecord', from: asked, to: got });
			expectError(await run(sandbox, p.key, { parameters: { operation: 'getByNumber', invoiceNumber: asked } }), mismatch(p, asked, got, 'number'), DESCRIPTION);
		},
	},
	{
		name: 'the single-invoice answer carries no ID at all: an error, not an invoice under the asked ID',
		notApplicable: (p) =>
			viaList(p)
				? {
						reason: `${p.label} reads one invoice from its list, where a record without ID is an error of the list`,
						proof: async () => {
							sandbox.fault(p.key, { kind: 'status', status: 200, body: { data: [{ total: 5 }], links: {}, meta: { current_page: 1, last_page: 1, total: 1 } }, times: Infinity, match: { path: p.listPath } });
							const result = await run(sandbox, p.key, { parameters: { operation: 'get', invoiceId: expectedIds(sandbox, p.key)[0] } });
							expectError(result, new RegExp(`^The ${esc(p.label)} API sent an invoice without an ID on page 1$`));
						},
					}
				: undefined,
		async test(p) {
			const asked = expectedIds(sandbox, p.key)[0];
			// the single-invoice answer as each API shapes it (WiseCP: its list, filtered by ID)
			const body =
				p.key === 'i3dnet'
					? [{ invoiceNumber: 'X-1', currency: 'EUR' }]
					: p.key === 'wisecp'
						? { status: 'successful', total: 1, page: 1, limit: 1, next_page: 0, data: [{ total: 5, currency: 'EUR' }] }
						: { data: { total: 5, currency: 'EUR' } };
			sandbox.fault(p.key, { kind: 'status', status: 200, body, times: Infinity });
			expectError(
				await run(sandbox, p.key, { parameters: { operation: 'get', invoiceId: asked } }),
				new RegExp(`^Asked ${esc(p.label)} for the invoice with ID ${esc(asked)}, but the API sent an invoice without ID$`),
				DESCRIPTION,
			);
		},
	},
	{
		name: 'otherRecord on one item of three: only that item fails (Continue On Fail), the others are the invoices asked for',
		notApplicable: (p) => (viaList(p) ? { reason: `${p.label}: no request names the ID (see the Get cell)`, proof: () => undefined } : undefined),
		async test(p) {
			const ids = expectedIds(sandbox, p.key).slice(0, 3);
			sandbox.fault(p.key, { kind: 'otherRecord', from: ids[1], to: ids[2], times: Infinity });
			const result = await run(sandbox, p.key, {
				parameters: { operation: 'get', invoiceId: '={{ $json.id }}' },
				input: ids.map((id) => ({ json: { id } })),
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id ?? item.json.error)).toEqual([
				ids[0],
				`Asked ${p.label} for the invoice with ID ${ids[1]}, but the API sent the invoice with ID ${ids[2]}`,
				ids[2],
			]);
		},
	},
];

describe.each(PROVIDER_KEYS)('%s: an answer about another invoice is an error naming both', (key) => {
	const p = PROVIDERS[key];
	for (const cell of CELLS) {
		const na = cell.notApplicable?.(p);
		if (na) {
			it(`${cell.name} — not applicable: ${na.reason}`, async () => await na.proof());
			continue;
		}
		const gap = cell.knownGap?.(p);
		if (gap) it.failing(`${cell.name} — KNOWN GAP: ${gap}`, async () => await cell.test(p));
		else it(cell.name, async () => await cell.test(p));
	}
});

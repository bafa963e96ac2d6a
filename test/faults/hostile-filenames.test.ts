/**
 * Issue 8, class 6: two different invoices never get the same file name (`pdf.fileName`, the
 * binary's fileName). A number made file-system safe gets "-<id>"; a number that is not unique in
 * one output gets the id added to the later invoices; and when even that name is taken (another
 * invoice's number reads "<number>-<id>"), a counter follows.
 *
 * The sandbox's `renumber` fault gives invoices colliding numbers in every answer (list, detail).
 * Table-driven over the providers with numbers and PDFs; Northflank proves why not.
 */
import type { RunNodeResult } from '../harness';
import { PROVIDER_KEYS, PROVIDERS, listedIds, run, startSandbox } from './helpers';
import type { ProviderInfo, Sandbox } from './hostile';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

/** The invoices with a PDF, in the order Get Many outputs them (WiseCP: the formalized ones, on either origin). */
function withPdf(p: ProviderInfo): string[] {
	const records = sandbox.data[p.key] as Array<Record<string, unknown>>;
	const has = new Set(records.filter((record) => !p.hasPdfOn || p.hasPdfOn(record, sandbox.url) || p.hasPdfOn(record, sandbox.otherUrl)).map((record) => p.idOf(record)!));
	return listedIds(sandbox, p.key).filter((id) => has.has(id));
}

/** Get Many with Download PDFs over the first `count` invoices that have one. */
async function listWithPdfs(p: ProviderInfo, count: number): Promise<RunNodeResult> {
	return await run(sandbox, p.key, { parameters: { operation: 'getAll', returnAll: false, limit: count, downloadPdf: true, filters: { ...p.pdfFilters } } });
}

/** id → [pdf.fileName, binary fileName] of every item, and all names distinct. */
function namesOf(result: RunNodeResult): Record<string, [unknown, unknown]> {
	expect(result.error).toBeUndefined();
	const names = Object.fromEntries(result.items.map((item) => [item.json.id as string, [(item.json.pdf as { fileName: unknown }).fileName, item.binary?.data?.fileName]])) as Record<string, [unknown, unknown]>;
	const all = Object.values(names).map(([json]) => json);
	expect(new Set(all).size).toBe(all.length);
	for (const [json, binary] of Object.values(names)) expect(binary).toBe(json);
	return names;
}

const applies = (p: ProviderInfo) => !!p.numberField && p.pdf;

describe.each(PROVIDER_KEYS)('%s: two invoices never share a file name', (key) => {
	const p = PROVIDERS[key];
	if (!applies(p)) {
		it(`not applicable: ${p.label} has ${p.pdf ? 'no invoice numbers' : 'no PDFs'} — its invoices have no file name`, async () => {
			expect(() => sandbox.fault(p.key, { kind: 'renumber', numbers: {} })).toThrow(/does not apply/);
			const result = await run(sandbox, p.key, { parameters: { operation: 'getAll', returnAll: false, limit: 3 } });
			expect(result.items.map((item) => item.json.pdf)).toEqual(Array(3).fill({ available: false, fileName: null, url: null }));
		});
		return;
	}

	it('renumber: "A/1" and "A 1" (the same once made safe) each get their id', async () => {
		const [a, b] = withPdf(p);
		sandbox.fault(p.key, { kind: 'renumber', numbers: { [a]: 'A/1', [b]: 'A 1' }, times: Infinity });
		const names = namesOf(await listWithPdfs(p, 2));
		expect(names).toEqual({ [a]: [`${p.key}-A-1-${a}.pdf`, `${p.key}-A-1-${a}.pdf`], [b]: [`${p.key}-A-1-${b}.pdf`, `${p.key}-A-1-${b}.pdf`] });
	});

	it('renumber: three invoices with the same number: the first keeps it, the later ones get their id', async () => {
		const [a, b, c] = withPdf(p);
		sandbox.fault(p.key, { kind: 'renumber', numbers: { [a]: 'INV-7', [b]: 'INV-7', [c]: 'INV-7' }, times: Infinity });
		const names = namesOf(await listWithPdfs(p, 3));
		expect(Object.fromEntries(Object.entries(names).map(([id, [name]]) => [id, name]))).toEqual({
			[a]: `${p.key}-INV-7.pdf`,
			[b]: `${p.key}-INV-7-${b}.pdf`,
			[c]: `${p.key}-INV-7-${c}.pdf`,
		});
	});

	it('renumber: a number that reads "<number>-<id>" of a later duplicate: the duplicate gets a counter, never the same name', async () => {
		const [a, b, c] = withPdf(p);
		// b and c share "N"; a (output first) is numbered like c's name with its id
		sandbox.fault(p.key, { kind: 'renumber', numbers: { [a]: `N-${c}`, [b]: 'N', [c]: 'N' }, times: Infinity });
		const names = namesOf(await listWithPdfs(p, 3));
		expect(Object.fromEntries(Object.entries(names).map(([id, [name]]) => [id, name]))).toEqual({
			[a]: `${p.key}-N-${c}.pdf`,
			[b]: `${p.key}-N.pdf`,
			[c]: `${p.key}-N-${c}-2.pdf`,
		});
	});

	it('renumber: a number of only unsafe characters, and a number with spaces and slashes, are named by their id', async () => {
		const [a, b] = withPdf(p);
		sandbox.fault(p.key, { kind: 'renumber', numbers: { [a]: '///', [b]: ' 2024 / 0001 ' }, times: Infinity });
		const names = namesOf(await listWithPdfs(p, 2));
		expect(Object.fromEntries(Object.entries(names).map(([id, [name]]) => [id, name]))).toEqual({
			[a]: `${p.key}-invoice-${a}.pdf`,
			[b]: `${p.key}-2024-0001-${b}.pdf`,
		});
	});

	it('renumber: Download PDF on two input items with the same number: the second file gets its id', async () => {
		const [a, b] = withPdf(p);
		sandbox.fault(p.key, { kind: 'renumber', numbers: { [a]: 'DUP', [b]: 'DUP' }, times: Infinity });
		const result = await run(sandbox, p.key, {
			parameters: { operation: 'download', invoiceId: '={{ $json.id }}' },
			input: [{ json: { id: a } }, { json: { id: b } }],
		});
		const names = namesOf(result);
		expect(names).toEqual({ [a]: [`${p.key}-DUP.pdf`, `${p.key}-DUP.pdf`], [b]: [`${p.key}-DUP-${b}.pdf`, `${p.key}-DUP-${b}.pdf`] });
	});

	it('renumber: Get on two input items with the same number names them apart too (the name a later Download PDF uses)', async () => {
		const [a, b] = withPdf(p);
		sandbox.fault(p.key, { kind: 'renumber', numbers: { [a]: 'SAME', [b]: 'SAME' }, times: Infinity });
		const result = await run(sandbox, p.key, { parameters: { operation: 'get', invoiceId: '={{ $json.id }}' }, input: [{ json: { id: a } }, { json: { id: b } }] });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => (item.json.pdf as { fileName: string }).fileName)).toEqual([`${p.key}-SAME.pdf`, `${p.key}-SAME-${b}.pdf`]);
	});
});

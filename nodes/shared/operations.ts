import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Invoice } from './invoice';
import { toBinary } from './pdf';
import type { InvoiceContext, InvoiceProvider, ItemOperation, NormalizeEnv, Operation } from './provider';
import { InputError, dateParameter, positiveInteger } from './validate';

/** The normalizer's environment: the credential's zone plus what the provider loads once. */
export async function environmentOf(ctx: InvoiceContext, provider: InvoiceProvider): Promise<NormalizeEnv> {
	const loaded = provider.environment
		? await ctx.memo('environment', async () => await provider.environment!(ctx))
		: {};
	return { timezone: ctx.timezone, ...loaded };
}

export function requiredText(value: unknown, field: string): string {
	const input = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!input) {
		throw new InputError(`The ${field} is empty`, `Enter the ${field}, or map it from the previous node, e.g. {{ $json.id }}.`);
	}
	return input;
}

function output(invoice: Invoice, raw: IDataObject | undefined, includeRaw: boolean): IDataObject {
	const json = { ...invoice } as unknown as IDataObject;
	if (includeRaw && raw) json.raw = raw;
	return json;
}

function binaryField(value: unknown): string {
	return requiredText(value, 'Put Output File in Field');
}

async function attachPdf(
	ctx: InvoiceContext,
	provider: InvoiceProvider,
	invoice: Invoice,
	raw: IDataObject | undefined,
): Promise<IBinaryKeyData[string]> {
	const pdf = provider.pdf!;
	const response = await pdf.fetch(ctx, invoice, raw);
	const { binary } = await toBinary(ctx, response, {
		expected: ['pdf'],
		fileName: () => invoice.pdf.fileName ?? `${provider.name}-${invoice.id}.pdf`,
		base64Fields: pdf.base64Fields,
		what: `PDF of ${provider.displayName} invoice ${invoice.number ?? invoice.id}`,
	});
	return binary;
}

/** Whether the incoming item already is this provider's normalized invoice with that ID. */
function invoiceFromInput(provider: InvoiceProvider, item: INodeExecutionData, id: string): Invoice | undefined {
	const json = item.json as unknown as Partial<Invoice>;
	if (
		json?.provider === provider.name &&
		json.id === id &&
		json.pdf &&
		typeof json.pdf === 'object' &&
		typeof json.pdf.available === 'boolean'
	) {
		const { raw: _raw, ...invoice } = json as Invoice;
		return invoice as Invoice;
	}
	return undefined;
}

export function getAll(provider: InvoiceProvider): ItemOperation {
	return {
		kind: 'item',
		async run(ctx) {
			const returnAll = ctx.param<boolean>('returnAll', false);
			const limit = returnAll ? Infinity : positiveInteger(ctx.param('limit', 50), 'Limit');
			const { issuedAfter, issuedBefore, ...filters } = ctx.param<IDataObject>('filters', {});
			const after = dateParameter(issuedAfter, 'Issued After filter', ctx.fn.getTimezone());
			const before = dateParameter(issuedBefore, 'Issued Before filter', ctx.fn.getTimezone());
			if (after !== undefined && before !== undefined && after > before) {
				throw new InputError(
					'The Issued After filter is later than Issued Before',
					'No invoice can match. Swap the two dates or clear one of them.',
				);
			}
			const options = ctx.param<IDataObject>('options', {});
			const withPdf = options.downloadPdf === true && provider.pdf !== undefined;
			const property = withPdf ? binaryField(options.binaryPropertyName ?? 'data') : '';
			const dateFiltered = after !== undefined || before !== undefined;
			// list() checks the provider's filters when called, before the environment's request.
			const pages = provider.list(ctx, {
				filters,
				wanted: dateFiltered ? undefined : limit,
			});
			const env = await environmentOf(ctx, provider);

			const found: Array<{ invoice: Invoice; raw: IDataObject }> = [];
			for await (const page of pages) {
				for (const raw of page) {
					const invoice = provider.normalize(raw, env);
					if (dateFiltered) {
						const stamp = invoice.issuedAt ?? invoice.periodEnd;
						const when = stamp === null ? undefined : Date.parse(stamp);
						if (when === undefined) continue;
						if (after !== undefined && when < after) continue;
						if (before !== undefined && when >= before) continue;
					}
					found.push({ invoice, raw });
					if (found.length >= limit) break;
				}
				if (found.length >= limit) break;
			}

			const items: INodeExecutionData[] = [];
			for (const { invoice, raw } of found) {
				const item: INodeExecutionData = { json: output(invoice, raw, options.includeRaw === true) };
				if (withPdf && invoice.pdf.available) {
					item.binary = { [property]: await attachPdf(ctx, provider, invoice, raw) };
				}
				items.push(item);
			}
			return items;
		},
	};
}

/**
 * Get one invoice by a parameter (Invoice ID by default; i3D.net also by number). `fetch`
 * returns the raw record; the default is the provider's get by ID.
 */
export function getBy(
	provider: InvoiceProvider,
	parameter = 'invoiceId',
	label = 'Invoice ID',
	fetch: (ctx: InvoiceContext, value: string) => Promise<IDataObject> = async (ctx, id) => await provider.get(ctx, id),
): ItemOperation {
	return {
		kind: 'item',
		async run(ctx) {
			const raw = await fetch(ctx, requiredText(ctx.param(parameter), label));
			const env = await environmentOf(ctx, provider);
			const includeRaw = ctx.param<IDataObject>('options', {}).includeRaw === true;
			return [{ json: output(provider.normalize(raw, env), raw, includeRaw) }];
		},
	};
}

export function download(provider: InvoiceProvider): ItemOperation {
	return {
		kind: 'item',
		async run(ctx, item) {
			const id = requiredText(ctx.param('invoiceId'), 'Invoice ID');
			const property = binaryField(ctx.param('binaryPropertyName', 'data'));
			const includeRaw = ctx.param<IDataObject>('options', {}).includeRaw === true;
			let invoice = includeRaw ? undefined : invoiceFromInput(provider, item, id);
			let raw: IDataObject | undefined;
			if (!invoice) {
				raw = await provider.get(ctx, id);
				invoice = provider.normalize(raw, await environmentOf(ctx, provider));
			}
			if (!invoice.pdf.available) {
				throw ctx.api.operationError(
					`${provider.displayName} invoice ${invoice.number ?? invoice.id} has no PDF`,
					provider.pdf?.unavailableReason ?? 'The provider offers no file for this invoice.',
				);
			}
			const binary = await attachPdf(ctx, provider, invoice, raw);
			return [
				{
					json: output(invoice, raw, includeRaw),
					binary: { ...(item.binary ?? {}), [property]: binary },
				},
			];
		},
	};
}

/** Get Many, Get and (when the API has PDFs) Download PDF, plus the provider's own operations. */
export function operationsOf(provider: InvoiceProvider): Record<string, Operation> {
	return {
		getAll: getAll(provider),
		get: getBy(provider),
		...(provider.pdf ? { download: download(provider) } : {}),
		...provider.operations,
	};
}

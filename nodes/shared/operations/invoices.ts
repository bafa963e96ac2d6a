import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { finishInvoice, pdfFileName, type Invoice } from '../invoice';
import { toBinary } from '../pdf';
import type { InvoiceContext, NormalizeEnv } from '../provider';
import { isRecord } from '../shape';
import { InputError } from '../validate';

/** What the operations share: reading invoices through the provider and shaping output items. */

/** The normalizer's environment: the credential's zone plus what the provider loads once. */
export async function environmentOf(ctx: InvoiceContext): Promise<NormalizeEnv> {
	const { provider } = ctx;
	const loaded = provider.environment
		? await ctx.memo('environment', async () => await provider.environment!(ctx))
		: {};
	return { timezone: ctx.timezone, ...loaded };
}

/**
 * Starts loading the environment now, beside the caller's own first request, instead of before
 * it. Await the result where the environment is needed: a failure surfaces there (and is never an
 * unhandled rejection if the caller fails first).
 */
export function environmentBeside(ctx: InvoiceContext): Promise<NormalizeEnv> {
	const env = environmentOf(ctx);
	env.catch(() => undefined);
	return env;
}

/** A list record as the normalized invoice. */
export function listedInvoice(ctx: InvoiceContext, raw: IDataObject, env: NormalizeEnv): Invoice {
	return finishInvoice(ctx.provider.name, ctx.provider.normalize(raw, env));
}

export function requiredText(value: unknown, field: string): string {
	if (typeof value === 'object' && value !== null) {
		throw new InputError(
			`The ${field} is ${Array.isArray(value) ? 'a list' : 'an object'}, not a single value`,
			'Map one value, e.g. {{ $json.id }}, not a whole item or list.',
		);
	}
	const input = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!input) {
		throw new InputError(`The ${field} is empty`, `Enter the ${field}, or map it from the previous node, e.g. {{ $json.id }}.`);
	}
	return input;
}

/**
 * One invoice the user asked for by its ID (or e.g. i3D.net's number), read with the provider's
 * detail normalizer. An answer about another invoice is an error naming both: a proxy or a
 * broken API must not put one invoice's data under another's ID.
 */
export async function requestedInvoice(
	ctx: InvoiceContext,
	asked: { field: 'id' | 'number'; value: string; label: string },
	fetch: () => Promise<IDataObject>,
): Promise<{ invoice: Invoice; raw: IDataObject }> {
	const { provider } = ctx;
	const raw = await fetch();
	const env = await environmentOf(ctx);
	const id = asked.field === 'id' ? asked.value : '';
	const draft = provider.normalizeDetail ? provider.normalizeDetail(raw, env, id) : provider.normalize(raw, env);
	const invoice = finishInvoice(provider.name, draft);
	const got = invoice[asked.field];
	if (got !== asked.value) {
		throw ctx.api.operationError(
			`Asked ${provider.displayName} for the invoice with ${asked.label} ${asked.value}, but the API sent ${got ? `the invoice with ${asked.label} ${got}` : `an invoice without ${asked.label}`}`,
			'No item was output, because the answer is about another invoice. Check the Base URL in the credential (a proxy or cache may answer instead of the API), then try again.',
		);
	}
	// The caller names the invoice next: in item order (see InvoiceContext.inTurn).
	await ctx.inTurn();
	return { invoice, raw };
}

/**
 * The invoice with a file name no other invoice of this execution has: a number two invoices
 * share gets the id added to the later one's name. That name may be taken too (another invoice's
 * number can read "<number>-<id>"): then a counter follows it until the name is free. Items that
 * run concurrently call it in their turn (namedInTurn, or after requestedInvoice).
 */
export function uniquelyNamed(ctx: InvoiceContext, invoice: Invoice): Invoice {
	const name = invoice.pdf.fileName;
	if (name === null || ctx.claimFileName(name, invoice.id)) return invoice;
	const withId = pdfFileName(ctx.provider.name, invoice.number, invoice.id, 'pdf', true);
	let fileName = withId;
	for (let counter = 2; !ctx.claimFileName(fileName, invoice.id); counter++) {
		fileName = withId.replace(/\.pdf$/, `-${counter}.pdf`);
	}
	const renamed = { ...invoice, pdf: { ...invoice.pdf, fileName } };
	const raw = carried.get(invoice);
	if (raw) carried.set(renamed, raw);
	return renamed;
}

/** uniquelyNamed once every earlier input item has named its invoices. */
export async function namedInTurn(ctx: InvoiceContext, invoice: Invoice): Promise<Invoice> {
	await ctx.inTurn();
	return uniquelyNamed(ctx, invoice);
}

/** An item's json: the invoice (an object made for this item alone), with `raw` last when asked for. */
export function output(invoice: Invoice, raw: IDataObject | undefined, includeRaw: boolean): IDataObject {
	return (includeRaw && raw ? { ...invoice, raw } : invoice) as unknown as IDataObject;
}

export function binaryField(value: unknown): string {
	return requiredText(value, 'Put Output File in Field');
}

export async function attachPdf(ctx: InvoiceContext, invoice: Invoice, raw: IDataObject | undefined): Promise<IBinaryKeyData[string]> {
	const { provider } = ctx;
	const response = await provider.pdf!.fetch(ctx, invoice, raw ?? carried.get(invoice));
	const { binary } = await toBinary(ctx, response, {
		expected: ['pdf'],
		fileName: () => invoice.pdf.fileName ?? `${provider.name}-${invoice.id}.pdf`,
		base64Fields: provider.pdf!.base64Fields,
		what: `PDF of ${provider.displayName} invoice ${invoice.number ?? invoice.id}`,
	});
	return binary;
}

/**
 * The provider's record an incoming invoice item carried as `raw` (Get Many with Include Raw
 * Data), kept beside the invoice for its PDF: where the item's `pdf.url` cannot be used (an item
 * made before that field, or a malformed one), WiseCP then still needs no lookup. Never output:
 * the item's `raw` stays what Include Raw Data says.
 */
const carried = new WeakMap<Invoice, IDataObject>();

/** Whether the incoming item already is this provider's normalized invoice with that ID. */
export function invoiceFromInput(ctx: InvoiceContext, item: INodeExecutionData, id: string): Invoice | undefined {
	const json = item.json as unknown as Partial<Invoice>;
	if (
		json?.provider === ctx.provider.name &&
		json.id === id &&
		json.pdf &&
		typeof json.pdf === 'object' &&
		typeof json.pdf.available === 'boolean'
	) {
		const { raw, ...invoice } = json as Invoice;
		// Only a record of this very invoice: the provider's own idOf must read the same ID.
		if (isRecord(raw) && ctx.provider.idOf(raw) === id) carried.set(invoice as Invoice, raw);
		return invoice as Invoice;
	}
	return undefined;
}

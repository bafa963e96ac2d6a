import { NodeApiError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { invoiceIdField, invoiceLocatorField, timeoutOption } from '../../shared/fields';
import { finishInvoice, text } from '../../shared/invoice';
import { environmentOf, requiredText } from '../../shared/operations/invoices';
import type { InvoiceContext, ItemOperation } from '../../shared/provider';
import { at, isRecord } from '../../shared/shape';
import { digitsId } from '../../shared/validate';
import { PPH_PATHS } from '../endpoints';

const properties: INodeProperties[] = [
	{
		displayName:
			'This changes the invoice at PPH: it moves account credit. It is sent once and never retried; if its answer is lost, check the invoice with Get before running it again.',
		name: 'changesMoneyNotice',
		type: 'notice',
		default: '',
	},
	{ ...invoiceIdField, displayOptions: { show: { '@version': [1] } } },
	// Version 2: the Invoice picker of Get and Download PDF, so an invoice picked there stays
	// picked when the operation changes (a text field of the same name would show "[object Object]").
	{ ...invoiceLocatorField, displayOptions: { show: { '@version': [2] } } },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [timeoutOption],
	},
];

/**
 * The error of a credit action that failed. A refusal (4xx) did nothing; any other failure may
 * have come after the change was made, so the message says so and how to check.
 */
function answerLost(ctx: InvoiceContext, error: unknown, id: string, done: string): Error {
	const check = `Check the invoice first (PPH node, Get, ID ${id}: its status and credit) before running this again; it is not retried automatically because it changes money.`;
	if (error instanceof NodeApiError) {
		if (Number(error.httpCode) >= 500) {
			error.description = `PPH failed after receiving the request, so "${done}" may already have happened. ${check}`;
		}
		return error;
	}
	return ctx.api.operationError(
		`${(error as Error).message}. The answer was lost, so "${done}" may already have happened for invoice ${id}`,
		check,
	);
}

/**
 * Pay with credit and remove credit change the invoice, so they are never retried after a
 * failure that may have reached the server (only on 429). Their answer is documented loosely:
 * an updated invoice is normalized, a bare message is passed on.
 */
function creditAction(path: (id: string) => string, done: string): ItemOperation['run'] {
	return async (ctx) => {
		const { provider } = ctx;
		const id = digitsId(requiredText(ctx.param('invoiceId'), 'Invoice ID'), 'Invoice ID');
		let response;
		try {
			response = await ctx.api.request({ method: 'POST', path: path(id), idempotent: false });
		} catch (error) {
			throw answerLost(ctx, error, id, done);
		}
		const data = at(response.body, 'data');
		if (isRecord(data) && data.id !== undefined) {
			const invoice = finishInvoice(provider.name, provider.normalize(data, await environmentOf(ctx)));
			return [{ json: { ...invoice } as unknown as IDataObject }];
		}
		const message = text(at(response.body, 'data.message')) ?? text(at(response.body, 'message'));
		return [{ json: { provider: provider.name, id, success: true, message: message ?? done } }];
	};
}

export const payWithCredit: ItemOperation = {
	kind: 'item',
	option: {
		name: 'Pay With Credit',
		value: 'payWithCredit',
		description: 'Pay an unpaid invoice from the account credit',
		action: 'Pay an invoice with credit',
	},
	properties,
	run: creditAction(PPH_PATHS.pay, 'Invoice paid with account credit'),
};

export const removeCredit: ItemOperation = {
	kind: 'item',
	option: {
		name: 'Remove Credit',
		value: 'removeCredit',
		description: 'Remove the applied credit from an unpaid invoice',
		action: 'Remove credit from an invoice',
	},
	properties,
	run: creditAction(PPH_PATHS.removeCredit, 'Credit removed from the invoice'),
};

import type { IDataObject } from 'n8n-workflow';

import type { InvoiceContext } from '../shared/provider';
import { recordsAt } from '../shared/shape';

/** Every path of the i3D.net API this node calls, relative to the credential's Base URL. */
export const I3D_PATHS = {
	list: 'account/invoice',
	unpaid: 'account/invoice/unpaid',
	byId: (id: string) => `account/invoice/${id}`,
	byNumber: (number: string) => `account/invoice/number/${number}`,
	pdf: (id: string) => `account/invoice/${id}/pdf`,
};

/** i3D's own Terraform client pages by 100; the API's real maximum is not documented. */
export const I3D_PAGE_SIZE = 100;

/** Every i3D.net GET answers with an array, even for one invoice: the one invoice it holds. */
export function firstOf(ctx: InvoiceContext, body: unknown, what: string): IDataObject {
	const records = recordsAt(ctx, body, '', 'a list with the invoice');
	if (records.length === 0) {
		throw ctx.api.notFound(`i3D.net has no invoice with ${what}`, 'Check the value; Get Many lists the invoices this API key can see.');
	}
	return records[0];
}

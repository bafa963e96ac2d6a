import { formalizedLink } from '../../nodes/WiseCp/normalize';

import { normalizeI3d, normalizeI3dDetail, normalizeNorthflank, normalizePph, normalizeVpsbg, normalizeWiseCp } from './normalized';

// The providers' own documentation examples, verbatim, normalized field by field.

describe('VPSBG', () => {
	it('normalizes the documented list items', () => {
		const env = { timezone: 'UTC', currency: 'EUR' };
		expect(
			normalizeVpsbg(
				{ id: 8431, invoice_number: '0000007398', created_at: '2024-08-27T21:00:00.000000Z', amount: 90, amount_with_vat: 108, type: 'proform', order_ids: [7398] },
				env,
			),
		).toEqual({
			provider: 'vpsbg', id: '8431', number: '0000007398', type: 'proforma', status: 'unknown', description: null,
			currency: 'EUR', subtotal: 90, tax: 18, total: 108, discount: null, amountDue: null, taxRate: null,
			issuedAt: '2024-08-27T21:00:00.000Z', dueAt: null, paidAt: null, periodStart: null, periodEnd: null,
			lines: [], pdf: { available: true, fileName: 'vpsbg-0000007398.pdf', url: null },
		});
		const original = normalizeVpsbg(
			{ id: 8425, invoice_number: '0000001594', created_at: '2024-08-04T21:00:00.000000Z', amount: 0, amount_with_vat: 0, type: 'original', order_ids: [7390] },
			env,
		);
		expect(original).toMatchObject({ id: '8425', type: 'invoice', subtotal: 0, tax: 0, total: 0, issuedAt: '2024-08-04T21:00:00.000Z' });
	});
});

describe('i3D.net', () => {
	it('normalizes a list item (cents strings, unix dates)', () => {
		expect(
			normalizeI3d(
				{
					id: '2188431', creationDate: 1714521600, dueDate: 1715731200, invoiceNumber: '20240501234',
					invoiceHash: '9f2c1b7e4d6a8c0e3b5d7f9a1c3e5b7d', description: 'Dedicated server 2x AMD EPYC - May 2024',
					currency: 'EUR', currencySign: '€', amountIncVAT: '24200', amountExclVAT: '20000',
					paymentStatus: 1, paymentDate: 1714650000, isCredit: 0, remainingAmount: '0', totalPaidAmount: '24200',
				},
				{ timezone: 'UTC' },
			),
		).toEqual({
			provider: 'i3dnet', id: '2188431', number: '20240501234', type: 'invoice', status: 'paid',
			description: 'Dedicated server 2x AMD EPYC - May 2024', currency: 'EUR', subtotal: 200, tax: 42, total: 242,
			discount: null, amountDue: 0, taxRate: null, issuedAt: '2024-05-01T00:00:00.000Z', dueAt: '2024-05-15T00:00:00.000Z',
			paidAt: '2024-05-02T11:40:00.000Z', periodStart: null, periodEnd: null, lines: [],
			pdf: { available: true, fileName: 'i3dnet-20240501234.pdf', url: null },
		});
	});

	it('normalizes invoice details (lower-case Vat, items, credit invoices, unpaid)', () => {
		expect(
			normalizeI3dDetail(
				{
					id: 2188432, invoiceNumber: 'CR-2024-7', invoiceHash: 'h', clientNumber: 'C1', creationDate: '2024-06-01T00:00:00+00:00',
					dueDate: '2024-06-15T00:00:00+00:00', paymentStatus: 0, paymentDate: 0, isCredit: 1, paymentTerm: 14,
					currency: 'USD', currencySign: '$', vatPercentage: 21, vatAmount: '-2100', amountIncVat: '-12100', amountExclVat: '-10000',
					items: [
						{ orderId: 'O1', description: 'Refund bandwidth', periodFrom: '2024-05-01', periodTo: '2024-05-31', remarks: '', quantity: 2, setupCosts: '0', unitPrice: '-5000', vatPercentage: 21, vatAmount: '-2100', amountIncVat: '-12100', amountExclVat: '-10000' },
					],
				},
				{ timezone: 'UTC' },
			),
		).toEqual({
			provider: 'i3dnet', id: '2188432', number: 'CR-2024-7', type: 'credit_note', status: 'unpaid', description: null,
			currency: 'USD', subtotal: -100, tax: -21, total: -121, discount: null, amountDue: null, taxRate: 21,
			issuedAt: '2024-06-01T00:00:00.000Z', dueAt: '2024-06-15T00:00:00.000Z', paidAt: null,
			periodStart: '2024-05-01T00:00:00.000Z', periodEnd: '2024-05-31T00:00:00.000Z',
			lines: [{ description: 'Refund bandwidth', quantity: 2, unitPrice: -50, total: -100, taxRate: 21 }],
			pdf: { available: true, fileName: 'i3dnet-CR-2024-7.pdf', url: null },
		});
	});
});

describe('WiseCP', () => {
	const invoice367 = {
		id: 367, number: '#367', taxation_type: 'exclusive', notes: null,
		created_at: '2023-03-11 19:49:00', due_date: '2023-03-11 23:59:00', payment_date: '2023-03-11 19:53:49',
		refund_date: '0000-00-00 00:00:00', status: 'paid', formalize: true, local: true, taxfree: false,
		formalize_file: 'https://example.com/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf', exchange_rate: 1,
		currency: 'USD', tax_rate: 18, subtotal: 21, tax: 3.779999999999999804600747665972448885440826416015625,
		total: 24.780000000000001136868377216160297393798828125, payment_method: 'Credit Card (Stripe)',
		discounts: [],
		items: [{ id: 458, owner_id: 367, description: 'test description', quantity: 1, tax_exempt: false, amount: 20, total: 20, order_id: 0, due_date: '0000-00-00 00:00:00', attributes: [] }],
	};

	it('normalizes the documented formalized invoice, money exact, dates in the credential zone', () => {
		expect(normalizeWiseCp(invoice367, { timezone: 'UTC', baseUrl: 'https://example.com/index.php/api/' })).toEqual({
			provider: 'wisecp', id: '367', number: '#367', type: 'invoice', status: 'paid', description: null,
			currency: 'USD', subtotal: 21, tax: 3.78, total: 24.78, discount: 0, amountDue: null, taxRate: 18,
			issuedAt: '2023-03-11T19:49:00.000Z', dueAt: '2023-03-11T23:59:00.000Z', paidAt: '2023-03-11T19:53:49.000Z',
			periodStart: null, periodEnd: null,
			lines: [{ description: 'test description', quantity: 1, unitPrice: 20, total: 20, taxRate: 18 }],
			pdf: { available: true, fileName: 'wisecp-367.pdf', url: 'https://example.com/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf' },
		});
		expect(normalizeWiseCp(invoice367, { timezone: 'Europe/Istanbul' })).toMatchObject({
			issuedAt: '2023-03-11T16:49:00.000Z', dueAt: '2023-03-11T20:59:00.000Z', paidAt: '2023-03-11T16:53:49.000Z',
		});
	});

	it('pdf.url is the link the download fetches: formalize_file resolved against the install root of the Base URL', () => {
		const base = 'https://example.com/billing/index.php/api/';
		const link = (file: string | null, formalize = true) =>
			normalizeWiseCp({ ...invoice367, formalize, formalize_file: file }, { timezone: 'UTC', baseUrl: base }).pdf;
		expect(link('https://cdn.example.net/x/a b.pdf')).toEqual({ available: true, fileName: 'wisecp-367.pdf', url: 'https://cdn.example.net/x/a%20b.pdf' });
		expect(link('aa2f3fasd3fa3f4ed.pdf').url).toBe('https://example.com/billing/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf');
		expect(link('resources/uploads/invoices/aa2f.pdf').url).toBe('https://example.com/billing/resources/uploads/invoices/aa2f.pdf');
		expect(link('/files/aa2f.pdf').url).toBe('https://example.com/files/aa2f.pdf');
		expect(link('a?b#c.pdf').url).toBe('https://example.com/billing/resources/uploads/invoices/a%3Fb%23c.pdf');
		// No file, or a file the download could not fetch as a web address: no link (never an exception).
		expect(link('x.pdf', false)).toEqual({ available: false, fileName: null, url: null });
		expect(link(null)).toEqual({ available: false, fileName: null, url: null });
		expect(link('http://[bad/x.pdf')).toEqual({ available: true, fileName: 'wisecp-367.pdf', url: null });
		expect(link('data:application/pdf;base64,JVBERi0=').url).toBeNull();
		expect(link('javascript:alert(1)//x').url).toBeNull();
		// Without the Base URL in the environment there is nothing to resolve against.
		expect(normalizeWiseCp(invoice367, { timezone: 'UTC' }).pdf).toEqual({ available: true, fileName: 'wisecp-367.pdf', url: null });
		expect(formalizedLink(undefined, base)).toBeNull();
		expect(formalizedLink('a.pdf', 'not a url')).toBeNull();
	});

	it('normalizes the documented invoice with float noise and no file', () => {
		expect(
			normalizeWiseCp(
				{
					id: 327, number: '#327', notes: 'Invoice note test123', created_at: '2022-11-23 16:06:00', due_date: '2022-11-23 16:06:00',
					payment_date: '2022-11-23 16:09:46', refund_date: '0000-00-00 00:00:00', status: 'paid', formalize: false, formalize_file: null,
					currency: 'USD', tax_rate: 0, subtotal: 0.68859999999999998987476601541857235133647918701171875, tax: 0,
					total: 0.550899999999999945288209346472285687923431396484375,
					items: [{ id: 408, description: 'blamydomain.com (#125) (Domain Name Registration) | Yearly\r\nWhois Protection: I want', quantity: 1, tax_exempt: false, amount: 0.68859999999999998987476601541857235133647918701171875, total: 0.68859999999999998987476601541857235133647918701171875 }],
				},
				{ timezone: 'UTC' },
			),
		).toEqual({
			provider: 'wisecp', id: '327', number: '#327', type: 'invoice', status: 'paid', description: 'Invoice note test123',
			currency: 'USD', subtotal: 0.69, tax: 0, total: 0.55, discount: null, amountDue: null, taxRate: 0,
			issuedAt: '2022-11-23T16:06:00.000Z', dueAt: '2022-11-23T16:06:00.000Z', paidAt: '2022-11-23T16:09:46.000Z',
			periodStart: null, periodEnd: null,
			lines: [{ description: 'blamydomain.com (#125) (Domain Name Registration) | Yearly\r\nWhois Protection: I want', quantity: 1, unitPrice: 0.69, total: 0.69, taxRate: 0 }],
			pdf: { available: false, fileName: null, url: null },
		});
	});
});

describe('PPH', () => {
	it('normalizes the documented single invoice with the Laravel "-000001" date', () => {
		expect(
			normalizePph(
				{
					id: 130348, duedate: '2020-06-26T22:00:00.000000Z', datepaid: '-000001-11-29T23:06:32.000000Z', date: '2020-06-27T22:00:00.000000Z',
					subtotal: 6.68, credit: 1, tax: 1.27, taxrate: 19, total: 7.95, status: 'Cancelled', status_label: 'Storniert', is_open: false,
					items: [{ id: 140373, invoiceid: 130348, type: 'Hosting', short_description: 'KVM Konfigurierbar (SSD) - (27.06.2020 - 26.07.2020)', description: 'KVM Konfigurierbar (SSD) - (27.06.2020 - 26.07.2020)\nBetriebssystem: Windows (Log-In ready)', relid: 23633, amount: 7.95, taxed: 1, donation: false }],
					donation_invoice: false,
				},
				{ timezone: 'UTC', currency: 'EUR' },
			),
		).toEqual({
			provider: 'pph', id: '130348', number: '130348', type: 'invoice', status: 'cancelled', description: null,
			currency: 'EUR', subtotal: 6.68, tax: 1.27, total: 7.95, discount: null, amountDue: null, taxRate: 19,
			issuedAt: '2020-06-27T22:00:00.000Z', dueAt: '2020-06-26T22:00:00.000Z', paidAt: null, periodStart: null, periodEnd: null,
			lines: [{ description: 'KVM Konfigurierbar (SSD) - (27.06.2020 - 26.07.2020)\nBetriebssystem: Windows (Log-In ready)', quantity: null, unitPrice: null, total: 7.95, taxRate: 19 }],
			pdf: { available: true, fileName: 'pph-130348.pdf', url: null },
		});
	});

	it('reads item amounts sent as strings', () => {
		const invoice = normalizePph(
			{ id: 212032, duedate: '2022-12-26T23:00:00.000000Z', datepaid: '2022-11-17T03:00:32.000000Z', date: '2022-11-16T23:00:00.000000Z', subtotal: 0, credit: 0, tax: 0, taxrate: 19, total: 0, status: 'Paid', items: [{ id: 246676, type: 'Domain', description: 'Domain Verlängerung', amount: '0.00', taxed: 1 }] },
			{ timezone: 'UTC', currency: 'EUR' },
		);
		expect(invoice).toMatchObject({ status: 'paid', paidAt: '2022-11-17T03:00:32.000000Z'.replace('000000Z', '000Z'), lines: [{ description: 'Domain Verlängerung', quantity: null, unitPrice: null, total: 0, taxRate: 19 }] });
	});
});

describe('Northflank', () => {
	const legacy = { period: { start: 1655823815, end: 1655910214 }, currency: 'usd', total: 1200, subTotal: 1000 };

	it('normalizes the documented legacy item (no id: the period start identifies it), cents by default', () => {
		expect(normalizeNorthflank(legacy, { timezone: 'UTC' })).toEqual({
			provider: 'northflank', id: '1655823815', number: null, type: 'invoice', status: 'unknown', description: null,
			currency: 'USD', subtotal: 10, tax: null, total: 12, discount: null, amountDue: null, taxRate: null,
			issuedAt: null, dueAt: null, paidAt: null, periodStart: '2022-06-21T15:03:35.000Z', periodEnd: '2022-06-22T15:03:34.000Z',
			lines: [], pdf: { available: false, fileName: null, url: null },
		});
		expect(normalizeNorthflank(legacy, { timezone: 'UTC', amountsInMinorUnits: false })).toMatchObject({ subtotal: 1000, total: 1200 });
	});

	it('normalizes current invoice details with tax and line items', () => {
		expect(
			normalizeNorthflank(
				{ id: '835994C3-14310', period: { start: 1780272000, end: 1782864000 }, currency: 'eur', subTotal: 6922, discounts: { total: 0 }, tax: { percent: 20, amount: 1384 }, total: 8306, paid: true, lineItems: [{ title: 'Compute', total: 6922, base: 6922, proration: false }] },
				{ timezone: 'UTC' },
			),
		).toEqual({
			provider: 'northflank', id: '835994C3-14310', number: '835994C3-14310', type: 'invoice', status: 'paid', description: null,
			currency: 'EUR', subtotal: 69.22, tax: 13.84, total: 83.06, discount: 0, amountDue: null, taxRate: 20,
			issuedAt: null, dueAt: null, paidAt: null, periodStart: '2026-06-01T00:00:00.000Z', periodEnd: '2026-07-01T00:00:00.000Z',
			lines: [{ description: 'Compute', quantity: null, unitPrice: null, total: 69.22, taxRate: null }],
			pdf: { available: false, fileName: null, url: null },
		});
	});
});

'use strict';

/**
 * The docs' own example records, verbatim. Each generator puts these first in its data set.
 * Only host names are replaced: WiseCP's "https://example.com" becomes the sandbox's WiseCP
 * install root and PPH's "https://api.pph.sh" becomes the PPH base URL, so links resolve.
 * The long WiseCP numbers are written exactly as in wisecp.txt: as JS literals they parse to
 * the same doubles (JSON.stringify then prints them shortest, e.g. 0.6886).
 */

/** @typedef {{ url: string, otherUrl: string, baseUrls: Record<string, string> }} UrlContext */

/** VPSBG "List invoices" example (vpsbg.txt): 8431 then 8425, plus the lines their PDFs show. */
function vpsbgFixtures() {
	return [
		{
			record: {
				id: 8431,
				invoice_number: '0000007398',
				created_at: '2024-08-27T21:00:00.000000Z',
				amount: 90,
				amount_with_vat: 108,
				type: 'proform',
				order_ids: [7398],
			},
			extra: {
				lines: [{ orderId: 7398, description: 'Dedicated server Intel Xeon E-2236, 32 GB RAM, 2x 1 TB NVMe - 1 month', quantity: 1, unitPrice: 90 }],
			},
		},
		{
			record: {
				id: 8425,
				invoice_number: '0000001594',
				created_at: '2024-08-04T21:00:00.000000Z',
				amount: 0,
				amount_with_vat: 0,
				type: 'original',
				order_ids: [7390],
			},
			extra: {
				lines: [{ orderId: 7390, description: 'VPS Entry (1 vCPU, 2 GB RAM, 40 GB NVMe) - free trial month', quantity: 1, unitPrice: 0 }],
			},
		},
	];
}

/** i3D.net illustrative list item (NOTES.md §2.2) and the details the sandbox serves for it. */
function i3dnetFixtures() {
	return [
		{
			record: {
				id: '2188431', creationDate: 1714521600, dueDate: 1715731200, invoiceNumber: '20240501234',
				invoiceHash: '9f2c1b7e4d6a8c0e3b5d7f9a1c3e5b7d', description: 'Dedicated server 2x AMD EPYC - May 2024',
				currency: 'EUR', currencySign: '€', amountIncVAT: '24200', amountExclVAT: '20000',
				paymentStatus: 1, paymentDate: 1714650000, isCredit: 0, remainingAmount: '0', totalPaidAmount: '24200',
			},
			items: [
				{
					orderId: '71532',
					description: 'Dedicated server 2x AMD EPYC 7443, 256 GB RAM, 2x 3.84 TB NVMe',
					periodFrom: '2024-05-01',
					periodTo: '2024-05-31',
					remarks: '',
					quantity: 1,
					setupCosts: '0',
					unitPrice: '20000',
					vatPercentage: 21,
					vatAmount: '4200',
					amountIncVat: '24200',
					amountExclVat: '20000',
				},
			],
		},
	];
}

/**
 * WiseCP GetInvoices sample (wisecp.txt), in the API's default order (sort=id, DESC): #367, #327.
 * @param {UrlContext} ctx
 */
function wisecpFixtures(ctx) {
	const site = `${ctx.url}/wisecp`;
	const shareToken = 'VCsxZWZPQkI0bDFhdDNqV0RWZHdyQllGbmN5cGkzcGhRd09tWEc0VTIyMD0=';
	return [
		{
			id: 367,
			number: '#367',
			user: {
				id: 2,
				lang: 'en',
				identity: null,
				type: 'corporate',
				name: 'Glen',
				surname: 'Daigle',
				full_name: 'Glen Daigle',
				email: '[email protected]',
				phone: '16055762309',
				company_name: 'TEST1 LLC',
				company_tax_number: '659898989',
				company_tax_office: 'gdsgs',
				address: {
					country_code: 'US',
					country_name: 'United States',
					city: 'Alaska',
					state: 'Test',
					detail: 'test testsdsdsf',
					zipcode: '1234',
				},
			},
			taxation_type: 'exclusive',
			notes: null,
			created_at: '2023-03-11 19:49:00',
			due_date: '2023-03-11 23:59:00',
			payment_date: '2023-03-11 19:53:49',
			refund_date: '0000-00-00 00:00:00',
			status: 'paid',
			formalize: true,
			local: true,
			taxfree: false,
			formalize_file: `${site}/resources/uploads/invoices/aa2f3fasd3fa3f4ed.pdf`,
			exchange_rate: 1,
			currency: 'USD',
			tax_rate: 18,
			subtotal: 21,
			tax: 3.779999999999999804600747665972448885440826416015625,
			total: 24.780000000000001136868377216160297393798828125,
			payment_method: 'Credit Card (Stripe)',
			payment_method_data: {
				'Transaction ID': 'PM12345',
			},
			payment_method_commission: 1,
			payment_method_commission_rate: 5,
			send_bill_to_address: 0,
			share: {
				token: shareToken,
				link: `${site}/invoice?token=${shareToken}`,
			},
			discounts: [],
			items: [
				{
					id: 458,
					owner_id: 367,
					description: 'test description',
					quantity: 1,
					tax_exempt: false,
					amount: 20,
					total: 20,
					order_id: 0,
					due_date: '0000-00-00 00:00:00',
					attributes: [],
				},
			],
		},
		{
			id: 327,
			number: '#327',
			user: {
				id: '2',
				lang: 'en',
				type: 'corporate',
				identity: null,
				company_name: 'Smith LLC',
				company_tax_number: '551244',
				company_tax_office: 'SaintXV2rf',
				name: 'Micheal',
				surname: 'Smith',
				full_name: 'Micheal Smith',
				email: '[email protected]',
				phone: '12025550109',
				address: {
					country_code: 'FR',
					country_name: 'France',
					city: 'Paris',
					state: 'ageagae',
					detail: 'asdsafaeg',
					zipcode: '1234',
				},
			},
			taxation_type: 'exclusive',
			notes: 'Invoice note test123',
			created_at: '2022-11-23 16:06:00',
			due_date: '2022-11-23 16:06:00',
			payment_date: '2022-11-23 16:09:46',
			refund_date: '0000-00-00 00:00:00',
			status: 'paid',
			formalize: false,
			local: false,
			taxfree: false,
			formalize_file: null,
			exchange_rate: 1,
			currency: 'USD',
			tax_rate: 0,
			subtotal: 0.68859999999999998987476601541857235133647918701171875,
			tax: 0,
			total: 0.550899999999999945288209346472285687923431396484375,
			payment_method: 'PayPal',
			payment_method_data: {
				capture_id: 'P123456',
			},
			payment_method_commission: 0,
			payment_method_commission_rate: 0,
			share: {
				token: shareToken,
				link: `${site}/invoice?token=${shareToken}`,
			},
			discounts: [
				{
					type: 'promotion',
					item_id: 408,
					rate: 20,
					description: 'Promotion 1',
					amount: 0.137699999999999989075405437688459642231464385986328125,
				},
			],
			items: [
				{
					id: 408,
					owner_id: 327,
					description: 'blamydomain.com (#125) (Domain Name Registration) | Yearly\r\nWhois Protection: I want',
					quantity: 1,
					tax_exempt: false,
					amount: 0.68859999999999998987476601541857235133647918701171875,
					total: 0.68859999999999998987476601541857235133647918701171875,
					order_id: 125,
					due_date: '2022-11-23 16:06:07',
					attributes: {
						event: 'DomainNameRegisterOrder',
					},
				},
			],
		},
	];
}

/**
 * PPH examples (pph.txt / NOTES.md §4.2), in the sandbox's PPH order (id ascending): 130348, 212032.
 * 130348 is the "Get single invoice" example: its item amount is the number 7.95 (not a string)
 * and its datepaid is Laravel's zero date "-000001-11-29T23:06:32.000000Z".
 * @param {UrlContext} ctx
 */
function pphFixtures(ctx) {
	const base = ctx.baseUrls.pph;
	return [
		{
			id: 130348,
			duedate: '2020-06-26T22:00:00.000000Z',
			datepaid: '-000001-11-29T23:06:32.000000Z',
			date: '2020-06-27T22:00:00.000000Z',
			subtotal: 6.68,
			credit: 1,
			tax: 1.27,
			taxrate: 19,
			total: 7.95,
			status: 'Cancelled',
			status_label: 'Storniert',
			is_open: false,
			items: [
				{
					id: 140373,
					invoiceid: 130348,
					type: 'Hosting',
					short_description: 'KVM Konfigurierbar (SSD) - (27.06.2020 - 26.07.2020)',
					description: 'KVM Konfigurierbar (SSD) - (27.06.2020 - 26.07.2020)\nBetriebssystem: Windows (Log-In ready)\nProzessor: 2 Kerne\nRAM: 4GB RAM\nNVMe SSD Speicher: 50GB SSD\nNetzwerkgeschwindigkeit: bis zu 200 MBit/s',
					relid: 23633,
					amount: 7.95,
					taxed: 1,
					donation: false,
				},
			],
			donation_invoice: false,
			resources: {
				invoice: `${base}/client/invoices/130348`,
				download: `${base}/client/invoices/130348/download`,
			},
		},
		{
			id: 212032,
			duedate: '2022-12-26T23:00:00.000000Z',
			datepaid: '2022-11-17T03:00:32.000000Z',
			date: '2022-11-16T23:00:00.000000Z',
			subtotal: 0,
			credit: 0,
			tax: 0,
			taxrate: 19,
			total: 0,
			status: 'Paid',
			status_label: 'Bezahlt',
			is_open: false,
			items: [
				{
					id: 246676,
					invoiceid: 212032,
					type: 'Domain',
					short_description: 'Domain Verlängerung - pph.sh - 1 Jahr(e) (27.12.2022 - 26.12.2023)',
					description: 'Domain Verlängerung - pph.sh - 1 Jahr(e) (27.12.2022 - 26.12.2023)',
					relid: 5373,
					amount: '0.00',
					taxed: 1,
				},
			],
			resources: {
				invoice: `${base}/client/invoices/212032`,
				download: `${base}/client/invoices/212032/download`,
			},
		},
	];
}

/** PPH account (NOTES.md §4.2 `GET client`); "…" placeholders filled in. */
function pphAccount() {
	return {
		id: 41003,
		firstname: 'Lena',
		lastname: 'Hoffmann',
		full_name: 'Lena Hoffmann',
		email: 'lena.hoffmann@example.de',
		company: '',
		address1: 'Lindenstraße 12',
		postcode: '10115',
		city: 'Berlin',
		country: 'DE',
		datecreated: '2020-06-26T22:00:00.000000Z',
		lastlogin: '2023-02-02T22:32:41.000000Z',
		credit: 5.02,
		credit_on_open_invoices: 0,
		currency: { id: 1, code: 'EUR', prefix: '', suffix: '€', format: 3, rate: '1.00000', default: 1 },
		projected_hosting_value: 5.34,
		avatar: 'https://www.gravatar.com/avatar/',
	};
}

/** VPSBG `GET /balance` example (NOTES.md §1.2), verbatim. */
function vpsbgBalance() {
	return {
		balance: 3476.06,
		estimated_funds: 30,
		shortfall: 0,
		currency: 'EUR',
		has_valid_card: true,
		last_deposit: { amount: 41.67, amount_with_vat: 50, payment_method: 'card', payment_date: '2024-10-16T12:06:12.000000Z' },
		unconfirmed_bitcoin_deposits: [],
	};
}

/**
 * Northflank "List invoices" example (northflank.txt): period 1655823815..1655910214, usd,
 * total 1200, subTotal 1000. The id is the JS-client docs' example id; the breakdown is made up
 * to add up (20 % tax on 1000).
 */
function northflankFixtures() {
	return [
		{
			id: '835994C3-14310',
			period: { start: 1655823815, end: 1655910214 },
			currency: 'usd',
			paas: { total: 1000, cpu: 600, memory: 300, storage: 100, gpu: 0 },
			byoc: { total: 0, vcpu: 0, memory: 0, gpuMemory: 0, cluster: 0 },
			lineItems: [{ title: 'PaaS usage', total: 1000, base: 1000, proration: false }],
			subTotal: 1000,
			discount: 0,
			taxPercent: 20,
			taxAmount: 200,
			total: 1200,
			paid: true,
		},
	];
}

module.exports = { vpsbgFixtures, i3dnetFixtures, wisecpFixtures, pphFixtures, pphAccount, vpsbgBalance, northflankFixtures };

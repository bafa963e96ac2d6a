'use strict';

const { HOUR } = require('./dates');
const { renderPdf } = require('./pdf');

/**
 * What each provider's invoice PDF shows, built from the same record the API returns.
 * `pdfFor(provider, record, store)` is what the download endpoints serve and what
 * `sandbox.pdfBytes()` returns. Northflank has no PDFs; WiseCP only for formalized invoices
 * (the `formalize_file`).
 */

/** Laravel "2024-08-27T21:00:00.000000Z" to ms. */
function laravelMs(text) {
	return Date.parse(String(text).replace(/(\.\d{3})\d*Z$/, '$1Z'));
}

const VPSBG_SELLER = ['VPSBG.eu', 'Tsarigradsko shose 115', '1784 Sofia, Bulgaria', 'VAT BG205845178'];
const VPSBG_BUYER = ['Nordlicht Hosting B.V.', 'Keizersgracht 123', '1015 CJ Amsterdam, Netherlands', 'VAT NL853746190B01'];

/** @type {Record<string, (record: any, store: import('./data').DataStore) => import('./pdf').PdfModel | null>} */
const MODELS = {
	vpsbg(record, store) {
		const extra = store.extra('vpsbg', record.id) || { lines: [] };
		const vat = record.amount_with_vat - record.amount;
		return {
			title: record.type === 'proform' ? 'PROFORMA INVOICE' : 'INVOICE',
			number: record.invoice_number,
			issued: laravelMs(record.created_at) + 3 * HOUR, // the Sofia calendar day
			seller: VPSBG_SELLER,
			buyer: VPSBG_BUYER,
			currency: 'EUR',
			lines: extra.lines.map((line) => ({
				description: `${line.description} (order #${line.orderId})`, quantity: line.quantity, unitPrice: line.unitPrice, total: line.quantity * line.unitPrice,
			})),
			totals: [['Amount', record.amount], ['VAT 20%', vat], ['Total', record.amount_with_vat, true]],
			notes: record.type === 'proform' ? ['A proforma invoice is not a tax document. The VAT invoice follows after payment.'] : [],
		};
	},

	i3dnet(record, store) {
		const d = store.extra('i3dnet', Number(record.id));
		if (!d) return null;
		const c = d.clientDetails;
		const k = d.companyDetails;
		return {
			title: d.isCredit ? 'CREDIT INVOICE' : 'INVOICE',
			number: d.invoiceNumber,
			issued: record.creationDate * 1000,
			due: record.dueDate * 1000,
			status: d.isCredit ? null : d.paymentStatus === 1 ? 'Paid' : 'Unpaid',
			seller: [k.name, k.address, `${k.zip} ${k.city}, ${k.country}`, k.phone, k.email, `IBAN ${k.iban} / BIC ${k.bic}`],
			buyer: [c.companyName, c.fullName, c.address, `${c.zip} ${c.city}, ${c.country}`, `VAT ${c.vatNumber}`, `Client number ${d.clientNumber}`],
			currency: d.currency,
			lines: d.items.map((item) => ({
				description: `${item.description} (${item.periodFrom} - ${item.periodTo})${item.remarks ? `\n${item.remarks}` : ''}`,
				quantity: item.quantity,
				unitPrice: Number(item.unitPrice) / 100,
				total: Number(item.amountExclVat) / 100,
			})),
			totals: [['Total excl. VAT', Number(d.amountExclVat) / 100], [`VAT ${d.vatPercentage}%`, Number(d.vatAmount) / 100], ['Total incl. VAT', Number(d.amountIncVat) / 100, true]],
			notes: [`Payment term ${d.paymentTerm} days. Reference ${d.invoiceHash}.`],
		};
	},

	wisecp(record) {
		if (!record.formalize || !record.formalize_file) return null;
		const u = record.user;
		const a = u.address || {};
		const discount = record.discounts.reduce((sum, d) => sum + d.amount, 0);
		return {
			title: 'INVOICE',
			number: record.number,
			issued: Date.parse(`${record.created_at.replace(' ', 'T')}Z`),
			due: record.due_date.startsWith('0000') ? null : Date.parse(`${record.due_date.replace(' ', 'T')}Z`),
			status: record.status.toUpperCase(),
			seller: ['Example Hosting Ltd. Sti.', 'Maslak Mah. Büyükdere Cad. No:255', '34398 Sariyer / Istanbul, Turkey', 'Tax office Maslak, tax no 1234567890'],
			buyer: [u.company_name || u.full_name, u.company_name ? u.full_name : '', a.detail, `${a.zipcode || ''} ${a.city || ''}, ${a.country_name || ''}`]
				.filter(Boolean),
			currency: record.currency,
			lines: record.items.map((item) => ({ description: item.description, quantity: item.quantity, unitPrice: item.amount, total: item.total })),
			totals: [
				['Subtotal', record.subtotal],
				...(discount ? [/** @type {[string, number]} */ (['Discount', -discount])] : []),
				[`Tax ${record.tax_rate}%`, record.tax],
				['Total', record.total, true],
			],
			notes: record.notes ? [record.notes] : [],
		};
	},

	pph(record, store) {
		const account = store.sets.pph.account || {};
		const due = laravelMs(record.duedate);
		return {
			title: 'RECHNUNG',
			number: String(record.id),
			issued: laravelMs(record.date) + 12 * HOUR, // the German calendar day
			due: Number.isFinite(due) ? due + 12 * HOUR : null,
			status: record.status_label,
			seller: ['vionity (Prepaid-Hoster)', 'Musterweg 1', '12345 Musterstadt, Deutschland', 'USt-IdNr. DE123456789'],
			buyer: [account.full_name, account.address1, `${account.postcode} ${account.city}`, `Kundennummer ${account.id}`].filter(Boolean),
			currency: (account.currency && account.currency.code) || 'EUR',
			lines: record.items.map((item) => ({ description: item.description, quantity: 1, unitPrice: Number(item.amount), total: Number(item.amount) })),
			totals: [
				['Zwischensumme', record.subtotal],
				[`MwSt. ${record.taxrate}%`, record.tax],
				['Gesamt', record.total, true],
				...(record.credit ? [/** @type {[string, number]} */ (['Guthaben', -record.credit])] : []),
			],
			labels: { number: 'Rechnungsnr.', date: 'Datum', due: 'Fällig', status: 'Status', billTo: 'Rechnungsempfänger', description: 'Beschreibung', qty: 'Menge', unit: 'Einzelpreis', amount: 'Betrag' },
		};
	},

	northflank() {
		return null;
	},
};

/**
 * The PDF served for an invoice, or null when the provider/record has none.
 * @param {import('./data').Provider} provider @param {any} record @param {import('./data').DataStore} store
 * @returns {Promise<Buffer|null>}
 */
async function pdfFor(provider, record, store) {
	const model = MODELS[provider](record, store);
	return model ? renderPdf(model) : null;
}

module.exports = { pdfFor, laravelMs };

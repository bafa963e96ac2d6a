'use strict';

const { PDFDocument, StandardFonts, rgb } = require('pdf-lib');

/**
 * Renders invoice PDFs with pdf-lib: one A4 page with seller, buyer, number, dates, lines and
 * totals. Output is deterministic (no random ids; creation and modification dates come from
 * the invoice) and cached by content, so the same invoice always yields identical bytes.
 */

/**
 * @typedef {{ description: string, quantity: number|null, unitPrice: number|null, total: number }} PdfLine
 * @typedef {{
 *   title: string, number: string, issued: number, due?: number|null, status?: string|null,
 *   seller: string[], buyer: string[], currency: string, lines: PdfLine[],
 *   totals: Array<[string, number, boolean?]>, notes?: string[], labels?: Partial<Record<'number'|'date'|'due'|'status'|'billTo'|'description'|'qty'|'unit'|'amount', string>>
 * }} PdfModel
 */

/** @type {[number, number]} */
const A4 = [595.28, 841.89];
const MARGIN = 50;
const GREY = rgb(0.35, 0.35, 0.35);
const LINE = rgb(0.8, 0.8, 0.8);
/** WinAnsi extras beyond Latin-1 that Helvetica can draw. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const TRANSLIT = { ı: 'i', İ: 'I', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', '→': '->' };

/** Makes text drawable with a standard font (WinAnsi): transliterates or drops the rest. */
function winAnsi(text) {
	let out = '';
	for (const ch of String(text)) {
		const code = ch.codePointAt(0) ?? 0;
		if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
		else if (TRANSLIT[ch]) out += TRANSLIT[ch];
		else if (ch === '\t') out += ' ';
		else {
			const base = ch.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
			out += base || '?';
		}
	}
	return out;
}

/** @param {number} value @param {string} currency */
function formatMoney(value, currency) {
	return `${Number(value.toPrecision(15)).toFixed(2)} ${currency}`;
}

/** @param {number} ms */
function formatDate(ms) {
	return new Date(ms).toISOString().slice(0, 10);
}

/** Splits text into lines no wider than `width`. */
function wrap(text, font, size, width) {
	const lines = [];
	for (const paragraph of winAnsi(text).split(/\r?\n/)) {
		let line = '';
		for (const word of paragraph.split(' ')) {
			const candidate = line ? `${line} ${word}` : word;
			if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
			else {
				lines.push(line);
				line = word;
			}
		}
		lines.push(line);
	}
	return lines;
}

/** @param {PdfModel} model @returns {Promise<Buffer>} */
async function render(model) {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const issued = new Date(model.issued);
	doc.setTitle(winAnsi(`${model.title} ${model.number}`));
	doc.setAuthor(winAnsi(model.seller[0] || ''));
	doc.setSubject(winAnsi(`${model.title} ${model.number}`));
	doc.setCreator('n8n-nodes-hosting-invoices test sandbox');
	doc.setProducer('pdf-lib');
	doc.setCreationDate(issued);
	doc.setModificationDate(issued);

	const page = doc.addPage(A4);
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const bold = await doc.embedFont(StandardFonts.HelveticaBold);
	const labels = { number: 'Number', date: 'Date', due: 'Due date', status: 'Status', billTo: 'Bill to', description: 'Description', qty: 'Qty', unit: 'Unit price', amount: 'Amount', ...model.labels };
	const right = A4[0] - MARGIN;
	const draw = (text, x, y, size = 9, f = font, color = rgb(0, 0, 0)) => page.drawText(winAnsi(text), { x, y, size, font: f, color });
	const drawRight = (text, x, y, size = 9, f = font) => draw(text, x - f.widthOfTextAtSize(winAnsi(text), size), y, size, f);

	// seller (left) and document header (right)
	let y = A4[1] - MARGIN - 10;
	draw(model.seller[0] || '', MARGIN, y, 14, bold);
	model.seller.slice(1).forEach((line, i) => draw(line, MARGIN, y - 16 - i * 11, 8.5, font, GREY));
	drawRight(model.title, right, y, 18, bold);
	const meta = [[labels.number, model.number], [labels.date, formatDate(model.issued)]];
	if (model.due) meta.push([labels.due, formatDate(model.due)]);
	if (model.status) meta.push([labels.status, model.status]);
	meta.forEach(([label, value], i) => {
		drawRight(`${label}: ${value}`, right, y - 22 - i * 12, 9);
	});

	// buyer
	y -= 40 + Math.max(model.seller.length * 11, meta.length * 12);
	draw(labels.billTo, MARGIN, y, 9, bold);
	model.buyer.forEach((line, i) => draw(line, MARGIN, y - 13 - i * 11, 9));
	y -= 30 + model.buyer.length * 11;

	// lines table
	const cols = { qty: 360, unit: 455, amount: right };
	draw(labels.description, MARGIN, y, 9, bold);
	drawRight(labels.qty, cols.qty, y, 9, bold);
	drawRight(labels.unit, cols.unit, y, 9, bold);
	drawRight(labels.amount, cols.amount, y, 9, bold);
	page.drawLine({ start: { x: MARGIN, y: y - 5 }, end: { x: right, y: y - 5 }, thickness: 0.5, color: LINE });
	y -= 18;
	for (const line of model.lines) {
		const wrapped = wrap(line.description, font, 9, 270).slice(0, 6);
		if (y - wrapped.length * 11 < 160) break; // one page only
		wrapped.forEach((text, i) => draw(text, MARGIN, y - i * 11, 9));
		if (line.quantity !== null) drawRight(String(line.quantity), cols.qty, y, 9);
		if (line.unitPrice !== null) drawRight(formatMoney(line.unitPrice, model.currency), cols.unit, y, 9);
		drawRight(formatMoney(line.total, model.currency), cols.amount, y, 9);
		y -= wrapped.length * 11 + 6;
	}
	page.drawLine({ start: { x: 300, y: y + 2 }, end: { x: right, y: y + 2 }, thickness: 0.5, color: LINE });

	// totals
	y -= 14;
	for (const [label, value, strong] of model.totals) {
		drawRight(label, cols.unit, y, strong ? 10 : 9, strong ? bold : font);
		drawRight(formatMoney(value, model.currency), cols.amount, y, strong ? 10 : 9, strong ? bold : font);
		y -= strong ? 16 : 13;
	}

	// notes / footer
	(model.notes || []).forEach((note, i) => draw(note, MARGIN, 90 - i * 11, 8, font, GREY));
	draw(`${model.title} ${model.number} - generated by the test sandbox, not a real document`, MARGIN, 40, 7, font, GREY);

	return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** @type {Map<string, Promise<Buffer>>} */
const cache = new Map();

/**
 * Renders (or returns the cached) PDF for a model. Identical models share one Buffer.
 * @param {PdfModel} model
 * @returns {Promise<Buffer>}
 */
function renderPdf(model) {
	const key = JSON.stringify(model);
	let pending = cache.get(key);
	if (!pending) {
		pending = render(model);
		cache.set(key, pending);
		pending.catch(() => cache.delete(key));
	}
	return pending;
}

module.exports = { renderPdf, winAnsi, formatMoney };

'use strict';
/**
 * The workflows in examples/ (what users import), run in the real n8n app against the sandbox.
 *
 * Swaps, so that nothing needs an outside account (everything else runs as shipped):
 *  - Schedule Trigger -> Manual Trigger with the same name (`n8n execute` starts at a manual trigger;
 *    a schedule would only fire in an active workflow at its time).
 *  - Settings: the "previous month" expressions -> a fixed period that has invoices in the sandbox
 *    (the sandbox's invoices are from the past), the folder -> a folder of the test instance.
 *  - Google Drive "Upload" -> n8n's Read/Write Files from Disk writing the same file name
 *    (the Drive node needs a Google account).
 *  - SMTP credential -> a local SMTP sink on 127.0.0.1 (test/e2e/lib/smtp.js); the Send Email node is real.
 *    On n8n 1.x the Send Email option "Attachments (File)" does not exist yet: the test moves it to
 *    "Attachments" there.
 *  - demo.workflow.json runs through scripts/demo.js itself (output into a temp folder).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { createN8n } = require('./lib/n8n');
const pkg = require('./lib/package');
const sandboxLib = require('./lib/sandbox');
const procs = require('./lib/procs');
const { createSmtpSink } = require('./lib/smtp');
const { PROVIDERS, sandboxCredentialData, credentialId } = require('./lib/providers');
const wfl = require('./lib/workflows');
const { distProviders, finishInvoice, idOf } = require('./lib/expect');

function prerequisites() {
	const built = pkg.builtState();
	if (!built.ok) return built.files.length === 0 ? 'package.json lists no n8n nodes yet' : 'package not built (npm run build)';
	if (!sandboxLib.available()) return 'test/sandbox/server.js does not exist yet';
	return false;
}

/** Normalized view of every sandbox invoice (the package's own normalize()), for expectations. */
function sandboxInvoices(sandbox) {
	const defs = distProviders();
	const out = {};
	for (const p of PROVIDERS) {
		const def = defs[p.key];
		out[p.key] = sandbox.data[p.key].map((raw) => {
			const inv = finishInvoice(p.key, def.normalize(raw, { timezone: 'UTC', currency: null, amountsInMinorUnits: true }));
			return { id: idOf(p.key, raw), issuedAt: inv.issuedAt, periodEnd: inv.periodEnd, pdf: inv.pdf, status: inv.status };
		});
	}
	return out;
}

/** The filter rule of the nodes: issue date, or the billing period end when there is none. */
function inPeriod(inv, start, end) {
	const when = inv.issuedAt || inv.periodEnd;
	if (!when) return false;
	return when >= start && when < end;
}

/**
 * A calendar year in which every provider has invoices, preferring one that also has invoices
 * without a PDF (so the workflows' "Has a PDF" step is exercised); the most recent such year.
 */
function choosePeriod(all) {
	const years = new Set();
	for (const list of Object.values(all)) for (const i of list) if (i.issuedAt || i.periodEnd) years.add(Number((i.issuedAt || i.periodEnd).slice(0, 4)));
	const candidates = [...years].sort((a, b) => b - a).map((y) => ({ start: `${y}-01-01T00:00:00.000Z`, end: `${y + 1}-01-01T00:00:00.000Z`, label: String(y) }));
	const everyProvider = (c) => PROVIDERS.every((p) => all[p.key].some((i) => inPeriod(i, c.start, c.end)));
	const someWithoutPdf = (c) => PROVIDERS.some((p) => p.pdf && all[p.key].some((i) => !i.pdf.available && inPeriod(i, c.start, c.end)));
	return (
		candidates.find((c) => everyProvider(c) && someWithoutPdf(c)) ||
		candidates.find(everyProvider) || { start: '2000-01-01T00:00:00.000Z', end: '2100-01-01T00:00:00.000Z', label: 'all' }
	);
}

function swapScheduleForManual(wf) {
	const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	assert.ok(trigger, `${wf.name}: no Schedule Trigger`);
	wfl.replaceNode(wf, trigger.name, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
}

module.exports = function register(r, ctx) {
	const v = ctx.variant;
	const state = {};
	// checked once, by the setup test; later tests use the package snapshot taken there
	const setupSkip = () => (state.skipReason = prerequisites());
	const skip = () => (state.ready ? false : state.skipReason || `setup failed: ${state.failed || 'did not run'}`);

	r.test(
		`[${v}] examples: setup (sandbox, package, SMTP sink, credentials)`,
		async (t) => {
			try {
				pkg.snapshot();
				state.sandbox = await sandboxLib.startSandbox({});
				state.smtp = await createSmtpSink();
				state.all = sandboxInvoices(state.sandbox);
				state.period = choosePeriod(state.all);
				state.n8n = await createN8n({ variant: v, log: ctx.log });
				await pkg.installCommunityPackage(state.n8n.userFolder, await pkg.pack());
				const creds = PROVIDERS.map((p) => ({
					id: credentialId(p),
					name: `${p.label} account`,
					type: p.credential,
					data: sandboxCredentialData(p, state.sandbox),
				}));
				creds.push({
					id: 'smtpSinkCred0000',
					name: 'SMTP sink',
					type: 'smtp',
					data: { host: '127.0.0.1', port: state.smtp.port, secure: false, disableStartTls: true, user: '', password: '' },
				});
				await state.n8n.importCredentials(creds);
				state.credMap = Object.fromEntries(creds.map((c) => [c.type, { id: c.id, name: c.name }]));
				state.expected = {};
				for (const p of PROVIDERS) state.expected[p.key] = state.all[p.key].filter((i) => inPeriod(i, state.period.start, state.period.end));
				const noPdf = PROVIDERS.filter((p) => p.pdf).reduce((n, p) => n + state.expected[p.key].filter((i) => !i.pdf.available).length, 0);
				t.note(
					`period ${state.period.label}: ${PROVIDERS.map((p) => `${p.key} ${state.expected[p.key].length}`).join(', ')} invoices (${noPdf} of PDF providers without a PDF)`,
				);
				state.ready = true;
			} catch (e) {
				state.failed = e.message.split('\n')[0];
				throw e;
			}
		},
		{ skip: setupSkip, setup: true, group: 'examples', timeoutMs: 4 * 60 * 1000 },
	);

	/** Load an example, adapt it to this instance, apply the common swaps. */
	function prepare(file) {
		const wf = wfl.adaptWorkflow(wfl.loadExample(file), { mode: 'package', credentials: state.credMap });
		swapScheduleForManual(wf);
		const settings = wf.nodes.find((n) => n.name === 'Settings');
		if (settings) {
			const names = settings.parameters.assignments.assignments.map((a) => a.name);
			if (names.includes('periodStart')) wfl.setAssignment(wf, 'Settings', 'periodStart', state.period.start);
			if (names.includes('periodEnd')) wfl.setAssignment(wf, 'Settings', 'periodEnd', state.period.end);
			if (names.includes('month')) wfl.setAssignment(wf, 'Settings', 'month', state.period.label);
		}
		return wf;
	}

	async function expectPdfFiles(dir, providers) {
		const expected = [];
		for (const p of providers) for (const i of state.expected[p.key]) if (i.pdf.available) expected.push({ p, i });
		const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')) : [];
		assert.deepEqual(files.sort(), expected.map((e) => e.i.pdf.fileName).sort(), `PDF files in ${dir}`);
		for (const { p, i } of expected) {
			const want = await sandboxLib.pdfBytes(state.sandbox, p.key, i.id);
			assert.ok(fs.readFileSync(path.join(dir, i.pdf.fileName)).equals(want), `${i.pdf.fileName}: bytes differ from the sandbox`);
		}
		return expected.length;
	}

	r.test(
		`[${v}] example monthly-invoices-to-folder: PDFs and a CSV ledger in the folder`,
		async (t) => {
			const wf = prepare('monthly-invoices-to-folder.workflow.json');
			const folder = path.join(state.n8n.filesDir, 'invoices');
			fs.mkdirSync(folder, { recursive: true });
			wfl.setAssignment(wf, 'Settings', 'folder', folder);
			const res = await state.n8n.execute(await state.n8n.importWorkflow(wf));
			assert.ok(res.ok, res.describe());
			const pdfs = await expectPdfFiles(folder, PROVIDERS.filter((p) => p.pdf));
			const ledger = path.join(folder, `invoices-${state.period.label}.csv`);
			assert.ok(fs.existsSync(ledger), `ledger ${ledger} missing; files: ${fs.readdirSync(folder).join(', ')}`);
			const lines = fs.readFileSync(ledger, 'utf8').trim().split(/\r?\n/);
			const total = PROVIDERS.reduce((n, p) => n + state.expected[p.key].length, 0);
			assert.equal(lines.length - 1, total, 'ledger rows = invoices of all five providers in the period');
			assert.match(lines[0], /provider.*number.*id.*status.*currency.*total/);
			for (const p of PROVIDERS) assert.ok(lines.some((l) => l.startsWith(`${p.key},`) || l.startsWith(`"${p.key}"`)), `no ${p.key} row`);
			t.note(`${pdfs} PDFs + ledger with ${total} rows in ${(res.ms / 1000).toFixed(1)} s`);
		},
		{ skip, group: 'examples', timeoutMs: 4 * 60 * 1000 },
	);

	r.test(
		`[${v}] example monthly-invoices-to-google-drive (Drive upload swapped for Write Files to Disk)`,
		async (t) => {
			const wf = prepare('monthly-invoices-to-google-drive.workflow.json');
			const drive = wfl.findNode(wf, (n) => n.type === 'n8n-nodes-base.googleDrive');
			assert.equal(drive.parameters.name, '={{ $binary.data.fileName }}');
			const folder = path.join(state.n8n.filesDir, 'drive');
			fs.mkdirSync(folder, { recursive: true });
			wfl.replaceNode(wf, drive.name, {
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				parameters: { operation: 'write', fileName: `=${folder}/{{ $binary.data.fileName }}`, dataPropertyName: 'data', options: {} },
			});
			const res = await state.n8n.execute(await state.n8n.importWorkflow(wf));
			assert.ok(res.ok, res.describe());
			const pdfs = await expectPdfFiles(folder, PROVIDERS.filter((p) => p.pdf));
			t.note(`${pdfs} PDFs "uploaded" in ${(res.ms / 1000).toFixed(1)} s`);
		},
		{ skip, group: 'examples', timeoutMs: 4 * 60 * 1000 },
	);

	r.test(
		`[${v}] example monthly-invoices-email-to-bookkeeper (SMTP to a local sink): one email, every PDF attached`,
		async (t) => {
			const wf = prepare('monthly-invoices-email-to-bookkeeper.workflow.json');
			const mail = wfl.findNode(wf, (n) => n.type === 'n8n-nodes-base.emailSend');
			if (v === '1x') {
				mail.parameters.options.attachments = mail.parameters.options.fileAttachments;
				delete mail.parameters.options.fileAttachments;
			}
			const before = state.smtp.messages.length;
			const res = await state.n8n.execute(await state.n8n.importWorkflow(wf));
			assert.ok(res.ok, res.describe());
			const msgs = state.smtp.messages.slice(before);
			assert.equal(msgs.length, 1, 'one email');
			const [m] = msgs;
			assert.deepEqual(m.to, ['bookkeeper@example.com']);
			const total = PROVIDERS.reduce((n, p) => n + state.expected[p.key].length, 0);
			assert.match(m.subject, new RegExp(`Supplier invoices ${state.period.label} \\(${total}\\)`));
			const expected = [];
			for (const p of PROVIDERS) for (const i of state.expected[p.key]) if (i.pdf.available) expected.push({ p, i });
			assert.deepEqual(m.attachments.map((a) => a.fileName).sort(), expected.map((e) => e.i.pdf.fileName).sort());
			for (const { p, i } of expected) {
				const a = m.attachments.find((x) => x.fileName === i.pdf.fileName);
				assert.ok(a.bytes.equals(await sandboxLib.pdfBytes(state.sandbox, p.key, i.id)), `${a.fileName} bytes`);
			}
			const html = m.texts.map((x) => x.text).join('\n');
			assert.equal((html.match(/<tr><td>/g) || []).length, total, 'one table row per invoice');
			t.note(`email "${m.subject}" with ${m.attachments.length} PDFs, ${Math.round(m.data.length / 1024)} KiB`);
		},
		{ skip, group: 'examples', timeoutMs: 4 * 60 * 1000 },
	);

	r.test(
		`[${v}] example unpaid-invoices-digest (SMTP to a local sink): unpaid/overdue of all providers, totals per currency`,
		async (t) => {
			const wf = prepare('unpaid-invoices-digest.workflow.json');
			const before = state.smtp.messages.length;
			const res = await state.n8n.execute(await state.n8n.importWorkflow(wf));
			assert.ok(res.ok, res.describe());
			const all = PROVIDERS.flatMap((p) => res.items(p.label).map((i) => i.json));
			for (const p of PROVIDERS) assert.equal(res.items(p.label).length, state.sandbox.data[p.key].length, `${p.label}: every invoice`);
			const unpaid = all.filter((i) => i.status === 'unpaid' || i.status === 'overdue');
			assert.ok(unpaid.length > 0, 'the sandbox has unpaid invoices');
			const digest = res.items('Digest')[0].json;
			assert.equal(digest.count, unpaid.length);
			const totals = {};
			for (const i of unpaid) totals[i.currency ?? '?'] = Math.round(((totals[i.currency ?? '?'] ?? 0) + (i.amountDue ?? i.total ?? 0)) * 100) / 100;
			assert.deepEqual(digest.totals, totals);
			const msgs = state.smtp.messages.slice(before);
			assert.equal(msgs.length, 1, 'one digest email');
			assert.deepEqual(msgs[0].to, ['finance@example.com']);
			assert.match(msgs[0].subject, new RegExp(`^Unpaid supplier invoices: ${unpaid.length} `));
			const html = msgs[0].texts.map((x) => x.text).join('\n');
			assert.equal((html.match(/<tr><td>/g) || []).length, unpaid.length);
			t.note(`"${msgs[0].subject}" (${all.length} invoices listed, ${unpaid.length} unpaid)`);
		},
		{ skip, group: 'examples', timeoutMs: 4 * 60 * 1000 },
	);

	r.test(
		`[${v}] demo: scripts/demo.js end to end (examples/demo.workflow.json)`,
		async (t) => {
			const { runDemo } = require('../../scripts/demo.js');
			const out = procs.tempDir('n8n-e2e-demo-');
			const lines = [];
			const { summary, counts } = await runDemo({ variant: v, outputDir: out, print: (s) => lines.push(s), log: ctx.log });
			for (const p of PROVIDERS) {
				const s = summary.find((x) => x.provider === p.key);
				assert.ok(s, `no summary for ${p.key}`);
				assert.equal(s.invoices, counts[p.key], `${p.key}: every sandbox invoice`);
				if (p.pdf) {
					const files = fs.readdirSync(path.join(out, p.key)).filter((f) => f.endsWith('.pdf'));
					assert.equal(files.length, s.files, `${p.key}: files on disk`);
					assert.ok(s.files > 0);
				} else assert.equal(s.files, 0);
			}
			t.note(lines.filter((l) => /^\s*\S/.test(l)).slice(-7).join('\n    '));
		},
		{ skip, group: 'examples', timeoutMs: 5 * 60 * 1000 },
	);

	r.after(async () => {
		if (state.n8n) await state.n8n.close();
		if (state.smtp) await state.smtp.close();
		if (state.sandbox) await state.sandbox.close();
	});
};

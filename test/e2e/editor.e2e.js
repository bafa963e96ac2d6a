'use strict';
/**
 * The editor in a real browser (issue 11, and issue 12's browser checks): n8n 2.41.1 with the
 * package installed as a community package, its editor driven in Debian's Chromium through
 * playwright-core, every node against the sandbox.
 *
 *  - sign in as the owner (set up through the REST API), the five credentials created through
 *    the public API, a new workflow with a Manual Trigger;
 *  - nodes panel: each provider found by its name (and PPH by "vionity"), icons loaded, a node
 *    added from an action is named after it ("Get many VPSBG invoices");
 *  - each node, each operation: exactly the fields that apply, in order, their defaults and
 *    hints, what appears and disappears with Return All and Download PDFs, the Filters and
 *    Options offered, the Invoice locator's modes, PPH's money notice;
 *  - Invoice "From List": the sandbox's newest invoices, "number · date · total · status",
 *    searchable;
 *  - Get Many (Limit 3, Download PDFs on) and Download PDF run from the panel: item counts and
 *    the binary files (name, MIME type, size) in the output panel, and the Download button's
 *    file equal to the sandbox's PDF;
 *  - every credential's test button: the right key passes, a wrong key shows the message that
 *    names the API Key field;
 *  - screenshots for the README (run.js --screenshots=docs/images writes them there).
 *
 * Skipped (with the reason) when Chromium or playwright-core is missing, unless
 * E2E_REQUIRE_BROWSER=1 (as .ci/run sets), which makes that a failure.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { createN8n } = require('./lib/n8n');
const pkg = require('./lib/package');
const sandboxLib = require('./lib/sandbox');
const browserLib = require('./lib/browser');
const { editor } = require('./lib/editor');
const { distProviders, finishInvoice, idOf } = require('./lib/expect');
const { PROVIDERS, sandboxCredentialData } = require('./lib/providers');
const registry = require('../providers');

// ------------------------------------------------------------------ what the panels should show
const HINT = {
	limit: 'The newest invoices first: Limit 5 gives the latest five',
	invoice: 'Pick a recent invoice, or map the ID from Get Many, e.g. {{ $json.id }}',
	eachPdf: 'The name of the output binary field to put each PDF in',
	file: 'The name of the output binary field to put the file in',
};
const MONEY_NOTICE =
	'This changes the invoice at PPH: it moves account credit. It is sent once and never retried; if its answer is lost, check the invoice with Get before running it again.';
const FILTERS = ['Invoice Type', 'Issued After', 'Issued Before'];
const OPTIONS = ['Concurrent Requests', 'Include Raw Data', 'Timeout (Seconds)'];
const TOP = ['Credential', 'Resource', 'Operation'];

/**
 * Per provider: what to search, the node's name in the panel, its actions (= the names a node
 * added from them gets), its operations, Get Many's Filters and Options, the By ID placeholder,
 * and the operations beyond Get Many / Get / Download PDF with their fields.
 */
const UI = {
	vpsbg: {
		searches: ['VPSBG'],
		actions: { 'Get Many': 'Get many VPSBG invoices', Get: 'Get a VPSBG invoice', 'Download PDF': 'Download a VPSBG invoice PDF', 'Download Invoices': 'Download many VPSBG invoices in one file' },
		filters: FILTERS,
		options: OPTIONS,
		idPlaceholder: 'e.g. 8431',
		more: {
			'Download Invoices': {
				fields: ['Invoice', 'Put Output File in Field', 'Options'],
				hints: { Invoice: 'Pick an invoice, or map the ID from Get Many, e.g. {{ $json.id }}: each input item adds its invoice to the one file', 'Put Output File in Field': HINT.file },
				values: { 'Put Output File in Field': 'data' },
				keepsInvoice: true,
				options: ['Timeout (Seconds)'],
			},
		},
	},
	i3dnet: {
		searches: ['i3D'],
		actions: { 'Get Many': 'Get many i3D.net invoices', Get: 'Get an i3D.net invoice', 'Download PDF': 'Download an i3D.net invoice PDF', 'Get by Number': 'Get an i3D.net invoice by number' },
		filters: ['Description Contains', 'Invoice Type', 'Issued After', 'Issued Before', 'Unpaid Only'],
		options: OPTIONS,
		idPlaceholder: 'e.g. 2188431',
		more: {
			'Get by Number': { fields: ['Invoice Number', 'Options'], values: { 'Invoice Number': '' }, placeholders: { invoiceNumber: 'e.g. 20240501234' }, options: OPTIONS },
		},
	},
	wisecp: {
		searches: ['WiseCP'],
		actions: { 'Get Many': 'Get many WiseCP invoices', Get: 'Get a WiseCP invoice', 'Download PDF': 'Download a WiseCP invoice PDF' },
		filters: ['Formalized', 'Invoice Number', 'Invoice Type', 'Issued After', 'Issued Before', 'Local', 'Status', 'Tax Free'],
		options: ['Concurrent Requests', 'Include Raw Data', 'Sort By', 'Sort Direction', 'Timeout (Seconds)'],
		idPlaceholder: 'e.g. 327',
		more: {},
	},
	pph: {
		searches: ['PPH', 'vionity'],
		actions: {
			'Get Many': 'Get many PPH invoices',
			Get: 'Get a PPH invoice',
			'Download PDF': 'Download a PPH invoice PDF',
			'Download Archive': 'Download a PPH invoice archive',
			'Pay With Credit': 'Pay a PPH invoice with credit',
			'Remove Credit': 'Remove credit from a PPH invoice',
		},
		filters: ['Invoice Type', 'Issued After', 'Issued Before', 'Item Type', 'Status', 'With Transactions Only'],
		options: OPTIONS,
		idPlaceholder: 'e.g. 212032',
		// the credit actions first: Download Archive has no Invoice, so n8n drops the one picked
		more: {
			'Pay With Credit': { notice: MONEY_NOTICE, fields: ['Invoice', 'Options'], hints: { Invoice: HINT.invoice }, keepsInvoice: true, options: ['Timeout (Seconds)'] },
			'Remove Credit': { notice: MONEY_NOTICE, fields: ['Invoice', 'Options'], hints: { Invoice: HINT.invoice }, keepsInvoice: true, options: ['Timeout (Seconds)'] },
			'Download Archive': {
				fields: ['Put Output File in Field', 'Filters', 'Options'],
				hints: { 'Put Output File in Field': HINT.file },
				values: { 'Put Output File in Field': 'data' },
				filters: ['Item Type', 'Status', 'With Transactions Only'],
				options: ['Timeout (Seconds)'],
			},
		},
	},
	northflank: {
		searches: ['Northflank'],
		actions: { 'Get Many': 'Get many Northflank invoices', Get: 'Get a Northflank invoice' },
		filters: FILTERS,
		options: OPTIONS,
		idPlaceholder: 'e.g. 835994C3-14310',
		more: {},
	},
};

/** Screenshots of a run (and of any failure); run.js --screenshots=<dir> puts the good ones elsewhere. */
const FAILURE_DIR = path.join(__dirname, 'screenshots');

/** Where the nodes panel lists a provider: its node's display name. */
const panelName = (p) => p.label;

// ------------------------------------------------------------------ expected data from the sandbox
/**
 * The sandbox's invoices as the node lists them, newest first (oldest-first APIs turned around),
 * normalized by the package's own normalize(); `currency` fills in the account currency of APIs
 * whose invoices carry none (VPSBG, PPH).
 */
function newestInvoices(sandbox, provider, { currency = null } = {}) {
	const spec = registry.provider(provider.key);
	const raws = [...sandbox.data[provider.key]];
	if (spec.listOrder === 'oldest-first') raws.reverse();
	const def = distProviders()[provider.key];
	const env = { timezone: (spec.credentialData && spec.credentialData.timezone) || 'UTC', currency, amountsInMinorUnits: true };
	return raws.map((raw) => ({ raw, id: idOf(provider.key, raw), invoice: finishInvoice(provider.key, def.normalize(raw, env)) }));
}

/** A row of the Invoice list, as nodes/shared/search.ts writes it. */
function rowOf(invoice) {
	const date = (invoice.issuedAt || invoice.periodEnd || '').slice(0, 10) || null;
	const amount = invoice.total === null ? null : `${invoice.total} ${invoice.currency || ''}`.trim();
	return [invoice.number || invoice.id, date, amount, invoice.status].filter(Boolean).join(' · ');
}

/** "3.32 kB" → bytes, checked against the real size (n8n rounds; decimal or binary units). */
function sizeMatches(shown, bytes) {
	const m = /^([\d.]+)\s*(B|kB|KB|KiB|MB|MiB)$/.exec(String(shown).trim());
	if (!m) return false;
	const n = Number(m[1]);
	if (m[2] === 'B') return n === bytes;
	const [dec, bin] = /^M/.test(m[2]) ? [1e6, 1048576] : [1e3, 1024];
	return Math.abs(n - bytes / dec) <= 0.006 || Math.abs(n - bytes / bin) <= 0.006;
}

function prerequisites() {
	const built = pkg.builtState();
	if (!built.ok) return `not built (run \`npm run build\`): ${built.missing.slice(0, 3).join(', ') || 'no nodes listed'}`;
	if (!sandboxLib.available()) return 'test/sandbox/server.js does not exist';
	const browser = browserLib.unavailable();
	if (browser && !/^(1|true)$/.test(process.env.E2E_REQUIRE_BROWSER || '')) return browser;
	return false;
}

module.exports = function register(r, ctx) {
	const v = ctx.variant;
	const state = { ready: false, failed: null, shots: [] };
	const setupSkip = () => (v !== '2x' ? 'the editor suite drives n8n 2.x only' : (state.skipReason = prerequisites()));
	const skip = () => (state.ready ? false : state.skipReason || `setup failed: ${state.failed || 'did not run'}`);
	const shotDir = path.resolve(ctx.screenshots || FAILURE_DIR);
	const title = (s) => `[${v}] editor: ${s}`;

	/**
	 * A PNG of the whole window (toasts closed, the pointer and focus off any button) into the
	 * screenshot folder; failure pictures always go to test/e2e/screenshots, never into docs.
	 */
	async function shot(name, { failure = false } = {}) {
		const ed = state.ed;
		await ed.closeNotifications();
		await ed.page.mouse.move(ed.page.viewportSize().width - 2, ed.page.viewportSize().height - 2);
		await ed.page.evaluate(() => document.activeElement instanceof HTMLButtonElement && document.activeElement.blur());
		// a button's spinner fading out (after a test or run) would hide its label in the picture
		await ed.waitFor(async () => (await ed.page.locator('.button [class*="loading-container"]').count()) === 0, { timeout: 5000, what: 'spinners gone' }).catch(() => {});
		const dir = failure ? FAILURE_DIR : shotDir;
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${name}.png`);
		await ed.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
		const kib = Math.round(fs.statSync(file).size / 1024);
		state.shots.push(`${path.relative(pkg.ROOT, file)} (${kib} KiB)`);
		return `${path.relative(pkg.ROOT, file)} ${kib} KiB`;
	}

	/** Run a test body; on failure keep a screenshot of what the browser showed. */
	const guarded = (name, fn) => async (t) => {
		try {
			await state.ed.reset(state.workflowUrl);
			await fn(t);
		} catch (e) {
			if (state.ed) {
				const safe = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60);
				try {
					t.note(`failure screenshot: ${await shot(`failure-${safe}`, { failure: true })}`);
				} catch {
					/* the browser may be gone */
				}
			}
			throw e;
		}
	};

	/** The provider's Get Many node on the canvas, added (with its credential) when an earlier test did not (--only). */
	async function addedNode(provider) {
		const ui = UI[provider.key];
		const name = ui.actions['Get Many'];
		const { panel, ndv, page } = state.ed;
		if (await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).count()) return;
		await panel.openAfterTrigger();
		await panel.search(ui.searches[0]);
		await panel.openNode(panelName(provider));
		await panel.pickAction(name);
		const cred = state.creds[provider.key];
		await ndv.selectCredential(cred.id, cred.name);
		await ndv.close();
	}

	r.test(
		title('setup — sandbox, n8n 2.41 with the package (community install), owner, five credentials (public API), Chromium signed in, new workflow'),
		async (t) => {
			try {
				const t0 = Date.now();
				const noBrowser = browserLib.unavailable(); // E2E_REQUIRE_BROWSER=1 got here without one
				if (noBrowser) throw new Error(noBrowser);
				pkg.snapshot();
				state.sandbox = await sandboxLib.startSandbox({});
				const tgz = await pkg.pack();
				state.n8n = await createN8n({ variant: v, log: ctx.log });
				await pkg.installCommunityPackage(state.n8n.userFolder, tgz);
				state.server = await state.n8n.startServer();
				t.note(`n8n start ready in ${(state.server.readyMs / 1000).toFixed(1)} s (${state.server.base})`);
				state.creds = {};
				for (const p of PROVIDERS) {
					const name = `${p.label} sandbox`;
					const c = await state.server.createCredential({ name, type: p.credential, data: sandboxCredentialData(p, state.sandbox) });
					state.creds[p.key] = { id: c.id, name };
				}
				const b = await browserLib.launch();
				state.browser = b;
				t.note(`Chromium ${b.version} (${b.executablePath}), playwright-core ${require('playwright-core/package.json').version}`);
				state.ed = editor(b.page, { base: state.server.base, log: ctx.log });
				await state.ed.signIn(state.server.owner);
				await state.ed.newWorkflow();
				// the editor saves the new workflow under an id of its own
				await state.ed.waitFor(() => /\/workflow\/(?!new)[^/?#]+/.test(b.page.url()), { what: 'the workflow to be saved' });
				state.workflowUrl = `${state.server.base}/workflow/${/\/workflow\/([^/?#]+)/.exec(b.page.url())[1]}`;
				t.note(`setup ${((Date.now() - t0) / 1000).toFixed(1)} s`);
				state.ready = true;
			} catch (e) {
				state.failed = e.message.split('\n')[0];
				throw e;
			}
		},
		{ skip: setupSkip, setup: true, group: 'editor', timeoutMs: 5 * 60 * 1000 },
	);

	r.test(
		title('nodes panel — each provider found by name (PPH also by "vionity"), icon loaded, its actions name the provider'),
		guarded('nodes panel', async (t) => {
			const { panel } = state.ed;
			await panel.open();
			const found = [];
			for (const p of PROVIDERS) {
				for (const q of UI[p.key].searches) {
					const items = await panel.search(q);
					const item = items.find((i) => i.name === panelName(p));
					assert.ok(item, `searching "${q}" lists ${items.map((i) => i.name).join(', ')}, not ${panelName(p)}`);
					assert.ok(item.iconLoaded, `${p.label}'s icon did not load (${item.icon})`);
					assert.match(item.icon || '', /^\/icons\/n8n-nodes-hosting-invoices\//);
					found.push(`"${q}" → ${item.name}${items.length > 1 ? ` (+${items.length - 1} other)` : ''}`);
				}
			}
			t.note(found.join('; '));
			// one search that lists all five, for the screenshot
			const all = await panel.search('invoice');
			for (const p of PROVIDERS) assert.ok(all.some((i) => i.name === panelName(p)), `"invoice" does not list ${p.label}: ${all.map((i) => i.name).join(', ')}`);
			t.note(`screenshot ${await shot('nodes-panel')}`);
			await panel.close();
			// each provider's actions, as the panel lists them
			for (const p of PROVIDERS) {
				await panel.open();
				await panel.search(UI[p.key].searches[0]);
				const actions = await panel.openNode(panelName(p));
				assert.deepEqual([...actions].sort(), Object.values(UI[p.key].actions).sort(), `${p.label}'s actions`);
				await panel.close();
			}
		}),
		{ skip, group: 'editor', timeoutMs: 3 * 60 * 1000 },
	);

	for (const provider of PROVIDERS) {
		const ui = UI[provider.key];
		r.test(
			title(`${provider.label} — added from "${ui.actions['Get Many']}"; every operation's fields, defaults and hints; Invoice "From List" = the sandbox's newest`),
			guarded(provider.label, async (t) => {
				const { panel, ndv } = state.ed;
				// on the trigger, not after the node added before: each node runs on its own
				await panel.openAfterTrigger();
				await panel.search(ui.searches[0]);
				await panel.openNode(panelName(provider));
				await panel.pickAction(ui.actions['Get Many']);
				assert.equal(await ndv.title(), ui.actions['Get Many'], 'the name of a node added from the Get Many action');
				const cred = state.creds[provider.key];
				await ndv.selectCredential(cred.id, cred.name);

				const labels = (fields) => fields.map((f) => f.label || `notice: ${f.notice}`);
				const byLabel = (fields, label) => fields.find((f) => f.label === label);
				const checkTop = (fields, operation) => {
					assert.deepEqual(labels(fields).slice(0, 3), TOP);
					assert.equal(byLabel(fields, 'Credential').value, cred.name);
					assert.equal(byLabel(fields, 'Resource').value, 'Invoice');
					assert.equal(byLabel(fields, 'Operation').value, operation);
				};
				const hintOf = (fields, label) => {
					const f = byLabel(fields, label);
					return f && f.text.split('\n').slice(1).join('\n');
				};

				// the Operation list
				const operations = await ndv.optionsOf('operation');
				assert.deepEqual([...operations].sort(), Object.keys(ui.actions).sort(), 'Operation options');

				// ---- Get Many
				let f = await ndv.fields();
				checkTop(f, 'Get Many');
				const pdf = Boolean(provider.pdf);
				assert.deepEqual(labels(f).slice(3), ['Return All', 'Limit', ...(pdf ? ['Download PDFs'] : []), 'Filters', 'Options'], 'Get Many fields');
				assert.equal(byLabel(f, 'Return All').value, false);
				assert.equal(byLabel(f, 'Limit').value, '50');
				assert.equal(hintOf(f, 'Limit'), HINT.limit);
				assert.ok(f.every((x) => !x.notice), 'Get Many shows no notice');
				if (pdf) {
					assert.equal(byLabel(f, 'Download PDFs').value, false);
					await ndv.setSwitch('downloadPdf', true);
					f = await ndv.fieldsWhen((x) => byLabel(x, 'Put Output File in Field'), 'Put Output File in Field to appear');
					assert.deepEqual(labels(f).slice(3), ['Return All', 'Limit', 'Download PDFs', 'Put Output File in Field', 'Filters', 'Options'], 'with Download PDFs on');
					assert.equal(byLabel(f, 'Put Output File in Field').value, 'data');
					assert.equal(hintOf(f, 'Put Output File in Field'), HINT.eachPdf);
					await ndv.setSwitch('downloadPdf', false);
					f = await ndv.fieldsWhen((x) => !byLabel(x, 'Put Output File in Field'), 'Put Output File in Field to go with Download PDFs off');
				}
				await ndv.setSwitch('returnAll', true);
				f = await ndv.fieldsWhen((x) => !byLabel(x, 'Limit'), 'Limit to go with Return All on');
				await ndv.setSwitch('returnAll', false);
				f = await ndv.fieldsWhen((x) => byLabel(x, 'Limit'), 'Limit to come back with Return All off');
				assert.equal(byLabel(f, 'Limit').value, '50');
				assert.deepEqual(await ndv.collectionOptions('Filters'), ui.filters, 'Get Many Filters');
				assert.deepEqual(await ndv.collectionOptions('Options'), ui.options, 'Get Many Options');
				const checked = ['Get Many'];

				// ---- Get: the Invoice locator, and its list
				await ndv.select('operation', 'Get');
				assert.equal(await ndv.title(), ui.actions.Get, 'the node follows the operation while it has its default name');
				f = await ndv.fieldsWhen((x) => byLabel(x, 'Invoice'), 'the Invoice field');
				checkTop(f, 'Get');
				assert.deepEqual(labels(f).slice(3), ['Invoice', 'Options'], 'Get fields');
				assert.equal(hintOf(f, 'Invoice'), HINT.invoice);
				const modes = await ndv.rlc.modes('invoiceId');
				assert.deepEqual(modes.modes, ['From list', 'By ID']);
				assert.equal(modes.current, 'From list', 'the Invoice starts in From List');
				await ndv.rlc.setMode('invoiceId', 'id');
				assert.equal(await ndv.rlc.inputPlaceholder('invoiceId'), ui.idPlaceholder, 'By ID placeholder');
				await ndv.rlc.setMode('invoiceId', 'list');
				assert.deepEqual(await ndv.collectionOptions('Options'), OPTIONS, 'Get Options');

				const t0 = Date.now();
				const rows = await ndv.rlc.openList('invoiceId');
				const listMs = Date.now() - t0;
				const sandboxCount = state.sandbox.data[provider.key].length;
				assert.equal(rows.length, Math.min(100, sandboxCount), 'rows in the list: the newest 100 at most');
				for (const row of rows) assert.match(row, /^\S+ · \d{4}-\d{2}-\d{2} · -?\d+(\.\d+)?( [A-Z]{3})? · [a-z_]+$/, `row "${row}"`);
				const shownCurrency = (/ ([A-Z]{3}) · /.exec(rows[0]) || [])[1] || null;
				const newest = newestInvoices(state.sandbox, provider, { currency: shownCurrency });
				const want = newest.slice(0, rows.length).map((n) => rowOf(n.invoice));
				assert.deepEqual(rows.slice(0, 10), want.slice(0, 10), 'the first rows are the sandbox\'s newest invoices');
				assert.deepEqual(rows, want, 'every row, in order');
				// i3D.net's list has payment states (VPSBG's list has none: "unknown")
				if (provider.key === 'i3dnet') t.note(`screenshot ${await shot('get-invoice-list')}`);
				// the list searches by number
				const needle = newest[3].invoice.number || newest[3].id;
				const hits = await ndv.rlc.search(needle);
				assert.ok(hits.includes(rowOf(newest[3].invoice)), `searching "${needle}" finds ${rowOf(newest[3].invoice)}: ${hits.join(' | ')}`);
				await ndv.rlc.pick(rowOf(newest[3].invoice));
				assert.equal(await ndv.rlc.value('invoiceId'), rowOf(newest[3].invoice), 'the picked invoice');
				t.note(`list: ${rows.length} rows in ${listMs} ms, first "${rows[0]}"; search "${needle}" → ${hits.length} row(s)`);
				checked.push('Get');

				// ---- Download PDF
				if (pdf) {
					await ndv.select('operation', 'Download PDF');
					assert.equal(await ndv.title(), ui.actions['Download PDF']);
					f = await ndv.fieldsWhen((x) => byLabel(x, 'Put Output File in Field'), 'the Download PDF fields');
					checkTop(f, 'Download PDF');
					assert.deepEqual(labels(f).slice(3), ['Invoice', 'Put Output File in Field', 'Options'], 'Download PDF fields');
					assert.equal(hintOf(f, 'Invoice'), HINT.invoice);
					assert.equal(byLabel(f, 'Put Output File in Field').value, 'data');
					assert.equal(hintOf(f, 'Put Output File in Field'), HINT.file);
					assert.equal(await ndv.rlc.value('invoiceId'), rowOf(newest[3].invoice), 'the Invoice picked under Get stays');
					checked.push('Download PDF');
				}

				// ---- the provider's own operations
				for (const [operation, spec] of Object.entries(ui.more)) {
					await ndv.select('operation', operation);
					assert.equal(await ndv.title(), ui.actions[operation], `node name for ${operation}`);
					f = await ndv.fieldsWhen((x) => byLabel(x, spec.fields[0]), `the ${operation} fields`);
					checkTop(f, operation);
					assert.deepEqual(labels(f).slice(3), [...(spec.notice ? [`notice: ${spec.notice}`] : []), ...spec.fields], `${operation} fields`);
					if (!spec.notice) assert.ok(f.every((x) => !x.notice), `${operation} shows no notice`);
					for (const [label, hint] of Object.entries(spec.hints || {})) assert.equal(hintOf(f, label), hint, `${operation}: ${label} hint`);
					for (const [label, value] of Object.entries(spec.values || {})) assert.equal(byLabel(f, label).value, value, `${operation}: ${label} default`);
					for (const [name, placeholder] of Object.entries(spec.placeholders || {})) {
						assert.equal(await state.ed.page.getByTestId('ndv').getByTestId(`parameter-input-${name}`).locator('input').first().getAttribute('placeholder'), placeholder);
					}
					if (spec.keepsInvoice) assert.equal(await ndv.rlc.value('invoiceId'), rowOf(newest[3].invoice), `${operation}: the Invoice picked under Get stays`);
					if (spec.filters) assert.deepEqual(await ndv.collectionOptions('Filters'), spec.filters, `${operation} Filters`);
					if (spec.options) assert.deepEqual(await ndv.collectionOptions('Options'), spec.options, `${operation} Options`);
					if (operation === 'Pay With Credit') t.note(`screenshot ${await shot('pph-pay-with-credit')}`);
					checked.push(operation);
				}

				// back to Get Many for the runs
				await ndv.select('operation', 'Get Many');
				assert.equal(await ndv.title(), ui.actions['Get Many']);
				await ndv.close();
				t.note(`operations checked: ${checked.join(', ')}`);
			}),
			{ skip, group: 'editor', timeoutMs: 4 * 60 * 1000 },
		);
	}

	r.test(
		title('runs — Get Many (Limit 3, Download PDFs on) and Download PDF: items and PDF files (name, MIME type, size, bytes) in the output panel'),
		guarded('runs', async (t) => {
			const { ndv } = state.ed;
			for (const provider of PROVIDERS) {
				const ui = UI[provider.key];
				const pdf = Boolean(provider.pdf);
				await addedNode(provider);
				await ndv.openNode(ui.actions['Get Many']);
				await ndv.fill('limit', 3);
				if (pdf) await ndv.setSwitch('downloadPdf', true);
				const run = await ndv.execute();
				assert.equal(run.items, 3, `${provider.label} Get Many with Limit 3`);
				const modes = await ndv.outputModes();
				// the newest three, PDFs for those that have one
				await ndv.outputMode('json');
				let note = `${provider.label}: Get Many ${run.items} items in ${(run.ms / 1000).toFixed(1)} s`;
				// ids, PDFs and file names do not depend on the account currency
				const newest = newestInvoices(state.sandbox, provider).slice(0, 3);
				let text = '';
				await state.ed
					.waitFor(async () => (text = (await ndv.outputText()).replace(/\s+/g, ' ')).includes(`"id": "${newest[0].id}"`), { what: 'the first item', timeout: 10000 })
					.catch(() => assert.fail(`${provider.label}: the first item is not the newest invoice ${newest[0].id}: ${text.slice(0, 300)}`));
				if (pdf) {
					assert.ok(modes.includes('binary'), `${provider.label}: no Binary view (${modes.join(', ')})`);
					await ndv.outputMode('binary');
					const cards = await ndv.binaries();
					const withPdf = newest.filter((n) => n.invoice.pdf.available);
					assert.deepEqual(cards.map((c) => c['File Name']), withPdf.map((n) => n.invoice.pdf.fileName), `${provider.label}: the PDFs of the newest three`);
					for (const [i, card] of cards.entries()) {
						assert.equal(card.field, 'data');
						assert.equal(card['Mime Type'], 'application/pdf');
						assert.equal(card['File Extension'], 'pdf');
						const bytes = await sandboxLib.pdfBytes(state.sandbox, provider.key, withPdf[i].id);
						assert.ok(sizeMatches(card['File Size'], bytes.length), `${provider.label} ${card['File Name']}: shown ${card['File Size']}, file has ${bytes.length} bytes`);
					}
					note += `, ${cards.length} PDFs (${cards.map((c) => `${c['File Name']} ${c['File Size']}`).join(', ')})`;
					if (provider.key === 'vpsbg') t.note(`screenshot ${await shot('get-many')}`);
				} else {
					assert.ok(!modes.includes('binary'), `${provider.label} has no PDFs, yet the output offers a Binary view`);
				}
				t.note(note);

				if (pdf) {
					// Download PDF of the newest invoice that has one, picked from the list
					await ndv.select('operation', 'Download PDF');
					// the account currency of APIs whose invoices carry none, as the list shows it
					const rows = await ndv.rlc.openList('invoiceId');
					const currency = (/ ([A-Z]{3}) · /.exec(rows[0]) || [])[1] || null;
					const target = newestInvoices(state.sandbox, provider, { currency }).find((n) => n.invoice.pdf.available);
					await ndv.rlc.pick(rowOf(target.invoice));
					const dl = await ndv.execute();
					assert.equal(dl.items, 1);
					await ndv.outputMode('binary');
					const [card] = await ndv.binaries();
					const bytes = await sandboxLib.pdfBytes(state.sandbox, provider.key, target.id);
					assert.equal(card['File Name'], target.invoice.pdf.fileName);
					assert.equal(card['Mime Type'], 'application/pdf');
					assert.ok(sizeMatches(card['File Size'], bytes.length), `shown ${card['File Size']}, file has ${bytes.length} bytes`);
					const file = await ndv.downloadBinary(0);
					assert.equal(file.fileName, target.invoice.pdf.fileName, 'the downloaded file name');
					assert.ok(file.bytes.equals(bytes), `the downloaded file differs from the sandbox's PDF (${file.bytes.length} vs ${bytes.length} bytes)`);
					t.note(`${provider.label}: Download PDF ${card['File Name']} (${card['File Size']}) in ${(dl.ms / 1000).toFixed(1)} s; Download button → ${file.bytes.length} bytes, identical`);
					if (provider.key === 'vpsbg') t.note(`screenshot ${await shot('download-pdf-output')}`);
					await ndv.select('operation', 'Get Many');
				}
				await ndv.close();
			}
		}),
		{ skip, group: 'editor', timeoutMs: 5 * 60 * 1000 },
	);

	r.test(
		title("credentials — each test button: the right key passes, a wrong key shows the message naming the API Key field"),
		guarded('credentials', async (t) => {
			const { credentials } = state.ed;
			for (const p of PROVIDERS) {
				await credentials.open(state.creds[p.key].id);
				const labels = await credentials.fieldLabels();
				assert.deepEqual(labels.slice(0, 2), ['API Key', 'Base URL'], `${p.label} credential fields`);
				const good = await credentials.test();
				assert.ok(good.ok, `${p.label} right key: ${JSON.stringify(good)}`);
				assert.equal(good.status, 'OK');
				await credentials.close();

				const name = `${p.label} wrong key`;
				const bad = await state.server.createCredential({ name, type: p.credential, data: sandboxCredentialData(p, state.sandbox, { wrongKey: true }) });
				await credentials.open(bad.id);
				const verdict = await credentials.test();
				assert.equal(verdict.ok, false, `${p.label} wrong key passed the test`);
				assert.equal(verdict.status, 'Error');
				assert.match(verdict.message, /^The API Key was refused \((HTTP 40[13]|WiseCP answered with status "error")\)\. .*API Key field\.$/, `${p.label} wrong key message`);
				assert.equal(verdict.message, verdict.apiMessage, 'the form shows the test\'s message as it is');
				t.note(`${p.label}: right key "${good.message}"; wrong key "${verdict.title}" — ${verdict.message}`);
				if (p.key === 'vpsbg') t.note(`screenshot ${await shot('credential-test')}`);
				await credentials.close();
			}
		}),
		{ skip, group: 'editor', timeoutMs: 3 * 60 * 1000 },
	);

	r.after(async () => {
		if (state.browser) {
			const errors = state.browser.consoleErrors.filter((e) => /hosting-invoices|vpsbg|i3d|wisecp|pph|northflank/i.test(e));
			if (errors.length) process.stdout.write(`    browser console errors about the package:\n${errors.map((e) => `      ${e.slice(0, 300)}`).join('\n')}\n`);
			await state.browser.close();
		}
		if (state.shots.length) process.stdout.write(`    screenshots: ${state.shots.join(', ')}\n`);
		if (state.n8n) await state.n8n.close();
		if (state.sandbox) await state.sandbox.close();
	});
};

'use strict';
/**
 * The n8n 2.41 editor as the editor suite drives it in Chromium: sign-in, canvas, nodes panel,
 * node panel (NDV) with its parameters, resource locator and output panel, and the credential
 * modal. Selectors are the data-test-id attributes the editor sets for its own Playwright tests
 * (checked against the DOM of 2.41.1); where it has none, a role, class or visible text is used
 * and the line says so. Every wait is bounded; `waitFor` polls a condition for at most `timeout`.
 *
 *   const ed = editor(page, { base, log });
 *   await ed.signIn(owner); await ed.newWorkflow();
 *   await ed.panel.open(); const items = await ed.panel.search('VPSBG');
 *   await ed.panel.addAction('VPSBG', 'Get many VPSBG invoices');
 *   const fields = await ed.ndv.fields();
 */

const DEFAULT_WAIT = 20000;

/** Poll fn() until it returns a truthy value (returned), at most `timeout` ms; fn may throw meanwhile. */
async function waitFor(fn, { timeout = DEFAULT_WAIT, interval = 150, what = 'condition' } = {}) {
	const deadline = Date.now() + timeout;
	let last;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
			last = v;
		} catch (e) {
			if (e && e.final) throw e; // a verdict, not a "not yet"
			last = e;
		}
		if (Date.now() > deadline) {
			const why = last instanceof Error ? last.message.split('\n')[0] : JSON.stringify(last);
			throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(why).slice(0, 400)})`);
		}
		await new Promise((r) => setTimeout(r, interval));
	}
}

const exactly = (text) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

function editor(page, { base, log = () => {} }) {
	const byId = (id) => page.getByTestId(id);
	const ndvRoot = () => byId('ndv');
	const creator = () => byId('node-creator');
	// an entry's actions: list items marked as actions for keyboard navigation (no test id of their own)
	const actionItems = () => creator().locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]');

	/** The visible options of an open element-plus select (n8n renders them in a popper at body level). */
	async function visibleOptions(testId = null) {
		return page.evaluate((tid) => {
			const sel = tid ? `[data-test-id="${tid}"]` : '.el-select-dropdown__item';
			return [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility()).map((e) => e.innerText.trim());
		}, testId);
	}

	async function closeNotifications() {
		// n8n's toasts (element-plus notifications) have no data-test-id; their close button is a class
		const buttons = page.locator('.el-notification .el-notification__closeBtn');
		for (let i = (await buttons.count()) - 1; i >= 0; i--) await buttons.nth(i).click({ timeout: 2000 }).catch(() => {});
		await waitFor(async () => (await page.locator('.el-notification').filter({ visible: true }).count()) === 0, {
			timeout: 5000,
			what: 'notifications to close',
		}).catch(() => {});
	}

	// ---------------------------------------------------------------- sign-in and workflow
	async function signIn(owner) {
		await page.goto(`${base}/signin`);
		await byId('emailOrLdapLoginId').locator('input').fill(owner.email);
		await byId('password').locator('input').fill(owner.password);
		await byId('form-submit-button').click();
		await page.waitForURL((u) => !/\/signin/.test(u.pathname), { timeout: 30000 });
	}

	/** A new, empty workflow with a Manual Trigger (so the nodes panel offers action nodes). */
	async function newWorkflow() {
		await page.goto(`${base}/workflow/new`);
		await byId('canvas-add-button').click();
		await byId('node-creator-search-bar').fill('Manual Trigger');
		await creator().getByTestId('item-iterator-item').filter({ has: byId('node-creator-item-name').filter({ hasText: exactly('Manual Trigger') }) }).click();
		await byId('canvas-trigger-node').waitFor();
		await waitFor(async () => !(await creator().isVisible()), { what: 'the nodes panel to close' });
	}

	/**
	 * Back to the workflow canvas with nothing open (a test starts here, whatever the test
	 * before it left open): credential modal, node panel, nodes panel closed.
	 */
	async function reset(workflowUrl) {
		for (let i = 0; i < 4; i++) {
			const open = (await byId('editCredential-modal').isVisible()) || (await ndvRoot().isVisible()) || (await creator().isVisible());
			if (!open) break;
			await page.keyboard.press('Escape');
			await page.waitForTimeout(300);
		}
		if (workflowUrl && !page.url().startsWith(workflowUrl)) await page.goto(workflowUrl);
		if (await ndvRoot().isVisible()) await ndvRoot().getByTestId('ndv-close-button').click();
		await byId('canvas-trigger-node').first().waitFor();
		await waitFor(async () => !(await creator().isVisible()) && !(await ndvRoot().isVisible()), { what: 'the canvas with nothing open' });
	}

	/** Select a canvas node by a CSS attribute selector (click; the canvas tidied up if nodes overlap). */
	async function selectNode(attr) {
		const node = page.locator(`[data-test-id="canvas-node"]${attr}`);
		try {
			await node.click({ timeout: 5000 });
		} catch {
			await byId('tidy-up-button').click();
			await byId('zoom-to-fit').click();
			await page.waitForTimeout(500);
			await node.click();
		}
		await waitFor(async () => /\bselected\b/.test((await node.getAttribute('class')) || ''), { what: `${attr} selected` });
	}
	/** Select the Manual Trigger, so the next node added from the nodes panel hangs on it. */
	const selectTrigger = () => selectNode('[data-node-type="n8n-nodes-base.manualTrigger"]');

	// ---------------------------------------------------------------- nodes panel
	const panel = {
		async open() {
			await byId('node-creator-plus-button').click();
			await creator().waitFor();
		},
		async close() {
			if (await creator().isVisible()) {
				await page.keyboard.press('Escape');
				await waitFor(async () => !(await creator().isVisible()), { what: 'the nodes panel to close' });
			}
		},
		/**
		 * Open the panel so that the node picked next hangs on the Manual Trigger: through the
		 * "+" of the trigger's output while it has no connection, else with the trigger selected.
		 */
		async openAfterTrigger() {
			const trigger = page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-base.manualTrigger"]');
			const plus = trigger.getByTestId('canvas-handle-plus').filter({ visible: true });
			if (await plus.count()) {
				await plus.first().click();
				await creator().waitFor();
				return;
			}
			await selectTrigger();
			await panel.open();
		},
		/** Type a search; the items once two reads 300 ms apart agree: [{name, description, icon, iconLoaded}]. */
		async search(text) {
			await byId('node-creator-search-bar').fill(text);
			let previous = null;
			return waitFor(
				async () => {
					const items = await creator().evaluate((root) =>
						[...root.querySelectorAll('[data-test-id="item-iterator-item"]')]
							.filter((e) => e.checkVisibility())
							.map((e) => {
								const img = e.querySelector('img');
								return {
									name: (e.querySelector('[data-test-id="node-creator-item-name"]') || e).innerText.trim(),
									description: (e.querySelector('[data-test-id="node-creator-item-description"]') || { innerText: '' }).innerText.trim(),
									icon: img ? img.getAttribute('src') : null,
									iconLoaded: img ? img.complete && img.naturalWidth > 0 : false,
								};
							}),
					);
					const key = JSON.stringify(items);
					const stable = key === previous && items.length > 0;
					previous = key;
					if (!stable) await page.waitForTimeout(300);
					return stable && items;
				},
				{ what: `search results for "${text}"`, interval: 0 },
			);
		},
		/** Open a node's entry (its actions); returns the action names listed. */
		async openNode(name) {
			await creator()
				.getByTestId('item-iterator-item')
				.filter({ has: byId('node-creator-item-name').filter({ hasText: exactly(name) }) })
				.first()
				.click();
			return waitFor(
				async () => {
					const actions = await actionItems().filter({ visible: true }).allInnerTexts();
					return actions.length > 0 && actions.map((a) => a.trim());
				},
				{ what: `the actions of ${name}` },
			);
		},
		/** Click an action of the open node entry: the node is added and its panel opens. */
		async pickAction(action) {
			await actionItems().filter({ hasText: exactly(action) }).click();
			await ndvRoot().waitFor();
		},
	};

	// ---------------------------------------------------------------- node panel (NDV)
	const paramItems = () => ndvRoot().getByTestId('node-parameters');
	const paramInput = (name) => ndvRoot().getByTestId(`parameter-input-${name}`);

	const ndv = {
		async isOpen() {
			return ndvRoot().isVisible();
		},
		async title() {
			return (await ndvRoot().getByTestId('node-title-container').getByTestId('inline-edit-preview').innerText()).trim();
		},
		async close() {
			await ndvRoot().getByTestId('ndv-close-button').click();
			await waitFor(async () => !(await ndvRoot().isVisible()), { what: 'the node panel to close' });
		},
		/** Open a node of the canvas by its name (double click). */
		async openNode(name) {
			const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`);
			try {
				await node.dblclick({ timeout: 5000 });
			} catch {
				// nodes added one after another can overlap: let n8n arrange the canvas, then retry
				await byId('tidy-up-button').click();
				await byId('zoom-to-fit').click();
				await page.waitForTimeout(500);
				await node.dblclick();
			}
			await ndvRoot().waitFor();
			await waitFor(async () => (await ndv.title()) === name, { what: `the panel of "${name}"` });
		},
		/**
		 * The visible parameters of the Parameters tab, in order:
		 * [{label, text, notice, value}] (label null for a notice; text: the label and any hint
		 * or notice text, without the Fixed/Expression switch; value: the input's value, a
		 * switch's on/off, or null).
		 */
		async fields() {
			return paramItems().evaluate((root) => {
				const visible = (e) => e.checkVisibility();
				return [...root.querySelectorAll('[data-test-id="parameter-item"]')].filter(visible).flatMap((item) => {
					const notice = item.querySelector('.notice');
					if (notice) return [{ label: null, notice: notice.innerText.trim(), text: notice.innerText.trim(), value: null }];
					const labels = [...item.querySelectorAll('label')]
						.filter(visible)
						.map((l) => (l.querySelector('.n8n-text') || l).textContent.trim())
						.filter(Boolean);
					const text = item.innerText
						.split('\n')
						.map((l) => l.trim())
						.filter((l) => l && l !== 'Fixed' && l !== 'Expression')
						.join('\n');
					const valueOf = (el) => {
						if (!el) return null;
						const sw = el.querySelector('input[role="switch"]');
						if (sw) return sw.getAttribute('aria-checked') === 'true';
						const input = el.querySelector('input, textarea');
						return input ? input.value : null;
					};
					// the first item holds the Credential and Resource selects together
					return labels.map((label) => {
						const input =
							label === 'Credential'
								? item.querySelector('[data-test-id="node-credentials-select"]')
								: labels.length === 1
									? item.querySelector('[data-test-id^="parameter-input-"]')
									: item.querySelector(`[data-test-id="parameter-input-${label.toLowerCase()}"]`);
						return { label, notice: null, text, value: valueOf(input) };
					});
				});
			});
		},
		/** fields() once `check(fields)` holds (the panel re-renders a moment after a change). */
		async fieldsWhen(check, what) {
			let last = null;
			try {
				return await waitFor(async () => {
					last = await ndv.fields();
					return check(last) && last;
				}, { what, timeout: 10000 });
			} catch (e) {
				e.message += `\nfields shown: ${JSON.stringify((last || []).map((f) => f.label || 'notice'))}`;
				throw e;
			}
		},
		/** The list shown by an options parameter (its option headlines), closed again. */
		async optionsOf(name) {
			await paramInput(name).click();
			const opts = await waitFor(async () => {
				const o = await page.evaluate(() =>
					[...document.querySelectorAll('[data-test-id="parameter-input-item"]')]
						.filter((e) => e.checkVisibility())
						.map((e) => (e.querySelector('.option-headline') || e).innerText.trim()),
				);
				return o.length > 0 && o;
			}, { what: `the options of ${name}` });
			await page.keyboard.press('Escape');
			return opts;
		},
		/** Pick an option of an options parameter by its headline (e.g. Operation → "Get"). */
		async select(name, headline) {
			await paramInput(name).click();
			await page
				.getByTestId('parameter-input-item')
				.filter({ visible: true })
				.filter({ has: page.locator('.option-headline', { hasText: exactly(headline) }) })
				.click();
			await waitFor(async () => (await paramInput(name).locator('input').first().inputValue()) === headline, {
				what: `${name} to read "${headline}"`,
			});
		},
		/** Choose the node's credential by id; returns its name as the select shows it. */
		async selectCredential(id, name) {
			await ndvRoot().getByTestId('node-credentials-select').click();
			await page.getByTestId(`node-credentials-select-item-${id}`).click();
			return waitFor(
				async () => {
					const v = await ndvRoot().getByTestId('node-credentials-select').locator('input').first().inputValue();
					return v === name && v;
				},
				{ what: `the credential "${name}" to be selected` },
			);
		},
		async switchValue(name) {
			return (await paramInput(name).locator('input[role="switch"]').getAttribute('aria-checked')) === 'true';
		},
		async setSwitch(name, on) {
			if ((await ndv.switchValue(name)) !== on) await paramInput(name).locator('.el-switch').click();
			await waitFor(async () => (await ndv.switchValue(name)) === on, { what: `${name} to be ${on ? 'on' : 'off'}` });
		},
		async fill(name, value) {
			const input = paramInput(name).locator('input, textarea').first();
			await input.fill(String(value));
			await input.press('Tab');
			await waitFor(async () => (await input.inputValue()) === String(value), { what: `${name} = ${value}` });
		},
		/**
		 * The options a collection offers (e.g. Filters), leaving it as it was. With several, n8n
		 * shows an "Add …" select (read, then closed); with one, a button that adds it at once
		 * (added, read, deleted again with its Delete button).
		 */
		async collectionOptions(label) {
			const item = paramItems()
				.getByTestId('parameter-item')
				.filter({ visible: true })
				// the collection's own item: the one with its label (its entries' items are inside it)
				.filter({ has: page.getByTestId('input-label').filter({ hasText: exactly(label) }) })
				.first();
			const add = item.getByTestId('collection-parameter-add');
			if ((await add.evaluate((e) => e.tagName)) === 'BUTTON') {
				await add.click();
				const nested = item.getByTestId('parameter-item');
				const names = await waitFor(async () => {
					const n = await nested.locator('label').filter({ visible: true }).evaluateAll((ls) => ls.map((l) => (l.querySelector('.n8n-text') || l).textContent.trim()));
					return n.length > 0 && n;
				}, { what: `the option ${label} added` });
				// n8n's delete button of a collection entry has a title, no test id
				for (let i = (await nested.count()) - 1; i >= 0; i--) await nested.nth(i).locator('button[title="Delete"]').click();
				await waitFor(async () => (await nested.count()) === 0, { what: `${label} empty again` });
				return names;
			}
			await add.click();
			const opts = await waitFor(async () => {
				const o = await visibleOptions('collection-parameter-option');
				return o.length > 0 && o;
			}, { what: `the options of ${label}` });
			await page.keyboard.press('Escape');
			await waitFor(async () => (await visibleOptions('collection-parameter-option')).length === 0, { what: `${label}'s list to close` });
			return opts;
		},

		// ------------------------------------------------------------ resource locator
		rlc: {
			root: (name) => ndvRoot().getByTestId(`resource-locator-${name}`),
			/** The modes offered (e.g. ["From list", "By ID"]) and the current one. */
			async modes(name) {
				const root = ndv.rlc.root(name);
				const current = await root.getByTestId('rlc-mode-selector').locator('input').inputValue();
				await root.getByTestId('rlc-mode-selector').click();
				const modes = await waitFor(async () => {
					const m = await page.evaluate(() =>
						[...document.querySelectorAll('[data-test-id^="mode-"]')].filter((e) => e.checkVisibility()).map((e) => e.innerText.trim()),
					);
					return m.length > 0 && m;
				}, { what: 'the locator modes' });
				await page.keyboard.press('Escape');
				return { current, modes };
			},
			async setMode(name, mode) {
				const root = ndv.rlc.root(name);
				await root.getByTestId('rlc-mode-selector').click();
				await page.getByTestId(`mode-${mode}`).filter({ visible: true }).click();
				await waitFor(async () => (await root.getByTestId('rlc-input').count()) > 0, { what: `mode ${mode}` });
			},
			async inputPlaceholder(name) {
				return ndv.rlc.root(name).getByTestId('rlc-input').getAttribute('placeholder');
			},
			/** Open "From list"; resolves with the rows' texts, or throws with the list's error text. */
			async openList(name) {
				const root = ndv.rlc.root(name);
				if (!(await page.getByTestId('rlc-search').isVisible())) await root.getByTestId('rlc-input').click();
				return ndv.rlc.rows();
			},
			/** The rows once loaded: two reads 300 ms apart agree (n8n may show a cached list first). */
			async rows({ timeout = 30000 } = {}) {
				let previous = null;
				return waitFor(
					async () => {
						const err = page.getByTestId('rlc-error-container').filter({ visible: true });
						if (await err.count()) throw Object.assign(new Error(`the invoice list shows an error: ${(await err.innerText()).replace(/\s+/g, ' ')}`), { final: true });
						const rows = (await page.getByTestId('rlc-item').filter({ visible: true }).allInnerTexts()).map((r) => r.trim());
						const key = JSON.stringify(rows);
						const stable = rows.length > 0 && key === previous;
						previous = key;
						return stable && rows;
					},
					{ timeout, what: 'the invoice list', interval: 300 },
				);
			},
			/** Type into the list's search box; the rows once two reads agree. */
			async search(text) {
				await page.getByTestId('rlc-search').fill(text);
				let previous = null;
				return waitFor(async () => {
					const rows = await page.getByTestId('rlc-item').filter({ visible: true }).allInnerTexts();
					const key = JSON.stringify(rows);
					// n8n asks the node's search method (debounced) and shows a loader meanwhile
					const stable = key === previous && rows.length > 0 && rows.every((r) => r.toLowerCase().includes(text.toLowerCase()));
					previous = key;
					if (!stable) await page.waitForTimeout(300);
					return stable && rows.map((r) => r.trim());
				}, { what: `list rows matching "${text}"`, interval: 0 });
			},
			/** Click a row; resolved once the picker shows it (the list may still re-render: clicked again then). */
			async pick(rowText, name = 'invoiceId') {
				const input = ndv.rlc.root(name).getByTestId('rlc-input');
				for (let attempt = 1; ; attempt++) {
					if (!(await page.getByTestId('rlc-search').isVisible())) await input.click();
					await page.getByTestId('rlc-item').filter({ visible: true }).filter({ hasText: rowText }).first().click({ timeout: 10000 });
					try {
						await waitFor(async () => (await input.inputValue()) === rowText, { what: `the picker to show "${rowText}"`, timeout: 5000 });
						break;
					} catch (e) {
						if (attempt >= 3) {
							const rows = await page.getByTestId('rlc-item').filter({ visible: true }).allInnerTexts();
							e.message += ` (picker shows "${await input.inputValue()}"; list ${rows.length ? `open: ${rows.slice(0, 3).join(' | ')}…` : 'closed'})`;
							throw e;
						}
					}
				}
				if (await page.getByTestId('rlc-search').isVisible()) await page.keyboard.press('Escape');
			},
			async closeList() {
				if (await page.getByTestId('rlc-search').isVisible()) await page.keyboard.press('Escape');
				await waitFor(async () => !(await page.getByTestId('rlc-search').isVisible()), { what: 'the list to close' });
			},
			async value(name) {
				return ndv.rlc.root(name).getByTestId('rlc-input').inputValue();
			},
		},

		// ------------------------------------------------------------ running and output
		/**
		 * Press "Execute step" and wait until the output panel shows this run: a success status with
		 * an item count (resolved: {items, ms}), or an error (thrown with n8n's message).
		 */
		async execute({ timeout = 90000 } = {}) {
			const out = ndvRoot().getByTestId('output-panel');
			const t0 = Date.now();
			const run = page.waitForResponse((r) => /\/rest\/workflows\/[^/]+\/run/.test(r.url()) && r.request().method() === 'POST', { timeout });
			// When a run has ended the editor reads it whole (GET /rest/executions/<id>), after the
			// node's data came through the push connection; the run's answer names the id.
			const read = new Set();
			const onResponse = (r) => {
				const m = /^\/rest\/executions\/([^/]+)$/.exec(new URL(r.url()).pathname);
				if (m && r.request().method() === 'GET') read.add(m[1]);
			};
			page.on('response', onResponse);
			try {
				await ndvRoot().getByTestId('node-execute-button').click();
				const res = await run;
				if (!res.ok()) throw new Error(`POST ${new URL(res.url()).pathname} -> HTTP ${res.status()}: ${(await res.text()).slice(0, 500)}`);
				const started = await res.json().catch(() => null);
				const executionId = started && started.data && started.data.executionId;
				if (!executionId) throw new Error(`the run's answer names no execution: ${JSON.stringify(started).slice(0, 300)}`);
				await waitFor(() => read.has(String(executionId)), { timeout, what: `execution ${executionId} to end` });
			} finally {
				page.off('response', onResponse);
			}
			return waitFor(
				async () => {
					if (await out.getByTestId('node-run-status-error').filter({ visible: true }).count()) {
						const msg = await out.innerText();
						throw Object.assign(new Error(`the node failed: ${msg.replace(/\s+/g, ' ').slice(0, 600)}`), { final: true });
					}
					if (!(await out.getByTestId('node-run-status-success').filter({ visible: true }).count())) return false;
					const count = out.getByTestId('run-data-item-count').filter({ visible: true });
					if (!(await count.count())) return false;
					const m = /(\d+)\s+items?/.exec(await count.first().innerText());
					return m && { items: Number(m[1]), ms: Date.now() - t0 };
				},
				{ timeout, what: 'the output panel to show the run' },
			);
		},
		/** Show the output panel in a display mode: 'schema' | 'table' | 'json' | 'binary'. */
		async outputMode(mode) {
			const out = ndvRoot().getByTestId('output-panel');
			await out.getByTestId(`radio-button-${mode}`).click();
			await waitFor(async () => (await out.getByTestId(`radio-button-${mode}`).getAttribute('aria-checked')) === 'true', { what: `output mode ${mode}` });
		},
		async outputModes() {
			const out = ndvRoot().getByTestId('output-panel');
			return out.locator('[data-test-id^="radio-button-"]').filter({ visible: true }).evaluateAll((els) => els.map((e) => e.getAttribute('data-test-id').slice('radio-button-'.length)));
		},
		/** The output's text in the current mode (what is rendered: long outputs are virtualized). */
		async outputText() {
			const box = ndvRoot().getByTestId('output-panel').getByTestId('ndv-data-container');
			return waitFor(async () => (await box.innerText()).trim(), { what: 'the output to render' });
		},
		/** The binary cards of the output panel: [{field, 'File Name', 'File Extension', 'Mime Type', 'File Size'}]. */
		async binaries() {
			return ndvRoot()
				.getByTestId('output-panel')
				.locator('[data-test-id^="ndv-binary-data_"]')
				.evaluateAll((cards) =>
					cards.map((card) => {
						const entry = { field: (card.firstElementChild || card).innerText.trim() };
						for (const row of card.children) {
							const key = row.querySelector('span');
							const value = row.querySelector('div[class*="binaryValue"]');
							if (key && value) entry[key.innerText.replace(/:\s*$/, '').trim()] = value.innerText.trim();
						}
						return entry;
					}),
				);
		},
		/** Press the Download button of output binary card `index`; resolves with {fileName, bytes}. */
		async downloadBinary(index = 0) {
			const card = ndvRoot().getByTestId('output-panel').getByTestId(`ndv-binary-data_${index}`);
			const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), card.getByTestId('ndv-download-binary-data').click()]);
			const file = await download.path();
			return { fileName: download.suggestedFilename(), bytes: require('node:fs').readFileSync(file) };
		},
	};

	// ---------------------------------------------------------------- credentials
	const modal = () => byId('editCredential-modal');
	const credentials = {
		/** Open a credential's modal by its URL; n8n tests it on opening. */
		async open(id) {
			await page.goto(`${base}/home/credentials/${id}`);
			await modal().waitFor();
			await modal().getByTestId('credential-connection-parameter').first().waitFor();
		},
		async fieldLabels() {
			return modal()
				.getByTestId('credential-connection-parameter')
				.filter({ visible: true })
				.evaluateAll((els) => els.map((e) => ((e.querySelector('label .n8n-text') || e.querySelector('label') || e).textContent || '').replace(/\*/g, '').trim()));
		},
		/**
		 * Press the test button ("Retry", the one n8n shows after its own test on opening) and
		 * read the verdict: {ok, message}. For a failed test the "More details" link is opened,
		 * so `message` is the credential test's own text.
		 */
		async test({ timeout = 30000 } = {}) {
			// n8n's test button has no data-test-id; its title does not change between versions
			const retry = modal().locator('button[title="Retry credential test"]').filter({ visible: true });
			await retry.waitFor({ timeout });
			await waitFor(async () => retry.isEnabled(), { what: 'the test button', timeout });
			const [response] = await Promise.all([
				page.waitForResponse((r) => /\/rest\/credentials\/test/.test(r.url()) && r.request().method() === 'POST', { timeout }),
				retry.click(),
			]);
			const body = await response.json().catch(() => null);
			const verdict = (body && (body.data || body)) || {};
			// the banner: success tag, or a danger tag whose details open on "More details"
			const success = modal().getByTestId('credentials-config-container-test-success').filter({ visible: true });
			const danger = modal().locator('.el-tag--danger').filter({ visible: true });
			await waitFor(async () => (await success.count()) + (await danger.count()) > 0, { what: 'the test verdict', timeout });
			if (await success.count()) return { ok: true, status: verdict.status, message: (await success.innerText()).split('\n')[0].trim() };
			const more = danger.getByText('More details');
			if (await more.count()) await more.click();
			const message = await waitFor(async () => {
				const t = (await danger.innerText()).split('\n').map((l) => l.trim()).filter((l) => l && l !== 'Retry');
				return t.length > 1 && t;
			}, { what: 'the error details' });
			return { ok: false, status: verdict.status, title: message[0], message: message.slice(1).join(' '), apiMessage: verdict.message };
		},
		async close() {
			await page.keyboard.press('Escape');
			await waitFor(async () => !(await modal().isVisible()), { what: 'the credential modal to close', timeout: 10000 }).catch(() => {});
		},
	};

	return { page, waitFor, signIn, newWorkflow, reset, selectTrigger, panel, ndv, credentials, closeNotifications, log };
}

module.exports = { editor, waitFor };

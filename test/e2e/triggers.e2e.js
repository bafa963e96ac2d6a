'use strict';
/**
 * Our polling triggers in the real n8n app (issue 9), activated through the public API:
 * VPSBG Trigger (a newest-first API) and PPH Trigger (an oldest-first API, read whole and
 * turned around), each -> NoOp, New Invoice, Start With "new invoices only", PDFs on, polling
 * every 5 seconds. Invoices are added to the running sandbox between polls (its live data sets);
 * the executions are read back with the public API (includeData) and their PDFs through n8n's
 * binary-data endpoint.
 *
 *  - what n8n 2.41 accepts as a poll time: a sub-minute cron is refused at activation by the
 *    engine; a list of once-a-minute crons at fixed seconds polls every 5 seconds;
 *  - activation remembers what exists: quiet polls, no execution;
 *  - n8n stopped right after activation, an invoice added while it is down, n8n started again on
 *    the same user folder and database: the invoice comes once (the state activation saved);
 *  - each new invoice exactly once, in order, one execution per poll (oldest first inside);
 *  - the same restart after polls that emitted (the state they saved), one more after it: no
 *    duplicate, no loss, polling resumes.
 *
 * n8n facts: a poll that emits saves the workflow's static data (the trigger's state) when it
 * hands the items off, and activation saves it too; a poll that emits nothing does not save
 * (the state kept in memory is the same). At start n8n activates the workflow again and polls
 * once right away (the legacy in-memory poll scheduler, the default in 2.41).
 */
const assert = require('node:assert/strict');
const { createN8n } = require('./lib/n8n');
const pkg = require('./lib/package');
const sandboxLib = require('./lib/sandbox');
const procs = require('./lib/procs');
const { byKey, sandboxCredentialData } = require('./lib/providers');
const wfl = require('./lib/workflows');
const trig = require('./lib/triggers');

const POLL_SECONDS = 5;
/** VPSBG: newest first; PPH: oldest first (the sandbox serves them as the real APIs do). */
const WATCHED = ['vpsbg', 'pph'].map((k) => byKey[k]);

function prerequisites() {
	const built = pkg.builtState();
	if (!built.ok) return 'package not built (npm run build)';
	if (!sandboxLib.available()) return 'test/sandbox/server.js does not exist';
	const triggers = (built.pkg.n8n.nodes || []).filter((f) => /Trigger\.node\.js$/.test(f));
	if (triggers.length === 0) return 'the package has no trigger nodes';
	return false;
}

module.exports = function register(r, ctx) {
	const v = ctx.variant;
	const state = { batches: {}, wf: {} };
	const setupSkip = () => (state.skipReason = prerequisites());
	const skip = () => (state.ready ? false : state.skipReason || `setup failed: ${state.failed || 'did not run'}`);
	const trigger = (p) => `${p.label} Trigger`;
	// through n8n's binary-data endpoint (2.x keeps them on disk); 1.x keeps them inline
	const readBinary = (bin) => (bin.id ? state.server.binary(bin.id) : Buffer.from(bin.data, 'base64'));

	/** Adds `count` invoices to every watched provider: one expected execution each. */
	function add(count) {
		for (const p of WATCHED) state.batches[p.key].push(sandboxLib.addInvoices(state.sandbox, p.key, count));
	}
	const expectedItems = (p) => state.batches[p.key].reduce((n, b) => n + b.length, 0);

	/** Waits for every watched trigger's items, then for two more polls each, and checks everything. */
	async function settleAndCheck(t, label) {
		for (const p of WATCHED) await trig.waitForItems(state.server, state.wf[p.key], trigger(p), expectedItems(p), { what: `${p.label} ${label}` });
		// two more polls each: nothing else may come (no duplicate from a later poll)
		await Promise.all(WATCHED.map((p) => trig.waitForPolls(state.sandbox, p, 2)));
		await procs.sleep(1500);
		for (const p of WATCHED) {
			const runs = await trig.triggerRuns(state.server, state.wf[p.key], trigger(p));
			const stats = await trig.checkTriggerRuns({ provider: p, runs, batches: state.batches[p.key], sandbox: state.sandbox, readBinary });
			t.note(
				`${p.label}: ${stats.executions} executions ${JSON.stringify(runs.map((x) => x.ids))}, ${stats.pdfs} PDFs exact, ${trig.pollCount(state.sandbox, p)} polls so far`,
			);
		}
	}

	r.test(
		`[${v}] triggers: setup (sandbox, community package, n8n start, credentials through the public API)`,
		async (t) => {
			try {
				pkg.snapshot();
				state.sandbox = await sandboxLib.startSandbox({});
				state.n8n = await createN8n({ variant: v, log: ctx.log });
				await pkg.installCommunityPackage(state.n8n.userFolder, await pkg.pack());
				state.server = await state.n8n.startServer();
				state.creds = {};
				for (const p of WATCHED) {
					state.creds[p.key] = await state.server.createCredential({ name: `${p.label} sandbox`, type: p.credential, data: sandboxCredentialData(p, state.sandbox) });
					state.batches[p.key] = [];
				}
				t.note(`n8n start ready in ${(state.server.readyMs / 1000).toFixed(1)} s`);
				state.ready = true;
			} catch (e) {
				state.failed = e.message.split('\n')[0];
				throw e;
			}
		},
		{ skip: setupSkip, setup: true, group: 'triggers', timeoutMs: 4 * 60 * 1000 },
	);

	r.test(
		`[${v}] triggers: n8n refuses a sub-minute cron at activation (engine, not only the editor); once-a-minute crons at fixed seconds poll every ${POLL_SECONDS} s`,
		async (t) => {
			const p = WATCHED[0];
			const wf = wfl.triggerWorkflow(p, {
				credentialId: state.creds[p.key].id,
				pollTimes: { item: [{ mode: 'custom', cronExpression: `*/${POLL_SECONDS} * * * * *` }] },
				name: 'e2e sub-minute cron',
			});
			const created = await state.server.createWorkflow(wf);
			const before = trig.pollCount(state.sandbox, p);
			const { workflow, status, errors } = await state.server.activateWorkflow(created.id, { allowError: true });
			const error = errors.join('; ');
			assert.equal(status, 'failed', `publication status ${status} (${error})`);
			assert.match(error, /polling interval is too short/i, `trigger error: ${error}`);
			t.note(`"*/${POLL_SECONDS} * * * * *": public API answers active=${workflow.active}; publication ${status}: "${error}"`);
			await procs.sleep(POLL_SECONDS * 1000 + 1000);
			assert.equal(trig.pollCount(state.sandbox, p), before, 'no poll ran');
			await state.server.deactivateWorkflow(created.id);
			t.note(`pollTimes used instead: ${wfl.fastPollTimes(POLL_SECONDS).item.map((i) => `"${i.cronExpression}"`).slice(0, 3).join(', ')}, … (${60 / POLL_SECONDS} entries)`);
		},
		{ skip: () => skip() || (v !== '2x' ? 'the sub-minute check is a 2.x fact' : false), group: 'triggers', timeoutMs: 60 * 1000 },
	);

	r.test(
		`[${v}] triggers: VPSBG + PPH Trigger activated (public API); activation remembers the existing invoices, quiet polls start nothing`,
		async (t) => {
			for (const p of WATCHED) {
				const created = await state.server.createWorkflow(wfl.triggerWorkflow(p, { credentialId: state.creds[p.key].id }));
				state.wf[p.key] = created.id;
				await state.server.activateWorkflow(created.id);
			}
			const polls = await Promise.all(WATCHED.map((p) => trig.waitForPolls(state.sandbox, p, 3)));
			await procs.sleep(1000);
			for (const p of WATCHED) {
				const runs = await trig.triggerRuns(state.server, state.wf[p.key], trigger(p));
				assert.deepEqual(runs.map((x) => x.ids), [], `${p.label}: executions after activation`);
			}
			t.note(`after activation: ${WATCHED.map((p, i) => `${p.label} ${polls[i]} polls`).join(', ')}, no execution`);
		},
		{ skip, group: 'triggers', timeoutMs: 2 * 60 * 1000 },
	);

	/**
	 * Stops n8n between two polls (after a quiet one), adds an invoice to every watched provider
	 * while it is down, starts it again on the same user folder and database, and checks that the
	 * triggers are back and the invoice comes exactly once.
	 */
	async function restartWithInvoiceWhileDown(t, label) {
		await trig.waitForPolls(state.sandbox, WATCHED[0], 1);
		const t0 = Date.now();
		await state.server.stop();
		const stoppedAt = WATCHED.map((p) => trig.pollCount(state.sandbox, p));
		add(1);
		await procs.sleep(POLL_SECONDS * 1000); // a poll time passes while n8n is down
		assert.deepEqual(WATCHED.map((p) => trig.pollCount(state.sandbox, p)), stoppedAt, 'no poll while n8n is down');
		state.server = await state.n8n.startServer();
		t.note(`stopped and started again in ${((Date.now() - t0) / 1000).toFixed(1)} s (ready in ${(state.server.readyMs / 1000).toFixed(1)} s)`);
		for (const p of WATCHED) {
			const st = await state.server.publicationStatus(state.wf[p.key]);
			assert.equal(st.status, 'published', `${p.label} after restart: ${JSON.stringify(st)}`);
		}
		await settleAndCheck(t, label);
	}

	r.test(
		`[${v}] triggers: n8n restarted before any invoice came (the state activation saved), one added while it is down — emitted once after the start`,
		async (t) => {
			await restartWithInvoiceWhileDown(t, 'restart after activation');
		},
		{ skip, group: 'triggers', timeoutMs: 3 * 60 * 1000 },
	);

	r.test(
		`[${v}] triggers: new invoices between polls — each exactly once, in order, with its PDF (one, then two at once)`,
		async (t) => {
			add(1);
			for (const p of WATCHED) await trig.waitForItems(state.server, state.wf[p.key], trigger(p), expectedItems(p));
			add(2);
			await settleAndCheck(t, 'new invoices');
		},
		{ skip, group: 'triggers', timeoutMs: 3 * 60 * 1000 },
	);

	r.test(
		`[${v}] triggers: n8n restarted between two polls after invoices came (the state their poll saved), one added while down, one after — no duplicate, no loss`,
		async (t) => {
			await restartWithInvoiceWhileDown(t, 'restart after emitting polls');
			add(1);
			await settleAndCheck(t, 'after the restart');
		},
		{ skip, group: 'triggers', timeoutMs: 4 * 60 * 1000 },
	);

	r.after(async () => {
		if (state.server) await state.server.stop();
		if (state.n8n) await state.n8n.close();
		if (state.sandbox) await state.sandbox.close();
	});
};

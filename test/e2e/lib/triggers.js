'use strict';
/**
 * Our polling triggers in a running n8n (started with server.js): the executions a trigger
 * started, read back through the public API, checked against the invoices the test added to the
 * sandbox. Used by triggers.e2e.js (regular mode) and queue.e2e.js (queue mode).
 */
const assert = require('node:assert/strict');
const procs = require('./procs');
const sandboxLib = require('./sandbox');
const { nodeItems } = require('./n8n');
const { expectedInvoice, sandboxEnvironment, idOf, checkShape } = require('./expect');
const registry = require('../../providers');

/** The provider's list requests the sandbox has seen so far (one per poll of its trigger). */
function pollCount(sandbox, provider) {
	const spec = registry.provider(provider.key);
	return sandbox.requests.filter((r) => r.provider === provider.key && spec.listPath.test(r.path)).length;
}

/**
 * The executions of a workflow with the items its trigger node output, oldest first:
 * [{ id, status, mode, items: [{json, binary}], ids: [...] }].
 */
async function triggerRuns(server, workflowId, triggerName) {
	const executions = await server.executions(workflowId, { includeData: true });
	return executions.map((e) => {
		const items = nodeItems(e, triggerName) || [];
		return { id: e.id, status: e.status, mode: e.mode, finished: e.finished, items, ids: items.map((i) => i.json.id) };
	});
}

/**
 * Waits until the trigger's finished executions hold `count` items in all (or the time is up),
 * then returns the runs. Throws on timeout with what was there.
 */
async function waitForItems(server, workflowId, triggerName, count, { timeoutMs = 60000, what = '' } = {}) {
	const deadline = Date.now() + timeoutMs;
	let runs = [];
	for (;;) {
		runs = await triggerRuns(server, workflowId, triggerName);
		// (the public API lists running executions only when asked for them: these are finished)
		const n = runs.reduce((k, r) => k + r.items.length, 0);
		if (n >= count) return runs;
		if (Date.now() > deadline) {
			throw new Error(
				`${what || triggerName}: ${n} of ${count} items after ${timeoutMs} ms; executions: ${JSON.stringify(runs.map((r) => ({ id: r.id, status: r.status, ids: r.ids })))}`,
			);
		}
		await procs.sleep(500);
	}
}

/**
 * Waits until the provider's trigger has polled at least `polls` more times (sandbox request
 * log), so a check afterwards covers quiet polls too.
 */
async function waitForPolls(sandbox, provider, polls, { timeoutMs = 60000 } = {}) {
	const start = pollCount(sandbox, provider);
	const deadline = Date.now() + timeoutMs;
	while (pollCount(sandbox, provider) < start + polls) {
		if (Date.now() > deadline) throw new Error(`${provider.label}: fewer than ${polls} polls in ${timeoutMs} ms`);
		await procs.sleep(250);
	}
	return pollCount(sandbox, provider) - start;
}

/**
 * The trigger's executions against what the test added: `batches` is a list of lists of raw
 * records, one list per execution expected, oldest first inside. Checks: every execution
 * succeeded; each added invoice exactly once, in order, and nothing else; each item equal to the
 * package's own finishInvoice(normalize(record)) with the environment the provider loads; each
 * PDF with its file name, application/pdf and the sandbox's exact bytes, read back through
 * `readBinary` (n8n's binary data: disk or database). Returns stats.
 */
async function checkTriggerRuns({ provider, runs, batches, sandbox, readBinary, binaryMode }) {
	const env = await sandboxEnvironment(sandbox, provider.key);
	const want = batches.map((b) => b.map((raw) => idOf(provider.key, raw)));
	const got = runs.map((r) => r.ids);
	const flat = got.flat();
	const dupes = flat.filter((id, i) => flat.indexOf(id) !== i);
	assert.deepEqual(dupes, [], `${provider.label}: invoices emitted more than once: ${JSON.stringify(got)}`);
	assert.deepEqual(flat, want.flat(), `${provider.label}: emitted ${JSON.stringify(got)}, added ${JSON.stringify(want)} (each once, in order)`);
	assert.deepEqual(got, want, `${provider.label}: executions ${JSON.stringify(got)}, expected one per poll ${JSON.stringify(want)}`);
	for (const r of runs) assert.equal(r.status, 'success', `${provider.label}: execution ${r.id} ${r.status}`);
	for (const r of runs) assert.equal(r.mode, 'trigger', `${provider.label}: execution ${r.id} mode ${r.mode}`);
	let pdfs = 0;
	const raws = batches.flat();
	const items = runs.flatMap((r) => r.items);
	for (const [k, item] of items.entries()) {
		checkShape(item.json, provider.key);
		assert.deepEqual(item.json, expectedInvoice(provider.key, raws[k], env), `${provider.label} ${item.json.id}: item differs from finishInvoice(normalize(record))`);
		const bin = item.binary && item.binary.data;
		if (!provider.pdf) {
			assert.ok(!bin, `${provider.label} ${item.json.id}: unexpected binary`);
			continue;
		}
		assert.ok(bin, `${provider.label} ${item.json.id}: no PDF`);
		assert.equal(bin.mimeType, 'application/pdf');
		assert.equal(bin.fileName, item.json.pdf.fileName);
		if (binaryMode) assert.match(String(bin.id || ''), new RegExp(`^${binaryMode}:`), `binary kept in mode ${binaryMode}`);
		const bytes = await readBinary(bin);
		const expected = await sandboxLib.pdfBytes(sandbox, provider.key, item.json.id);
		assert.ok(bytes.equals(expected), `${provider.label} ${item.json.id}: PDF bytes differ (${bytes.length} vs ${expected.length})`);
		pdfs++;
	}
	return { executions: runs.length, invoices: items.length, pdfs };
}

module.exports = { pollCount, triggerRuns, waitForItems, waitForPolls, checkTriggerRuns };

'use strict';
/**
 * A small sequential test runner for the e2e suites (the tests share expensive n8n
 * instances, so they run in order, with per-test and total time limits).
 *
 *   const r = createRunner({ totalTimeoutMs, filter });
 *   r.test('name', async (t) => { ... }, { timeoutMs, skip, group, setup });
 *   (a test with setup: true runs whenever --only selects any test of its group)
 *   const { passed, failed } = await r.run();    // prints "N passed, N failed"
 */
const procs = require('./procs');

function fmtMs(ms) {
	return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function createRunner({ totalTimeoutMs = 20 * 60 * 1000, filter = null, out = process.stdout } = {}) {
	const tests = [];
	const befores = [];
	const afters = [];
	const write = (s) => out.write(`${s}\n`);

	function test(name, fn, opts = {}) {
		tests.push({ name, fn, opts });
	}
	const before = (fn) => befores.push(fn);
	const after = (fn) => afters.push(fn);

	async function run() {
		const t0 = Date.now();
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		const failures = [];
		const deadline = t0 + totalTimeoutMs;
		const matches = (t) => !filter || filter.some((f) => t.name.toLowerCase().includes(f.toLowerCase()));
		// a setup test ({setup: true, group}) runs whenever a test of its group is selected
		const groups = new Set(tests.filter(matches).map((t) => t.opts.group).filter(Boolean));
		const selected = tests.filter((t) => matches(t) || (t.opts.setup && groups.has(t.opts.group)));
		try {
			for (const b of befores) await procs.withTimeout(Promise.resolve().then(b), Math.max(1000, deadline - Date.now()), 'setup');
			for (const t of selected) {
				const skip = typeof t.opts.skip === 'function' ? t.opts.skip() : t.opts.skip;
				if (skip) {
					skipped++;
					write(`- ${t.name} (skipped: ${skip === true ? 'skip' : skip})`);
					continue;
				}
				const left = deadline - Date.now();
				if (left <= 0) {
					failed++;
					failures.push({ name: t.name, error: new Error('total time budget used up before this test') });
					write(`✗ ${t.name} (not run: total time budget used up)`);
					continue;
				}
				const limit = Math.min(t.opts.timeoutMs || 5 * 60 * 1000, left);
				const s = Date.now();
				const notes = [];
				const ctx = { note: (m) => notes.push(m), name: t.name };
				try {
					await procs.withTimeout(Promise.resolve().then(() => t.fn(ctx)), limit, `test "${t.name}"`);
					passed++;
					write(`✓ ${t.name} (${fmtMs(Date.now() - s)})`);
					for (const n of notes) write(`    ${n}`);
				} catch (e) {
					failed++;
					failures.push({ name: t.name, error: e });
					write(`✗ ${t.name} (${fmtMs(Date.now() - s)})`);
					for (const n of notes) write(`    ${n}`);
					write(
						String((e && e.stack) || e)
							.split('\n')
							.slice(0, 60)
							.map((l) => `    ${l}`)
							.join('\n'),
					);
				}
			}
		} catch (e) {
			failed++;
			failures.push({ name: 'setup', error: e });
			write(`✗ setup failed: ${(e && e.stack) || e}`);
		} finally {
			for (const a of afters) {
				try {
					await procs.withTimeout(Promise.resolve().then(a), 60000, 'teardown');
				} catch (e) {
					write(`! teardown: ${e.message}`);
				}
			}
			await procs.stopAll();
		}
		write('');
		if (failures.length) {
			write('Failures:');
			for (const f of failures) write(`  - ${f.name}: ${String((f.error && f.error.message) || f.error).split('\n')[0]}`);
		}
		write(`Total time ${fmtMs(Date.now() - t0)}${skipped ? `, ${skipped} skipped` : ''}`);
		write(`${passed} passed, ${failed} failed`);
		return { passed, failed, skipped };
	}

	return { test, before, after, run };
}

module.exports = { createRunner, fmtMs };

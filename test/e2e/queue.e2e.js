'use strict';
/**
 * Queue mode (issue 11): n8n main + two `n8n worker`s on Redis and PostgreSQL, the package
 * installed as a community package in EACH process's own user folder.
 *
 *   npm run test:queue        (node test/e2e/run.js --suite=queue)
 *
 * - Redis 7 and PostgreSQL 15 (Debian packages, apt-get installed when missing) run as this
 *   test's own processes on 127.0.0.1 in temp folders (lib/services.js), stopped at the end,
 *   also when a test fails or the run is interrupted (procs.js).
 * - main: `n8n start`, EXECUTIONS_MODE=queue, DB_TYPE=postgresdb, Bull on the Redis; workers:
 *   `n8n worker --concurrency=1` with the same settings and encryption key, each with its own
 *   task-runner broker port and health-check port. Binary data: n8n's queue-mode default
 *   (database), read back through main's GET /rest/binary-data (login cookie).
 * - Every provider's Get Many (Return All, PDFs) through a production webhook: the execution runs
 *   on a worker (its log: "Worker started execution N"), every invoice once, newest first,
 *   normalized, PDFs exact.
 * - Two executions of one workflow at once, on the two workers: both complete and exact.
 * - A trigger activated on main (VPSBG and PPH, polling every 5 s): each new invoice exactly once,
 *   in order; its executions run on the workers, which write the PDFs the poll stored to disk.
 *   n8n 2.41 keeps a poll's binaries under the placeholder execution "temp", and its
 *   /rest/binary-data refuses those in database mode (404): the test reads them from the
 *   binary_data table and says how many.
 * - A worker with N8N_REINSTALL_MISSING_PACKAGES=true but without the package in its user folder
 *   fails the job with "Unrecognized node type": the setting does not replace installing on each
 *   worker.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { createN8n } = require('./lib/n8n');
const pkg = require('./lib/package');
const sandboxLib = require('./lib/sandbox');
const procs = require('./lib/procs');
const services = require('./lib/services');
const { PROVIDERS, byKey, sandboxCredentialData } = require('./lib/providers');
const wfl = require('./lib/workflows');
const { checkListOutput } = require('./lib/expect');
const { nodeItems } = require('./lib/n8n');
const trig = require('./lib/triggers');

const BINARY_MODE = 'database';
const WATCHED = ['vpsbg', 'pph'].map((k) => byKey[k]);

function prerequisites() {
	const built = pkg.builtState();
	if (!built.ok) return 'package not built (npm run build)';
	if (!sandboxLib.available()) return 'test/sandbox/server.js does not exist';
	return false;
}

module.exports = function register(r, ctx) {
	const v = ctx.variant;
	const state = { workers: [], wf: {}, batches: {}, times: {} };
	const setupSkip = () => (state.skipReason = v !== '2x' ? 'queue mode is tested on n8n 2.x only' : prerequisites());
	const skip = () => (state.ready ? false : state.skipReason || `setup failed: ${state.failed || 'did not run'}`);
	/**
	 * A binary's bytes through main's GET /rest/binary-data (login cookie). n8n 2.41 answers 404
	 * there for binaries kept under the placeholder execution "temp": what a poll trigger outputs
	 * (the poll runs before there is an execution, and n8n moves a binary to its execution only
	 * for webhook executions). Those are read from n8n's binary_data table instead, and counted.
	 */
	const readBinary = async (bin) => {
		try {
			return await state.server.binary(bin.id);
		} catch (e) {
			if (!/HTTP 404/.test(e.message) || !String(bin.id).startsWith('database:')) throw e;
			const row = await state.pg.binaryRow(bin.id.slice('database:'.length));
			assert.ok(row, `${bin.id}: 404 from /rest/binary-data and no row in binary_data`);
			assert.equal(`${row.sourceType}:${row.sourceId}`, 'execution:temp', `${bin.id}: 404 from /rest/binary-data for a binary of ${row.sourceType} ${row.sourceId}`);
			state.tempBinaries = (state.tempBinaries || 0) + 1;
			return row.data;
		}
	};

	/** Waits until `count` executions of the workflow besides `before` (ids) have finished; returns them with their data. */
	async function newExecutions(workflowId, before, count, { timeoutMs = 60000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const runs = (await state.server.executions(workflowId, { includeData: true })).filter((e) => !before.includes(e.id));
			if (runs.length >= count && runs.every((e) => !['new', 'running', 'waiting'].includes(e.status))) return runs;
			if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: ${runs.length} of ${count} executions finished after ${timeoutMs} ms: ${JSON.stringify(runs.map((e) => [e.id, e.status]))}`);
			await procs.sleep(300);
		}
	}
	const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

	/** Which worker's log says it started execution `id` (name), or null (e.g. it ran on main). */
	const ranOn = (id) => {
		const w = state.workers.find((x) => x.startedExecutions().includes(String(id)));
		return w ? w.name : null;
	};

	/** The settings every n8n process of the cluster shares. */
	function queueEnv() {
		return {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: state.pg.host,
			DB_POSTGRESDB_PORT: String(state.pg.port),
			DB_POSTGRESDB_DATABASE: state.pg.database,
			DB_POSTGRESDB_USER: state.pg.user,
			DB_POSTGRESDB_PASSWORD: state.pg.password,
			QUEUE_BULL_REDIS_HOST: state.redis.host,
			QUEUE_BULL_REDIS_PORT: String(state.redis.port),
			N8N_LOG_LEVEL: 'info', // the workers' "Worker started execution N" lines
		};
	}

	async function startWorker(name, { install = true, extraEnv = {} } = {}) {
		const n8n = await createN8n({
			variant: v,
			log: ctx.log,
			env: {
				...queueEnv(),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(await procs.freePort()),
				N8N_RESTRICT_FILE_ACCESS_TO: state.shared,
				...extraEnv,
			},
		});
		if (install) await pkg.installCommunityPackage(n8n.userFolder, state.tgz);
		const worker = await n8n.startWorker({ name, concurrency: 1 });
		return { n8n, worker };
	}

	/** POST the production webhook of an active workflow (404 until n8n has registered it). */
	async function callWebhook(hook) {
		const deadline = Date.now() + 30000;
		for (;;) {
			const res = await fetch(`${state.server.base}/webhook/${hook}`, { method: 'POST', signal: AbortSignal.timeout(180000) });
			const text = await res.text();
			if (res.status !== 404 || Date.now() > deadline) return { status: res.status, text };
			await procs.sleep(300);
		}
	}

	r.test(
		`[${v}] queue: setup — Redis + PostgreSQL (own processes on 127.0.0.1), n8n main + 2 workers, the package installed in each user folder`,
		async (t) => {
			try {
				const t0 = Date.now();
				const inst = await services.ensureInstalled({ log: ctx.log });
				state.times.install = Date.now() - t0;
				if (inst.installed.length) t.note(`apt-get installed ${inst.installed.join(', ')} in ${sec(inst.ms)}`);
				const t1 = Date.now();
				[state.redis, state.pg] = await Promise.all([services.startRedis({ log: ctx.log }), services.startPostgres({ log: ctx.log })]);
				t.note(`redis 127.0.0.1:${state.redis.port}, postgres ${state.pg.version} 127.0.0.1:${state.pg.port}: up in ${sec(Date.now() - t1)}`);
				pkg.snapshot();
				state.sandbox = await sandboxLib.startSandbox({});
				state.tgz = await pkg.pack();
				state.shared = procs.tempDir('n8n-e2e-queue-files-');

				const t2 = Date.now();
				state.main = await createN8n({ variant: v, log: ctx.log, env: queueEnv() });
				await pkg.installCommunityPackage(state.main.userFolder, state.tgz);
				state.server = await state.main.startServer();
				t.note(`main (n8n start, fresh database: migrations) ready in ${sec(state.server.readyMs)}`);
				const started = await Promise.all(['worker-1', 'worker-2'].map((name) => startWorker(name)));
				state.workerN8n = started.map((s) => s.n8n);
				state.workers = started.map((s) => s.worker);
				t.note(`2 workers ready in ${state.workers.map((w) => sec(w.readyMs)).join(' / ')}; cluster up in ${sec(Date.now() - t2)}`);

				state.creds = {};
				for (const p of PROVIDERS) {
					state.creds[p.key] = await state.server.createCredential({ name: `${p.label} sandbox`, type: p.credential, data: sandboxCredentialData(p, state.sandbox) });
				}
				state.ready = true;
			} catch (e) {
				state.failed = e.message.split('\n')[0];
				throw e;
			}
		},
		{ skip: setupSkip, setup: true, group: 'queue', timeoutMs: 10 * 60 * 1000 },
	);

	r.test(
		`[${v}] queue: every provider's Get Many with PDFs through a production webhook — runs on a worker; items and PDFs (binary data in the database) exact`,
		async (t) => {
			for (const p of PROVIDERS) {
				const hook = `e2e-queue-${p.key}`;
				const created = await state.server.createWorkflow(wfl.webhookListWorkflow(p, { credentialId: state.creds[p.key].id, path: hook }));
				state.wf[p.key] = created.id;
				await state.server.activateWorkflow(created.id);
				const before = (await state.server.executions(created.id)).map((e) => e.id);
				const res = await callWebhook(hook);
				assert.equal(res.status, 200, `${p.label} webhook: HTTP ${res.status} ${res.text.slice(0, 500)}`);
				const runs = await newExecutions(created.id, before, 1);
				assert.equal(runs.length, 1, `${p.label}: one new execution`);
				const [exec] = runs;
				assert.equal(exec.status, 'success', `${p.label}: execution ${exec.id} ${exec.status}: ${String(JSON.stringify(exec.data && exec.data.resultData && exec.data.resultData.error)).slice(0, 1500)}`);
				const worker = ranOn(exec.id);
				assert.ok(worker, `${p.label}: execution ${exec.id} is in no worker's log ("Worker started execution ${exec.id}")`);
				const stats = await checkListOutput({ provider: p, items: nodeItems(exec, p.label), sandbox: state.sandbox, readBinary, binaryMode: BINARY_MODE });
				t.note(`${p.label}: execution ${exec.id} on ${worker}: ${stats.invoices} invoices (${stats.compared} compared in full), ${stats.pdfs} PDFs exact (${Math.round(stats.bytes / 1024)} KiB)`);
			}
		},
		{ skip, group: 'queue', timeoutMs: 5 * 60 * 1000 },
	);

	r.test(
		`[${v}] queue: two executions of one workflow at once, on the two workers — both complete and exact`,
		async (t) => {
			const p = byKey.vpsbg;
			const id = state.wf[p.key];
			assert.ok(id, 'the VPSBG webhook workflow exists (previous test)');
			const before = (await state.server.executions(id)).map((e) => e.id);
			const res = await Promise.all([callWebhook(`e2e-queue-${p.key}`), callWebhook(`e2e-queue-${p.key}`)]);
			for (const x of res) assert.equal(x.status, 200, `webhook: HTTP ${x.status} ${x.text.slice(0, 300)}`);
			const runs = await newExecutions(id, before, 2);
			assert.equal(runs.length, 2, 'two new executions');
			const binaryIds = new Set();
			for (const exec of runs) {
				assert.equal(exec.status, 'success', `execution ${exec.id} ${exec.status}`);
				const items = nodeItems(exec, p.label);
				await checkListOutput({ provider: p, items, sandbox: state.sandbox, readBinary, binaryMode: BINARY_MODE });
				for (const i of items) binaryIds.add(i.binary.data.id);
			}
			assert.equal(binaryIds.size, runs.reduce((n, e) => n + nodeItems(e, p.label).length, 0), 'every PDF of both executions stored on its own');
			const where = runs.map((e) => ranOn(e.id));
			assert.ok(where.every(Boolean), `both ran on workers: ${where}`);
			assert.notEqual(where[0], where[1], `one on each worker (concurrency 1): ${where}`);
			const [a, b] = runs.map((e) => [Date.parse(e.startedAt), Date.parse(e.stoppedAt)]);
			const overlap = Math.min(a[1], b[1]) - Math.max(a[0], b[0]);
			t.note(`executions ${runs.map((e, k) => `${e.id} on ${where[k]} (${e.startedAt.slice(11, 23)}–${e.stoppedAt.slice(11, 23)})`).join(', ')}; overlapping ${overlap} ms; ${binaryIds.size} distinct PDFs`);
		},
		{ skip, group: 'queue', timeoutMs: 3 * 60 * 1000 },
	);

	r.test(
		`[${v}] queue: VPSBG + PPH Trigger activated on main — each new invoice exactly once, in order, PDFs exact; the executions run on the workers`,
		async (t) => {
			const trigger = (p) => `${p.label} Trigger`;
			const pollsBefore = Object.fromEntries(WATCHED.map((p) => [p.key, trig.pollCount(state.sandbox, p)]));
			for (const p of WATCHED) {
				// ... -> Received -> Write Files to Disk on the worker (a folder both workers may write):
				// the worker reads the PDFs the poll on main stored
				const wf = wfl.triggerWorkflow(p, { credentialId: state.creds[p.key].id });
				wf.nodes.push({
					id: 'e2e-write',
					name: 'Write PDF',
					type: 'n8n-nodes-base.readWriteFile',
					typeVersion: 1,
					position: [480, 0],
					parameters: { operation: 'write', fileName: `=${state.shared}/{{ $binary.data.fileName }}`, dataPropertyName: 'data', options: {} },
				});
				wf.connections.Received = { main: [[{ node: 'Write PDF', type: 'main', index: 0 }]] };
				const created = await state.server.createWorkflow(wf);
				state.wf[`${p.key}Trigger`] = created.id;
				await state.server.activateWorkflow(created.id);
				state.batches[p.key] = [];
			}
			await Promise.all(WATCHED.map((p) => trig.waitForPolls(state.sandbox, p, 2)));
			const add = (n) => WATCHED.forEach((p) => state.batches[p.key].push(sandboxLib.addInvoices(state.sandbox, p.key, n)));
			const total = (p) => state.batches[p.key].reduce((n, b) => n + b.length, 0);
			add(1);
			for (const p of WATCHED) await trig.waitForItems(state.server, state.wf[`${p.key}Trigger`], trigger(p), total(p));
			add(2);
			for (const p of WATCHED) await trig.waitForItems(state.server, state.wf[`${p.key}Trigger`], trigger(p), total(p));
			await Promise.all(WATCHED.map((p) => trig.waitForPolls(state.sandbox, p, 2)));
			await procs.sleep(1500);
			for (const p of WATCHED) {
				const runs = await trig.triggerRuns(state.server, state.wf[`${p.key}Trigger`], trigger(p));
				const stats = await trig.checkTriggerRuns({ provider: p, runs, batches: state.batches[p.key], sandbox: state.sandbox, readBinary, binaryMode: BINARY_MODE });
				const where = runs.map((x) => ranOn(x.id));
				assert.ok(where.every(Boolean), `${p.label}: every execution on a worker: ${JSON.stringify(runs.map((x, k) => [x.id, where[k]]))}`);
				let written = 0;
				for (const raw of state.batches[p.key].flat()) {
					const inv = runs.flatMap((x) => x.items).find((i) => i.json.id === String(raw.id)).json;
					const file = path.join(state.shared, inv.pdf.fileName);
					assert.ok(fs.existsSync(file), `${file}: not written by the worker`);
					assert.ok(fs.readFileSync(file).equals(await sandboxLib.pdfBytes(state.sandbox, p.key, raw.id)), `${file}: bytes`);
					written++;
				}
				t.note(
					`${p.label}: ${JSON.stringify(runs.map((x) => x.ids))} in executions ${runs.map((x, k) => `${x.id}@${where[k]}`).join(', ')}; ` +
						`${stats.pdfs} PDFs exact, ${written} written to disk by the workers; ${trig.pollCount(state.sandbox, p) - pollsBefore[p.key]} polls`,
				);
			}
			if (state.tempBinaries) {
				t.note(`${state.tempBinaries} trigger PDFs: GET /rest/binary-data answers 404 (kept under execution "temp"); bytes read from binary_data`);
			}
			for (const p of WATCHED) await state.server.deactivateWorkflow(state.wf[`${p.key}Trigger`]);
		},
		{ skip, group: 'queue', timeoutMs: 4 * 60 * 1000 },
	);

	r.test(
		`[${v}] queue: a worker without the package in its user folder fails the job ("Unrecognized node type"), N8N_REINSTALL_MISSING_PACKAGES=true or not`,
		async (t) => {
			// only the bare worker may take the job
			await Promise.all(state.workers.map((w) => w.stop()));
			const bare = await startWorker('worker-bare', { install: false, extraEnv: { N8N_REINSTALL_MISSING_PACKAGES: 'true' } });
			state.workerN8n.push(bare.n8n);
			state.workers.push(bare.worker);
			const p = byKey.northflank;
			const before = (await state.server.executions(state.wf[p.key])).map((e) => e.id);
			const res = await callWebhook(`e2e-queue-${p.key}`);
			const runs = await newExecutions(state.wf[p.key], before, 1);
			assert.equal(runs.length, 1, `one execution (webhook HTTP ${res.status})`);
			const [exec] = runs;
			assert.equal(ranOn(exec.id), 'worker-bare');
			assert.equal(exec.status, 'error');
			const error = JSON.stringify((exec.data && exec.data.resultData && exec.data.resultData.error) || exec.data || {});
			assert.match(error, /Unrecognized node type/i);
			t.note(`execution ${exec.id} on worker-bare: ${exec.status}, ${(error.match(/Unrecognized node type[^"\\]*/i) || [''])[0]}; webhook answered HTTP ${res.status}`);
		},
		{ skip, group: 'queue', timeoutMs: 3 * 60 * 1000 },
	);

	r.after(async () => {
		// n8n first (workers, then main), then its database and Redis
		await Promise.all((state.workers || []).map((w) => w.stop().catch(() => {})));
		for (const n of state.workerN8n || []) await n.close().catch(() => {});
		if (state.main) await state.main.close().catch(() => {});
		if (state.sandbox) await state.sandbox.close();
		if (state.pg) await state.pg.stop();
		if (state.redis) await state.redis.stop();
	});
};

'use strict';
/**
 * Drive a real n8n app (installed by scripts/e2e-setup.js) from tests:
 *
 *   const n8n = await createN8n({ variant: '2x', customExtensions, env });
 *   await n8n.importCredentials([{ id, name, type, data }]);
 *   const id = await n8n.importWorkflow(workflowJson);
 *   const { run, items } = await n8n.execute(id);        // n8n execute --id=<id> --rawOutput
 *   const server = await n8n.startServer();              // n8n start + owner/login/API key
 *   await server.testCredential(credId);                 // POST /api/v1/credentials/{id}/test
 *   const worker = await n8n.startWorker();              // n8n worker (queue mode, see queue.e2e.js)
 *   await n8n.close();                                   // kills everything, removes the user folder
 *
 * Each instance has a fresh temp N8N_USER_FOLDER (sqlite DB, encryption key, binaries).
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const procs = require('./procs');
const setupScript = require('../../../scripts/e2e-setup.js');

const DEFAULT_TIMEOUTS = {
	cli: 120000, // import:* (n8n boots, migrates the DB, imports)
	execute: 180000, // one workflow run
	serverStart: 120000,
};

function randomId(n = 16) {
	const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	const bytes = crypto.randomBytes(n);
	let s = '';
	for (let i = 0; i < n; i++) s += alphabet[bytes[i] % alphabet.length];
	return s;
}

/**
 * Find the run data JSON in `n8n execute --rawOutput` output: log lines come first,
 * then JSON.stringify(run, null, 2) (an object starting with a lone "{" line).
 * On a failed run n8n prints the same JSON through its logger after "Execution error:".
 */
function parseExecuteOutput(text) {
	const clean = text.replace(/\x1b\[[0-9;]*m/g, '');
	const lines = clean.split('\n');
	const starts = [];
	const ends = [];
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i].replace(/\r$/, '');
		if (l === '{') starts.push(i);
		if (l === '}') ends.push(i);
	}
	for (const s of starts) {
		for (let k = ends.length - 1; k >= 0; k--) {
			const e = ends[k];
			if (e <= s) break;
			const chunk = lines.slice(s, e + 1).join('\n');
			try {
				const v = JSON.parse(chunk);
				if (v && typeof v === 'object' && (v.data || v.resultData)) return v;
			} catch {
				/* try a shorter range */
			}
		}
	}
	return null;
}

/** Items of the last run of a node: [{json, binary}] from run.data.resultData.runData. */
function nodeItems(run, nodeName, { output = 0, runIndex = -1 } = {}) {
	const runData = run && run.data && run.data.resultData && run.data.resultData.runData;
	if (!runData || !runData[nodeName]) return null;
	const runs = runData[nodeName];
	const r = runs[runIndex < 0 ? runs.length + runIndex : runIndex];
	if (!r || !r.data || !r.data.main) return [];
	return r.data.main[output] || [];
}

function nodeError(run, nodeName) {
	const runData = run && run.data && run.data.resultData && run.data.resultData.runData;
	if (nodeName) {
		const runs = runData && runData[nodeName];
		const r = runs && runs[runs.length - 1];
		return (r && r.error) || null;
	}
	return (run && run.data && run.data.resultData && run.data.resultData.error) || null;
}

async function createN8n(opts = {}) {
	const variant = opts.variant || '2x';
	const p = setupScript.paths(variant);
	if (!setupScript.isInstalled(variant)) {
		await setupScript.setup({ variant });
	}
	const userFolder = opts.userFolder || procs.tempDir(`n8n-e2e-${variant}-`);
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const port = await procs.freePort();
	const brokerPort = await procs.freePort([port]);
	const log = opts.log || (() => {});

	const env = {
		...process.env,
		// Node 24 (2.x) first on PATH: the task runner and any `node` n8n spawns use it
		PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: opts.encryptionKey || 'e2e-test-encryption-key-not-secret',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_SSRF_PROTECTION_ENABLED: 'false', // the sandbox and the SMTP sink live on 127.0.0.1
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_LOG_LEVEL: opts.logLevel || 'warn',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: '1',
		NO_COLOR: '1',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_RESTRICT_FILE_ACCESS_TO: opts.restrictFileAccessTo || path.join(userFolder, 'files'),
	};
	// strip npm's own variables of a surrounding `npm run`, and the user's nodedir override
	for (const k of Object.keys(env)) if (/^npm_/.test(k)) delete env[k];
	if (variant === '1x') {
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		env.N8N_RUNNERS_ENABLED = env.N8N_RUNNERS_ENABLED || 'true';
	}
	if (opts.customExtensions) env.N8N_CUSTOM_EXTENSIONS = [].concat(opts.customExtensions).join(';');
	Object.assign(env, opts.env || {});
	fs.mkdirSync(env.N8N_RESTRICT_FILE_ACCESS_TO.split(';')[0], { recursive: true });

	const n8nArgs = (args) => [p.n8nBin, ...args];
	const work = path.join(userFolder, 'e2e-input');
	fs.mkdirSync(work, { recursive: true });

	async function cli(args, { timeoutMs = DEFAULT_TIMEOUTS.cli, allowFail = false, extraEnv = {} } = {}) {
		const t0 = Date.now();
		const r = await procs.run(p.nodeBin, n8nArgs(args), { cwd: userFolder, env: { ...env, ...extraEnv }, timeoutMs });
		log(`n8n ${args.join(' ')} -> exit ${r.code} in ${Date.now() - t0} ms`);
		if (!allowFail && (r.code !== 0 || r.timedOut)) {
			throw new Error(
				`n8n ${args.join(' ')} failed (${r.timedOut ? `timeout after ${timeoutMs} ms` : `exit ${r.code}`})\n` +
					`--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`,
			);
		}
		return r;
	}

	/** creds: [{id?, name, type, data}] (plain data; n8n encrypts it on import). Returns the list with ids. */
	async function importCredentials(creds) {
		const list = [].concat(creds).map((c) => ({ id: c.id || randomId(), name: c.name, type: c.type, data: c.data }));
		const file = path.join(work, `credentials-${randomId(6)}.json`);
		fs.writeFileSync(file, JSON.stringify(list, null, 2));
		await cli(['import:credentials', `--input=${file}`]);
		return list;
	}

	function prepareWorkflow(wf) {
		const data = { settings: {}, pinData: {}, ...wf };
		data.id = data.id || randomId();
		data.name = data.name || `e2e ${data.id}`;
		data.active = false; // imported workflows are inactive anyway
		return data;
	}

	/** wf: workflow JSON (nodes, connections, ...). Gives it an id if it has none. Returns the id. */
	async function importWorkflow(wf) {
		const data = prepareWorkflow(wf);
		const file = path.join(work, `workflow-${data.id}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		await cli(['import:workflow', `--input=${file}`]);
		return data.id;
	}

	/** Several workflows with one n8n boot (import:workflow --separate). Returns their ids in order. */
	async function importWorkflows(wfs) {
		const list = wfs.map(prepareWorkflow);
		const dir = path.join(work, `workflows-${randomId(6)}`);
		fs.mkdirSync(dir);
		list.forEach((w, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}-${w.id}.json`), JSON.stringify(w, null, 2)));
		await cli(['import:workflow', '--separate', `--input=${dir}`]);
		return list.map((w) => w.id);
	}

	/**
	 * n8n execute --id=<id> --rawOutput. Resolves {ok, run, error, stdout, stderr, code, ms}.
	 * `run` is the IRun JSON n8n printed (also on a failed run, when it printed one).
	 */
	async function execute(id, { timeoutMs = DEFAULT_TIMEOUTS.execute } = {}) {
		const t0 = Date.now();
		const r = await procs.run(p.nodeBin, n8nArgs(['execute', `--id=${id}`, '--rawOutput']), {
			cwd: userFolder,
			// info: on a failed run n8n prints the run data only through its logger at level info
			env: { ...env, N8N_LOG_LEVEL: opts.executeLogLevel || 'info' },
			timeoutMs,
		});
		const ms = Date.now() - t0;
		log(`n8n execute --id=${id} -> exit ${r.code} in ${ms} ms`);
		const run = parseExecuteOutput(r.stdout) || parseExecuteOutput(r.stdout + '\n' + r.stderr);
		const error = nodeError(run);
		const ok = r.code === 0 && !r.timedOut && !!run && !error;
		const describe = () =>
			`n8n execute --id=${id}: ${r.timedOut ? `timeout after ${timeoutMs} ms` : `exit ${r.code}`}` +
			(error ? `\nerror: ${error.message}${error.description ? ` (${error.description})` : ''}${error.node ? ` in node "${error.node.name}"` : ''}` : '') +
			`\n--- stdout (tail) ---\n${r.stdout.slice(-3000)}\n--- stderr (tail) ---\n${r.stderr.slice(-3000)}`;
		return {
			ok,
			run,
			error,
			code: r.code,
			timedOut: r.timedOut,
			stdout: r.stdout,
			stderr: r.stderr,
			ms,
			describe,
			items: (nodeName, o) => nodeItems(run, nodeName, o),
			nodeError: (nodeName) => nodeError(run, nodeName),
			lastNode: run && run.data && run.data.resultData && run.data.resultData.lastNodeExecuted,
		};
	}

	/** Bytes of a binary entry of an output item: inline base64 (1.x) or stored on disk (2.x filesystem-v2). */
	function readBinary(bin) {
		if (!bin) throw new Error('no binary entry');
		if (!bin.id) return Buffer.from(bin.data, 'base64');
		const m = /^([a-z0-9-]+):(.*)$/.exec(bin.id);
		if (!m) throw new Error(`unexpected binary id ${bin.id}`);
		const [, mode, fileId] = m;
		if (!/^filesystem/.test(mode)) throw new Error(`binary stored in mode "${mode}", cannot read it from disk`);
		const roots = [
			env.N8N_BINARY_DATA_STORAGE_PATH,
			env.N8N_STORAGE_PATH,
			path.join(userFolder, '.n8n', 'storage'),
			path.join(userFolder, '.n8n', 'binaryData'),
		].filter(Boolean);
		for (const root of roots) {
			const f = path.join(root, fileId);
			if (fs.existsSync(f)) return fs.readFileSync(f);
		}
		throw new Error(`binary file ${fileId} not found under ${roots.join(', ')}`);
	}

	const servers = [];
	async function startServer(serverOpts = {}) {
		const { startServer: start } = require('./server');
		const s = await start({ p, env, userFolder, log, timeoutMs: DEFAULT_TIMEOUTS.serverStart, ...serverOpts });
		servers.push(s);
		return s;
	}

	/** `n8n worker` on this user folder (queue mode: opts.env must hold the queue settings). */
	async function startWorker(workerOpts = {}) {
		const { startWorker: start } = require('./server');
		const w = await start({ p, env, log, timeoutMs: DEFAULT_TIMEOUTS.serverStart, ...workerOpts });
		servers.push(w);
		return w;
	}

	async function close() {
		for (const s of servers) await s.stop();
		if (!opts.userFolder) procs.removeTemp(userFolder);
	}

	return {
		variant,
		paths: p,
		userFolder,
		env,
		port,
		brokerPort,
		filesDir: env.N8N_RESTRICT_FILE_ACCESS_TO.split(';')[0],
		cli,
		importCredentials,
		importWorkflow,
		importWorkflows,
		execute,
		readBinary,
		startServer,
		startWorker,
		close,
	};
}

module.exports = { createN8n, parseExecuteOutput, nodeItems, nodeError, randomId };

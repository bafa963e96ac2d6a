'use strict';
/**
 * Child processes for the e2e tests: every child runs in its own process group,
 * is registered here, has a bounded run time, and is killed (whole group) when the
 * parent exits, is interrupted, or crashes. Plain Node, no dependencies.
 */
const { spawn } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const live = new Set(); // child processes still running
const tempDirs = new Set(); // removed on exit unless E2E_KEEP=1

function killGroup(child, signal = 'SIGTERM') {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal); // the whole group: n8n + its task runner
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

function keepTemp() {
	return process.env.E2E_KEEP === '1' || process.env.E2E_KEEP === 'true';
}

function cleanupSync() {
	for (const c of live) killGroup(c, 'SIGKILL');
	live.clear();
	if (!keepTemp()) {
		for (const d of tempDirs) {
			try {
				fs.rmSync(d, { recursive: true, force: true });
			} catch {
				/* best effort */
			}
		}
		tempDirs.clear();
	}
}

let hooked = false;
function installExitHooks() {
	if (hooked) return;
	hooked = true;
	process.on('exit', cleanupSync);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			process.stderr.write(`\n[e2e] ${sig}: stopping all child processes\n`);
			cleanupSync();
			process.exit(130);
		});
	}
	process.on('uncaughtException', (e) => {
		process.stderr.write(`[e2e] uncaught exception: ${e && e.stack ? e.stack : e}\n`);
		cleanupSync();
		process.exit(1);
	});
}

/**
 * Spawn a process in its own group and register it.
 * Returns the ChildProcess with .done (promise of {code, signal, stdout, stderr, ms, timedOut}).
 * opts: {cwd, env, timeoutMs, onStdout, onStderr, input, keepOutput, uid, gid}
 */
function start(cmd, args, opts = {}) {
	installExitHooks();
	const t0 = Date.now();
	const child = spawn(cmd, args, {
		cwd: opts.cwd,
		env: opts.env || process.env,
		detached: true,
		stdio: [opts.input != null ? 'pipe' : 'ignore', 'pipe', 'pipe'],
		// run as another user (root only), e.g. PostgreSQL as `postgres`
		...(opts.uid !== undefined ? { uid: opts.uid } : {}),
		...(opts.gid !== undefined ? { gid: opts.gid } : {}),
	});
	live.add(child);
	const out = [];
	const err = [];
	child.stdout.on('data', (d) => {
		out.push(d);
		if (opts.onStdout) opts.onStdout(d.toString());
	});
	child.stderr.on('data', (d) => {
		err.push(d);
		if (opts.onStderr) opts.onStderr(d.toString());
	});
	if (opts.input != null) child.stdin.end(opts.input);
	let timedOut = false;
	let timer = null;
	if (opts.timeoutMs) {
		timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGTERM');
			setTimeout(() => killGroup(child, 'SIGKILL'), 3000).unref();
		}, opts.timeoutMs);
		timer.unref();
	}
	child.done = new Promise((resolve) => {
		let settled = false;
		const finish = (code, signal) => {
			if (settled) return;
			settled = true;
			if (timer) clearTimeout(timer);
			live.delete(child);
			// leftovers of the group (e.g. a task runner) go too
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* group already empty */
			}
			resolve({
				code,
				signal,
				timedOut,
				ms: Date.now() - t0,
				stdout: Buffer.concat(out).toString(),
				stderr: Buffer.concat(err).toString(),
			});
		};
		child.on('error', (e) => {
			err.push(Buffer.from(String(e && e.message)));
			finish(-1, null);
		});
		child.on('close', finish);
	});
	return child;
}

/** Run to completion; resolves with the result, rejects on timeout only when opts.rejectOnTimeout. */
async function run(cmd, args, opts = {}) {
	const child = start(cmd, args, opts);
	return child.done;
}

/** Stop a started process (group): SIGTERM, then SIGKILL after graceMs. */
async function stop(child, graceMs = 5000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) {
		if (child && child.done) await child.done;
		return;
	}
	killGroup(child, 'SIGTERM');
	const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
	t.unref();
	await child.done;
	clearTimeout(t);
}

async function stopAll() {
	await Promise.all([...live].map((c) => stop(c)));
}

/** A free TCP port on 127.0.0.1 (different from every port in `avoid`). */
function freePort(avoid = []) {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => {
				if (avoid.includes(port)) freePort(avoid).then(resolve, reject);
				else resolve(port);
			});
		});
	});
}

/** A fresh temp directory, removed when the process exits (unless E2E_KEEP=1). */
function tempDir(prefix = 'n8n-e2e-', base = os.tmpdir()) {
	installExitHooks();
	fs.mkdirSync(base, { recursive: true });
	const d = fs.mkdtempSync(path.join(base, prefix));
	tempDirs.add(d);
	return d;
}

function removeTemp(d) {
	tempDirs.delete(d);
	if (!keepTemp()) fs.rmSync(d, { recursive: true, force: true });
}

/** Reject if `promise` takes longer than ms. */
function withTimeout(promise, ms, what) {
	let t;
	return Promise.race([
		promise.finally(() => clearTimeout(t)),
		new Promise((_, reject) => {
			t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
			t.unref();
		}),
	]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = {
	start,
	run,
	stop,
	stopAll,
	freePort,
	tempDir,
	removeTemp,
	withTimeout,
	sleep,
	cleanupSync,
	liveCount: () => live.size,
};

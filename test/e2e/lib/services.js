'use strict';
/**
 * Redis and PostgreSQL for the queue-mode test, as the test's own processes: Debian's
 * redis-server and postgresql packages (installed with apt-get when missing), each started in the
 * foreground in a temp folder, listening on 127.0.0.1 only (PostgreSQL without Unix sockets),
 * registered with procs.js like every other child: stopped by the test, and killed with their
 * process group when the run ends, fails or is interrupted. PostgreSQL runs as the `postgres`
 * user when the test runs as root (it refuses root).
 *
 *   await ensureInstalled({ log });
 *   const redis = await startRedis();        // {host, port, stop()}
 *   const pg = await startPostgres();        // {host, port, user, password, database, stop()}
 */
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { execFileSync } = require('node:child_process');
const procs = require('./procs');

function which(cmd) {
	for (const dir of (process.env.PATH || '').split(path.delimiter).concat(['/usr/bin', '/usr/sbin', '/usr/local/bin'])) {
		const f = path.join(dir, cmd);
		if (dir && fs.existsSync(f)) return f;
	}
	return null;
}

/** The newest PostgreSQL bin folder of Debian's layout (/usr/lib/postgresql/<major>/bin), or null. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const majors = fs
		.readdirSync(root)
		.filter((d) => /^\d+$/.test(d) && fs.existsSync(path.join(root, d, 'bin', 'postgres')) && fs.existsSync(path.join(root, d, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : null;
}

function missing() {
	const m = [];
	if (!which('redis-server')) m.push('redis-server');
	if (!postgresBin()) m.push('postgresql');
	return m;
}

/**
 * Installs redis-server and postgresql from the Debian packages when they are missing
 * (apt-get, as root). Package scripts must not start the system services: a Docker-style
 * /usr/sbin/policy-rc.d ("exit 101") is put in place for the install when there is none.
 */
async function ensureInstalled({ log = () => {} } = {}) {
	const need = missing();
	if (need.length === 0) return { installed: [] };
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`queue mode needs ${need.join(' and ')}: install them (apt-get install -y redis-server postgresql) or run as root`);
	}
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\n# e2e queue test: no service starts while it installs packages\nexit 101\n', { mode: 0o755 });
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		procs.run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql'], { env, timeoutMs: 10 * 60 * 1000 });
	const t0 = Date.now();
	try {
		log(`apt-get install redis-server postgresql (missing: ${need.join(', ')})`);
		let r = await install();
		if (r.code !== 0) {
			log('apt-get update, then install again');
			await procs.run('apt-get', ['update'], { env, timeoutMs: 5 * 60 * 1000 });
			r = await install();
		}
		if (r.code !== 0) throw new Error(`apt-get install redis-server postgresql failed (exit ${r.code}):\n${r.stderr.slice(-3000)}`);
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	const still = missing();
	if (still.length) throw new Error(`after apt-get install still missing: ${still.join(', ')}`);
	return { installed: need, ms: Date.now() - t0 };
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port (or rejects after timeoutMs). */
async function waitForPort(port, { timeoutMs = 30000, child, what = `port ${port}` } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child && (child.exitCode !== null || child.signalCode !== null)) {
			const r = await child.done;
			throw new Error(`${what} exited early (code ${r.code}):\n${(r.stdout + r.stderr).slice(-3000)}`);
		}
		const ok = await new Promise((resolve) => {
			const s = net.connect({ host: '127.0.0.1', port }, () => {
				s.destroy();
				resolve(true);
			});
			s.on('error', () => resolve(false));
		});
		if (ok) return;
		if (Date.now() > deadline) throw new Error(`${what} not listening after ${timeoutMs} ms`);
		await procs.sleep(100);
	}
}

/** redis-server in the foreground: 127.0.0.1 only, no persistence, its folder a temp dir. */
async function startRedis({ log = () => {} } = {}) {
	const dir = procs.tempDir('n8n-e2e-redis-');
	const port = await procs.freePort();
	const t0 = Date.now();
	let output = '';
	const child = procs.start(
		which('redis-server'),
		['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'],
		{ cwd: dir, onStdout: (s) => (output = (output + s).slice(-10000)), onStderr: (s) => (output = (output + s).slice(-10000)) },
	);
	await waitForPort(port, { child, what: 'redis-server' });
	log(`redis-server on 127.0.0.1:${port} in ${Date.now() - t0} ms`);
	return { host: '127.0.0.1', port, child, dir, output: () => output, stop: () => procs.stop(child, 5000) };
}

/**
 * PostgreSQL: initdb into a temp folder (trust auth, UTF8), then `postgres` in the foreground on
 * 127.0.0.1:<free port> with Unix sockets off, and a database for n8n.
 */
async function startPostgres({ log = () => {}, database = 'n8n' } = {}) {
	const bin = postgresBin();
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	let ids = {};
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		ids = { uid, gid };
	}
	const dir = procs.tempDir('n8n-e2e-postgres-');
	const data = path.join(dir, 'data');
	if (asRoot) fs.chownSync(dir, ids.uid, ids.gid);
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir };
	const t0 = Date.now();
	const init = await procs.run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
		cwd: dir,
		env,
		timeoutMs: 120000,
		...ids,
	});
	if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${(init.stdout + init.stderr).slice(-3000)}`);
	const port = await procs.freePort();
	let output = '';
	const child = procs.start(
		path.join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=100'],
		{ cwd: dir, env, ...ids, onStdout: (s) => (output = (output + s).slice(-20000)), onStderr: (s) => (output = (output + s).slice(-20000)) },
	);
	await waitForPort(port, { child, what: 'postgres' });
	// accepting TCP is not yet accepting queries: retry CREATE DATABASE while it starts up
	const psql = fs.existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : which('psql');
	const deadline = Date.now() + 30000;
	for (;;) {
		const r = await procs.run(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${database}`], {
			env,
			timeoutMs: 20000,
		});
		if (r.code === 0) break;
		if (Date.now() > deadline || !/starting up|connection refused|could not connect/i.test(r.stderr)) {
			throw new Error(`CREATE DATABASE ${database} failed:\n${r.stderr.slice(-2000)}\n--- postgres log ---\n${output.slice(-2000)}`);
		}
		await procs.sleep(200);
	}
	log(`postgres ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (database ${database}) in ${Date.now() - t0} ms`);
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password: 'e2e-not-checked', // trust auth on 127.0.0.1; n8n wants a value
		database,
		version: path.basename(path.dirname(bin)),
		child,
		dir,
		output: () => output,
		/** Rows of a query (psql, unaligned, fields split on "|"). */
		async query(sql, db = database) {
			const r = await procs.run(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-At', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
				env,
				timeoutMs: 30000,
			});
			if (r.code !== 0) throw new Error(`psql: ${r.stderr.slice(-1000)}`);
			return r.stdout.split('\n').filter(Boolean).map((l) => l.split('|'));
		},
		/** A row of n8n's binary_data table (database binary mode): {sourceType, sourceId, data: Buffer}, or null. */
		async binaryRow(fileId) {
			if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw new Error(`not a binary data file id: ${fileId}`);
			const rows = await this.query(`SELECT "sourceType", "sourceId", encode(data, 'hex') FROM binary_data WHERE "fileId" = '${fileId}'`);
			if (!rows.length) return null;
			const [sourceType, sourceId, hex] = rows[0];
			return { sourceType, sourceId, data: Buffer.from(hex, 'hex') };
		},
		// SIGTERM is PostgreSQL's "smart" shutdown: fine once n8n (its only client) has stopped
		stop: () => procs.stop(child, 10000),
	};
}

module.exports = { ensureInstalled, startRedis, startPostgres, waitForPort, missing, postgresBin };

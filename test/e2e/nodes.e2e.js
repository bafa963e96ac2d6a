'use strict';
/**
 * Our five nodes inside the real n8n app, against the sandbox (multi-page data sets):
 *  - installed as a community package (npm pack -> $N8N_USER_FOLDER/.n8n/nodes), each node's
 *    Get Many with PDFs run with `n8n execute`: every invoice exactly once, normalized fields,
 *    PDF binaries with name, MIME type and the sandbox's bytes;
 *  - loaded through N8N_CUSTOM_EXTENSIONS (CUSTOM.<name> types): two nodes, same checks;
 *  - `n8n start`: every credential's test (right key -> OK, wrong key -> Error).
 */
const assert = require('node:assert/strict');
const { createN8n } = require('./lib/n8n');
const pkg = require('./lib/package');
const sandboxLib = require('./lib/sandbox');
const { PROVIDERS, sandboxCredentialData, credentialId } = require('./lib/providers');
const { listWorkflow } = require('./lib/workflows');
const { checkListOutput, listRequests } = require('./lib/expect');

function prerequisites() {
	const built = pkg.builtState();
	if (!built.ok) {
		return built.files.length === 0
			? 'package.json lists no n8n nodes yet (run `npm run build` once the nodes exist)'
			: `not built: ${built.missing.slice(0, 3).join(', ')} missing (run \`npm run build\`)`;
	}
	if (!sandboxLib.available()) return 'test/sandbox/server.js does not exist yet';
	return false;
}

module.exports = function register(r, ctx) {
	const v = ctx.variant;
	const state = { sandbox: null, n8n: null, custom: null, creds: null, ids: {} };
	// checked once, by the setup test; later tests use the package snapshot taken there
	const setupSkip = () => (state.skipReason = prerequisites());
	const skip = () => (state.ready ? false : state.skipReason || `setup failed: ${state.failed || 'did not run'}`);

	r.test(
		`[${v}] package: sandbox up, npm pack, community-package install into .n8n/nodes, credentials + workflows imported`,
		async (t) => {
			try {
				pkg.snapshot();
				state.sandbox = await sandboxLib.startSandbox({});
				t.note(
					`sandbox ${state.sandbox.url}: ${PROVIDERS.map((p) => `${p.key} ${state.sandbox.data[p.key].length}`).join(', ')} invoices`,
				);
				const tgz = await pkg.pack();
				t.note(`packed ${require('node:path').basename(tgz)}`);
				state.n8n = await createN8n({ variant: v, log: ctx.log });
				await pkg.installCommunityPackage(state.n8n.userFolder, tgz);
				state.creds = await state.n8n.importCredentials(
					PROVIDERS.map((p) => ({
						id: credentialId(p),
						name: `${p.label} sandbox`,
						type: p.credential,
						data: sandboxCredentialData(p, state.sandbox),
					})),
				);
				const wfs = PROVIDERS.map((p) => listWorkflow(p, { mode: 'package', credentialId: credentialId(p) }));
				const ids = await state.n8n.importWorkflows(wfs);
				PROVIDERS.forEach((p, i) => (state.ids[p.key] = ids[i]));
				state.ready = true;
			} catch (e) {
				state.failed = e.message.split('\n')[0];
				throw e;
			}
		},
		{ skip: setupSkip, setup: true, group: 'nodes', timeoutMs: 5 * 60 * 1000 },
	);

	for (const provider of PROVIDERS) {
		r.test(
			`[${v}] ${provider.label} (community package): Get Many${provider.pdf ? ' with PDFs' : ''} — every invoice once, normalized, ${provider.pdf ? 'PDF bytes' : 'no binaries'}`,
			async (t) => {
				const before = Array.isArray(state.sandbox.requests) ? state.sandbox.requests.length : 0;
				const res = await state.n8n.execute(state.ids[provider.key]);
				assert.ok(res.ok, res.describe());
				const items = res.items(provider.label);
				const pages = listRequests(state.sandbox, provider.key, before);
				const stats = await checkListOutput({
					provider,
					items,
					sandbox: state.sandbox,
					readBinary: state.n8n.readBinary,
					variant: v,
				});
				t.note(
					`${stats.invoices} invoices (${stats.compared} compared in full), ${stats.pdfs} PDFs (${Math.round(stats.bytes / 1024)} KiB), ` +
						`${pages} API requests, n8n execute ${(res.ms / 1000).toFixed(1)} s`,
				);
			},
			{ skip, group: 'nodes', timeoutMs: 4 * 60 * 1000 },
		);
	}

	const customProviders = PROVIDERS.filter((p) => ['vpsbg', 'northflank'].includes(p.key));
	r.test(
		`[${v}] custom extension (N8N_CUSTOM_EXTENSIONS, CUSTOM.* types): ${customProviders.map((p) => p.label).join(' + ')}`,
		async (t) => {
			const dir = pkg.makeCustomExtensionFolder();
			state.custom = await createN8n({ variant: v, log: ctx.log, customExtensions: dir });
			await state.custom.importCredentials(
				customProviders.map((p) => ({
					id: credentialId(p),
					name: `${p.label} sandbox`,
					type: p.credential,
					data: sandboxCredentialData(p, state.sandbox),
				})),
			);
			const wfs = customProviders.map((p) => listWorkflow(p, { mode: 'custom', credentialId: credentialId(p) }));
			const ids = await state.custom.importWorkflows(wfs);
			for (const [i, provider] of customProviders.entries()) {
				const res = await state.custom.execute(ids[i]);
				assert.ok(res.ok, res.describe());
				const stats = await checkListOutput({
					provider,
					items: res.items(provider.label),
					sandbox: state.sandbox,
					readBinary: state.custom.readBinary,
					variant: v,
				});
				t.note(`${provider.label} as ${wfs[i].nodes[1].type}: ${stats.invoices} invoices, ${stats.pdfs} PDFs`);
			}
			await state.custom.close();
			state.custom = null;
		},
		{ skip, group: 'nodes', timeoutMs: 4 * 60 * 1000 },
	);

	r.test(
		`[${v}] server: every credential's test — right key OK, wrong key Error`,
		async (t) => {
			const server = await state.n8n.startServer();
			t.note(`n8n start ready in ${(server.readyMs / 1000).toFixed(1)} s`);
			const results = [];
			for (const p of PROVIDERS) {
				const good = await server.createCredential({
					name: `${p.label} (right key)`,
					type: p.credential,
					data: sandboxCredentialData(p, state.sandbox),
				});
				const bad = await server.createCredential({
					name: `${p.label} (wrong key)`,
					type: p.credential,
					data: sandboxCredentialData(p, state.sandbox, { wrongKey: true }),
				});
				const ok = await server.testCredential(good.id);
				const ko = await server.testCredential(bad.id);
				results.push({ p, ok, ko });
			}
			// a credential imported with import:credentials tests the same way (2.x: by id)
			const imported = v === '2x' ? await server.testCredential(credentialId(PROVIDERS[0])) : { status: 'OK' };
			await server.stop();
			const problems = [];
			for (const { p, ok, ko } of results) {
				if (ok.status !== 'OK') problems.push(`${p.credential} right key -> ${JSON.stringify(ok)}`);
				if (ko.status !== 'Error') problems.push(`${p.credential} wrong key -> ${JSON.stringify(ko)}`);
				t.note(`${p.credential}: right key ${ok.status}; wrong key ${ko.status}: ${String(ko.message || '').slice(0, 110)}`);
			}
			if (imported.status !== 'OK') problems.push(`imported ${PROVIDERS[0].credential} -> ${JSON.stringify(imported)}`);
			assert.deepEqual(problems, []);
		},
		{ skip, group: 'nodes', timeoutMs: 3 * 60 * 1000 },
	);

	r.after(async () => {
		if (state.custom) await state.custom.close();
		if (state.n8n) await state.n8n.close();
		if (state.sandbox) await state.sandbox.close();
	});
};

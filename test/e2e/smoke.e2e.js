'use strict';
/**
 * Infrastructure smoke tests: only n8n's own nodes and credentials, no package, no sandbox.
 * Proves that the installed n8n starts, imports, executes (Code node through the task
 * runner, binaries on disk, Read/Write Files from Disk) and that the server / owner /
 * API key / credential-test flow works (with the built-in "n8n API" credential, tested
 * against the same n8n server's public API: right key -> OK, wrong key -> Error).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { createN8n } = require('./lib/n8n');

function coreWorkflow(filesDir) {
	return {
		name: 'e2e smoke: core nodes',
		nodes: [
			{ id: 's1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 's2',
				name: 'Code',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: "return [1, 2, 3].map((i) => ({ json: { i, name: 'file-' + i } }));" },
			},
			{
				id: 's3',
				name: 'To File',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: { operation: 'toText', sourceProperty: 'name', options: { fileName: '={{ $json.name }}.txt' } },
			},
			{
				id: 's4',
				name: 'Write',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [660, 0],
				parameters: { operation: 'write', fileName: `=${filesDir}/{{ $binary.data.fileName }}`, dataPropertyName: 'data' },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
			Code: { main: [[{ node: 'To File', type: 'main', index: 0 }]] },
			'To File': { main: [[{ node: 'Write', type: 'main', index: 0 }]] },
		},
	};
}

module.exports = function register(r, ctx) {
	let n8n;
	const prefix = `[${ctx.variant}] smoke`;

	r.test(`${prefix}: n8n ${ctx.variant} imports and executes a core-only workflow (Code node, binary, Write Files)`, async (t) => {
		n8n = await createN8n({ variant: ctx.variant, log: ctx.log });
		const id = await n8n.importWorkflow(coreWorkflow(n8n.filesDir));
		const res = await n8n.execute(id);
		assert.ok(res.ok, res.describe());
		const code = res.items('Code');
		assert.deepEqual(
			code.map((i) => i.json),
			[1, 2, 3].map((i) => ({ i, name: `file-${i}` })),
		);
		const files = res.items('To File');
		assert.equal(files.length, 3);
		for (const [k, item] of files.entries()) {
			const bin = item.binary.data;
			assert.equal(bin.fileName, `file-${k + 1}.txt`);
			assert.equal(bin.mimeType, 'text/plain');
			assert.equal(n8n.readBinary(bin).toString(), `file-${k + 1}`);
			assert.equal(fs.readFileSync(path.join(n8n.filesDir, bin.fileName), 'utf8'), `file-${k + 1}`);
		}
		t.note(`execute took ${res.ms} ms; binaries: ${files[0].binary.data.id ? files[0].binary.data.id.split(':')[0] : 'inline'}`);
	});

	r.test(`${prefix}: server owner setup, API key, credential test of a built-in credential`, async (t) => {
		if (!n8n) n8n = await createN8n({ variant: ctx.variant, log: ctx.log });
		const server = await n8n.startServer();
		t.note(`n8n start ready in ${server.readyMs} ms`);
		const good = await server.createCredential({
			name: 'n8n API (right key)',
			type: 'n8nApi',
			data: { apiKey: server.apiKey, baseUrl: `${server.base}/api/v1` },
		});
		const bad = await server.createCredential({
			name: 'n8n API (wrong key)',
			type: 'n8nApi',
			data: { apiKey: 'wrong-key', baseUrl: `${server.base}/api/v1` },
		});
		const ok = await server.testCredential(good.id);
		assert.equal(ok.status, 'OK', JSON.stringify(ok));
		const ko = await server.testCredential(bad.id);
		assert.equal(ko.status, 'Error', JSON.stringify(ko));
		t.note(`wrong key -> ${JSON.stringify(ko).slice(0, 160)}`);
		await server.stop();
	});

	r.after(async () => {
		if (n8n) await n8n.close();
	});
};

// jest `globalSetup`: one throw-away N8N_USER_FOLDER for the whole run (workers inherit it).
'use strict';
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function globalSetup() {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
	process.env.N8N_HARNESS_USER_FOLDER = folder;
	process.env.N8N_USER_FOLDER = folder;
	globalThis.__N8N_HARNESS_USER_FOLDER__ = folder;
};

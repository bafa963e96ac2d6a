// jest `setupFiles` entry: same as env.ts, in plain JS so it runs before any test module.
'use strict';
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

if (!process.env.N8N_HARNESS_USER_FOLDER) {
	process.env.N8N_HARNESS_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
}
process.env.N8N_USER_FOLDER = process.env.N8N_HARNESS_USER_FOLDER;
const defaults = {
	NODE_ENV: 'test',
	N8N_LOG_LEVEL: 'silent',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_SSRF_PROTECTION_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_DEFAULT_BINARY_DATA_MODE: 'default',
	GENERIC_TIMEZONE: 'UTC',
};
for (const [key, value] of Object.entries(defaults)) {
	if (process.env[key] === undefined) process.env[key] = value;
}

/**
 * Process environment n8n-core needs BEFORE it is first imported.
 *
 * n8n-core reads its configuration from env vars when its DI services are first
 * constructed (InstanceSettings writes `<N8N_USER_FOLDER>/.n8n/config`), so this module
 * must be imported before anything that imports n8n-core. `engine.ts` imports it first;
 * jest additionally runs `setup-env.js` (which does the same) before each test file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARKER = 'N8N_HARNESS_USER_FOLDER';

export function prepareHarnessEnv(): string {
	let folder = process.env[MARKER];
	if (!folder) {
		folder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
		process.env[MARKER] = folder;
	}
	// Always point n8n at the throw-away folder, never at a real ~/.n8n.
	process.env.N8N_USER_FOLDER = folder;
	const defaults: Record<string, string> = {
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
	return folder;
}

prepareHarnessEnv();

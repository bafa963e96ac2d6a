// The n8n verification scan, offline: @n8n/scan-community-package lints the source
// (package.json, nodes/, credentials/) and the published tarball with its own rule set.
// Its CLI also checks npm provenance and fetches the GitHub source, which cannot run here;
// the two lint passes below are the same ones it makes (scanner.mjs, analyzePackageByName).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'invoices-scan-'));
let failed = false;
try {
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	const published = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	for (const [label, result] of [['source', source], ['published tarball', published]]) {
		console.log(`${result.passed ? 'passed' : 'FAILED'}: n8n community scan of the ${label}${result.message ? ` (${result.message})` : ''}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

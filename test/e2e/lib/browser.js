'use strict';
/**
 * A headless Chromium for the editor suite: Debian's `chromium` package driven by
 * playwright-core (a devDependency that downloads no browser). Nothing else here knows about n8n.
 *
 *   const why = browserLib.unavailable();          // a skip reason, or false
 *   const b = await browserLib.launch();           // {browser, context, page, close()}
 *
 * E2E_CHROMIUM overrides the executable (default /usr/bin/chromium, then chromium-browser).
 * Playwright kills the browsers it launched when this process exits (also on Ctrl-C, which
 * procs.js turns into an exit); close() ends it earlier.
 */
const fs = require('node:fs');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function executablePath() {
	if (process.env.E2E_CHROMIUM) return process.env.E2E_CHROMIUM;
	return CANDIDATES.find((p) => fs.existsSync(p)) || CANDIDATES[0];
}

function playwright() {
	try {
		return require('playwright-core');
	} catch {
		return null;
	}
}

/** Why the editor suite cannot run here (a skip reason), or false. */
function unavailable() {
	if (!playwright()) return 'playwright-core is not installed (npm ci installs it as a devDependency)';
	const exe = executablePath();
	if (!fs.existsSync(exe)) return `no Chromium at ${exe} (Debian: apt-get install chromium; or set E2E_CHROMIUM)`;
	return false;
}

/**
 * Launch Chromium headless with one page. The viewport is what the screenshots show; the
 * time zone is n8n's (UTC) so dates read the same in the browser and in the node.
 */
async function launch({ viewport = { width: 1440, height: 900 }, timeoutMs = 60000 } = {}) {
	const pw = playwright();
	if (!pw) throw new Error(unavailable());
	// n8n's editor marks its elements with data-test-id (not Playwright's default data-testid)
	pw.selectors.setTestIdAttribute('data-test-id');
	const browser = await pw.chromium.launch({
		executablePath: executablePath(),
		headless: true,
		timeout: timeoutMs,
		// /dev/shm is small in containers; the GPU is absent anyway
		args: ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check'],
	});
	const context = await browser.newContext({
		viewport,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'UTC',
		acceptDownloads: true,
	});
	const page = await context.newPage();
	page.setDefaultTimeout(20000);
	page.setDefaultNavigationTimeout(45000);
	const consoleErrors = [];
	page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') consoleErrors.push(m.text());
	});
	let closed = false;
	const close = async () => {
		if (closed) return;
		closed = true;
		await browser.close().catch(() => {});
	};
	return { browser, context, page, close, consoleErrors, version: browser.version(), executablePath: executablePath() };
}

module.exports = { launch, unavailable, executablePath };

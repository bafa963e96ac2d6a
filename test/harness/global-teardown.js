// jest `globalTeardown`: remove the folder created by global-setup.js.
'use strict';
const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
	const folder = globalThis.__N8N_HARNESS_USER_FOLDER__;
	if (folder) rmSync(folder, { recursive: true, force: true });
};

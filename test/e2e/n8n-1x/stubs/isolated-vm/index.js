'use strict';
// Stub: any use means the "vm" expression engine was started. Run n8n 1.x with N8N_EXPRESSION_ENGINE=legacy.
function unavailable() {
	throw new Error('isolated-vm is stubbed in test/e2e/n8n-1x; set N8N_EXPRESSION_ENGINE=legacy');
}
class Isolate {
	constructor() {
		unavailable();
	}
}
module.exports = { Isolate, Context: unavailable, Reference: unavailable, ExternalCopy: unavailable, Callback: unavailable };

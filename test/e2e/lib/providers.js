'use strict';
/**
 * The providers as the e2e tests, the demo and the examples see them: sandbox key, n8n node
 * name, credential type, default node label, PDF support. A view of the test registry
 * (test/providers.js), which lists the providers; this file does not.
 */
const registry = require('../../providers');

const PROVIDERS = registry.PROVIDERS.map((p) => ({
	key: p.key,
	node: p.nodeType,
	credential: p.credentialType,
	label: p.label,
	pdf: p.pdf,
}));

const byKey = Object.fromEntries(PROVIDERS.map((p) => [p.key, p]));

/** Credential data for a provider pointing at a running sandbox (plus the registry's credentialData, e.g. WiseCP's time zone). */
function sandboxCredentialData(provider, sandbox, { wrongKey = false } = {}) {
	const data = {
		baseUrl: sandbox.baseUrls[provider.key],
		apiKey: wrongKey ? `wrong-${sandbox.tokens[provider.key]}-x` : sandbox.tokens[provider.key],
	};
	Object.assign(data, registry.provider(provider.key).credentialData);
	return data;
}

/** Stable credential id per provider (n8n ids are 16 alphanumerics). */
function credentialId(provider, suffix = 'Cred') {
	return `${provider.key}${suffix}`.padEnd(16, '0').slice(0, 16);
}

module.exports = { PROVIDERS, byKey, sandboxCredentialData, credentialId };

'use strict';
/**
 * The five providers as the e2e tests, the demo and the examples see them:
 * sandbox key, n8n node name, credential type, default node label, PDF support.
 */
const PROVIDERS = [
	{ key: 'vpsbg', node: 'vpsbg', credential: 'vpsbgApi', label: 'VPSBG', pdf: true },
	{ key: 'i3dnet', node: 'i3dNet', credential: 'i3dNetApi', label: 'i3D.net', pdf: true },
	{ key: 'wisecp', node: 'wiseCp', credential: 'wiseCpApi', label: 'WiseCP', pdf: true },
	{ key: 'pph', node: 'pph', credential: 'pphApi', label: 'PPH', pdf: true },
	{ key: 'northflank', node: 'northflank', credential: 'northflankApi', label: 'Northflank', pdf: false },
];

const byKey = Object.fromEntries(PROVIDERS.map((p) => [p.key, p]));

/** Credential data for a provider pointing at a running sandbox. */
function sandboxCredentialData(provider, sandbox, { wrongKey = false } = {}) {
	const data = {
		baseUrl: sandbox.baseUrls[provider.key],
		apiKey: wrongKey ? `wrong-${sandbox.tokens[provider.key]}-x` : sandbox.tokens[provider.key],
	};
	if (provider.key === 'wisecp') data.timezone = 'UTC';
	return data;
}

/** Stable credential id per provider (n8n ids are 16 alphanumerics). */
function credentialId(provider, suffix = 'Cred') {
	return `${provider.key}${suffix}`.padEnd(16, '0').slice(0, 16);
}

module.exports = { PROVIDERS, byKey, sandboxCredentialData, credentialId };

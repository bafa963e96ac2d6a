'use strict';
/**
 * Workflow JSON builders for the e2e tests, and helpers to adapt the example workflows
 * (examples/*.workflow.json) to a test instance.
 */
const fs = require('node:fs');
const path = require('node:path');
const { nodeType, PACKAGE_NAME } = require('./package');

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

const manualTrigger = (name = 'Start') => ({
	id: 'e2e-trigger',
	name,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

/**
 * Manual Trigger -> <provider> Get Many (Return All), with PDFs where the provider has them.
 * mode: 'package' (n8n-nodes-hosting-invoices.<name>) or 'custom' (CUSTOM.<name>)
 */
function listWorkflow(provider, { mode = 'package', credentialId, credentialName, pdf = provider.pdf, name } = {}) {
	const parameters = { resource: 'invoice', operation: 'getAll', returnAll: true, options: {} };
	if (pdf) parameters.options.downloadPdf = true;
	return {
		name: name || `e2e ${provider.label} get many (${mode})`,
		nodes: [
			manualTrigger(),
			{
				id: `e2e-${provider.key}`,
				name: provider.label,
				type: nodeType(provider.node, mode),
				typeVersion: 1,
				position: [240, 0],
				parameters,
				credentials: { [provider.credential]: { id: credentialId, name: credentialName || `${provider.label} sandbox` } },
			},
		],
		connections: { Start: { main: [[{ node: provider.label, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * pollTimes firing every `everySeconds` seconds. n8n 2.41 refuses a sub-minute cron at activation
 * ("The polling interval is too short. It has to be at least a minute.": a 6-field cron whose
 * seconds field is not one number, e.g. every 5th second), in the engine, not only in the editor.
 * Each entry of the list is checked on its own, so a list of once-a-minute crons at fixed seconds
 * (0, 5, 10, ...) polls every few seconds and passes.
 */
function fastPollTimes(everySeconds = 5) {
	const item = [];
	for (let s = 0; s < 60; s += everySeconds) item.push({ mode: 'custom', cronExpression: `${s} * * * * *` });
	return { item };
}

/**
 * <Provider> Trigger (New Invoice, Start With "new invoices only", PDFs where the provider has
 * them) -> NoOp "Received". typeVersion 1, as a saved workflow has it.
 */
function triggerWorkflow(provider, { mode = 'package', credentialId, credentialName, pdf = provider.pdf, pollTimes = fastPollTimes(5), name, parameters = {} } = {}) {
	const trigger = `${provider.label} Trigger`;
	const params = { pollTimes, event: 'newInvoice', startWith: 'new', ...parameters };
	if (pdf) params.downloadPdf = true;
	return {
		name: name || `e2e ${trigger}`,
		nodes: [
			{
				id: `e2e-${provider.key}-trigger`,
				name: trigger,
				type: nodeType(`${provider.node}Trigger`, mode),
				typeVersion: 1,
				position: [0, 0],
				parameters: params,
				credentials: { [provider.credential]: { id: credentialId, name: credentialName || `${provider.label} sandbox` } },
			},
			{ id: 'e2e-received', name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
		connections: { [trigger]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Webhook (POST /webhook/<path>, answers when the last node finished) -> <provider> Get Many
 * (Return All, PDFs where the provider has them). A production webhook call runs the workflow
 * like a trigger does: in queue mode on a worker.
 */
function webhookListWorkflow(provider, { mode = 'package', credentialId, credentialName, pdf = provider.pdf, path: webhookPath, name } = {}) {
	const wf = listWorkflow(provider, { mode, credentialId, credentialName, pdf, name: name || `e2e ${provider.label} get many (webhook)` });
	wf.nodes[0] = {
		id: `e2e-${provider.key}-webhook`,
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: webhookPath,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'noData', options: {} },
	};
	return wf;
}

function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
}

/**
 * Adapt an example workflow to a test instance:
 *  - node types of our package -> the loading mode's types (package / CUSTOM)
 *  - credentials of our nodes -> the ids imported in the test ({[credentialType]: {id, name}})
 *  - other credentials by type (e.g. smtp) -> the given ones
 */
function adaptWorkflow(wf, { mode = 'package', credentials = {} } = {}) {
	const copy = JSON.parse(JSON.stringify(wf));
	for (const node of copy.nodes) {
		if (node.type.startsWith(`${PACKAGE_NAME}.`)) node.type = nodeType(node.type.slice(PACKAGE_NAME.length + 1), mode);
		if (node.credentials) {
			for (const type of Object.keys(node.credentials)) {
				if (credentials[type]) node.credentials[type] = credentials[type];
			}
		}
	}
	return copy;
}

function findNode(wf, predicate) {
	const node = wf.nodes.find(typeof predicate === 'string' ? (n) => n.name === predicate : predicate);
	if (!node) throw new Error(`workflow "${wf.name}" has no such node (${predicate})`);
	return node;
}

/** Replace a node by another one with the same name (connections stay valid). */
function replaceNode(wf, name, replacement) {
	const i = wf.nodes.findIndex((n) => n.name === name);
	if (i < 0) throw new Error(`workflow "${wf.name}" has no node "${name}"`);
	const old = wf.nodes[i];
	wf.nodes[i] = { id: old.id, position: old.position, ...replacement, name };
	return wf.nodes[i];
}

/** Set the value of one assignment of a Set node (v3.3+). */
function setAssignment(wf, nodeName, field, value) {
	const node = findNode(wf, nodeName);
	const a = node.parameters.assignments.assignments.find((x) => x.name === field);
	if (!a) throw new Error(`Set node "${nodeName}" has no field "${field}"`);
	a.value = value;
}

module.exports = {
	listWorkflow,
	triggerWorkflow,
	fastPollTimes,
	webhookListWorkflow,
	loadExample, adaptWorkflow, findNode, replaceNode, setAssignment, manualTrigger, EXAMPLES };

'use strict';
/**
 * `n8n start` for the e2e tests, plus the REST calls around it:
 * wait until ready -> owner setup -> login -> API key -> public API (/api/v1).
 * Used through createN8n(...).startServer(); every process is killed in stop().
 */
const procs = require('./procs');

const OWNER = {
	email: 'owner@e2e.example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

async function startServer({ p, env, log = () => {}, timeoutMs = 120000, owner = OWNER }) {
	const port = Number(env.N8N_PORT);
	const base = `http://127.0.0.1:${port}`;
	const t0 = Date.now();
	let output = '';
	const child = procs.start(p.nodeBin, [p.n8nBin, 'start'], {
		cwd: env.N8N_USER_FOLDER,
		env,
		onStdout: (s) => (output = (output + s).slice(-20000)),
		onStderr: (s) => (output = (output + s).slice(-20000)),
	});
	let exited = null;
	child.done.then((r) => (exited = r));

	const browserId = `e2e-browser-${Date.now()}`;
	const createdCreds = new Map();
	let cookie = null;
	let apiKey = null;

	async function request(method, url, { body, headers = {}, timeout = 30000, raw = false } = {}) {
		const h = { accept: 'application/json', 'browser-id': browserId, ...headers };
		if (cookie) h.cookie = cookie;
		if (body !== undefined) h['content-type'] = 'application/json';
		const res = await fetch(base + url, {
			method,
			headers: h,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeout),
		});
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) cookie = auth.split(';')[0];
		const text = await res.text();
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			/* not JSON */
		}
		if (raw) return { status: res.status, json, text };
		if (!res.ok) {
			throw new Error(`${method} ${url} -> HTTP ${res.status}: ${text.slice(0, 1000)}`);
		}
		return json;
	}

	const rest = (method, url, opts) => request(method, `/rest${url}`, opts).then((j) => (j && 'data' in j ? j.data : j));
	const api = (method, url, opts = {}) =>
		request(method, `/api/v1${url}`, { ...opts, headers: { 'X-N8N-API-KEY': apiKey, ...(opts.headers || {}) } });

	// wait until the REST API answers
	const deadline = t0 + timeoutMs;
	for (;;) {
		if (exited) throw new Error(`n8n start exited early (code ${exited.code}):\n${output.slice(-4000)}`);
		if (Date.now() > deadline) {
			await procs.stop(child);
			throw new Error(`n8n start not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`);
		}
		try {
			// /rest/settings answers before every controller is mounted; GET /rest/login is
			// 401 (not 404) once the auth routes exist
			const ready = await request('GET', '/healthz/readiness', { raw: true, timeout: 2000 });
			const login = ready.status === 200 ? await request('GET', '/rest/login', { raw: true, timeout: 2000 }) : null;
			if (login && login.status !== 404 && login.status < 500) break;
		} catch {
			/* not listening yet */
		}
		await procs.sleep(250);
	}
	const readyMs = Date.now() - t0;
	log(`n8n start ready on ${base} in ${readyMs} ms`);

	// owner setup (first start of a fresh user folder), else login
	const setup = await request('POST', '/rest/owner/setup', { body: owner, raw: true });
	if (setup.status !== 200) {
		await rest('POST', '/login', { body: { emailOrLdapLoginId: owner.email, password: owner.password } });
	}
	if (!cookie) throw new Error(`no auth cookie after owner setup / login (setup: HTTP ${setup.status} ${setup.text.slice(0, 300)})`);

	// API key with every scope the owner may grant
	const scopes = await rest('GET', '/api-keys/scopes');
	const key = await rest('POST', '/api-keys', { body: { label: `e2e ${Date.now()}`, scopes, expiresAt: null } });
	apiKey = key.rawApiKey || key.apiKey;
	if (!apiKey) throw new Error(`no API key in ${JSON.stringify(key).slice(0, 300)}`);

	return {
		base,
		port,
		readyMs,
		child,
		owner,
		apiKey,
		request,
		rest,
		api,
		output: () => output,
		/** POST /api/v1/credentials {name, type, data} -> {id, ...} */
		async createCredential(cred) {
			let data = cred.data;
			let r = await api('POST', '/credentials', { body: { name: cred.name, type: cred.type, data }, raw: true });
			if (r.status === 400 && /allowedDomains/.test(r.text)) {
				// n8n 1.x adds "allowedHttpRequestDomains" to credentials with an `authenticate` block; its
				// public-API schema then wrongly requires allowedDomains unless that field is set
				data = { ...data, allowedHttpRequestDomains: 'all' };
				r = await api('POST', '/credentials', { body: { name: cred.name, type: cred.type, data }, raw: true });
			}
			if (r.status !== 200) throw new Error(`POST /api/v1/credentials (${cred.type}) -> HTTP ${r.status}: ${r.text.slice(0, 600)}`);
			const created = r.json;
			createdCreds.set(created.id, { id: created.id, name: cred.name, type: cred.type, data });
			return created;
		},
		/**
		 * POST /api/v1/credentials/{id}/test -> {status: 'OK'|'Error', message} (n8n 2.x).
		 * n8n 1.x has no such public endpoint: there it falls back to the editor's
		 * POST /rest/credentials/test with the credential's data (known when created here).
		 */
		async testCredential(id) {
			const r = await request('POST', `/api/v1/credentials/${encodeURIComponent(id)}/test`, {
				headers: { 'X-N8N-API-KEY': apiKey },
				raw: true,
			});
			if (r.status === 200) return r.json;
			if ((r.status === 404 || r.status === 405) && createdCreds.has(id)) {
				const res = await rest('POST', '/credentials/test', { body: { credentials: createdCreds.get(id) } });
				return { ...res, via: 'rest' };
			}
			throw new Error(`POST /api/v1/credentials/${id}/test -> HTTP ${r.status}: ${r.text.slice(0, 500)}`);
		},
		/** the REST endpoint the editor's "Test" button uses (full credential data in the body) */
		testCredentialData: (credentials) => rest('POST', '/credentials/test', { body: { credentials } }),
		/** POST /api/v1/workflows {name, nodes, connections, settings} -> the workflow (with id). */
		async createWorkflow(wf) {
			const body = { name: wf.name, nodes: wf.nodes, connections: wf.connections, settings: wf.settings || { executionOrder: 'v1' } };
			return await api('POST', '/workflows', { body });
		},
		/**
		 * POST /api/v1/workflows/{id}/activate, then the publication's outcome. n8n 2.41 answers
		 * "active: true" at once and starts the triggers afterwards (its publication service): a
		 * trigger that fails to start (e.g. a poll interval the engine refuses) shows only in the
		 * editor's GET /rest/workflows/:id/publication-status (or, on older versions, as the
		 * workflow's activation error). Throws when a trigger failed, unless allowError.
		 * Returns {workflow, status: 'published'|'partial'|'failed', errors: [messages]}.
		 */
		async activateWorkflow(id, { allowError = false, timeoutMs = 30000 } = {}) {
			const workflow = await api('POST', `/workflows/${encodeURIComponent(id)}/activate`);
			const outcome = await this.publicationStatus(id, { timeoutMs });
			if (outcome.status !== 'published' && !allowError) {
				throw new Error(`workflow ${id} was activated, but not every trigger started (${outcome.status}): ${outcome.errors.join('; ')}`);
			}
			return { workflow, ...outcome };
		},
		/**
		 * Waits until the workflow's publication has settled: {status, errors}. Falls back to the
		 * activation error (GET /rest/active-workflows/error/:id) where there is no publication
		 * status endpoint.
		 */
		async publicationStatus(id, { timeoutMs = 30000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const r = await request('GET', `/rest/workflows/${encodeURIComponent(id)}/publication-status`, { raw: true });
				if (r.status === 404) {
					const error = await rest('GET', `/active-workflows/error/${encodeURIComponent(id)}`);
					return { status: error ? 'failed' : 'published', errors: error ? [typeof error === 'string' ? error : JSON.stringify(error)] : [] };
				}
				if (r.status !== 200) throw new Error(`GET /rest/workflows/${id}/publication-status -> HTTP ${r.status}: ${r.text.slice(0, 300)}`);
				const st = r.json && 'data' in r.json ? r.json.data : r.json;
				if (!['in_progress', 'not_published'].includes(st.status)) {
					return { status: st.status, errors: (st.triggers || []).filter((x) => x.errorMessage).map((x) => x.errorMessage) };
				}
				if (Date.now() > deadline) throw new Error(`workflow ${id}: publication still ${st.status} after ${timeoutMs} ms`);
				await procs.sleep(250);
			}
		},
		deactivateWorkflow: (id) => api('POST', `/workflows/${encodeURIComponent(id)}/deactivate`),
		/**
		 * Every execution of a workflow through GET /api/v1/executions (all pages), oldest first.
		 * includeData adds the run data (execution.data.resultData.runData). The public API lists
		 * running executions only when asked for status=running.
		 */
		async executions(workflowId, { includeData = false, status } = {}) {
			const all = [];
			let cursor;
			for (;;) {
				const qs = new URLSearchParams({ workflowId, limit: '100', includeData: String(includeData) });
				if (status) qs.set('status', status);
				if (cursor) qs.set('cursor', cursor);
				const page = await api('GET', `/executions?${qs}`);
				all.push(...page.data);
				if (!page.nextCursor) break;
				cursor = page.nextCursor;
			}
			return all.sort((a, b) => Number(a.id) - Number(b.id));
		},
		/** The bytes of a stored binary: GET /rest/binary-data?id=…&action=download (login cookie); any mode. */
		async binary(id) {
			const res = await fetch(`${base}/rest/binary-data?${new URLSearchParams({ id, action: 'download' })}`, {
				headers: { cookie, 'browser-id': browserId },
				signal: AbortSignal.timeout(30000),
			});
			if (!res.ok) throw new Error(`GET /rest/binary-data?id=${id} -> HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
			return Buffer.from(await res.arrayBuffer());
		},
		async stop() {
			await procs.stop(child, 8000);
		},
	};
}

/**
 * `n8n worker` (queue mode): the same environment as main plus its own health-check port; ready
 * when GET /healthz/readiness answers 200 and the log says "n8n worker is now ready". Its output
 * (log level info) shows which executions it ran: "Worker started execution N (job J)".
 */
async function startWorker({ p, env, log = () => {}, timeoutMs = 120000, concurrency, name = 'worker' }) {
	const port = Number(env.QUEUE_HEALTH_CHECK_PORT);
	if (!port) throw new Error('startWorker: QUEUE_HEALTH_CHECK_PORT is not set');
	const t0 = Date.now();
	let output = '';
	const args = [p.n8nBin, 'worker', ...(concurrency ? [`--concurrency=${concurrency}`] : [])];
	const child = procs.start(p.nodeBin, args, {
		cwd: env.N8N_USER_FOLDER,
		env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', ...env },
		onStdout: (s) => (output = (output + s).slice(-200000)),
		onStderr: (s) => (output = (output + s).slice(-200000)),
	});
	let exited = null;
	child.done.then((r) => (exited = r));
	const deadline = t0 + timeoutMs;
	for (;;) {
		if (exited) throw new Error(`n8n worker (${name}) exited early (code ${exited.code}):\n${output.slice(-4000)}`);
		if (Date.now() > deadline) {
			await procs.stop(child);
			throw new Error(`n8n worker (${name}) not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`);
		}
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.status === 200 && /n8n worker is now ready/.test(output)) break;
		} catch {
			/* not listening yet */
		}
		await procs.sleep(250);
	}
	const readyMs = Date.now() - t0;
	log(`n8n worker ${name} ready in ${readyMs} ms`);
	return {
		name,
		child,
		readyMs,
		output: () => output,
		/** ids of the executions this worker started ("Worker started execution N"), in order */
		startedExecutions: () => [...output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
		async stop() {
			await procs.stop(child, 35000); // SIGTERM waits for running executions (N8N_GRACEFUL_SHUTDOWN_TIMEOUT, 30 s)
		},
	};
}

module.exports = { startServer, startWorker, OWNER };

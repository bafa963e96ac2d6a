'use strict';

const { PROVIDERS } = require('../providers');
const { KINDS: HOSTILE_KINDS } = require('./hostile');

/**
 * Fault injection. `sandbox.fault(provider, spec)` queues a fault; the server asks
 * {@link FaultQueue#take} on every request which faults apply, and each applied fault uses up one
 * of its `times`. Faults of different slots can combine on one request (e.g. `slow` + `shift` +
 * `truncate`); of the response-replacing kinds only the first queued one applies.
 */

/**
 * @typedef {'status'|'reset'|'slow'|'truncate'|'html'|'jsonInsteadOfPdf'|'htmlInsteadOfPdf'|'redirect'|'repeatCursor'|'ignorePaging'|'shift'
 *   |'deleteRecord'|'otherRecord'|'laravelFlat'|'dropPaginator'|'dropCursor'|'inflateTotal'|'renumber'|'echoKey'
 *   |'trickle'|'stall'|'endless'|'oversize'|'gzipBomb'} FaultKind  (the second group: hostile.js)
 * @typedef {{ path?: RegExp|string, method?: string, nth?: number }} FaultMatch
 * @typedef {{ kind: FaultKind, times?: number, match?: FaultMatch, [param: string]: any }} FaultSpec
 * @typedef {{ provider: string, kind: FaultKind, times: number, remaining: number, match: FaultMatch,
 *   params: Record<string, any>, seen: number, applied: number }} Fault
 * @typedef {{ terminal?: Fault, slow?: Fault, shift?: Fault, truncate?: Fault, ignorePaging?: Fault, repeatCursor?: Fault,
 *   before?: Fault, request?: Fault, envelope?: Fault, total?: Fault, rewrite?: Fault, delivery?: Fault }} Picked
 */

/** Slot each kind occupies. 'terminal' kinds replace the response. */
const SLOT = {
	status: 'terminal', reset: 'terminal', html: 'terminal', redirect: 'terminal',
	jsonInsteadOfPdf: 'terminal', htmlInsteadOfPdf: 'terminal',
	slow: 'slow', shift: 'shift', truncate: 'truncate', ignorePaging: 'ignorePaging', repeatCursor: 'repeatCursor',
};

/** Route tag a kind needs: PDF/zip endpoints are tagged 'binary', list endpoints 'list'. */
const NEEDS_TAG = {
	jsonInsteadOfPdf: 'binary', htmlInsteadOfPdf: 'binary', ignorePaging: 'list', shift: 'list', repeatCursor: 'list',
};

/** Kinds that only make sense for some providers (from the registry: paging style, PDF endpoint). */
const CURSOR_PAGED = PROVIDERS.filter((p) => p.paging === 'cursor').map((p) => p.key);
const WITH_PDF = [...PROVIDERS.filter((p) => p.pdf).map((p) => p.key), 'files'];
const ONLY_FOR = {
	repeatCursor: CURSOR_PAGED,
	jsonInsteadOfPdf: WITH_PDF,
	htmlInsteadOfPdf: WITH_PDF,
};

// The hostile kinds (hostile.js): their slots, route tags and providers.
for (const [kind, spec] of Object.entries(HOSTILE_KINDS)) {
	SLOT[kind] = spec.slot;
	if (spec.tag) NEEDS_TAG[kind] = spec.tag;
	ONLY_FOR[kind] = spec.only;
}

class FaultQueue {
	/** @param {readonly string[]} providers */
	constructor(providers) {
		this.providers = providers;
		/** @type {Fault[]} */
		this.queue = [];
	}

	/**
	 * Validates and queues a fault.
	 * @param {string} provider @param {FaultSpec} spec
	 * @returns {Fault} the live fault (its `remaining`/`applied` counters update as it is used)
	 */
	add(provider, spec) {
		if (!this.providers.includes(provider)) throw new TypeError(`fault: unknown provider "${provider}" (expected one of ${this.providers.join(', ')})`);
		if (!spec || typeof spec !== 'object') throw new TypeError('fault: spec must be an object');
		const { kind, times = 1, match = {}, ...params } = spec;
		if (!Object.hasOwn(SLOT, kind)) throw new TypeError(`fault: unknown kind "${kind}" (expected one of ${Object.keys(SLOT).join(', ')})`);
		if (ONLY_FOR[kind] && !ONLY_FOR[kind].includes(provider)) throw new TypeError(`fault: kind "${kind}" does not apply to ${provider}`);
		if (!(times === Infinity || (Number.isInteger(times) && times > 0))) throw new TypeError('fault: times must be a positive integer or Infinity');
		if (match.nth !== undefined && !(Number.isInteger(match.nth) && match.nth > 0)) throw new TypeError('fault: match.nth must be a positive integer (1-based)');
		if (match.path !== undefined && typeof match.path !== 'string' && !(match.path instanceof RegExp)) throw new TypeError('fault: match.path must be a string or RegExp');
		if (kind === 'otherRecord' && (params.from === undefined || params.to === undefined)) throw new TypeError('fault: otherRecord needs from and to');
		if (kind === 'status' && params.status !== undefined && !(Number.isInteger(params.status) && params.status >= 100 && params.status <= 599)) throw new TypeError('fault: status must be an HTTP status code');
		/** @type {Fault} */
		const fault = { provider, kind, times, remaining: times, match: { ...match }, params, seen: 0, applied: 0 };
		this.queue.push(fault);
		return fault;
	}

	clear() {
		this.queue.length = 0;
	}

	/**
	 * Picks (and uses up) the faults that apply to one request.
	 * @param {string} provider
	 * @param {{ path: string, method: string, tags: readonly string[] }} request
	 * @returns {Picked}
	 */
	take(provider, request) {
		/** @type {Picked} */
		const picked = {};
		for (const fault of this.queue) {
			if (fault.provider !== provider || !this.matches(fault, request)) continue;
			fault.seen += 1;
			if (fault.seen < (fault.match.nth ?? 1)) continue;
			const slot = SLOT[fault.kind];
			if (picked[slot]) continue;
			picked[slot] = fault;
			fault.remaining -= 1;
			fault.applied += 1;
		}
		this.queue = this.queue.filter((fault) => fault.remaining > 0);
		return picked;
	}

	/** @param {Fault} fault @param {{ path: string, method: string, tags: readonly string[] }} request */
	matches(fault, request) {
		const { path, method } = fault.match;
		if (NEEDS_TAG[fault.kind] && !request.tags.includes(NEEDS_TAG[fault.kind])) return false;
		if (method && method.toUpperCase() !== request.method.toUpperCase()) return false;
		if (path instanceof RegExp) {
			path.lastIndex = 0;
			return path.test(request.path);
		}
		return path === undefined || path === request.path;
	}
}

module.exports = { FaultQueue, SLOT };

import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import type { ProviderApi } from './api';
import { BodyError, Stopped } from './body';
import { redact } from './redact';

/** Socket failures after which the same request may well succeed. */
const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_BAD_RESPONSE',
]);

const NETWORK_REASONS: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	EPIPE: 'the connection closed while sending',
	ENOTFOUND: 'the host name is unknown',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

export function errorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (typeof current.code === 'string' && current.code) return current.code;
		// n8n 1.x puts a socket error's code (ECONNREFUSED…) into httpCode and leaves cause empty.
		if (typeof current.httpCode === 'string' && /^E[A-Z_]+$/.test(current.httpCode)) return current.httpCode;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** Whether an error says the invoice does not exist (a 404, or a lookup that found nothing). */
export function isNotFound(error: unknown): boolean {
	if (error instanceof NodeApiError) return error.httpCode === '404';
	return error instanceof NodeOperationError && error.context.invoiceNotFound === true;
}

export function isTransient(error: unknown): boolean {
	if (error instanceof BodyError) return error.transient;
	if (error instanceof Stopped) return false;
	const code = errorCode(error);
	if (code && TRANSIENT_CODES.has(code)) return true;
	const message = String((error as Error)?.message ?? '');
	return /socket hang up|timeout|aborted|ECONNRESET/i.test(message);
}

/** The part of the client settings that error texts draw on. */
export interface ErrorSettings {
	providerName: string;
	api: ProviderApi;
	/** Values that must never appear in an error (the API key). */
	secrets: string[];
	timeoutMs: number;
}

/** How a request that received an error status was tried. */
export interface StatusAttempts {
	attempts: number;
	startedAt: number;
	/** The wait the server asked for when it was longer than maxWaitMs. */
	refusedWaitMs?: number;
	maxWaitMs: number;
}

/**
 * Every error the transport raises, built in one place so each one carries the provider's own
 * words, a hint at the fix, and never a credential: every text passes through redact.
 */
export class TransportErrors {
	constructor(
		private readonly node: () => INode,
		private readonly settings: ErrorSettings,
		private readonly itemIndex: number,
	) {}

	redact(value: string): string {
		return redact(value, this.settings.secrets);
	}

	operation(message: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.node(), this.redact(message), {
			description: description === undefined ? undefined : this.redact(description),
			itemIndex: this.itemIndex,
		});
	}

	/** An HTTP status of 400 or more; apiMessage is what the provider said about it. */
	status(status: number, apiMessage: string | undefined, tried: StatusAttempts): NodeApiError {
		const name = this.settings.providerName;
		const { attempts } = tried;
		let message = `${name} API error ${status}${apiMessage ? `: ${apiMessage}` : ''}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`;
		let description: string;
		if (status === 401 || status === 403) {
			description = `${name} refused the API key. ${this.settings.api.authHint}`;
		} else if (status === 404) {
			description = 'The API has no such resource. Check the ID or number, and the Base URL in the credential.';
		} else if (status === 429) {
			const waited = Math.round((Date.now() - tried.startedAt) / 1000);
			message = `${name} API rate limit: still refused after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${waited} s${apiMessage ? ` (${apiMessage})` : ''}`;
			description =
				tried.refusedWaitMs !== undefined
					? `The API asked to wait ${Math.round(tried.refusedWaitMs / 1000)} s, longer than the ${tried.maxWaitMs / 1000} s this node waits. Run the workflow later or less often.`
					: 'Run the workflow later or less often, or ask the provider for a higher rate limit.';
		} else if (status >= 500) {
			description = `The ${name} server failed${attempts > 1 ? ` ${attempts} times in a row` : ''}. Nothing was skipped: run the workflow again later.`;
		} else {
			description = `${name} rejected the request. Check the node's parameters.`;
		}
		return new NodeApiError(this.node(), { message: this.redact(message), httpCode: String(status) } as JsonObject, {
			message: this.redact(message),
			description: this.redact(description),
			httpCode: String(status),
			itemIndex: this.itemIndex,
		});
	}

	/** An error the provider reports inside a successful response. */
	body(bodyError: string): NodeApiError {
		const api = this.settings.api;
		return new NodeApiError(this.node(), { message: this.redact(bodyError) } as JsonObject, {
			message: this.redact(`${this.settings.providerName} API error: ${bodyError}`),
			description: this.redact(api.bodyErrorHint ?? api.authHint),
			itemIndex: this.itemIndex,
		});
	}

	/** No response at all: a socket error or a timeout. */
	network(error: unknown, attempts: number, startedAt: number, url: string): NodeOperationError {
		const name = this.settings.providerName;
		const tries = attempts > 1 ? `, ${attempts} attempts over ${Math.round((Date.now() - startedAt) / 1000)} s` : '';
		if (error instanceof Stopped) return this.operation(`The request to the ${name} API was stopped because the execution was stopped`);
		if (error instanceof BodyError) {
			const seconds = Math.round(this.settings.timeoutMs / 1000);
			if (error.reason === 'too-large') {
				return this.operation(
					`The ${name} API sent more than ${Math.round((error.limit ?? 0) / 1024 / 1024)} MB in one answer; the node stopped reading it`,
					'No invoice API sends that much in one page or file: a proxy or a broken server may be sending without end. Nothing from this answer was used; if it persists, check the Base URL in the credential and contact the provider.',
				);
			}
			if (error.reason === 'deadline') {
				return this.operation(
					!error.answered
						? `The ${name} API did not answer within ${seconds} s${tries}`
						: `The ${name} API did not finish its answer within ${seconds} s (${error.bytes} bytes arrived)${tries}`,
					`The Timeout option bounds each request, its whole answer included. Request to ${new URL(url).origin}. For slow APIs or large files raise the Timeout option.`,
				);
			}
			return this.operation(
				`The ${name} API's answer was cut short after ${error.bytes} bytes${tries}`,
				`The API was reached, but the connection closed before the answer ended, so nothing from it was used. Request to ${new URL(url).origin}. Run the workflow again; if it persists, a proxy or the provider is dropping connections.`,
			);
		}
		const code = errorCode(error);
		const timeout = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String((error as Error)?.message));
		const seconds = Math.round((Date.now() - startedAt) / 1000);
		// In words: n8n replaces any error message that names a code such as ECONNRESET with
		// its own generic text, which would drop the attempts. The code goes in the description.
		const what = timeout
			? `did not answer within ${Math.round(this.settings.timeoutMs / 1000)} s`
			: `could not be reached (${(code && NETWORK_REASONS[code]) ?? 'the connection failed'})`;
		return this.operation(
			`The ${this.settings.providerName} API ${what}${attempts > 1 ? `, ${attempts} attempts over ${seconds} s` : ''}`,
			`Request to ${new URL(url).origin}${code ? ` failed with ${code}` : ''}. Check the Base URL and the network; for slow APIs raise the Timeout option.`,
		);
	}
}

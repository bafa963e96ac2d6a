/**
 * Bodies are read as streams with a byte count, so no answer is held without a bound: an endless
 * body, a gzip bomb (counted after decompression) or a page far beyond any invoice API's size
 * ends in a clear error with flat memory, and the deadline's abort signal ends a body that
 * trickles.
 */

/** n8n hands a body over as a stream, Buffer, ArrayBuffer, string or (older helpers) parsed JSON. */
export function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(JSON.stringify(body), 'utf8');
}

/** The caps: far above any real invoice API's page or PDF. */
export const BODY_LIMITS = {
	jsonBytes: 50 * 1024 * 1024,
	fileBytes: 100 * 1024 * 1024,
};

/** Why a body was not read to its end. */
export class BodyError extends Error {
	constructor(
		readonly reason: 'deadline' | 'cut' | 'too-large',
		/** Bytes read before it stopped. */
		readonly bytes: number,
		readonly limit?: number,
		/** What the HTTP library threw. */
		readonly original?: unknown,
		/** Whether the response (its status and headers) had arrived: a deadline then cut its body. */
		readonly answered = true,
	) {
		super(`body ${reason} after ${bytes} bytes`);
	}

	/** A deadline or a cut-off answer may go well the next time; an oversized one will not. */
	get transient(): boolean {
		return this.reason !== 'too-large';
	}
}

/** The execution was stopped (n8n's Stop button, or a timeout of the workflow): no retries. */
export class Stopped extends Error {
	constructor() {
		super('The request was stopped because the execution was stopped');
	}
}

type Destroyable = { destroy?: (error?: Error) => void };

const isStream = (body: unknown): body is AsyncIterable<unknown> & Destroyable =>
	typeof body === 'object' && body !== null && Symbol.asyncIterator in body;

/**
 * The whole body as a Buffer, at most `limit` bytes. `deadline` is the request's deadline signal:
 * when it fired, a failure is a deadline, not a cut.
 */
export async function readBody(body: unknown, limit: number, deadline: AbortSignal): Promise<Buffer> {
	if (!isStream(body)) {
		const bytes = toBuffer(body);
		if (bytes.length > limit) throw new BodyError('too-large', bytes.length, limit);
		return bytes;
	}
	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	let failure: unknown;
	try {
		for await (const chunk of body) {
			const bytes = toBuffer(chunk);
			size += bytes.length;
			if (size > limit) {
				tooLarge = true;
				break;
			}
			chunks.push(bytes);
		}
	} catch (error) {
		failure = error ?? new Error('the body stream failed');
	}
	if (tooLarge || failure !== undefined) {
		body.destroy?.();
		throw tooLarge ? new BodyError('too-large', size, limit) : new BodyError(deadline.aborted ? 'deadline' : 'cut', size, undefined, failure);
	}
	return Buffer.concat(chunks, size);
}

/** A promise's value or what it threw, so the caller decides what to throw outside a catch. */
export async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
	try {
		return { value: await promise };
	} catch (error) {
		return { error };
	}
}

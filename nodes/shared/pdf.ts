import type { IBinaryData } from 'n8n-workflow';

import type { InvoiceContext } from './provider';
import type { ApiResponse } from './transport';

/** File kinds the nodes hand out, recognised by their bytes, not by what the server claims. */
export const FILE_KINDS = {
	pdf: { mimeType: 'application/pdf', extension: 'pdf', label: 'PDF' },
	zip: { mimeType: 'application/zip', extension: 'zip', label: 'ZIP archive' },
} as const;

export type FileKind = keyof typeof FILE_KINDS;

function startsPdf(bytes: Buffer): boolean {
	const head = bytes.subarray(0, 16).toString('latin1').replace(/^(\ufeff|\u00ef\u00bb\u00bf|\s)+/, '');
	return head.startsWith('%PDF-');
}

/** What the bytes are; a PDF counts only when it starts with its header and ends with %%EOF (not cut off). */
export function sniff(bytes: Buffer): FileKind | undefined {
	if (startsPdf(bytes) && bytes.subarray(Math.max(0, bytes.length - 2048)).includes('%%EOF')) return 'pdf';
	if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && [0x03, 0x05, 0x07].includes(bytes[2])) {
		return 'zip';
	}
	return undefined;
}

/** Follows dot paths ("data.file") to the first string. */
function findString(body: unknown, paths: string[]): string | undefined {
	for (const path of paths) {
		let current: unknown = body;
		for (const key of path.split('.')) {
			current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
		}
		if (typeof current === 'string' && current.length > 0) return current;
	}
	return undefined;
}

function describeBody(bytes: Buffer, contentType: string): string {
	const text = bytes.subarray(0, 300).toString('utf8');
	if (contentType.includes('json') || /^\s*[[{]/.test(text)) {
		try {
			const body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
			const message = findString(body, ['message', 'error.message', 'data.message', 'errorMessage']);
			return `JSON${message ? ` ("${message.slice(0, 200)}")` : ''}`;
		} catch {
			return 'incomplete JSON';
		}
	}
	if (contentType.includes('html') || /<(!doctype|html)/i.test(text)) return 'an HTML page';
	if (bytes.length === 0) return 'an empty body';
	if (startsPdf(bytes)) return 'an incomplete PDF (cut off before its end marker)';
	return `${bytes.length} bytes of ${contentType || 'unknown type'}`;
}

/**
 * Checks that a download really is a file of the expected kind and wraps it as n8n binary
 * data. APIs that may send the file base64-encoded in JSON name the fields to look in.
 */
export async function toBinary(
	ctx: InvoiceContext,
	response: ApiResponse,
	options: { expected: FileKind[]; fileName: (kind: FileKind) => string; base64Fields?: string[]; what: string },
): Promise<{ binary: IBinaryData; kind: FileKind }> {
	let bytes = response.body as Buffer;
	if (response.contentType.includes('json') && options.base64Fields?.length) {
		try {
			const encoded = findString(JSON.parse(bytes.toString('utf8')), options.base64Fields);
			if (encoded) bytes = Buffer.from(encoded.replace(/^data:[^,]*,/, ''), 'base64');
		} catch {
			// Not JSON after all: the byte check below reports what arrived.
		}
	}
	const kind = sniff(bytes);
	if (!kind || !options.expected.includes(kind)) {
		const wanted = options.expected.map((expected) => FILE_KINDS[expected].label).join(' or ');
		throw ctx.api.operationError(
			`${options.what}: expected a ${wanted} but the API sent ${describeBody(bytes, response.contentType)}`,
			'No file was attached, because what arrived is not the document. Try again later; if it persists, the provider cannot deliver this file right now.',
		);
	}
	const fileName = options.fileName(kind);
	const binary = await ctx.fn.helpers.prepareBinaryData(bytes, fileName, FILE_KINDS[kind].mimeType);
	return { binary, kind };
}

/** The file name a server suggests in Content-Disposition, reduced to a safe name. */
export function dispositionFileName(headers: Record<string, string>): string | undefined {
	const disposition = headers['content-disposition'];
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
	const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
	let name = extended?.[1] ?? plain?.[1];
	if (!name) return undefined;
	try {
		name = decodeURIComponent(name.trim().replace(/^"|"$/g, ''));
	} catch {
		name = name.trim();
	}
	const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '').slice(0, 150);
	return safe || undefined;
}

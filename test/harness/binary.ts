import type { IBinaryData } from 'n8n-workflow';

/** Inline binary property for `input` items: `{ binary: { data: toBinary(buf, 'a.pdf') } }`. */
export function toBinary(data: Buffer | string, fileName?: string, mimeType = 'application/octet-stream'): IBinaryData {
	const buffer = typeof data === 'string' ? Buffer.from(data) : data;
	const extension = fileName?.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1) : undefined;
	return {
		data: buffer.toString('base64'),
		mimeType,
		...(fileName ? { fileName } : {}),
		...(extension ? { fileExtension: extension } : {}),
		fileSize: `${buffer.length} B`,
		bytes: buffer.length,
	};
}

/** Bytes of an output binary property (the harness keeps binaries inline as base64). */
export function binaryBuffer(binary: IBinaryData | undefined): Buffer {
	if (!binary) throw new Error('no binary data');
	if (binary.id) throw new Error(`binary data was stored out of line (${binary.id}); the harness expects inline data`);
	return Buffer.from(binary.data, 'base64');
}

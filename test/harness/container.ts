/**
 * The DI container n8n-core resolves its services from. It must be the same copy of
 * `@n8n/di` that n8n-core itself requires, otherwise n8n-core would not see what we put in.
 */
import './env';

import { dirname } from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataService, InstanceSettings } from 'n8n-core';

let ready = false;

export function ensureContainer(): typeof Container {
	if (ready) return Container;

	const ours = require.resolve('@n8n/di');
	const coresCopy = require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] });
	if (ours !== coresCopy) {
		throw new Error(`Two copies of @n8n/di: harness uses ${ours}, n8n-core uses ${coresCopy}`);
	}

	// Not init()ed on purpose: without a storage manager, prepareBinaryData() keeps the
	// bytes inline (base64 in `binary.<key>.data`) instead of writing them to disk.
	Container.set(BinaryDataService, Container.get(BinaryDataService));
	// Writes <N8N_USER_FOLDER>/.n8n/config (encryption key) once.
	Container.get(InstanceSettings);

	ready = true;
	return Container;
}

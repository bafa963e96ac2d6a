'use strict';

const { zipSync } = require('fflate');

/**
 * Deterministic zip archives (fflate). Every entry gets a fixed modification time, so the same
 * files always give the same bytes. PDFs are stored (level 0): they are already compressed.
 */

const ZIP_EPOCH = new Date(Date.UTC(2024, 0, 1));

/**
 * fflate writes DOS times from the Date's local fields; this makes those equal the UTC fields,
 * so archives do not depend on the machine's time zone.
 * @param {Date} utc
 */
function asLocal(utc) {
	return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
}

/**
 * @param {Array<{ name: string, bytes: Uint8Array, mtime?: Date|number }>} files
 * @returns {Buffer}
 */
function makeZip(files) {
	/** @type {Record<string, [Uint8Array, { level: 0, mtime: Date }]>} */
	const entries = {};
	for (const file of files) {
		let utc = file.mtime === undefined ? ZIP_EPOCH : new Date(file.mtime);
		if (!(utc.getTime() >= Date.UTC(1980, 0, 2))) utc = ZIP_EPOCH; // DOS time starts in 1980
		entries[file.name] = [new Uint8Array(file.bytes), { level: 0, mtime: asLocal(utc) }];
	}
	return Buffer.from(zipSync(entries));
}

module.exports = { makeZip };

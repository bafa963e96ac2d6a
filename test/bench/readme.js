'use strict';

/**
 * Puts the latest benchmark (test/bench/results.json) into README.md's Performance section,
 * between the bench:start and bench:end markers. `npm run bench` calls it after a full run;
 * `node test/bench/readme.js` does it by hand.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

function markdown(results) {
	const ratio = (value) => (value === undefined ? '' : `${value.toFixed(2)}×`);
	const lines = [
		`Measured ${results.measuredAt.slice(0, 10)} on ${results.machine.cpus} cores (${results.machine.cpu}), Node ${results.machine.node}, median of ${results.rounds} runs per side. ` +
			'raw = the fetch loop one request at a time, raw-4 = four PDFs at once; requests = the node\'s (the loop\'s, the floor); ' +
			'RSS = the peak growth of the node process during a run; KB = heap its output holds per invoice.',
		'',
		'| scenario | provider | latency | invoices | node | raw | node/raw | raw-4 | node/raw-4 | requests (floor) | RSS | KB/invoice |',
		'|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
		...results.rows.map((row) =>
			[
				'',
				row.scenario,
				row.provider,
				`${row.latencyMs} ms`,
				row.invoices.toLocaleString('en'),
				`${row.nodeMs} ms`,
				`${row.rawMs} ms`,
				ratio(row.ratio),
				row.raw4Ms === undefined ? '' : `${row.raw4Ms} ms`,
				ratio(row.ratio4),
				`${row.nodeRequests} (${row.floorRequests})`,
				`${row.rssGrowthMb} MB`,
				row.retainedKbPerInvoice.toFixed(2),
				'',
			].join(' | ').trim(),
		),
	];
	const rate = results.rateLimit;
	if (rate) {
		lines.push(
			'',
			`Rate limit: ${rate.scenario}: ${rate.invoices} invoices with PDFs in ${(rate.elapsedMs / 1000).toFixed(1)} s, ${rate.requests} requests, ` +
				`${rate.refused429} refused (429); the limit's floor for ${rate.requests} requests is ${(rate.floorMs / 1000).toFixed(0)} s (${rate.ratio.toFixed(3)}×).`,
		);
	}
	return lines.join('\n');
}

function update(resultsFile = join(__dirname, 'results.json')) {
	const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
	const readme = join(ROOT, 'README.md');
	const text = readFileSync(readme, 'utf8');
	const start = '<!-- bench:start -->';
	const end = '<!-- bench:end -->';
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	if (from < 0 || to < from) throw new Error('README.md has no bench:start / bench:end markers');
	writeFileSync(readme, `${text.slice(0, from + start.length)}\n${markdown(results)}\n${text.slice(to)}`);
}

module.exports = { update, markdown };

if (require.main === module) update(process.argv[2]);

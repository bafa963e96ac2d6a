'use strict';

/**
 * Date helpers. All instants are plain millisecond numbers (UTC) so generators stay simple.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const MONTHS_EN = [
	'January', 'February', 'March', 'April', 'May', 'June',
	'July', 'August', 'September', 'October', 'November', 'December',
];

/** @param {number} n @param {number} [width] */
function pad(n, width = 2) {
	return String(n).padStart(width, '0');
}

/**
 * Last Sunday of a month, as the UTC midnight of that day.
 * @param {number} year @param {number} month 0-based
 */
function lastSunday(year, month) {
	const date = new Date(Date.UTC(year, month + 1, 0));
	date.setUTCDate(date.getUTCDate() - date.getUTCDay());
	return date.getTime();
}

/**
 * UTC offset (hours) at local midnight of a calendar day in a European zone with EU summer time
 * (last Sunday of March to last Sunday of October).
 * @param {number} dayUtc UTC midnight of the calendar day
 * @param {number} baseOffset standard offset: 1 for Berlin, 2 for Sofia
 */
function euOffsetHours(dayUtc, baseOffset) {
	const year = new Date(dayUtc).getUTCFullYear();
	const summer = dayUtc > lastSunday(year, 2) && dayUtc <= lastSunday(year, 9);
	return baseOffset + (summer ? 1 : 0);
}

/**
 * The instant of local midnight of a calendar day, e.g. Sofia 2024-08-28 00:00 = 2024-08-27T21:00Z.
 * @param {number} dayUtc UTC midnight of the calendar day
 * @param {number} baseOffset
 */
function localMidnight(dayUtc, baseOffset) {
	return dayUtc - euOffsetHours(dayUtc, baseOffset) * HOUR;
}

/** UTC midnight of the day containing `ms`. */
function startOfDay(ms) {
	return Math.floor(ms / DAY) * DAY;
}

/**
 * The calendar day (as its UTC midnight) that contains the instant `ms` in a European zone with
 * EU summer time, e.g. 2024-08-27T21:00Z is 28 August in Sofia: the inverse of localMidnight.
 * @param {number} ms @param {number} baseOffset standard offset: 1 for Berlin, 2 for Sofia
 */
function localDay(ms, baseOffset) {
	let day = startOfDay(ms + (baseOffset + 1) * HOUR);
	if (localMidnight(day, baseOffset) > ms) day -= DAY;
	return day;
}

/** Laravel's JSON date: "2024-08-27T21:00:00.000000Z". */
function laravelDate(ms) {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Zone-less "YYYY-MM-DD HH:mm:ss" from the UTC fields of `ms` (WiseCP style). */
function zoneless(ms) {
	const d = new Date(ms);
	return `${ymd(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "YYYY-MM-DD" of the UTC date. */
function ymd(ms) {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "DD.MM.YYYY" (German style, used by PPH descriptions). */
function dmy(ms) {
	const d = new Date(ms);
	return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/** "2024-05-01T00:00:00+00:00" (i3D.net InvoiceDetails). */
function isoOffset(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Unix seconds. */
function unix(ms) {
	return Math.floor(ms / SECOND);
}

/** "May 2024". */
function monthYear(ms) {
	const d = new Date(ms);
	return `${MONTHS_EN[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** First and last UTC day of the month containing `ms`. */
function monthBounds(ms) {
	const d = new Date(ms);
	const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
	const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
	return { first, last };
}

/** Adds calendar months (UTC), clamping the day of month. */
function addMonths(ms, months) {
	const d = new Date(ms);
	const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1,
		d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
	return target.getTime();
}

/**
 * `count` instants spread with random gaps over (to, from], newest first: from `from` going back.
 * The gaps are random but scaled to fill the whole span, so the data covers it evenly.
 * @param {import('./random').Rng} rng
 * @param {number} from newest bound (exclusive)
 * @param {number} to oldest bound (inclusive)
 * @param {number} count
 * @returns {number[]}
 */
function spreadBackward(rng, from, to, count) {
	return spreadOffsets(rng, from - to, count).map((offset) => from - offset);
}

/**
 * `count` instants spread over (from, to], oldest first.
 * @param {import('./random').Rng} rng
 * @param {number} from oldest bound (exclusive)
 * @param {number} to newest bound (inclusive)
 * @param {number} count
 * @returns {number[]}
 */
function spreadForward(rng, from, to, count) {
	return spreadOffsets(rng, to - from, count).map((offset) => from + offset);
}

/** Increasing offsets in (0, span], random gaps scaled to the span. */
function spreadOffsets(rng, span, count) {
	const gaps = Array.from({ length: count }, () => rng.float(0.35, 1.65));
	const total = gaps.reduce((sum, gap) => sum + gap, 0);
	let acc = 0;
	return gaps.map((gap) => {
		acc += gap;
		return Math.max(1, Math.round((acc / total) * span));
	});
}

module.exports = {
	SECOND, MINUTE, HOUR, DAY, pad, euOffsetHours, localMidnight, localDay, startOfDay, laravelDate, zoneless,
	ymd, dmy, isoOffset, unix, monthYear, monthBounds, addMonths, spreadBackward, spreadForward,
};

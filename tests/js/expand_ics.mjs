// Expand an iCalendar file with Mozilla's ical.js (the parser behind
// Thunderbird) and print the occurrences as JSON, so that the Python tests
// can check that an independent reader sees the same meetings.
//
//   node tests/js/expand_ics.mjs FILE.ics START END
//
// START and END are ISO 8601 dates or date-times (UTC when no offset is
// given).  Prints a JSON array, ordered by start, of
//   {uid, recurrenceId, start, end, local, offsetSeconds, tzid, summary, status,
//    sequence, lastModified, description}
// where start/end/lastModified are UTC ("2022-12-15T18:00:00.000Z"), local is
// the wall-clock time in the event's zone ("2022-12-15T18:00:00"), and
// sequence is the SEQUENCE of the component the occurrence comes from
// (null when it has none).
//
// Time zones come only from the file's VTIMEZONE components (ical.js ships
// none), exactly as Thunderbird reads a subscribed feed.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const MAX_STEPS = 100000;

function usage(message) {
  process.stderr.write(`expand_ics: ${message}\nusage: node expand_ics.mjs FILE START END\n`);
  process.exit(2);
}

function parseBound(text, name) {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) usage(`${name} ${JSON.stringify(text)} is not an ISO date`);
  return ms;
}

function describe(uid, recurrenceId, start, end, item) {
  const summary = item.getFirstPropertyValue("summary");
  const status = item.getFirstPropertyValue("status");
  const sequence = item.getFirstPropertyValue("sequence");
  const lastModified = item.getFirstPropertyValue("last-modified");
  const description = item.getFirstPropertyValue("description");
  return {
    uid,
    recurrenceId: recurrenceId ? recurrenceId.toString() : null,
    start: start.toJSDate().toISOString(),
    end: end ? end.toJSDate().toISOString() : null,
    local: start.toString(),
    offsetSeconds: start.utcOffset(),
    tzid: start.zone ? start.zone.tzid : null,
    summary: summary === null ? null : String(summary),
    status: status === null ? null : String(status),
    sequence: sequence === null ? null : Number(sequence),
    lastModified: lastModified ? lastModified.toJSDate().toISOString() : null,
    description: description === null ? null : String(description),
  };
}

function main(argv) {
  if (argv.length !== 3) usage("expected three arguments");
  const [file, startText, endText] = argv;
  const lo = parseBound(startText, "START");
  const hi = parseBound(endText, "END");
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }

  const masters = new Map();
  const exceptions = [];
  const single = [];
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const uid = vevent.getFirstPropertyValue("uid");
    if (vevent.hasProperty("recurrence-id")) exceptions.push([uid, vevent]);
    else if (vevent.hasProperty("rrule") || vevent.hasProperty("rdate")) {
      masters.set(uid, new ICAL.Event(vevent));
    } else single.push([uid, vevent]);
  }
  for (const [uid, vevent] of exceptions) {
    const master = masters.get(uid);
    if (master) master.relateException(vevent);
    else single.push([uid, vevent]); // an orphan override stands alone
  }

  const out = [];
  const inRange = (time) => {
    const ms = time.toJSDate().getTime();
    return ms >= lo && ms <= hi;
  };
  // Overrides may move an instance by weeks: look a little past END.
  const horizon = hi + 62 * 86400 * 1000;
  for (const [uid, event] of masters) {
    const iterator = event.iterator();
    let steps = 0;
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (++steps > MAX_STEPS) throw new Error(`more than ${MAX_STEPS} occurrences for ${uid}`);
      if (next.toJSDate().getTime() > horizon) break;
      const details = event.getOccurrenceDetails(next);
      if (inRange(details.startDate)) {
        out.push(describe(uid, details.recurrenceId, details.startDate, details.endDate,
          details.item.component));
      }
    }
  }
  for (const [uid, vevent] of single) {
    const event = new ICAL.Event(vevent);
    if (inRange(event.startDate)) {
      out.push(describe(uid, event.recurrenceId, event.startDate, event.endDate, vevent));
    }
  }
  out.sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main(process.argv.slice(2));

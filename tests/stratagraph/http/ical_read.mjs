// Reads an iCalendar file with ical.js (Mozilla's parser, independent of the Python icalendar library that
// wrote it) and prints what a calendar application would show: each event's uid, summary, all-day start,
// its first occurrences (recurrences expanded by ical.js) and its URL, as JSON.
// Usage: node ical_read.mjs FILE WEB_DIR
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [file, webDir] = process.argv.slice(2);
const require = createRequire(path.join(webDir, "package.json"));
const ICAL = require("ical.js");

const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const occurrences = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && occurrences.length < 20; next = iterator.next()) {
    occurrences.push(next.toString());
  }
  return {
    uid: event.uid,
    summary: event.summary,
    start: event.startDate.toString(),
    allDay: event.startDate.isDate,
    recurring: event.isRecurring(),
    occurrences,
    url: component.getFirstPropertyValue("url"),
    description: event.description,
  };
});
process.stdout.write(
  JSON.stringify({ name: calendar.getFirstPropertyValue("x-wr-calname"), version: calendar.getFirstPropertyValue("version"), events }),
);

// TIMEX3 values in the words an editor reads: "2025-03-19TNI" → "night of 19–20 Mar 2025",
// "P30D" → "30 days". The service's codes stay in the raw JSON; the page never shows them.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const PARTS_OF_DAY = { MO: "morning", MI: "midday", AF: "afternoon", EV: "evening", DT: "daytime" };
const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", WI: "winter" };
const REFS = { PRESENT_REF: "now", PAST_REF: "some time in the past", FUTURE_REF: "some time to come" };
const UNITS = { Y: "year", M: "month", W: "week", D: "day", H: "hour", MIN: "minute", S: "second", DE: "decade",
  CE: "century" };

export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

function day(y, m, d) {
  return new Date(Date.UTC(y, m - 1, d));
}

function dayWords(date, withWeekday = true) {
  const text = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return withWeekday ? `${WEEKDAYS[date.getUTCDay()]} ${text}` : text;
}

function night(date) {
  const next = new Date(date.getTime() + 86400000);
  if (next.getUTCMonth() === date.getUTCMonth()) {
    return `night of ${date.getUTCDate()}–${dayWords(next, false)}`;
  }
  return `night of ${dayWords(date, false)} – ${dayWords(next, false)}`;
}

function timeOfDay(date, time) {
  if (time === "NI") return night(date);
  if (PARTS_OF_DAY[time]) return `${dayWords(date)}, ${PARTS_OF_DAY[time]}`;
  if (time === "24:00" || time === "00:00") return `${dayWords(date)}, midnight`;
  return `${dayWords(date)}, ${time}`;
}

/** A DATE or TIME value in words; null when the service could not resolve it (no value, or X's). */
export function dateWords(value) {
  if (!value) return null;
  if (REFS[value]) return REFS[value];
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T(.+))?$/.exec(value);
  if (m) {
    const date = day(+m[1], +m[2], +m[3]);
    return m[4] ? timeOfDay(date, m[4]) : dayWords(date);
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(value))) return `${MONTH_NAMES[+m[2] - 1]} ${m[1]}`;
  if ((m = /^(\d{4})-W(\d{2})(?:-WE)?$/.exec(value))) {
    return `${value.endsWith("WE") ? "weekend of week" : "week"} ${+m[2]} of ${m[1]}`;
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) return `quarter ${m[2]} of ${m[1]}`;
  if ((m = /^(\d{4})-H([12])$/.exec(value))) return `${m[2] === "1" ? "first" : "second"} half of ${m[1]}`;
  if ((m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value))) return `${SEASONS[m[2]]} ${m[1]}`;
  if (/^\d{4}$/.test(value)) return value;
  if (/^\d{3}$/.test(value)) return `the ${value}0s`;
  if (/^\d{2}$/.test(value)) return `the ${+value + 1}th century`;
  return null; // "XXXX-WXX-2", "2025-XX": partly unknown
}

/** A DURATION value in words: "P30D" → "30 days", "PTXH" → "some hours", "P2Y6M" → "2 years 6 months". */
export function durationWords(value) {
  if (!value || !value.startsWith("P")) return null;
  const parts = [];
  let inTime = false;
  for (const [, time, amount, unit] of value.slice(1).matchAll(/(T)|([\dX.]+)([A-Z]+)/g)) {
    if (time) { inTime = true; continue; }
    const key = inTime && unit === "M" ? "MIN" : unit;
    const word = UNITS[key];
    if (!word) return null;
    parts.push(amount === "X" ? `some ${word}s` : plural(Number(amount), word));
  }
  return parts.length ? parts.join(" ") : null;
}

/** A SET value ("every week") in words, as far as the code says it. */
export function repeatWords(value) {
  const span = durationWords(value);
  if (span) return `every ${span.replace(/^1 /, "")}`;
  return null;
}

/** The date's words by type; null when unresolved. */
export function timexWords(item) {
  if (item.type === "DURATION") return durationWords(item.value);
  if (item.type === "SET") return repeatWords(item.value);
  return dateWords(item.value);
}

/** True for the dates a timeline can place (resolved, day or coarser, nothing unknown). */
export function isResolved(item) {
  if (["DURATION", "SET"].includes(item.type)) return timexWords(item) !== null; // "PTXH": some hours
  return Boolean(item.value) && !item.value.includes("X") && timexWords(item) !== null;
}

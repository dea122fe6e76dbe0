// The editors' page: send the form to POST v1/analyze and show what comes back, figures first,
// with the exact words behind each. A plain module: no framework, no build step, no inline script.
import { dateWords, isResolved, plural, timexWords } from "./dates.js";
import { FIELDS, problemWords } from "./problems.js";

const $ = (id) => document.getElementById(id);
const QUALIFIERS = { at_least: "at least", at_most: "at most", about: "about" };
const SCOPES = { event: "this event", background: "background", cumulative: "running total" };
const ROLES = { main: "the headline figure", earlier: "an earlier toll", perpetrator: "the attackers" };
const STATUSES = { done: "happened", planned: "planned", demanded: "demanded" };
const PRISONER_ORDER = ["exchanged", "released", "captured", "held"];
// Why a casualty figure is not in the totals, in the words of the scope or role that keeps it out.
const LEFT_OUT = {
  background: "background: an earlier or other event the story recalls",
  cumulative: "a running total over a longer period, not this event",
  perpetrator: "the attackers themselves, counted apart from the victims",
  earlier: "an earlier toll that a later figure replaced",
};
const CURL_SHOWN_CHARS = 120;

let fullCurl = "";
let dateDefaulted = true;
const marks = new Map(); // fact key → the highlight "show in text" goes to (its figure's words)
const tipIds = new Map(); // a tip's text → the id of its hidden element in #tips

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// ---- input ----------------------------------------------------------------------------------

function inputKind() {
  return document.querySelector("input[name=kind]:checked").value;
}

function setKind(kind) {
  document.querySelector(`input[name=kind][value=${kind}]`).checked = true;
  showKind();
}

function looksLikeUrl(text) {
  return /^https?:\/\/\S+$/i.test(text.trim());
}

/** A URL pasted as text would be read as a one-word article: fetch it as a URL, and say so. */
function switchUrlText() {
  const note = $("input-note");
  note.hidden = true;
  if (inputKind() !== "text" || !looksLikeUrl($("source").value)) return;
  setKind("url");
  $("source").value = $("source").value.trim();
  note.textContent = "That text is a web address, so the page was fetched from it. Choose “Text” under Input to analyse the words themselves.";
  note.hidden = false;
}

function requestBody() {
  const body = { [inputKind()]: $("source").value };
  const published = $("published-at").value;
  if (published) body.published_at = published;
  return body;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function showDateNote() {
  const note = $("date-note");
  const value = $("published-at").value;
  note.classList.toggle("warning", !value);
  if (!value) {
    note.textContent = "No publication date: “Tuesday”, “last week” and other relative dates will not be placed on the calendar.";
  } else if (dateDefaulted && value === today()) {
    note.textContent = "Dates are read against today's date; set the publication date if the article is older.";
  } else {
    note.textContent = "";
  }
}

function showKind() {
  $("source-label").textContent = FIELDS[inputKind()];
  $("source").rows = inputKind() === "url" ? 2 : 10;
}

function requestHeaders() {
  const headers = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) headers["X-API-Key"] = key;
  return headers;
}

// ---- wording ---------------------------------------------------------------------------------

/** "1", "at least 30", "10–12": the figure as the article states it. */
function howMany(item) {
  if (item.qualifier === "range" && item.min !== null && item.max !== null) return `${item.min}–${item.max}`;
  const n = item.count ?? item.min ?? item.max;
  if (n === null || n === undefined) return "an unstated number";
  return QUALIFIERS[item.qualifier] ? `${QUALIFIERS[item.qualifier]} ${n}` : String(n);
}

function percent(confidence) {
  return confidence === null || confidence === undefined ? "not rated" : `${Math.round(confidence * 100)}%`;
}

function countsAs(type, item) {
  if (type === "prisoners") return STATUSES[item.status] || item.status;
  const role = ROLES[item.role];
  return [SCOPES[item.scope] || item.scope, role].filter(Boolean).join(" · ");
}

function reportedBy(type, item) {
  if (type === "prisoners") return (item.parties || []).join(" and ") || null;
  return item.source ? `reported by ${item.source}` : null;
}

function tipFor(type, item) {
  const parts = [`${howMany(item)} ${item.kind}`, countsAs(type, item), reportedBy(type, item)];
  return parts.filter(Boolean).join(" · ");
}

// ---- the headline strip ----------------------------------------------------------------------

function facts(result) {
  const list = [];
  (result.facts.casualties || []).forEach((item, i) => list.push({ key: `c${i}`, type: "casualties", item }));
  (result.facts.prisoners || []).forEach((item, i) => list.push({ key: `p${i}`, type: "prisoners", item }));
  return list;
}

/** The fact behind a casualty total: the main figure of its kind, else one stating the total. */
function behindTotal(all, kind, total) {
  const ofKind = all.filter((f) => f.type === "casualties" && f.item.kind === kind);
  return ofKind.find((f) => f.item.role === "main") || ofKind.find((f) => f.item.count === total) || null;
}

/** The prisoner figures worth a headline: per kind, the figure that happened with the best confidence. */
function prisonerHeadlines(all) {
  const out = [];
  for (const kind of PRISONER_ORDER) {
    const done = all.filter((f) => f.type === "prisoners" && f.item.kind === kind && f.item.status === "done" && f.item.count !== null);
    done.sort((a, b) => (b.item.confidence ?? 0) - (a.item.confidence ?? 0));
    if (done.length) out.push({ fact: done[0], words: `${howMany(done[0].item)} ${kind}`, confidence: done[0].item.confidence });
  }
  return out;
}

function headlines(result, all) {
  const totals = result.facts.totals || {};
  const rated = result.facts.totals_confidence || {};
  const out = [];
  for (const kind of ["killed", "injured", "missing"]) {
    const total = totals[kind];
    if (total === null || total === undefined) continue;
    const fact = behindTotal(all, kind, total);
    const words = fact && fact.item.count === total ? `${howMany(fact.item)} ${kind}` : `${total} ${kind}`;
    out.push({ fact, words, confidence: rated[kind] ?? fact?.item.confidence });
  }
  return out.concat(prisonerHeadlines(all));
}

function showInText(fact) {
  if (!fact) return null;
  if (fact.item.evidence.part === "title") return el("span", { className: "meta" }, "in the title");
  const link = el("a", { href: `#mark-${fact.key}`, className: "show-in-text" }, "show in text");
  link.addEventListener("click", (event) => { event.preventDefault(); focusMark(fact.key); });
  return link;
}

function headlineCard({ fact, words, confidence }) {
  const item = fact?.item;
  const details = [
    item && reportedBy(fact.type, item),
    item?.date && (dateWords(item.date) || null),
    `confidence ${percent(confidence)}`,
  ].filter(Boolean).join(" · ");
  return el("li", { className: `headline-figure ${fact ? "fact-" + fact.type : ""}` },
    el("span", { className: "big" }, words), el("span", { className: "meta" }, details), showInText(fact));
}

function leftOutReason(item) {
  if (item.role === "perpetrator") return LEFT_OUT.perpetrator;
  if (item.role === "earlier") return LEFT_OUT.earlier;
  return LEFT_OUT[item.scope] || null;
}

function renderHeadline(result, all) {
  const cards = headlines(result, all).map(headlineCard);
  if (!cards.length) cards.push(el("li", { className: "meta" }, "No casualty or prisoner figure found."));
  $("headline-figures").replaceChildren(...cards);
  const notes = all.filter((f) => f.type === "casualties" && leftOutReason(f.item)).map((f) =>
    el("li", {}, el("strong", {}, `${howMany(f.item)} ${f.item.kind}`), ` is not in the totals: ${leftOutReason(f.item)}. `, showInText(f)));
  $("left-out").replaceChildren(...notes);
}

// ---- the article text with its highlights ----------------------------------------------------

function highlightSpans(all, dates) {
  const spans = [];
  for (const fact of all) {
    const { evidence } = fact.item;
    if (evidence.part === "title") continue; // its offsets index the title, not the text
    const tip = tipFor(fact.type, fact.item);
    spans.push({ key: fact.key, type: fact.type, role: "sentence", start: evidence.start, end: evidence.end, tip });
    if (evidence.figure) spans.push({ key: fact.key, type: fact.type, role: "figure", ...evidence.figure, tip });
  }
  for (const item of dates || []) {
    const words = timexWords(item);
    spans.push({ type: "dates", role: "date", start: item.start, end: item.end, tip: words ? `date: ${words}` : "date: not resolved" });
  }
  return spans;
}

function markFor(covering, piece) {
  const figures = covering.filter((s) => s.role === "figure");
  const sentences = covering.filter((s) => s.role === "sentence");
  const dates = covering.filter((s) => s.role === "date");
  const lead = figures.length ? figures : sentences;
  const classes = [...new Set(lead.map((s) => `fact-${s.type}`))];
  if (lead.length) classes.unshift(figures.length ? "figure" : "sentence");
  if (dates.length) classes.push("fact-dates");
  const tips = [...new Set([...lead, ...dates].map((s) => s.tip))];
  const mark = el("mark", { className: classes.join(" "), tabIndex: figures.length || (!lead.length && dates.length) ? 0 : -1 }, piece);
  mark.dataset.tip = tips.join("\n");
  const keys = [...new Set(lead.map((s) => s.key))];
  if (keys.length) mark.dataset.rows = keys.map((k) => `row-${k}`).join(" ");
  mark.setAttribute("aria-describedby", tips.map(tipId).join(" "));
  return mark;
}

/** The id of a hidden element holding ``tip``: a mark is described by its tips (aria-label is not
 * allowed on a mark, and would replace the article's own words for a screen reader). */
function tipId(tip) {
  if (!tipIds.has(tip)) {
    tipIds.set(tip, `tip-${tipIds.size}`);
    $("tips").append(el("span", { id: tipIds.get(tip) }, tip));
  }
  return tipIds.get(tip);
}

/** Marks for the text: each piece between span edges is one element, so overlapping facts never
 * nest; a figure's words are strongly marked inside the faint tint of its sentence. */
function renderText(text, spans) {
  const box = $("article-text");
  box.replaceChildren();
  marks.clear();
  tipIds.clear();
  $("tips").replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    const piece = text.slice(from, to);
    if (!covering.length) { box.append(piece); continue; }
    const mark = markFor(covering, piece);
    for (const span of covering) {
      const target = span.role === "figure" || !spans.some((s) => s.key === span.key && s.role === "figure");
      if (!span.key || !target || span.start !== from || marks.has(span.key)) continue;
      marks.set(span.key, mark);
      if (!mark.id) mark.id = `mark-${span.key}`;
    }
    box.append(mark);
  }
}

function focusMark(key) {
  const mark = marks.get(key);
  if (!mark) return;
  mark.tabIndex = 0;
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
}

function focusRow(mark) {
  const id = (mark.dataset.rows || "").split(" ")[0];
  const row = id && $(id);
  if (!row) return;
  row.scrollIntoView({ block: "center" });
  row.focus({ preventScroll: true });
}

// ---- the table of figures --------------------------------------------------------------------

function cell(label, value) {
  const td = el("td", {}, value === null || value === undefined || value === "" ? "—" : value);
  td.dataset.label = label;
  return td;
}

function figureRow(fact) {
  const { item, type } = fact;
  const row = el("tr", { id: `row-${fact.key}`, className: `row-${type}`, tabIndex: -1 },
    cell("Fact", type === "casualties" ? "Casualties" : "Prisoners"), cell("What", item.kind), cell("How many", howMany(item)),
    cell("Who", item.victims), cell("Where", item.location), cell("When", item.date && (dateWords(item.date) || "not resolved")),
    cell("Reported by / sides", reportedBy(type, item)), cell("Counts as", countsAs(type, item)),
    cell("Confidence", percent(item.confidence)), cell("In the text", showInText(fact)));
  return row;
}

function renderFigures(all) {
  const body = $("figures").tBodies[0];
  body.replaceChildren(...all.map(figureRow));
  if (!body.rows.length) body.append(el("tr", {}, el("td", { colSpan: 10 }, "No casualty or prisoner figures found.")));
}

// ---- parties, dates, the event ---------------------------------------------------------------

function renderParties(parties) {
  const list = $("parties");
  list.replaceChildren();
  for (const party of parties || []) {
    const details = [party.type, party.title, party.affiliation && `of ${party.affiliation}`, plural(party.mentions, "mention")];
    const item = el("li", {}, el("strong", {}, party.name), el("div", { className: "meta" }, details.filter(Boolean).join(" · ")));
    if (party.aliases && party.aliases.length) item.append(el("div", { className: "meta" }, "also: " + party.aliases.join(", ")));
    list.append(item);
  }
  if (!list.children.length) list.append(el("li", {}, "No parties found."));
}

/** Dates of one value merged, with every phrasing the article used ("Today", "Wednesday" ×2). */
function mergeDates(dates) {
  const groups = new Map();
  for (const item of dates) {
    const resolved = isResolved(item);
    const key = resolved ? `${item.type}|${item.value}` : `?|${item.text.toLowerCase()}`;
    if (!groups.has(key)) groups.set(key, { item, resolved, phrasings: new Map() });
    const phrasings = groups.get(key).phrasings;
    phrasings.set(item.text, (phrasings.get(item.text) || 0) + 1);
  }
  return [...groups.values()];
}

function phrasingText(phrasings) {
  return [...phrasings].map(([text, n]) => (n > 1 ? `“${text}” ×${n}` : `“${text}”`)).join(", ");
}

function dateLine(group) {
  const words = group.resolved ? timexWords(group.item) : "not placed";
  const value = group.resolved
    ? el("time", { className: "value", dateTime: group.item.value.replace(/T(NI|MO|MI|AF|EV|DT)$/, "") }, words)
    : el("span", { className: "value unresolved" }, words);
  return el("li", {}, value, " — ", phrasingText(group.phrasings));
}

function renderDates(dates, published) {
  const groups = mergeDates(dates || []);
  const spans = groups.filter((g) => ["DURATION", "SET"].includes(g.item.type));
  const points = groups.filter((g) => !spans.includes(g));
  points.sort((a, b) => (a.resolved === b.resolved ? String(a.item.value).localeCompare(String(b.item.value)) : a.resolved ? -1 : 1));
  $("timeline").replaceChildren(...points.map(dateLine));
  if (!points.length) $("timeline").append(el("li", {}, "No dates found."));
  $("durations").replaceChildren(...spans.map(dateLine));
  if (!spans.length) $("durations").append(el("li", {}, "None."));
  const unresolved = points.filter((g) => !g.resolved).length;
  const note = $("dates-note");
  note.hidden = !unresolved && published;
  note.classList.toggle("warning", !published);
  note.textContent = !published
    ? `No publication date was given, so relative dates cannot be placed: ${unresolved} of ${points.length} are not placed. Set the publication date and analyse again.`
    : `${plural(unresolved, "date")} could not be placed on the calendar; they are listed last.`;
}

async function renderEvent(reference) {
  const box = $("event");
  box.hidden = true;
  if (!reference) return; // no stateful events on this server (or Redis failed)
  const response = await fetch(`v1/events/${encodeURIComponent(reference.id)}`, { headers: requestHeaders() });
  if (!response.ok) return;
  const event = await response.json();
  $("event-meta").textContent = [`${event.type} event`, plural(event.articles.length, "article"),
    `linked with confidence ${percent(reference.confidence)}`].join(" · ");
  const body = $("event-figures").tBodies[0];
  body.replaceChildren();
  for (const [kind, figures] of Object.entries(event.figures)) {
    const history = figures.history.map((r) => `${r.count} (${(r.published || "?").slice(0, 10)}${r.source ? ", " + r.source : ""})`);
    const disagree = figures.disagreements.map((d) => `${d.count}: ${d.sources.join(", ") || plural(d.article_ids.length, "report")}`);
    body.append(el("tr", {}, cell("What", kind), cell("Now", figures.current.count), cell("Most reports say", figures.consensus),
      cell("Reports over time", history.join(" → ")), cell("Sources disagree", disagree.join("; "))));
  }
  if (!body.rows.length) body.append(el("tr", {}, el("td", { colSpan: 5 }, "No figures reported yet.")));
  $("event-articles").replaceChildren(...event.articles.map((a) => el("li", {},
    el("span", { className: "value" }, (a.published && dateWords(a.published.slice(0, 10))) || "date unknown"),
    ` — ${a.title || "an untitled article"}`)));
  box.hidden = false;
}

// ---- curl ------------------------------------------------------------------------------------

function curlCommand(body, shorten) {
  const url = new URL("v1/analyze", window.location.href).href;
  const shown = shorten ? Object.fromEntries(Object.entries(body).map(([k, v]) =>
    [k, typeof v === "string" && v.length > CURL_SHOWN_CHARS ? `${v.slice(0, CURL_SHOWN_CHARS)}… (${v.length - CURL_SHOWN_CHARS} more characters)` : v])) : body;
  const json = JSON.stringify(shown).replaceAll("'", "'\\''");
  const key = $("api-key").value.trim() ? ` -H "X-API-Key: $NEWSFACTS_API_KEY"` : "";
  return `curl -s '${url}' -H 'Content-Type: application/json'${key} -d '${json}'`;
}

async function copyCurl() {
  try {
    await navigator.clipboard.writeText(fullCurl);
    $("copied").textContent = "Copied the whole command.";
  } catch {
    $("curl").textContent = fullCurl; // the shortened text would copy a broken command
    const range = document.createRange();
    range.selectNodeContents($("curl"));
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    $("copied").textContent = "Selected: press Ctrl+C to copy.";
  }
}

// ---- showing a result or a problem -----------------------------------------------------------

function inputSummary(body) {
  const kind = inputKind();
  const what = kind === "url" ? body.url : `${kind === "html" ? "HTML" : "text"}, ${plural($("source").value.trim().split(/\s+/).filter(Boolean).length, "word")}`;
  return `Analysed: ${what} · ${body.published_at ? `published ${dateWords(body.published_at)}` : "no publication date"}`;
}

function collapseForm(collapsed, body) {
  $("analyze-form").hidden = collapsed;
  $("edit-line").hidden = !collapsed;
  $("edit-input").setAttribute("aria-expanded", String(!collapsed));
  if (body) $("input-summary").textContent = inputSummary(body);
}

function announce(all, result, dateCount) {
  const parties = (result.facts.parties || []).length;
  $("status").textContent = `Found ${plural(all.length, "figure")}, ${plural(parties, "party", "parties")}, ${plural(dateCount, "date")}.`;
}

function renderResult(result, body) {
  const article = result.article;
  const all = facts(result);
  $("article-meta").textContent = [article.title, plural(article.word_count, "word"),
    result.meta.cached ? "from the cache" : `analysed in ${result.meta.elapsed_ms} ms`].filter(Boolean).join(" · ");
  $("summary").replaceChildren(...result.summary.map((s) => el("li", {}, s)));
  renderText(article.text || "", highlightSpans(all, result.facts.dates));
  renderHeadline(result, all);
  renderFigures(all);
  renderParties(result.facts.parties);
  renderDates(result.facts.dates, body.published_at || article.published_at);
  renderEvent(result.event).catch(() => { $("event").hidden = true; });
  fullCurl = curlCommand(body, false);
  $("curl").textContent = curlCommand(body, true);
  $("copied").textContent = fullCurl.length > $("curl").textContent.length ? "The article is shortened here; Copy copies the whole command." : "";
  $("raw-json").textContent = JSON.stringify(result, null, 2);
  $("stale").hidden = true;
  $("results").classList.remove("is-stale");
  $("results").hidden = false;
  collapseForm(true, body);
  announce(all, result, mergeDates(result.facts.dates || []).length);
  $("headline").scrollIntoView({ block: "start" });
  $("headline").focus({ preventScroll: true });
}

function renderProblem(problem) {
  const box = $("problem");
  const words = problemWords(problem);
  box.replaceChildren(el("h2", {}, words.title), ...words.lines.map((line) => el("p", {}, line)));
  box.append(el("details", {}, el("summary", {}, "Technical details"), el("pre", { className: "code" }, JSON.stringify(problem, null, 2))));
  if (!$("results").hidden) {
    $("stale").hidden = false;
    $("results").classList.add("is-stale");
  }
  collapseForm(false);
  box.hidden = false;
  box.focus();
}

async function analyze(event) {
  event.preventDefault();
  switchUrlText();
  const body = requestBody();
  $("problem").hidden = true;
  $("busy").hidden = false;
  $("analyze").disabled = true;
  try {
    const response = await fetch("v1/analyze", { method: "POST", headers: requestHeaders(), body: JSON.stringify(body) });
    const payload = await response.json().catch(() => ({ status: response.status }));
    if (response.ok) renderResult(payload, body);
    else renderProblem({ status: response.status, ...payload });
  } catch (error) {
    renderProblem({ type: "network", detail: String(error) });
  } finally {
    $("busy").hidden = true;
    $("analyze").disabled = false;
  }
}

function openForm() {
  collapseForm(false);
  $("source").focus();
}

/** Tips of marks in the right half of the text open leftwards, so they stay on the page. */
function placeTip(event) {
  const mark = event.target.closest("#article-text mark");
  if (!mark) return;
  const box = $("article-text").getBoundingClientRect();
  mark.classList.toggle("tip-end", mark.getBoundingClientRect().left > box.left + box.width / 2);
}

function onMarkActivate(event) {
  const mark = event.target.closest("#article-text mark[data-rows]");
  if (!mark || (event.type === "keydown" && event.key !== "Enter")) return;
  focusRow(mark);
}

$("published-at").value = today();
$("published-at").addEventListener("input", () => { dateDefaulted = false; showDateNote(); });
showDateNote();
$("analyze-form").addEventListener("submit", analyze);
$("edit-input").addEventListener("click", openForm);
$("copy-curl").addEventListener("click", copyCurl);
$("article-text").addEventListener("click", onMarkActivate);
$("article-text").addEventListener("keydown", onMarkActivate);
$("article-text").addEventListener("mouseover", placeTip);
$("article-text").addEventListener("focusin", placeTip);
for (const radio of document.querySelectorAll("input[name=kind]")) radio.addEventListener("change", showKind);

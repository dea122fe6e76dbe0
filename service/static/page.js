// The editors' page: send the form to POST v1/analyze and show what comes back.
"use strict";

const $ = (id) => document.getElementById(id);
const LABELS = { text: "Article text", url: "Article URL", html: "Page HTML" };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function inputKind() {
  return document.querySelector("input[name=kind]:checked").value;
}

function requestBody() {
  const body = { [inputKind()]: $("source").value };
  const published = $("published-at").value;
  if (published) body.published_at = published;
  return body;
}

function figure(item) {
  if (item.count !== null && item.count !== undefined) return String(item.count);
  if (item.min !== null && item.max !== null) return `${item.min}–${item.max}`;
  if (item.min !== null) return `${item.min}+`;
  return "?";
}

function tipFor(type, item) {
  if (type === "dates") return `${item.type} ${item.value ?? "(no value)"}`;
  return `${item.kind}: ${figure(item)} (${item.qualifier})`;
}

function highlightSpans(facts) {
  const spans = [];
  for (const type of ["casualties", "prisoners"]) {
    for (const item of facts[type] || []) {
      if (item.evidence.part === "title") continue; // its offsets index the title, not the text
      spans.push({ type, start: item.evidence.start, end: item.evidence.end, tip: tipFor(type, item) });
    }
  }
  for (const item of facts.dates || []) {
    spans.push({ type: "dates", start: item.start, end: item.end, tip: tipFor("dates", item) });
  }
  return spans;
}

function renderText(text, spans) {
  const box = $("article-text");
  box.replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    const piece = text.slice(from, to);
    if (!covering.length) { box.append(piece); continue; }
    const types = [...new Set(covering.map((s) => s.type))];
    const tip = [...new Set(covering.map((s) => s.tip))].join("\n");
    const mark = el("mark", { className: types.map((t) => `fact-${t}`).join(" "), tabIndex: 0 }, piece);
    mark.dataset.tip = tip;
    mark.setAttribute("aria-label", `${piece.trim()} — ${tip.replaceAll("\n", "; ")}`);
    box.append(mark);
  }
}

function cell(value) {
  return el("td", {}, value === null || value === undefined || value === "" ? "—" : String(value));
}

function renderFigures(facts) {
  const body = $("figures").tBodies[0];
  body.replaceChildren();
  for (const item of facts.casualties || []) {
    body.append(el("tr", { className: "row-casualties" }, cell("casualties"), cell(item.kind), cell(figure(item)),
      cell(item.qualifier), cell(item.scope), cell(item.victims), cell(item.source), cell(item.date)));
  }
  for (const item of facts.prisoners || []) {
    body.append(el("tr", { className: "row-prisoners" }, cell("prisoners"), cell(item.kind), cell(figure(item)),
      cell(item.qualifier), cell(item.status), cell(item.victims), cell((item.parties || []).join(", ")),
      cell(item.date)));
  }
  if (!body.rows.length) body.append(el("tr", {}, el("td", { colSpan: 8 }, "No casualty or prisoner figures found.")));
  const totals = facts.totals || {};
  $("totals").textContent = Object.keys(totals).length
    ? "Headline figures: " + Object.entries(totals).map(([k, v]) => `${k} ${v ?? "—"}`).join(", ")
    : "";
}

function renderParties(parties) {
  const list = $("parties");
  list.replaceChildren();
  for (const party of parties || []) {
    const details = [party.type, party.title, party.affiliation && `of ${party.affiliation}`, `${party.mentions} mentions`];
    const item = el("li", {}, el("strong", {}, party.name), el("div", { className: "meta" }, details.filter(Boolean).join(" · ")));
    if (party.aliases && party.aliases.length) item.append(el("div", { className: "meta" }, "also: " + party.aliases.join(", ")));
    list.append(item);
  }
  if (!list.children.length) list.append(el("li", {}, "No parties found."));
}

function renderTimeline(dates) {
  const list = $("timeline");
  list.replaceChildren();
  const sorted = [...(dates || [])].sort((a, b) => String(a.value ?? "~").localeCompare(String(b.value ?? "~")));
  for (const item of sorted) {
    list.append(el("li", {}, el("span", { className: "value" }, item.value ?? "?"), ` — “${item.text}” `,
      el("span", { className: "meta" }, item.type.toLowerCase())));
  }
  if (!list.children.length) list.append(el("li", {}, "No dates found."));
}

async function renderEvent(reference) {
  const box = $("event");
  box.hidden = true;
  if (!reference) return;  // no stateful events on this server (or Redis failed)
  const response = await fetch(`v1/events/${encodeURIComponent(reference.id)}`, { headers: requestHeaders() });
  if (!response.ok) return;
  const event = await response.json();
  $("event-meta").textContent = [`${event.type} event`, `${event.articles.length} article(s)`,
    `linked with confidence ${reference.confidence}`].join(" · ");
  const body = $("event-figures").tBodies[0];
  body.replaceChildren();
  for (const [kind, figures] of Object.entries(event.figures)) {
    const history = figures.history.map((r) => `${r.count} (${(r.published || "?").slice(0, 10)}${r.source ? ", " + r.source : ""})`);
    const disagree = figures.disagreements.map((d) => `${d.count}: ${d.sources.join(", ") || d.article_ids.length + " report(s)"}`);
    body.append(el("tr", {}, cell(kind), cell(figures.current.count), cell(figures.consensus),
      cell(history.join(" → ")), cell(disagree.join("; "))));
  }
  if (!body.rows.length) body.append(el("tr", {}, el("td", { colSpan: 5 }, "No figures reported yet.")));
  $("event-articles").replaceChildren(...event.articles.map((a) => el("li", {},
    el("span", { className: "value" }, (a.published || "?").slice(0, 16)), ` — ${a.title || a.article_id}`)));
  box.hidden = false;
}

function requestHeaders() {
  const headers = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) headers["X-API-Key"] = key;
  return headers;
}

function curlCommand(body) {
  const url = new URL("v1/analyze", window.location.href).href;
  const json = JSON.stringify(body).replaceAll("'", "'\\''");
  const key = $("api-key").value.trim() ? ` -H "X-API-Key: $NEWSFACTS_API_KEY"` : "";
  return `curl -s '${url}' -H 'Content-Type: application/json'${key} -d '${json}'`;
}

function renderResult(result, body) {
  const article = result.article;
  $("article-meta").textContent = [article.title, article.published_at, `${article.word_count} words`,
    result.meta.cached ? "from cache" : `${result.meta.elapsed_ms} ms`].filter(Boolean).join(" · ");
  $("summary").replaceChildren(...result.summary.map((s) => el("li", {}, s)));
  renderText(article.text || "", highlightSpans(result.facts));
  renderFigures(result.facts);
  renderParties(result.facts.parties);
  renderTimeline(result.facts.dates);
  renderEvent(result.event).catch(() => { $("event").hidden = true; });
  $("curl").textContent = curlCommand(body);
  $("raw-json").textContent = JSON.stringify(result, null, 2);
  $("results").hidden = false;
}

function renderProblem(problem) {
  const box = $("problem");
  box.replaceChildren(el("h2", {}, problem.title || "Something went wrong"));
  if (problem.detail) box.append(el("p", {}, problem.detail));
  for (const [field, messages] of Object.entries(problem.errors || {})) {
    const text = Array.isArray(messages) ? messages.join(" ") : JSON.stringify(messages);
    box.append(el("p", {}, field === "_schema" ? text : `${field}: ${text}`));
  }
  box.hidden = false;
  box.focus();
}

async function analyze(event) {
  event.preventDefault();
  const body = requestBody();
  $("problem").hidden = true;
  $("busy").hidden = false;
  $("analyze").disabled = true;
  try {
    const response = await fetch("v1/analyze", {
      method: "POST", headers: requestHeaders(), body: JSON.stringify(body),
    });
    const payload = await response.json().catch(() => ({ title: `The service answered ${response.status}` }));
    if (response.ok) renderResult(payload, body);
    else { $("results").hidden = true; renderProblem(payload); }
  } catch (error) {
    renderProblem({ title: "The service could not be reached", detail: String(error) });
  } finally {
    $("busy").hidden = true;
    $("analyze").disabled = false;
  }
}

function showKind() {
  $("source-label").textContent = LABELS[inputKind()];
  $("source").rows = inputKind() === "url" ? 2 : 10;
}

async function copyCurl() {
  try {
    await navigator.clipboard.writeText($("curl").textContent);
    $("copied").textContent = "Copied.";
  } catch {
    const range = document.createRange();
    range.selectNodeContents($("curl"));
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    $("copied").textContent = "Selected: press Ctrl+C to copy.";
  }
}

$("api-key").value = sessionStorage.getItem("newsfacts-api-key") || "";
$("api-key").addEventListener("change", () => sessionStorage.setItem("newsfacts-api-key", $("api-key").value.trim()));
$("analyze-form").addEventListener("submit", analyze);
$("copy-curl").addEventListener("click", copyCurl);
$("problem").tabIndex = -1;
for (const radio of document.querySelectorAll("input[name=kind]")) radio.addEventListener("change", showKind);

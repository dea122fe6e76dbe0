// Problems (RFC 9457 bodies) in an editor's words. The API's own wording stays available under
// "Technical details"; here it is only a fallback for a problem this page does not know.

const TITLES = {
  "validation-error": "Some of the input needs fixing",
  "invalid-json": "The page sent something the service could not read",
  "fetch-refused": "That address cannot be fetched",
  "no-article-text": "No article text could be found on that page",
  "not-html": "That address does not lead to a web page",
  "upstream-error": "The article's website did not answer properly",
  "upstream-timeout": "The article's website took too long to answer",
  "upstream-too-large": "That page is too large to analyse",
  "text-too-long": "The article is too long to analyse",
  "api-key-required": "This service needs an API key",
  "api-key-invalid": "The API key was not accepted",
  "rate-limited": "Too many requests for now",
  "internal-error": "The service failed on this article",
  network: "The service could not be reached",
};
const ADVICE = {
  "fetch-refused": "Only public web addresses can be fetched.",
  "no-article-text": "Try pasting the article's text instead.",
  "upstream-timeout": "Try again later, or paste the article's text instead.",
  "upstream-error": "Try again later, or paste the article's text instead.",
  "api-key-required": "Enter the API key in the “API key” field and analyse again.",
  "api-key-invalid": "Check the key in the “API key” field.",
  "rate-limited": "Wait a minute, then analyse again.",
  "internal-error": "Try again; if it keeps failing, tell the team running the service.",
  network: "Check your connection, then analyse again.",
};
// Each input as its label reads (the page labels its source box with these too).
export const FIELDS = { text: "Article text", url: "Article URL", html: "Page HTML", published_at: "Publication date" };
// What to put in an empty field, in the words of its label.
const FILL = {
  text: "paste the article's text into it",
  url: "paste the article's web address into it",
  html: "paste the page's HTML into it",
};
// What the request schema says → the field, as its label reads, and what the editor should do.
const MESSAGES = [
  [/give one of url, html or text/i, "Paste an article's text, a web address or a page's HTML first."],
  [/must not be empty/i, (field) => `“${FIELDS[field] || field}” is empty: ${FILL[field] || "fill it in"}, then press Analyze.`],
  [/absolute http or https url/i, () => "“Article URL” needs a web address starting with http:// or https://: copy it from the browser's address bar."],
  [/iso 8601 date/i, () => "“Publication date” is not a valid date: pick the day the article was published, or clear the field."],
];

function slug(problem) {
  if (problem.type === "network") return "network";
  return String(problem.type || "").split(":").pop();
}

function fieldLine(field, message) {
  for (const [pattern, words] of MESSAGES) {
    if (pattern.test(message)) return typeof words === "function" ? words(field) : words;
  }
  return field === "_schema" ? message : `${FIELDS[field] || field}: ${message}`;
}

/** { title, lines } in plain words for a problem body. */
export function problemWords(problem) {
  const kind = slug(problem);
  const title = TITLES[kind] || problem.title || `The service answered with an error (${problem.status})`;
  const lines = [];
  for (const [field, messages] of Object.entries(problem.errors || {})) {
    for (const message of Array.isArray(messages) ? messages : [JSON.stringify(messages)]) lines.push(fieldLine(field, message));
  }
  if (!lines.length && problem.detail && kind !== "internal-error") lines.push(capitalise(problem.detail) + ".");
  if (ADVICE[kind]) lines.push(ADVICE[kind]);
  return { title, lines };
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, "");
}

// adkit in the browser: a form over the real `adkit` command, run by Pyodide in this page.
// Every table, error and mark shown is what `adkit` prints (adkit.web.bridge.cli); this file
// only turns the boxes into command words and puts the answers on the page. The words reach
// Python as strings through Pyodide's API: nothing typed here is ever run as code.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const config = JSON.parse(document.getElementById("adkit-web").textContent);
const $ = (id) => document.getElementById(id);
const FILES = { key: "key.json", sheet: "sheet.html", answers: "answers.csv" };  // in Pyodide's own file system
const timings = {};
let py = null;
let bridge = null;
let shownError = null;
let current = null;    // the request the page shows now
let stale = {};        // tabs not yet redrawn for it
let sympy = null;      // the promise of sympy's wheels, unpacked once

async function bytesOf(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

const ready = (async () => {
  const wheels = Promise.all(config.wheels.map(bytesOf));  // fetched while Python starts
  const bytecode = config.bytecode && bytesOf(config.bytecode);
  py = await loadPyodide({ indexURL: new URL("pyodide/", import.meta.url).href });
  timings.python = performance.now();
  for (const bytes of await wheels) py.unpackArchive(bytes, "wheel");
  if (bytecode) py.unpackArchive(await bytecode, "zip", { extractDir: "/" });  // beside the sources (adkit.web.bytecode)
  bridge = py.pyimport("adkit.web.bridge");
  py.pyimport("adkit.cli");
  timings.ready = performance.now();
})();

function lang() { return $("lang").value; }

function label(key, params = {}) {
  return config.labels[lang()][key].replace(/\{(\w+)\}/g, (all, name) => (name in params ? params[name] : all));
}

function relabel() {
  document.documentElement.lang = lang();
  document.title = label("title");
  document.querySelectorAll("[data-label]").forEach((e) => { e.textContent = label(e.dataset.label); });
  $("status").textContent = label(timings.ready ? "ready" : "loading", { version: config.version });
}

function cli(argv) {
  const words = py.toPy(argv);
  try {
    const answer = bridge.cli(words);
    try { return answer.toJs({ dict_converter: Object.fromEntries }); } finally { answer.destroy(); }
  } finally { words.destroy(); }
}

// The command words for a request: "--at=…" so a value is never read as an option, and a formula
// starting with "-" gets the leading space `adkit` itself gives it (adkit.cli.protect_expressions).
function words(command, request, extra, options = ["at", "outputs", "mode"]) {
  const argv = [command, request.formula.startsWith("-") ? " " + request.formula : request.formula];
  for (const name of options) if (request[name] && request[name].trim()) argv.push(`--${name}=${request[name].trim()}`);
  return argv.concat(extra, ["--lang", lang()]);
}

function show(id, text) {
  $(id).textContent = text || "";
  $(id).hidden = !text;
}

function showError(text) {
  shownError = text ? text.trimEnd() : null;
  show("error", shownError);
}

function frame(iframe, page) {
  return new Promise((resolve) => {
    iframe.onload = () => resolve(iframe.contentWindow);
    iframe.srcdoc = page;
  });
}

function link(request) {
  const params = new URLSearchParams({ f: request.formula });
  for (const name of ["at", "outputs", "mode"]) if (request[name]) params.set(name, request[name]);
  if (request.style !== "default") params.set("style", request.style);
  if (lang() !== config.lang) params.set("lang", lang());
  return "#" + params.toString();
}

// The trace JSON of `adkit trace --format json` for the request, after the page shows its table.
async function run(request = {}) {
  await ready;
  const fields = ["formula", "at", "outputs", "mode", "style"];
  const asked = Object.fromEntries(fields.map((name) => [name, String(request[name] ?? $(name).value)]));
  if (!asked.style) asked.style = "default";
  for (const name of fields) $(name).value = asked[name];
  const style = asked.style === "default" ? [] : ["--style", asked.style];
  const json = cli(words("trace", asked, ["--format", "json", ...style]));
  if (json.status !== 0) {
    showError(json.err || json.out);
    throw new Error(shownError);
  }
  showError(null);
  const data = JSON.parse(json.out);
  $("table").innerHTML = cli(words("trace", asked, ["--format", "html", "--explain", ...style])).out;  // adkit's HTML export
  show("notes", json.err);
  show("verification", "");
  current = asked;
  stale = { player: true, jacobian: true };
  $("share").href = link(asked);
  history.replaceState(null, "", link(asked));
  timings.firstTable = timings.firstTable || performance.now();
  await refresh();
  return data;
}

async function refresh() {
  const tab = document.querySelector("nav [aria-selected=true]").dataset.tab;
  if (!current || !stale[tab]) return;
  stale[tab] = false;
  if (tab === "player") {
    const page = cli(words("play", current, ["-o", "-"]));
    show("player-error", page.status ? page.err : "");
    $("player").hidden = page.status !== 0;
    if (page.status === 0) await frame($("player"), page.out);
  } else if (tab === "jacobian") {
    for (const command of ["jacobian", "cost"]) {
      const answer = cli(words(command, current, [], ["at", "outputs"]));
      $(command).textContent = answer.out + answer.err;
    }
  }
}

async function select(tab) {
  document.querySelectorAll("nav [role=tab]").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === tab)));
  document.querySelectorAll("section[role=tabpanel]").forEach((s) => { s.hidden = s.id !== "tab-" + tab; });
  await refresh();
}

// The sweep player of the formula shown (its own page, in a frame), with its window.adkitPlayer.
async function player() {
  await select("player");
  return $("player").contentWindow.adkitPlayer;
}

// `adkit trace --verify` of the formula shown: sympy's wheels are unpacked the first time a student asks.
async function check() {
  await ready;
  if (!current) return null;
  if (!config.sympy.length) { show("verification", label("no_sympy")); return null; }
  show("verification", label("checking"));
  await new Promise((painted) => setTimeout(painted, 50));  // the note shows before sympy holds the page
  sympy = sympy || Promise.all(config.sympy.map(bytesOf)).then((all) => all.forEach((b) => py.unpackArchive(b, "wheel")));
  await sympy;
  const answer = cli(words("trace", current, ["--verify"]));
  show("verification", answer.out + answer.err);
  return answer.status;
}

// A fresh exercise (`adkit exercise --random`), its fillable sheet in a frame.
async function practise(request = {}) {
  await ready;
  const seed = request.seed ?? Math.floor(Math.random() * 1e6);
  const difficulty = request.difficulty ?? $("difficulty").value;
  $("difficulty").value = String(difficulty);
  await select("practise");
  const made = cli(["exercise", "--random", "--seed", String(seed), "--difficulty", String(difficulty), "--format",
                    "html", "--key", FILES.key, "-o", FILES.sheet, "--force", "--lang", lang()]);
  if (made.status !== 0) throw new Error(made.err);
  const sheet = await frame($("sheet"), py.FS.readFile(FILES.sheet, { encoding: "utf8" }));
  $("sheet").style.height = sheet.document.documentElement.scrollHeight + 24 + "px";
  $("marks").textContent = "";
  $("mark").disabled = false;
}

// The sheet's answers marked by `adkit grade`: its table shown, its JSON returned.
async function mark() {
  const [csv] = $("sheet").contentWindow.adkitSheet.csv();
  py.FS.writeFile(FILES.answers, csv);
  const graded = ["grade", FILES.answers, "--key", FILES.key, "--lang", lang()];
  const table = cli(graded);
  $("marks").textContent = table.out + table.err;
  const json = cli([...graded, "--format", "json"]);
  if (json.status !== 0) throw new Error(json.err);
  return JSON.parse(json.out);
}

function fromLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  $("lang").value = config.languages.includes(params.get("lang")) ? params.get("lang") : config.lang;
  const request = { formula: params.get("f") ?? config.seed.formula, at: params.get("f") === null ? config.seed.at : "" };
  for (const name of ["at", "outputs", "mode", "style"]) if (params.has(name)) request[name] = params.get(name);
  return { outputs: "", mode: "", style: "default", ...request };
}

$("form").addEventListener("submit", (event) => { event.preventDefault(); run().catch(() => {}); });
$("lang").addEventListener("change", () => { relabel(); if (current) run().catch(() => {}); });
document.querySelectorAll("nav [role=tab]").forEach((b) => b.addEventListener("click", () => {
  if (b.dataset.tab === "practise" && !$("sheet").srcdoc) practise().catch((e) => { $("marks").textContent = e.message; });
  else select(b.dataset.tab);
}));
$("check").addEventListener("click", () => check());
$("new-exercise").addEventListener("click", () => practise().catch((e) => { $("marks").textContent = e.message; }));
$("mark").addEventListener("click", () => mark().catch((e) => { $("marks").textContent = e.message; }));
window.addEventListener("hashchange", () => { if (!current || location.hash !== link(current)) run(fromLink()).catch(() => {}); });

window.adkitApp = { ready, run, error: () => shownError, player, practise, mark, check, timings };
const opening = fromLink();  // sets the language of the link, else the one the site was built in
relabel();
ready.then(() => {
  relabel();
  for (const id of ["run", "check", "new-exercise"]) $(id).disabled = false;
  return run(opening).catch(() => {});
}, (error) => { $("status").textContent = label("failed", { reason: error.message }); });

// The shape of the map's browser layer (aleppo_map/web/): files of a readable size, loaded in
// an order where each finds what it imports, and parts that reach each other only through
// the controller they are given, never through a global.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const {execFileSync} = require("node:child_process");

const REPO = path.resolve(__dirname, "..", "..");
const WEB = path.join(REPO, "aleppo_map", "web");
const MAX_LINES = 400;
// Stateless helpers any part may import; the parts themselves are the controller's to use.
const LIBRARIES = ["TimeMapCore", "TimeMapPlaces", "TimeMapAccess", "TimeMapDraw", "TimeMapDom",
  "TimeMapPatterns", "TimeMapStrings", "TimeMapAddress", "TimeMapCompare", "TimeMapFit",
  // stateless renderers the published file's panel and the app's side frame share
  "TimeMapStory", "TimeMapCompareView"];
const CONTROLLER = "timemap.js";
const HOST_BRIDGE = "timemap-streamlit.js"; // the app's host page: it sets window.timeMap
// Written beside the published file for the page that frames it; never loaded into the map.
const HOST_SCRIPTS = ["embed.js"];

/** The script lists the Python side loads (aleppo_map.render: SCRIPT_FILES for the published
 * file, APP_SCRIPT_FILES for the app's map, SIDE_SCRIPT_FILES for its side frame), in order,
 * asked of the project's Python; null when there is no .venv (`make setup` makes it). */
function scriptLists() {
  const python = path.join(REPO, ".venv", "bin", "python");
  if (!fs.existsSync(python)) { return null; }
  const code = "import json; from aleppo_map.render import SCRIPT_FILES, APP_SCRIPT_FILES, " +
    "SIDE_SCRIPT_FILES as S; print(json.dumps({'site': SCRIPT_FILES, 'app': APP_SCRIPT_FILES, " +
    "'side': S}))";
  return JSON.parse(execFileSync(python, ["-c", code], {cwd: REPO, encoding: "utf8"}));
}

const source = (name) => fs.readFileSync(path.join(WEB, name), "utf8");
const defines = (text) => [...text.matchAll(/root\.(TimeMap\w*) = /g)].map((m) => m[1]);
// Imports taken when the file loads: `var X = root.TimeMapY...;` at the top of its function.
const imports = (text) => [...text.matchAll(/^ {2}var \w+ = root\.(TimeMap\w*)/gm)]
  .map((m) => m[1]);
const reads = (text) => [...new Set([...text.matchAll(/root\.(TimeMap\w*)/g)]
  .map((m) => m[1]))];

test("no file of the map's browser layer is longer than 400 lines", () => {
  for (const name of fs.readdirSync(WEB)) {
    const lines = source(name).split("\n").length - 1;
    assert.ok(lines <= MAX_LINES, `${name}: ${lines} lines`);
  }
});

test("every script is loaded, the words then the pure core first, and each finds what it imports", (t) => {
  const lists = scriptLists();
  if (!lists) { t.skip("no .venv to ask for aleppo_map.render's script lists"); return; }
  const {site, app, side} = lists;
  const onDisk = fs.readdirSync(WEB).filter((n) => n.endsWith(".js") && !HOST_SCRIPTS.includes(n))
    .sort();
  assert.deepEqual([...new Set([...site, ...app, ...side])].sort(), onDisk,
    "every script is loaded");
  // the map's words (every module marks its texts with them), then the pure core
  for (const order of [site, app, side]) {
    assert.deepEqual(order.slice(0, 2), ["timemap-strings.js", "timemap-core.js"]);
  }
  assert.ok(!site.includes(HOST_BRIDGE), "the published file has no Streamlit bridge");
  for (const host of HOST_SCRIPTS) {
    assert.ok(![...site, ...app, ...side].includes(host), `${host} is the host page's, not the map's`);
  }
  for (const order of [site, app, side]) {
    const defined = new Set();
    for (const name of order) {
      for (const wanted of imports(source(name))) {
        assert.ok(defined.has(wanted), `${name} imports ${wanted} before it is loaded`);
      }
      defines(source(name)).forEach((d) => defined.add(d));
    }
    for (const name of order) {
      for (const wanted of reads(source(name))) {
        if (name === CONTROLLER && wanted === "TimeMapPanel" && !order.includes("timemap-panel.js")) {
          continue;
        }
        assert.ok(defined.has(wanted), `${name} uses ${wanted}, which no script defines`);
      }
    }
  }
});

test("a part reaches the others only through the controller it is given", () => {
  for (const name of fs.readdirSync(WEB).filter((n) => n.endsWith(".js"))) {
    const text = source(name);
    if (HOST_SCRIPTS.includes(name)) {
      assert.deepEqual(reads(text), [], `${name} runs in the host page: it reads no part of the map`);
      continue;
    }
    if (name !== HOST_BRIDGE) {
      assert.doesNotMatch(text, /(root|window|self)\.timeMap\b/,
        `${name} reads the host's window.timeMap`);
    }
    if (name === CONTROLLER || name === HOST_BRIDGE) { continue; }
    const parts = reads(text).filter((g) => !LIBRARIES.includes(g) && !defines(text).includes(g));
    assert.deepEqual(parts, [], `${name} reaches another part through a global`);
  }
});

test("the pure modules need no page", () => {
  for (const name of ["timemap-core.js", "timemap-places.js", "timemap-access.js",
    "timemap-draw.js", "timemap-strings.js", "timemap-address.js", "timemap-compare.js",
    "timemap-fit.js"]) {
    const code = source(name).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    assert.doesNotMatch(code, /\b(document|window|L)\./, name);
    assert.equal(typeof require(path.join(WEB, name)), "object");
  }
});

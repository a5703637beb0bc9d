/* adkit sweep player: replays the events embedded by adkit/present/player.py.
   It computes nothing: every statement and number comes from the data. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("adkit-data").textContent);
  var L = D.labels, SVG = "http://www.w3.org/2000/svg";
  var mode = D.modes[0], index = 0, timer = null;
  var $ = function (id) { return document.getElementById(id); };
  function fmt(key, params) {
    return L[key].replace(/\{(\w+)\}/g, function (_, k) { return params[k]; });
  }
  function events() { return D[mode]; }

  /* ---- building the page ---- */
  $("title").textContent = D.expression + "  (" + D.at + ")";
  D.warnings.forEach(function (w) {  /* kinks: said on the page, as the tables say them */
    var li = document.createElement("li"); li.textContent = w; $("warnings").appendChild(li);
  });
  [["first", "play.first"], ["prev", "play.prev"], ["play", "play.play"], ["next", "play.next"],
   ["last", "play.last"]].forEach(function (b) { $(b[0]).title = L[b[1]]; $(b[0]).setAttribute("aria-label", L[b[1]]); });
  $("speed-label").textContent = L["play.speed"];
  $("slider").setAttribute("aria-label", L["play.slider"]);
  D.modes.forEach(function (m) {
    var o = document.createElement("option"); o.value = m; o.textContent = L["mode." + m]; $("mode").appendChild(o);
  });
  $("mode").hidden = D.modes.length < 2;
  var head = document.createElement("tr");
  ["col.step", "col.definition", "col.value", "play.col_tangent", "play.col_adjoint"].forEach(function (k, i) {
    var th = document.createElement("th"); th.textContent = L[k]; th.className = "c" + i; head.appendChild(th);
  });
  document.querySelector("#table thead").appendChild(head);
  var rows = {}, cells = {};
  D.rows.forEach(function (r) {
    var tr = document.createElement("tr"); tr.dataset.step = r.step;
    [r.key, r.definition, "", "", ""].forEach(function (t, i) {
      var td = document.createElement("td"); td.textContent = t; td.className = "c" + i; tr.appendChild(td);
    });
    document.querySelector("#table tbody").appendChild(tr);
    rows[r.step] = tr;
    cells[r.step] = {value: tr.children[2], tangent: tr.children[3], adjoint: tr.children[4]};
  });
  var g = D.graph, svg = document.createElementNS(SVG, "svg"), nodes = {}, edges = {};
  svg.setAttribute("width", g.width); svg.setAttribute("height", g.height);
  svg.setAttribute("viewBox", "0 0 " + g.width + " " + g.height);
  svg.setAttribute("role", "img"); svg.setAttribute("aria-label", L["play.graph"]);
  var at = {};
  g.nodes.forEach(function (n) { at[n.step] = n; });
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    parent.appendChild(e); return e;
  }
  var lines = el("g", {}, svg), boxes = el("g", {}, svg), labels = el("g", {}, svg);  /* labels on top: legible */
  g.edges.forEach(function (e) {
    var a = at[e.source], b = at[e.target], key = e.source + ">" + e.target;
    var line = el("g", {"class": "edge", "data-edge": key}, lines), label = el("g", {"class": "edge"}, labels);
    var x1 = a.x + g.node[0] / 2, x2 = b.x - g.node[0] / 2, tx = (a.x + b.x) / 2, ty = (a.y + b.y) / 2 - 5;
    if (a.y === b.y && b.x - a.x > g.pitch[0]) {  /* past nodes of its own row: run in the gap below the row */
      var gap = a.y + g.pitch[1] / 2;
      el("polyline", {points: [x1, a.y, x1 + 8, gap, x2 - 8, gap, x2, b.y].join(" ")}, line);
      tx = b.x - g.pitch[0] / 2; ty = gap - 3;
    } else {
      el("polyline", {points: [x1, a.y, x2, b.y].join(" ")}, line);
    }
    var terms = D.partials[key];  /* one per +=: x*x shows both partials */
    if (terms !== undefined) {
      var text = el("text", {x: tx, y: ty, "text-anchor": "middle"}, label);
      terms.forEach(function (t, i) {
        if (i) el("tspan", {}, text).textContent = " + ";
        el("tspan", {"class": "term"}, text).textContent = t;
      });
    }
    edges[key] = [line, label];
  });
  var numbers = {};  /* per node: its value line and its v̇ / v̄ line */
  D.rows.forEach(function (r) {
    var n = at[r.step], grp = el("g", {"class": "node"}, boxes);
    el("rect", {x: n.x - g.node[0] / 2, y: n.y - g.node[1] / 2, width: g.node[0], height: g.node[1], rx: 8}, grp);
    el("text", {x: n.x, y: n.y - 8, "text-anchor": "middle", "class": "key"}, grp).textContent = r.key;
    numbers[r.step] = [el("text", {x: n.x, y: n.y + 7, "text-anchor": "middle", "class": "value"}, grp),
                       el("text", {x: n.x, y: n.y + 21, "text-anchor": "middle", "class": "derivative"}, grp)];
    nodes[r.step] = grp;
  });
  $("graph").appendChild(svg);
  var fit = $("graph").clientWidth / g.width;  /* a little too wide: shrink to fit rather than scroll sideways */
  if (fit < 1 && fit >= 0.85) { svg.setAttribute("width", Math.floor(g.width * fit)); svg.setAttribute("height", Math.floor(g.height * fit)); }
  g.edges.forEach(function (e) { clear(edges[e.source + ">" + e.target][1], at[e.source], at[e.target]); });
  function clear(label, a, b) {  /* move a sloped edge's label beside it: its box just clear of the line */
    var text = label.querySelector("text");
    if (!text || a.y === b.y) return;  /* level: already above its line (or in the gap below the row) */
    var width = text.textContent.length * 7, height = 13;  /* 11px monospace, bold when lit */
    var x1 = a.x + g.node[0] / 2, x2 = b.x - g.node[0] / 2;  /* the segment between the boxes */
    var dx = x2 - x1, dy = b.y - a.y, length = Math.sqrt(dx * dx + dy * dy) || 1;
    var nx = dy / length, ny = -dx / length;  /* the normal on the upper side */
    if (ny > 0) { nx = -nx; ny = -ny; }
    var reach = Math.abs(nx) * width / 2 + Math.abs(ny) * height / 2 + 3;
    text.setAttribute("x", (x1 + x2) / 2 + nx * reach);
    text.setAttribute("y", (a.y + b.y) / 2 + ny * reach);
    text.setAttribute("dominant-baseline", "central");
  }

  /* ---- the legend: what the colours, lines and numbers mean ---- */
  [["current", "play.legend_current"], ["source", "play.legend_source"], ["done", "play.legend_done"],
   ["node", "play.legend_node"], ["partial", "play.legend_partial"], ["forward", "play.legend_forward"],
   ["back", "play.legend_back"]].forEach(function (item) {
    var li = document.createElement("li"), swatch = document.createElement("span");
    swatch.className = "swatch sw-" + item[0]; swatch.textContent = item[0] === "partial" ? "0.5" : "";
    li.appendChild(swatch); li.appendChild(document.createTextNode(" " + L[item[1]])); $("legend").appendChild(li);
  });
  $("legend").setAttribute("aria-label", L["play.legend"]);

  /* ---- the print table: every number of the final state, whatever event is current ---- */
  var columns = [L["col.step"], L["col.definition"], L["col.value"]];
  var forward = D.modes.indexOf("forward") >= 0, reverse = D.modes.indexOf("reverse") >= 0;
  if (forward) columns = columns.concat(D.sweep_labels);
  if (reverse) columns.push(L["play.col_adjoint"]);
  var printHead = document.createElement("tr");
  columns.forEach(function (t) { var th = document.createElement("th"); th.textContent = t; printHead.appendChild(th); });
  document.querySelector("#print-table thead").appendChild(printHead);
  D.rows.forEach(function (r) {
    var tr = document.createElement("tr");
    [r.key, r.definition, r.display].concat(forward ? r.tangents : [], reverse ? [r.adjoint] : []).forEach(function (t) {
      var td = document.createElement("td"); td.textContent = t; tr.appendChild(td);
    });
    document.querySelector("#print-table tbody").appendChild(tr);
  });

  /* ---- the state after event `index` of the active mode ---- */
  function state() {
    var list = events(), ev = list[index], shown = {};
    if (mode === "forward") {
      list.slice(0, index + 1).forEach(function (e) { if (e.sweep === ev.sweep) shown[e.step] = e.value; });
    } else if (ev.phase === "adjoint") {
      if (D.seed) shown[D.seed.step] = D.seed.value;
      list.slice(0, index + 1).forEach(function (e) { if (e.phase === "adjoint") shown[e.step] = e.value; });
    }
    return {mode: mode, index: index, count: list.length, step: ev.step, shown: shown};
  }
  function displays() {  /* what each cell shows: the event's own display text */
    var list = events(), ev = list[index], out = {};
    list.slice(0, index + 1).forEach(function (e) {
      if (mode === "forward" ? e.sweep === ev.sweep : e.phase === "adjoint") out[e.step] = e.display;
    });
    if (mode === "reverse" && ev.phase === "adjoint" && D.seed && !(D.seed.step in out)) out[D.seed.step] = D.seed.display;
    return out;
  }
  function render() {
    var list = events(), ev = list[index], shown = displays(), column = mode === "forward" ? "tangent" : "adjoint";
    var valued = {};
    list.slice(0, index + 1).forEach(function (e) { valued[e.step] = true; });
    var allValues = (mode === "forward" && ev.sweep > 0) || (mode === "reverse" && ev.phase === "adjoint");
    D.rows.forEach(function (r) {  /* touch the DOM only where it changes: long programs stay smooth */
      var c = cells[r.step], node = nodes[r.step].classList;
      put(c.value, allValues || valued[r.step] ? r.display : "");
      put(c.tangent, column === "tangent" && r.step in shown ? shown[r.step] : "");
      put(c.adjoint, column === "adjoint" && r.step in shown ? shown[r.step] : "");
      node.toggle("done", r.step in shown || (mode === "reverse" && ev.phase === "primal" && valued[r.step] === true));
      put(numbers[r.step][0], allValues || valued[r.step] ? r.display : "");
      put(numbers[r.step][1], r.step in shown ? (column === "tangent" ? r.dot : r.bar) + " = " + shown[r.step] : "");
    });
    document.querySelectorAll("[aria-current]").forEach(function (e) { e.removeAttribute("aria-current"); });
    document.querySelectorAll(".current, .source, .lit, .now").forEach(function (e) { e.classList.remove("current", "source", "lit", "back", "now"); });
    rows[ev.step].setAttribute("aria-current", "step");
    nodes[ev.step].classList.add("current");
    if (ev.phase === "adjoint") {
      nodes[ev.source].classList.add("source");
      var edge = edges[ev.step + ">" + ev.source];
      edge.forEach(function (part) { part.classList.add("lit", "back"); });
      edge[1].querySelectorAll("tspan.term")[ev.term].classList.add("now");  /* which partial this += uses */
    } else {
      D.graph.edges.forEach(function (e) {
        if (e.target === ev.step) edges[e.source + ">" + e.target].forEach(function (part) { part.classList.add("lit"); });
      });
    }
    document.body.className = "mode-" + mode;
    $("statement").textContent = ev.text;
    $("phase").textContent = mode === "forward"
      ? fmt("play.sweep", {sweep: ev.sweep + 1, count: D.sweeps, seed: D.sweep_labels[ev.sweep]})
      : L[ev.phase === "primal" ? "play.primal_phase" : "play.adjoint_phase"];
    $("counter").textContent = fmt("play.event", {index: index + 1, count: list.length});
    $("slider").max = list.length - 1; $("slider").value = index;
    $("mode").value = mode;
    $("summary").hidden = index !== list.length - 1;  /* filled always: print shows it */
    var following = nextMode();
    $("next-mode").hidden = following === null || index !== list.length - 1;
    if (following !== null) $("next-mode").textContent = fmt("play.next_mode", {mode: L["mode." + following]});
    $("next").title = following !== null && index === list.length - 1
      ? fmt("play.next_mode_button", {mode: L["mode." + following]}) : L["play.next"];
    if ($("summary").dataset.mode !== mode) {
      $("summary").dataset.mode = mode;
      var grad = Object.keys(D.gradient).map(function (k) { return k + " = " + D.gradient[k]; }).join(", ");
      $("summary").textContent = "";
      [[L["play.summary"], "h2"], [L["play.gradient"] + ": " + grad, "p"],
       [fmt("play.sweeps", {count: mode === "forward" ? D.sweeps : 1}), "p"], [D.cost, "p"]].forEach(function (p) {
        var e = document.createElement(p[1]); e.textContent = p[0]; $("summary").appendChild(e);
      });
    }
    reveal($("table"), rows[ev.step], false, document.querySelector("#table thead").offsetHeight);
    reveal($("graph"), nodes[ev.step], true, 0);
  }
  function reveal(box, item, centre, header) {  /* scroll the box only (scrollIntoView would move the page too) */
    var b = box.getBoundingClientRect(), r = item.getBoundingClientRect();
    var top = b.top + box.clientTop + header, bottom = b.top + box.clientTop + box.clientHeight;
    var left = b.left + box.clientLeft, right = left + box.clientWidth;
    if (r.top < top) box.scrollTop += r.top - top; else if (r.bottom > bottom) box.scrollTop += r.bottom - bottom;
    if (centre) box.scrollLeft += (r.left + r.right) / 2 - (left + right) / 2;
    else if (r.left < left) box.scrollLeft += r.left - left; else if (r.right > right) box.scrollLeft += r.right - right;
  }
  function put(cell, text) { if (cell.textContent !== text) cell.textContent = text; }
  function goto(i) {
    var n = events().length;
    index = Math.max(0, Math.min(n - 1, Number(i) || 0));
    render(); return state();
  }
  function setMode(m) {
    if (D.modes.indexOf(m) < 0) throw new Error("mode must be one of " + D.modes.join(", "));
    mode = m; index = 0; render(); return state();
  }
  function nextMode() {  /* the mode played after this one (--mode both: reverse after forward), or null */
    var k = D.modes.indexOf(mode);
    return k + 1 < D.modes.length ? D.modes[k + 1] : null;
  }
  function advance() {  /* → and ▶ go on past the last event into the next mode */
    if (index === events().length - 1 && nextMode() !== null) return setMode(nextMode());
    return goto(index + 1);
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } $("play").textContent = "▶"; $("play").title = L["play.play"]; }
  function toggle() {
    if (timer) { stop(); return; }
    if (index === events().length - 1 && nextMode() === null) goto(0);
    timer = setInterval(function () {
      if (index >= events().length - 1 && nextMode() === null) stop(); else advance();
    }, Number($("speed").value));
    $("play").textContent = "❚❚"; $("play").title = L["play.pause"];
  }
  $("first").onclick = function () { stop(); goto(0); };
  $("prev").onclick = function () { stop(); goto(index - 1); };
  $("next").onclick = function () { stop(); advance(); };
  $("last").onclick = function () { stop(); goto(events().length - 1); };
  $("play").onclick = toggle;
  $("speed").onchange = function () { if (timer) { stop(); toggle(); } };
  $("slider").oninput = function () { stop(); goto($("slider").value); };
  $("mode").onchange = function () { stop(); setMode($("mode").value); };
  document.addEventListener("keydown", function (e) {
    if (e.target.tagName === "INPUT" || e.target.tagName === "SELECT") return;
    var keys = {ArrowLeft: function () { stop(); goto(index - 1); }, ArrowRight: function () { stop(); advance(); },
                " ": toggle, Home: function () { stop(); goto(0); }, End: function () { stop(); goto(events().length - 1); }};
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  window.adkitPlayer = {next: function () { return goto(index + 1); }, prev: function () { return goto(index - 1); },
                        goto: goto, setMode: setMode, state: state};
  render();
  document.documentElement.dataset.ready = "true";
  if (window.performance && performance.mark) performance.mark("adkit-ready");  /* navigation → ready, for benchmarks */
})();

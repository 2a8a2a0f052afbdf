/* hiap-sim: small SVG line charts and the cooperation network drawing (plain JavaScript, no libraries). */
"use strict";

const HiapCharts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PALETTE = ["#c2410c", "#2171b5", "#15803d", "#7c3aed", "#6b7280", "#b45309"];

  /* A number with `digits` decimals as the page's reader writes it: a decimal comma on a Dutch page (0,35). */
  function num(value, digits) {
    const written = Number(value).toFixed(digits);
    return document.body && document.body.dataset.lang === "nl" ? written.replace(".", ",") : written;
  }

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  /* Axis from lo to hi in 4-6 round steps; from zero unless the chart asks to zoom in on its data. */
  function niceAxis(low, high, fromZero) {
    // a range within rounding of a single value is flat: steps that small would never advance
    const tiny = 1e-9 * Math.max(1, Math.abs(low), Math.abs(high));
    if (fromZero || !(high - low > tiny)) low = Math.min(0, low);
    if (!(high - low > tiny)) high = low + 1;
    const raw = (high - low) / 5;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw);
    const lo = Math.floor(low / step + 1e-9) * step;
    const hi = Math.ceil(high / step - 1e-9) * step;
    const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (String(step / power).includes(".") ? 1 : 0));
    return { lo, hi, step, decimals };
  }

  /* A line chart of several metrics over months; update(rows) redraws with all rows so far. */
  function LineChart(container, spec) {
    const width = 360, height = 190, left = 38, right = 8, top = 8, bottom = 22;
    const box = document.createElement("div");
    box.className = "chart";
    box.dataset.chart = spec.key;
    box.innerHTML = `<h3></h3><div class="keys"></div>`;
    box.querySelector("h3").textContent = spec.title;
    const keys = box.querySelector(".keys");
    spec.metrics.forEach((metric, k) => {
      const span = document.createElement("span");
      span.style.setProperty("--c", PALETTE[k % PALETTE.length]);
      span.textContent = spec.labels[metric] || metric;
      keys.appendChild(span);
    });
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": spec.title }, box);
    container.appendChild(box);
    const rows = [];

    function draw(monthsTotal) {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const scale = spec.percent.map((p) => (p ? 100 : 1));
      let low = Infinity, high = -Infinity;
      for (const row of rows) spec.metrics.forEach((m, k) => {
        const v = row[m];
        if (v !== null && v !== undefined) { low = Math.min(low, v * scale[k]); high = Math.max(high, v * scale[k]); }
      });
      if (low === Infinity) { low = 0; high = 1; }
      const axis = niceAxis(low, high, !spec.zoom);
      const total = Math.max(monthsTotal || 1, 1);
      const x = (month) => left + (width - left - right) * (month / total);
      const y = (value) => top + (height - top - bottom) * (1 - (value - axis.lo) / (axis.hi - axis.lo));
      for (let value = axis.lo; value <= axis.hi + axis.step / 2; value += axis.step) {
        el("line", { x1: left, x2: width - right, y1: y(value), y2: y(value), stroke: "#e5e7eb", "stroke-width": 1 }, svg);
        const label = el("text", { x: left - 4, y: y(value) + 3, "text-anchor": "end", "font-size": 9, fill: "#6b7280" }, svg);
        label.textContent = num(value, axis.decimals);
      }
      const years = Math.floor(total / 12);
      const every = Math.max(1, Math.ceil(years / 6));
      for (let year = 0; year <= years; year += every) {
        const month = year * 12;
        el("line", { x1: x(month), x2: x(month), y1: height - bottom, y2: height - bottom + 3, stroke: "#9ca3af" }, svg);
        const label = el("text", { x: x(month), y: height - 6, "text-anchor": "middle", "font-size": 9, fill: "#6b7280" }, svg);
        label.textContent = spec.startYear ? spec.startYear + year : `+${year}y`;
      }
      spec.metrics.forEach((metric, k) => {
        let d = "";
        let pen = false;
        for (const row of rows) {
          const v = row[metric];
          if (v === null || v === undefined) { pen = false; continue; }
          d += `${pen ? "L" : "M"}${x(row.month).toFixed(1)},${y(v * scale[k]).toFixed(1)}`;
          pen = true;
        }
        if (d) el("path", { d, fill: "none", stroke: PALETTE[k % PALETTE.length], "stroke-width": 1.8, "stroke-linejoin": "round" }, svg);
      });
    }

    return {
      reset() { rows.length = 0; },
      add(newRows, monthsTotal) { rows.push(...newRows); draw(monthsTotal); },
      element: box,
    };
  }

  function mix(a, b, t) {
    const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
    const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
    return "#" + pa.map((v, i) => Math.round(v + (pb[i] - v) * t).toString(16).padStart(2, "0")).join("");
  }

  function levelColour(levels, level) {
    const clamped = Math.max(0, Math.min(levels.length - 1, level));
    const low = Math.floor(clamped);
    const high = Math.min(levels.length - 1, low + 1);
    return mix(levels[low], levels[high], clamped - low);
  }

  /* Nodes on a circle, edges: width = trust, colour = deepest level (mean_level when given). */
  function drawNetwork(svg, network, levels, levelNames) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const position = {};
    for (const node of network.nodes) position[node.id] = node;
    const edges = [...network.edges].sort((a, b) => (a.mean_level ?? a.level) - (b.mean_level ?? b.level));
    for (const edge of edges) {
      const a = position[edge.a], b = position[edge.b];
      const level = edge.mean_level ?? edge.level;
      const line = el("line", {
        x1: a.x, y1: a.y, x2: b.x, y2: b.y,
        stroke: level > 0 ? levelColour(levels, level) : "#cbd5e1",
        "stroke-width": (0.004 + 0.05 * Math.max(0, edge.trust)).toFixed(4),
        "stroke-opacity": level > 0 ? 0.95 : 0.55, "stroke-linecap": "round",
        "data-a": edge.a, "data-b": edge.b, "data-level": edge.level, "data-trust": edge.trust.toFixed(3),
      }, svg);
      const title = el("title", {}, line);
      title.textContent = `${edge.a} – ${edge.b}: trust ${num(edge.trust, 2)}, ${levelNames[edge.level] || edge.level}`;
    }
    for (const node of network.nodes) {
      const group = el("g", { class: "node", "data-id": node.id }, svg);
      el("circle", { cx: node.x, cy: node.y, r: 0.1, fill: node.coordinator ? "#c2410c" : "#08306b", stroke: "white", "stroke-width": 0.015 }, group);
      const label = el("text", {
        x: node.x * 1.25, y: node.y * 1.2 + 0.03, "text-anchor": node.x > 0.2 ? "start" : node.x < -0.2 ? "end" : "middle",
        "font-size": network.nodes.length > 10 ? 0.1 : 0.11, fill: "#1f2937", "font-weight": 600,
      }, group);
      label.textContent = network.nodes.length > 10 ? node.name : node.id;
      const title = el("title", {}, group);
      const extra = node.urgency !== undefined && node.urgency !== null ? ` — urgency ${num(node.urgency, 2)}, commitment ${num(node.commitment, 2)}` : "";
      title.textContent = `${node.name}${extra}`;
    }
  }

  return { LineChart, drawNetwork, levelColour, num };
})();

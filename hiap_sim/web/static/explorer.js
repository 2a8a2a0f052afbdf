/* hiap-sim explorer: build a run with the knobs, step it, switch levers, draw charts and the network. */
"use strict";

(() => {
  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const $ = (id) => document.getElementById(id);
  const errorBox = $("explorer-error");
  let run = null;
  let monthsTotal = 1;
  let running = false;
  let busy = false;
  const leverOverrides = {};
  const stepTimes = [];
  window.hiapStepTimes = stepTimes;  // read by the browser tests and shown under the controls

  let charts = [];
  function buildCharts(municipal, startYear) {
    const box = $("charts");
    box.innerHTML = "";
    const specs = [...config.charts, ...(municipal ? [config.municipal] : [])];
    charts = specs.map((spec) => HiapCharts.LineChart(box, { ...spec, labels: config.labels, startYear }));
  }

  function legend() {
    $("level-legend").innerHTML = config.levels.map((colour, k) =>
      `<li><span class="swatch"></span>${k} ${Hiap.escapeHtml(config.level_names[k])}</li>`).join("");
    $("level-legend").querySelectorAll(".swatch").forEach((swatch, k) => {  // set from script: the CSP refuses style attributes in markup
      swatch.style.background = k === 0 ? "#cbd5e1" : config.levels[k];
    });
  }

  function showError(message) { errorBox.textContent = message || ""; errorBox.hidden = !message; }

  function knobs() {
    const out = {};
    document.querySelectorAll("[data-knob]").forEach((input) => { out[input.dataset.knob] = Number(input.value); });
    return out;
  }

  function setLevers(levers) {
    for (const [name, on] of Object.entries(levers)) { const box = $(`lever-${name}`); if (box) box.checked = on; }
  }

  function addEvents(events) {
    const list = $("events");
    for (const event of events) {
      const item = document.createElement("li");
      item.innerHTML = `<span class="date">${Hiap.escapeHtml(event.date)}</span> ${Hiap.escapeHtml(event.what)}`;
      list.insertBefore(item, list.firstChild);
    }
    while (list.children.length > 60) list.removeChild(list.lastChild);
  }

  function apply(snapshot) {
    monthsTotal = snapshot.months_total;
    for (const chart of charts) chart.add(snapshot.rows, monthsTotal);
    HiapCharts.drawNetwork($("network"), snapshot.network, config.levels, config.level_names);
    const sectors = $("sectors-figure");
    sectors.hidden = !snapshot.sectors;
    if (snapshot.sectors) HiapCharts.drawNetwork($("sectors"), snapshot.sectors, config.levels, config.level_names);
    setLevers(snapshot.levers);
    addEvents(snapshot.events || []);
    $("clock").textContent = `${config.text.month} ${snapshot.month} ${config.text.of} ${snapshot.months_total} · ${snapshot.date}`;
    if (snapshot.finished) { $("clock").textContent += ` — ${config.text.finished}`; stop(); }
    $("run").disabled = running || snapshot.finished;
    $("step").disabled = snapshot.finished;
    $("step-year").disabled = snapshot.finished;
  }

  async function reset() {
    stop();
    showError("");
    const seed = $("seed").value === "" ? null : Number($("seed").value);
    try {
      const snapshot = await Hiap.api("POST", "/api/explorer", { scenario: $("scenario").value, seed, knobs: knobs(), levers: leverOverrides });
      run = snapshot.run;
      if ($("seed").value === "") $("seed").placeholder = snapshot.seed;
      $("events").innerHTML = "";
      buildCharts(snapshot.metrics.some((m) => m.startsWith("municipal_")), Number(String(snapshot.date).slice(0, 4)));
      stepTimes.length = 0;
      $("step-time").textContent = "";
      apply(snapshot);
    } catch (error) { showError(error.message); }
  }

  async function step(months) {
    if (!run || busy) return;
    busy = true;
    const began = performance.now();
    try {
      let snapshot = await Hiap.api("POST", `/api/explorer/${run}/step`, { months });
      apply(snapshot);
      // the server stops a request after a few seconds of computation; ask for the rest of the months
      const target = snapshot.month - snapshot.rows.length + months;
      for (let k = 0; k < months && !snapshot.finished && snapshot.month < target && snapshot.rows.length > 0; k += 1) {
        snapshot = await Hiap.api("POST", `/api/explorer/${run}/step`, { months: target - snapshot.month });
        apply(snapshot);
      }
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      const elapsed = performance.now() - began;
      if (months === 1) {
        stepTimes.push({ total: elapsed, model: snapshot.compute_ms });
        const recent = stepTimes.slice(-24);
        const mean = recent.reduce((s, t) => s + t.total, 0) / recent.length;
        const model = recent.reduce((s, t) => s + t.model, 0) / recent.length;
        $("step-time").textContent = `${config.text.step_time}: ${mean.toFixed(0)} ms (model ${HiapCharts.num(model, 1)} ms)`;
      }
    } catch (error) {
      showError(error.message);
      stop();
    } finally { busy = false; }
  }

  async function loop() {
    while (running) {
      await step(1);
    }
  }

  function start() {
    if (running) return;
    running = true;
    $("run").disabled = true;
    $("stop").disabled = false;
    loop();
  }

  function stop() {
    running = false;
    $("run").disabled = false;
    $("stop").disabled = true;
  }

  document.querySelectorAll("[data-knob]").forEach((input) => {
    const output = $(`out-${input.dataset.knob}`);
    output.textContent = HiapCharts.num(input.value, 2);
    input.addEventListener("input", () => { output.textContent = HiapCharts.num(input.value, 2); });
  });
  document.querySelectorAll("[data-lever]").forEach((box) => {
    box.addEventListener("change", async () => {
      const name = box.dataset.lever;
      leverOverrides[name] = box.checked;
      if (!run) return;
      try { setLevers((await Hiap.api("POST", `/api/explorer/${run}/lever`, { name, on: box.checked })).levers); } catch (error) { showError(error.message); }
    });
  });
  $("scenario").addEventListener("change", () => { for (const key of Object.keys(leverOverrides)) delete leverOverrides[key]; reset(); });
  $("run").addEventListener("click", start);
  $("stop").addEventListener("click", stop);
  $("step").addEventListener("click", () => step(1));
  $("step-year").addEventListener("click", () => step(12));
  $("reset").addEventListener("click", reset);
  legend();
  reset();
})();

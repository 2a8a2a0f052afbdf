/* hiap-sim: the scripts of the session pages (new session, join, facilitator, player). Plain JavaScript. */
"use strict";

const Hiap = (() => {
  const TOKEN_HEADER = "X-Hiap-Token";
  const POLL_MS = 1500;

  async function api(method, url, body, token) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers[TOKEN_HEADER] = token;
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let data = null;
    try { data = await response.json(); } catch (_error) { data = null; }
    if (!response.ok) {
      const error = new Error((data && data.error) || `${response.status} ${response.statusText}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  async function fragment(url, token) {
    const response = await fetch(url, { headers: { [TOKEN_HEADER]: token, Accept: "text/html" } });
    if (!response.ok) {
      let message = `${response.status}`;
      try { message = (await response.json()).error; } catch (_error) { /* not JSON */ }
      throw new Error(message);
    }
    return response.text();
  }

  function $(id) { return document.getElementById(id); }

  function show(element, message) {
    if (!element) return;
    element.textContent = message || "";
    element.hidden = !message;
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  }

  /* A number with `digits` decimals as the page's reader writes it: a decimal comma on a Dutch page (0,35). */
  function num(value, digits) {
    const written = Number(value).toFixed(digits);
    return document.body && document.body.dataset.lang === "nl" ? written.replace(".", ",") : written;
  }

  function clock(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  /* The round, state badge and countdown shared by the facilitator and player pages. */
  function StateView(text) {
    let state = null;
    let seenAt = 0;
    function render() {
      if (!state) return;
      const badge = $("state-badge");
      let label = fill(text[state.state] || state.state, { round: state.round });
      let cls = state.state;
      if (state.paused) { label += ` · ${text.paused}`; cls = "paused"; }
      badge.textContent = label;
      badge.className = `badge ${cls}`;
      $("round-line").textContent = state.round > 0 ? fill(text.round_of, { round: state.round, turns: state.turns }) : "";
      const timer = $("timer");
      if (state.seconds_left === null || state.seconds_left === undefined) { timer.textContent = ""; return; }
      const left = state.paused ? state.seconds_left : state.seconds_left - (Date.now() - seenAt) / 1000;
      timer.textContent = `${text.time_left} ${clock(left)}`;
    }
    setInterval(render, 500);
    return {
      update(next) { state = next; seenAt = Date.now(); render(); },
      get() { return state; },
    };
  }

  /* Poll the room's state; call onChange when its revision moves on. */
  function poll(code, token, startRevision, onState, onChange) {
    let revision = startRevision;
    async function once() {
      try {
        const state = await api("GET", `/api/sessions/${code}/state`, undefined, token);
        onState(state);
        if (state.revision !== revision) {
          revision = state.revision;
          await onChange(state);
        }
      } catch (_error) { /* server restarting: try again */ }
    }
    once();
    setInterval(once, POLL_MS);
    listen(code, once);
    return { force: () => { revision = -1; return once(); } };
  }

  /* Server-sent events: the server says when the room changed (a round opens or closes, an event is injected);
     the page then fetches what it shows. The browser reconnects by itself; the poll above is the fallback. */
  function listen(code, onMessage) {
    if (!window.EventSource) return null;
    const source = new EventSource(`/api/sessions/${code}/stream`);
    source.onmessage = (event) => {
      let data = null;
      try { data = JSON.parse(event.data); } catch (_error) { return; }
      onMessage(data);
    };
    return source;
  }

  /* ------------------------------------------------------------------ new session */
  function newSessionPage() {
    const form = $("new-session");
    const scenario = $("new-scenario");
    async function loadRoles() {
      const box = $("new-roles");
      box.textContent = "…";
      try {
        const data = await api("GET", `/api/scenarios/${encodeURIComponent(scenario.value)}/roles`);
        box.innerHTML = data.roles.map((r, k) =>
          `<label class="check"><input type="checkbox" name="roles" value="${escapeHtml(r.id)}" ${k < 3 ? "checked" : ""}> ${escapeHtml(r.label)}</label>`).join("");
      } catch (error) { box.textContent = error.message; }
    }
    scenario.addEventListener("change", loadRoles);
    loadRoles();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const number = (id) => ($(id).value === "" ? null : Number($(id).value));
      const body = {
        scenario: scenario.value,
        roles: [...form.querySelectorAll("input[name=roles]:checked")].map((i) => i.value),
        turns: number("new-turns"), months_per_turn: number("new-months"), seed: number("new-seed"), lang: $("new-lang").value,
        teams: number("new-teams") || 1,
      };
      if ($("new-passphrase")) body.passphrase = $("new-passphrase").value;
      try {
        const data = await api("POST", "/api/sessions", body);
        window.location.href = data.facilitator_url;
      } catch (error) { show($("form-error"), error.message); }
    });
  }

  /* ------------------------------------------------------------------ join */
  function joinPage() {
    const form = $("join-form");
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const role = form.querySelector("input[name=role]:checked");
      if (!role) { show($("form-error"), form.dataset.pick || "?"); return; }
      try {
        const data = await api("POST", `/api/sessions/${form.dataset.code}/join`, { role: role.value, name: $("join-name").value, team: Number(role.dataset.team || 1) });
        window.location.href = data.player_url;
      } catch (error) { show($("form-error"), error.message); }
    });
  }

  /* ------------------------------------------------------------------ facilitator */
  function facilitatorPage() {
    const root = $("facilitator");
    const code = root.dataset.code;
    const token = root.dataset.token;
    const text = JSON.parse($("state-text").textContent);
    const view = StateView(text);
    const errorBox = $("control-error");
    const okBox = $("control-ok");

    function controls(state) {
      const open = $("open-round");
      const close = $("close-round");
      const pause = $("pause");
      const next = state.state === "closed" ? state.round + 1 : state.round;
      open.textContent = state.state === "lobby" ? open.dataset.start : fill(open.dataset.open, { round: next });
      open.disabled = state.state === "open" || state.state === "finished" || (state.state === "lobby" && state.players.length === 0);
      close.textContent = fill(close.dataset.label, { round: state.round });
      close.disabled = state.state !== "open";
      pause.textContent = state.paused ? pause.dataset.resume : pause.dataset.pause;
      pause.disabled = state.state !== "open";
      const played = state.state === "closed" || state.state === "finished" || (state.state === "open" && state.round > 1);
      $("show-debrief").classList.toggle("disabled", !played);
      for (const id of ["inject-crisis", "inject-cut", "inject-election"]) $(id).disabled = state.state === "lobby" || state.state === "finished";
    }

    async function refresh() {
      try { $("facilitator-panel").innerHTML = await fragment(`/fragments/${code}/facilitator`, token); } catch (error) { show(errorBox, error.message); }
    }

    const poller = poll(code, token, Number(root.dataset.revision), (state) => { view.update(state); controls(state); }, refresh);

    async function call(url, body, okMessage) {
      show(errorBox, ""); show(okBox, "");
      try {
        await api("POST", url, body, token);
        if (okMessage) show(okBox, okMessage);
      } catch (error) { show(errorBox, error.message); }
      await poller.force();
    }

    $("open-round").addEventListener("click", () => call(`/api/sessions/${code}/rounds/open`, { timer_minutes: Number($("timer-minutes").value || 0) }));
    $("close-round").addEventListener("click", () => call(`/api/sessions/${code}/rounds/close`));
    $("pause").addEventListener("click", () => {
      const state = view.get();
      call(`/api/sessions/${code}/${state && state.paused ? "resume" : "pause"}`);
    });
    const departments = (form) => [...form.querySelectorAll("input[name=departments]:checked")].map((i) => i.value);
    $("event-crisis").addEventListener("submit", (event) => {
      event.preventDefault();
      const form = event.target;
      call(`/api/sessions/${code}/events`, { kind: "crisis", crisis: $("crisis-kind").value, size: Number($("crisis-size").value), departments: departments(form) }, text.event_added);
    });
    $("event-cut").addEventListener("submit", (event) => {
      event.preventDefault();
      call(`/api/sessions/${code}/events`, { kind: "budget_cut", fraction: Number($("cut-fraction").value), departments: departments(event.target) }, text.event_added);
    });
    $("event-election").addEventListener("submit", (event) => {
      event.preventDefault();
      call(`/api/sessions/${code}/events`, { kind: "election" }, text.event_added);
    });
  }

  /* ------------------------------------------------------------------ player */
  function playerPage() {
    const root = $("player");
    const code = root.dataset.code;
    const token = root.dataset.token;
    const role = root.dataset.role;
    const text = JSON.parse($("state-text").textContent);
    const view = StateView(text);
    const errorBox = $("play-error");
    const select = $("action-select");
    let actions = [];

    function fieldControl(field) {
      const id = `field-${field.name}`;
      const wrap = document.createElement("div");
      if (field.kind === "orgs" || field.kind === "topics") {
        const chosen = new Set((field.default || []).map(String));
        wrap.innerHTML = `<label>${escapeHtml(field.label)}</label><div class="field-checks" id="${id}" data-field="${field.name}" data-kind="${field.kind}">` +
          field.options.map((o) => `<label><input type="checkbox" value="${escapeHtml(o.value)}" ${chosen.has(String(o.value)) ? "checked" : ""}> ${escapeHtml(o.label)}</label>`).join("") +
          "</div>";
        return wrap;
      }
      if (field.kind === "share") {
        wrap.innerHTML = `<label>${escapeHtml(field.label)}<input type="number" id="${id}" data-field="${field.name}" data-kind="share" min="0.1" max="0.9" step="0.05" value="${field.default ?? 0.3}"></label>`;
        return wrap;
      }
      const empty = field.optional ? `<option value="">${escapeHtml(text.default)}${field.default !== null && field.default !== undefined ? `: ${escapeHtml(field.default)}` : ""}</option>`
        : `<option value="">${escapeHtml(text.choose)}</option>`;
      const options = field.options.map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`).join("");
      wrap.innerHTML = `<label>${escapeHtml(field.label)}<select id="${id}" data-field="${field.name}" data-kind="${field.kind}">${empty}${options}</select></label>`;
      if (field.name === "policy" && field.default) wrap.querySelector("select").value = field.default;
      return wrap;
    }

    function renderFields() {
      const box = $("action-fields");
      const previous = collect(true);
      box.innerHTML = "";
      const action = actions.find((a) => a.name === select.value);
      $("action-help").textContent = action ? action.help : "";
      if (!action) return;
      for (const field of action.fields) box.appendChild(fieldControl(field));
      for (const [name, value] of Object.entries(previous)) {  // keep what was chosen when the options refresh
        const element = box.querySelector(`[data-field="${name}"]`);
        if (!element) continue;
        if (Array.isArray(value)) element.querySelectorAll("input").forEach((i) => { i.checked = value.map(String).includes(i.value); });
        else if ([...(element.options || [])].some((o) => o.value === String(value)) || element.tagName === "INPUT") element.value = value;
      }
    }

    function collect(raw) {
      const out = {};
      document.querySelectorAll("#action-fields [data-field]").forEach((element) => {
        const name = element.dataset.field;
        const kind = element.dataset.kind;
        if (kind === "orgs" || kind === "topics") {
          const values = [...element.querySelectorAll("input:checked")].map((i) => i.value);
          if (values.length || raw) out[name] = values;
          return;
        }
        if (element.value === "") return;
        if (raw) { out[name] = element.value; return; }
        if (kind === "level" || kind === "initiative") out[name] = Number(element.value);
        else if (kind === "share") out[name] = Number(element.value);
        else out[name] = element.value;
      });
      return out;
    }

    async function loadOptions() {
      try {
        const data = await api("GET", `/api/sessions/${code}/options`, undefined, token);
        actions = data.actions || [];
        const current = select.value;
        select.innerHTML = `<option value="">${escapeHtml(text.choose)}</option>` + actions.map((a) => {
          const cost = a.cost.fte || a.cost.budget ? ` — ${text.cost} ${num(a.cost.fte, 2)} ${text.fte}${a.cost.budget ? `, ${num(a.cost.budget, 2)} ${a.cost.unit}` : ""}` : "";
          return `<option value="${escapeHtml(a.name)}">${escapeHtml(a.label + cost)}</option>`;
        }).join("");
        if (actions.some((a) => a.name === current)) select.value = current;
        renderFields();
        $("free-line").textContent = data.free ? `${text.free}: ${num(data.free.fte, 2)} ${text.fte} · ${num(data.free.budget, 2)} ${data.free.unit}` : "";
      } catch (error) { show(errorBox, error.message); }
    }

    async function refreshPanel() {
      try { $("player-panel").innerHTML = await fragment(`/fragments/${code}/player`, token); } catch (error) { show(errorBox, error.message); }
    }

    function controls(state) {
      const me = state.players.find((p) => p.role === role);
      const canAct = state.state === "open" && !state.paused && !(me && me.submitted);
      $("take-decision").disabled = !canAct;
      $("submit-round").disabled = !canAct;
      select.disabled = !canAct;
    }

    const poller = poll(code, token, Number(root.dataset.revision), (state) => { view.update(state); controls(state); }, async () => {
      await refreshPanel();
      await loadOptions();
    });
    loadOptions();
    select.addEventListener("change", renderFields);

    $("action-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      show(errorBox, "");
      const result = $("action-result");
      result.innerHTML = "";
      if (!select.value) { show(errorBox, text.choose); return; }
      try {
        const data = await api("POST", `/api/sessions/${code}/act`, { role, action: { do: select.value, ...collect(false) } }, token);
        const answers = data.decisions.map((d) => `<li class="${d.accept ? "accept" : "decline"}"><span class="mark">${d.accept ? "✓" : "✗"}</span> ${escapeHtml(d.text)}` +
          `${d.hint ? ` <span class="hint">— ${escapeHtml(d.hint)}</span>` : ""}</li>`).join("");
        result.innerHTML = `<div class="messages">${data.messages.map((m) => `<p>${escapeHtml(m)}</p>`).join("")}</div>` + (answers ? `<ul class="decisions">${answers}</ul>` : "");
      } catch (error) { show(errorBox, error.message); }
      await poller.force();
    });

    /* Answers to requests of other participants: yes, or no with a reason. */
    $("player-panel").addEventListener("click", async (event) => {
      const button = event.target.closest("button.answer-yes, button.answer-no");
      if (!button) return;
      const accept = button.classList.contains("answer-yes");
      const body = { request: Number(button.dataset.request), accept, partner: button.dataset.partner };
      if (!accept) {
        const pick = $("player-panel").querySelector(`select.answer-reason[data-request="${button.dataset.request}"][data-partner="${button.dataset.partner}"]`);
        body.reason = pick ? pick.value : null;
      }
      show(errorBox, "");
      button.disabled = true;
      try {
        const data = await api("POST", `/api/sessions/${code}/answer`, body, token);
        const answers = (data.decisions || []).map((d) => `<li class="${d.accept ? "accept" : "decline"}"><span class="mark">${d.accept ? "✓" : "✗"}</span> ${escapeHtml(d.text)}` +
          `${d.hint ? ` <span class="hint">— ${escapeHtml(d.hint)}</span>` : ""}</li>`).join("");
        if (answers) $("action-result").innerHTML = `<ul class="decisions">${answers}</ul>`;
      } catch (error) { show(errorBox, error.message); button.disabled = false; }
      await poller.force();
    });

    $("submit-round").addEventListener("click", async () => {
      if (!window.confirm(text.confirm)) return;
      show(errorBox, "");
      try { await api("POST", `/api/sessions/${code}/submit`, { role }, token); } catch (error) { show(errorBox, error.message); }
      $("action-result").innerHTML = "";
      await poller.force();
    });
  }

  /* ------------------------------------------------------------------ room view (projector) */
  function roomPage() {
    const root = $("room-view");
    const code = root.dataset.code;
    const config = JSON.parse($("room-config").textContent);
    const text = config.text;
    let live = Number(root.dataset.live);

    function draw(data) {
      const box = $("room-teams");
      box.innerHTML = data.teams.map((team) => {
        const head = `<h2>${escapeHtml(fill(text.team, { team: team.team }))}</h2>`;
        if (!team.started) return `<section class="panel room-team" data-team="${team.team}">${head}<p class="muted">${escapeHtml(text.not_started)}</p></section>`;
        const cls = team.difference >= 0 ? "yes" : "no";
        const rounds = team.rounds.map((r) => `<td class="num">${num(r.score, 1)} / ${num(r.autopilot, 1)}</td>`).join("");
        const numbers = team.rounds.map((r) => `<th class="num">${r.turn}</th>`).join("");
        return `<section class="panel room-team" data-team="${team.team}">${head}
          <div class="room-scores">
            <div><span class="big">${num(team.score, 1)}</span><span class="small muted">${escapeHtml(text.score)}</span></div>
            <div><span class="big muted">${num(team.autopilot, 1)}</span><span class="small muted">${escapeHtml(text.autopilot)}</span></div>
            <div><span class="big ${cls}">${team.difference >= 0 ? "+" : ""}${num(team.difference, 1)}</span><span class="small muted">${escapeHtml(text.difference)}</span></div>
            <div><span class="big">${num(team.secured, 2)}</span><span class="small muted">${escapeHtml(text.secured)}</span></div>
          </div>
          ${team.rounds.length ? `<div class="table-wrap"><table class="grid small"><caption class="small muted">${escapeHtml(text.rounds)}</caption><thead><tr>${numbers}</tr></thead><tbody><tr>${rounds}</tr></tbody></table></div>` : ""}
          <figure class="network"><figcaption class="small">${escapeHtml(text.network)}</figcaption>
          <svg class="room-network" viewBox="-1.6 -1.3 3.2 2.6" role="img" aria-label="${escapeHtml(text.network)}"></svg></figure></section>`;
      }).join("");
      box.querySelectorAll("section.room-team").forEach((section) => {
        const team = data.teams.find((t) => String(t.team) === section.dataset.team);
        const svg = section.querySelector("svg.room-network");
        if (svg && team && team.network && typeof HiapCharts !== "undefined") HiapCharts.drawNetwork(svg, team.network, config.levels, config.level_names);
      });
      $("room-events").innerHTML = data.events.map((e) => `<li><span class="date">${escapeHtml(String(e.round))}</span> ${escapeHtml(e.text)}</li>`).join("");
    }

    async function refresh() {
      try {
        const data = await api("GET", `/api/sessions/${code}/room`);
        live = data.live;
        draw(data);
      } catch (_error) { /* server restarting: the next message or poll tries again */ }
    }

    draw(JSON.parse($("room-data").textContent));
    listen(code, (message) => { if (message.live !== live) refresh(); });
    setInterval(refresh, 10000);
  }

  return { api, fill, clock, escapeHtml, newSessionPage, joinPage, facilitatorPage, playerPage, roomPage };
})();

/* Each page names its script in <body data-page>: no inline script, so the Content-Security-Policy allows only these files. */
(() => {
  const starts = { new_session: Hiap.newSessionPage, join: Hiap.joinPage, facilitator: Hiap.facilitatorPage, player: Hiap.playerPage };
  const start = starts[document.body.dataset.page];
  if (start) start();
  if (document.body.dataset.page === "room") window.addEventListener("DOMContentLoaded", Hiap.roomPage);  // after charts.js
})();

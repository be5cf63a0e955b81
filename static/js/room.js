/* The dashboard's room controls (templates/facilitator/_room.html): open or close joining, a
   room size limit, and the alert when people join faster than a room can scan a QR code, with a
   way to remove everyone who joined in that burst. State comes from the server (the `workshop`
   and `presence` messages); actions go through the JSON API. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const workshopId = App.data.workshop_id;
  let room = App.data.view.room;
  let joined = App.data.view.joined;
  let burst = null; // {from, to}: the span of the join bursts seen since the alert was dismissed

  const clock = (iso) => new Date(iso + "Z").toLocaleTimeString(document.documentElement.lang);

  function post(path, body) {
    return fetch("/api/v1/workshops/" + workshopId + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": App.data.csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    }).then((response) => response.json().then((json) => {
      if (!response.ok) throw new Error((json.error && json.error.message) || response.statusText);
      return json;
    }));
  }

  function say(text, state) {
    const status = $("room-saved");
    status.textContent = text;
    status.dataset.state = state || "saved";
  }

  function render() {
    const toggle = $("joining-toggle");
    toggle.setAttribute("aria-pressed", String(room.joining_open));
    toggle.textContent = App.t(room.joining_open ? "joining_open" : "joining_closed");
    const key = !room.joining_open ? "room_summary_closed" : room.max_participants ? "room_summary_limit" : "room_summary_open";
    $("room-summary").textContent = App.t(key, { joined: joined, max: room.max_participants });
    if (document.activeElement !== $("room-size")) $("room-size").value = room.max_participants || "";
    $("join-burst").hidden = !burst;
    if (burst) {
      $("join-burst-remove").textContent = App.t("join_burst_remove", { from: clock(burst.from), to: clock(burst.to) });
    }
  }

  /** A new picture of the room from the server. A burst widens the span the alert offers to
      remove until the facilitator removes it or dismisses the alert. */
  function update(message) {
    if (message.room) room = message.room;
    if (message.joined !== undefined) joined = message.joined;
    if (message.room && room.burst && room.recent_first) {
      burst = {
        from: burst && burst.from < room.recent_first ? burst.from : room.recent_first,
        to: burst && burst.to > room.recent_last ? burst.to : room.recent_last,
      };
      $("join-burst-text").textContent = App.t("join_burst", { n: room.recent_joins });
    }
    render();
  }

  function save(changes) {
    const body = { joining_open: room.joining_open, max_participants: room.max_participants, ...changes };
    return post("/joining", body).then((json) => { room = json.room; render(); say(""); })
      .catch((error) => say(error.message, "error"));
  }

  $("joining-toggle").addEventListener("click", () => save({ joining_open: !room.joining_open }));
  $("room-size-save").addEventListener("click", () => {
    const raw = $("room-size").value.trim();
    save({ max_participants: raw === "" ? null : Number(raw) });
  });
  $("join-burst-dismiss").addEventListener("click", () => { burst = null; render(); });
  $("join-burst-remove").addEventListener("click", () => {
    const span = { from: clock(burst.from), to: clock(burst.to) };
    if (!window.confirm(App.t("join_burst_confirm", span))) return;
    post("/participants/remove", { joined_from: burst.from, joined_to: burst.to })
      .then((json) => { burst = null; render(); say(App.t("join_burst_removed", { n: json.removed })); })
      .catch((error) => say(error.message, "error"));
  });

  App.socket.on("presence", update);
  App.socket.on("workshop", update);
  update({ room: room, joined: joined });
})();

/* Shared by the phone, dashboard and screen pages: page data, texts, the socket, result bars.
   No framework; every text a person reads comes translated from the server (page-data). */
"use strict";

window.App = (function () {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const strings = data.strings || {};

  /** The translated text for key, with {placeholders} filled from params. */
  function t(key, params) {
    let text = strings[key] || key;
    Object.entries(params || {}).forEach(([name, value]) => {
      text = text.replace("{" + name + "}", String(value));
    });
    return text;
  }

  /** A random id for a request, so that a resent request is recognised (works without https). */
  function requestId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** Open the page's Socket.IO connection. Reconnects by itself with growing, jittered delays. */
  function connect(auth) {
    return io({
      auth: auth,
      transports: ["websocket", "polling"],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      randomizationFactor: 0.5,
    });
  }

  /** Emit with an acknowledgement; resolves to the ack, or rejects after timeoutMs. */
  function request(socket, event, payload, timeoutMs) {
    return new Promise((resolve, reject) => {
      socket.timeout(timeoutMs || 8000).emit(event, payload, (err, ack) => {
        if (err) reject(err);
        else resolve(ack);
      });
    });
  }

  /** Show the connection state in an element with data-state. */
  function showConnection(element, state) {
    if (!element) return;
    element.dataset.state = state;
    element.textContent = t(state);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * Draw or update horizontal bars in container: rows = [{key, label, value}], in a fixed order.
   * A bar is as long as its share of the answers, and is labelled with its count and share.
   * Existing bars are updated in place, so they grow smoothly and never jump around.
   */
  function renderBars(container, rows, total) {
    let list = container.querySelector("ol.bars");
    if (!list) {
      container.textContent = "";
      list = el("ol", "bars");
      container.appendChild(list);
    }
    const wanted = rows.map((row) => row.key).join("\u0000");
    if (list.dataset.keys !== wanted) {
      list.textContent = "";
      list.dataset.keys = wanted;
      rows.forEach((row) => {
        const item = el("li", "bar-row");
        item.dataset.key = row.key;
        item.appendChild(el("span", "bar-label", row.label));
        const track = el("span", "bar-track");
        track.appendChild(el("span", "bar-fill"));
        item.appendChild(track);
        item.appendChild(el("span", "bar-value"));
        list.appendChild(item);
      });
    }
    rows.forEach((row, index) => {
      const item = list.children[index];
      const percent = total ? Math.round((100 * row.value) / total) : 0;
      item.querySelector(".bar-fill").style.width = percent + "%";
      item.querySelector(".bar-value").textContent = row.value + " (" + percent + " %)";
    });
  }

  return { data, t, requestId, connect, request, showConnection, el, renderBars, kinds: {} };
})();

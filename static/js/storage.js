/* The dashboard's storage banner: shown while the server cannot save answers (a full disk, a
   read-only or locked database), with how many were refused; gone once answers are saved again.
   The server sends `storage` every tick while the fault lasts, and once when it is over. */
"use strict";

(function () {
  const banner = document.getElementById("storage-banner");
  let recoveredTimer = null;

  App.socket.on("storage", (message) => {
    clearTimeout(recoveredTimer);
    if (message.failing) {
      banner.dataset.state = "failing";
      banner.textContent = App.t("storage_failing", { reason: App.t("storage_" + message.kind), n: message.refused });
      banner.hidden = false;
    } else if (!banner.hidden) {
      banner.dataset.state = "recovered";
      banner.textContent = App.t("storage_recovered");
      recoveredTimer = setTimeout(() => { banner.hidden = true; }, 5000);
    }
  });
})();

// Follows the annual reports being prepared: updates their progress bar and status, and shows
// the download link once the report is ready. Without JavaScript, reloading the page does the same.
(function () {
  "use strict";
  var INTERVAL_MS = 1500;

  function follow(item) {
    var url = item.getAttribute("data-status-url");
    var state = item.querySelector(".report-state");
    var bar = item.querySelector(".report-progress");
    var download = item.querySelector(".report-download");

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (status) {
          state.textContent = status.label;
          if (bar) { bar.value = status.progress; bar.textContent = status.progress + "%"; }
          if (status.download) {
            if (bar) { bar.remove(); }
            download.hidden = false;
          } else if (status.state !== "failed") {
            window.setTimeout(poll, INTERVAL_MS);
          } else if (bar) {
            bar.remove();
          }
        })
        .catch(function () { window.setTimeout(poll, INTERVAL_MS * 4); });
    }
    poll();
  }

  document.querySelectorAll(".annual-report[data-status-url]").forEach(follow);
})();

// The background roll-up's progress bar: asks the run's status every two seconds, moves the bar (and its
// aria-valuenow) and reloads the page once the run is done or failed. A static file: the Content-Security-Policy
// forbids inline scripts. Without JavaScript the page's "Tải lại trang" link does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-rollup-status]");
  if (!box) {
    return;
  }
  var bar = box.querySelector("[role=progressbar]");
  var fill = box.querySelector(".rollup-bar");
  var text = box.querySelector("[data-rollup-text]");

  function show(state) {
    var percent = Math.max(0, Math.min(100, state.percent || 0));
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", state.done + " trên " + state.total + " xã");
    fill.style.width = percent + "%";
    fill.textContent = percent + " %";
    text.textContent = state.status_label + ": đã tính " + state.done + " trên " + state.total + " xã, phường, thị trấn.";
  }

  function poll() {
    fetch(box.getAttribute("data-rollup-status"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          return;
        }
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  fill.style.width = (fill.getAttribute("data-percent") || "0") + "%";
  window.setTimeout(poll, 1000);
})();

// Desk helpers, loaded as a file: the Content-Security-Policy allows no inline script.
// A filter box over the procedure list: typing "khai sinh" or "khai sinh" without diacritics narrows the <select>.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function setUpFilter(input) {
    var select = document.getElementById(input.getAttribute("data-filter-for"));
    var status = document.getElementById(input.getAttribute("data-filter-status"));
    if (!select) {
      return;
    }
    var items = Array.prototype.map.call(select.options, function (option) {
      return { option: option, key: fold(option.text + " " + option.value) };
    });
    input.hidden = false;
    if (input.parentElement) {
      input.parentElement.hidden = false;
    }
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var before = select.value;
      var matches = [];
      select.textContent = "";
      items.forEach(function (item) {
        var placeholder = item.option.value === "";
        // The chosen procedure stays in the list, so filtering never silently drops a choice.
        var keep = placeholder || item.option.value === before || words.every(function (w) {
          return item.key.indexOf(w) !== -1;
        });
        if (keep) {
          select.appendChild(item.option);
        }
        if (keep && !placeholder && words.length && words.every(function (w) { return item.key.indexOf(w) !== -1; })) {
          matches.push(item.option);
        }
      });
      if (matches.length === 1) {
        select.value = matches[0].value;
      } else {
        select.value = before;
      }
      if (status) {
        status.textContent = !words.length ? "" : matches.length
          ? "Có " + matches.length + " thủ tục phù hợp" + (matches.length === 1 ? ", đã chọn." : ".")
          : "Không có thủ tục nào phù hợp.";
      }
      if (select.value !== before) {
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  document.querySelectorAll("[data-filter-for]").forEach(setUpFilter);
})();

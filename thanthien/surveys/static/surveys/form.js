// The public survey form: a question with a condition (`${q} = 'x'` in the XLSForm) shows only while question q
// has the answer x; its inputs are disabled while hidden so they are not sent. The server checks the same again.
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) {
    return;
  }
  function answerOf(name) {
    var box = form.querySelector('[data-question="' + name + '"]');
    if (!box || box.hidden) {
      return "";
    }
    var checked = box.querySelector('input[name="' + name + '"]:checked');
    if (checked) {
      return checked.value;
    }
    var typed = box.querySelector('input[type="text"], input[type="number"], textarea');
    return typed ? typed.value.trim() : "";
  }
  function update() {
    form.querySelectorAll("[data-relevant-name]").forEach(function (box) {
      var show = answerOf(box.getAttribute("data-relevant-name")) === box.getAttribute("data-relevant-value");
      box.hidden = !show;
      box.querySelectorAll("input, textarea, select").forEach(function (input) {
        input.disabled = !show;
      });
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();

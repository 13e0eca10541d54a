// The letter template editor: a field button inserts its text («Họ tên người nhận», or {{ recipient_name }} in
// the raw view) at the cursor and refreshes the preview. A static file: the Content-Security-Policy refuses inline
// scripts.
(function () {
  'use strict';
  var chips = document.getElementById('placeholders');
  if (!chips) return;
  var area = document.getElementById(chips.dataset.target);
  chips.addEventListener('click', function (event) {
    var button = event.target.closest('[data-insert]');
    if (!button || !area) return;
    var start = area.selectionStart, end = area.selectionEnd;
    if (typeof start !== 'number') { start = end = area.value.length; }
    area.setRangeText(button.dataset.insert, start, end, 'end');
    area.focus();
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
})();

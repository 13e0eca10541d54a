// The letters registry: "chọn tất cả" and "In hàng loạt" with nothing ticked (a message here, not a new tab).
// A static file because the Content-Security-Policy refuses inline handlers.
(function () {
  'use strict';
  var all = document.getElementById('select-all');
  if (all) {
    all.addEventListener('change', function () {
      document.querySelectorAll('.letter-pick').forEach(function (box) { box.checked = all.checked; });
    });
  }
  var form = document.getElementById('batch-form');
  var message = document.getElementById('batch-msg');
  if (form && message) {
    form.addEventListener('submit', function (event) {
      if (!document.querySelector('.letter-pick:checked')) {
        event.preventDefault();
        message.textContent = 'Chưa chọn thư nào: hãy đánh dấu các thư cần in trong bảng rồi bấm “In hàng loạt”.';
        message.classList.remove('d-none');
      } else {
        message.textContent = '';
        message.classList.add('d-none');
      }
    });
  }
})();

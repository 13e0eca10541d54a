// "Sao chép trích dẫn": copies the citation's text. A static file because the Content-Security-Policy refuses
// inline scripts.
(function () {
  'use strict';
  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy-target'));
    var status = button.parentNode.querySelector('[data-copy-status]');
    if (!source) { return; }
    function said(text) { if (status) { status.textContent = text; } }
    function fallback(text) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area);
      said(ok ? 'Đã sao chép.' : 'Không sao chép được: hãy chọn đoạn trích dẫn và bấm Ctrl+C.');
    }
    button.addEventListener('click', function () {
      var text = source.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { said('Đã sao chép.'); }, function () { fallback(text); });
      } else {
        fallback(text);
      }
    });
  });
})();

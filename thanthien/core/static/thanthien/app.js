// Behaviour shared by every staff page, written here because the Content-Security-Policy refuses inline
// handlers (onsubmit=, onchange=):
//   <form data-confirm="Câu hỏi?">   asks before submitting (irreversible steps);
//   <select data-autosubmit>         submits its form when the choice changes.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.dataset.confirm) || (form.dataset && form.dataset.confirm);
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener('change', function (event) {
    var field = event.target;
    if (field.matches && field.matches('[data-autosubmit]') && field.form) {
      if (field.form.requestSubmit) field.form.requestSubmit(); else field.form.submit();
    }
  });
})();

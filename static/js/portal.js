// Behaviour the pages declare in their markup, so that no page carries inline script
// (Content-Security-Policy: script-src 'self').
//   data-autosubmit on a field: changing it submits its form (year and region pickers).
//   data-confirm on a form or a submit button: ask before submitting.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
})();

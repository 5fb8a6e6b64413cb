// Behaviour the pages declare in their markup, so that no page carries inline script
// (Content-Security-Policy: script-src 'self').
//   data-autosubmit on a field: changing it submits its form (year and region pickers).
//   data-confirm on a form or a submit button: ask before submitting.
//   a table too wide for the screen (.table-responsive that scrolls) can be reached and scrolled by keyboard.
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
  function focusableScrolls() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "表格（可左右滚动）");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusableScrolls);
  else focusableScrolls();
})();

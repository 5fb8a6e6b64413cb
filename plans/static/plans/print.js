// The plan page's 打印 button (no inline script under the CSP): prints the 任务分解表 (plans/print.css).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

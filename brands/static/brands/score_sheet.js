// The running total of an expert's score sheet.
(function () {
  const form = document.getElementById("score-form"), out = document.getElementById("score-total");
  function sum() {
    let total = 0;
    form.querySelectorAll("input[name^=points_]").forEach(function (i) { total += Number(i.value) || 0; });
    out.textContent = total.toFixed(1);
  }
  form.addEventListener("input", sum);
  sum();
})();

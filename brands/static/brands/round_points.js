// The running total of a round's category points (they must sum to 1000).
(function () {
  const form = document.getElementById("points-form"), out = document.getElementById("points-total");
  function sum() {
    let total = 0;
    form.querySelectorAll("input[type=number]").forEach(function (i) { total += Number(i.value) || 0; });
    out.textContent = total;
    out.className = "fw-semibold " + (total === 1000 ? "text-success" : "text-danger");
  }
  form.addEventListener("input", sum);
  sum();
})();

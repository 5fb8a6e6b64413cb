// The report form shows only the fields the chosen report needs.
(function () {
  const kind = document.getElementById("id_kind");
  if (!kind) return;
  const needs = {annual: ["scheme"], county: ["scheme", "region"], quality_status: ["period"]};
  function toggle() {
    for (const name of ["scheme", "region", "period"]) {
      document.querySelector(`[data-field="${name}"]`).hidden = !needs[kind.value].includes(name);
    }
  }
  kind.addEventListener("change", toggle);
  toggle();
})();

// Draws the dashboard's charts from the JSON the page embeds (id "dashboard-charts").
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dashboard-charts").textContent);
  const statusColors = { met: "#198754", at_risk: "#fd7e14", not_met: "#dc3545", no_data: "#adb5bd", qualitative: "#6f42c1" };
  const palette = ["#0b4f8a", "#e8a33d", "#3ba272", "#9a60b4", "#ee6666"];
  const charts = [];

  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    const chart = echarts.init(el);
    chart.setOption(Object.assign({ color: palette, grid: { left: 48, right: 16, top: 40, bottom: 32 } }, option));
    charts.push(chart);
  }

  draw("chart-targets", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    xAxis: { type: "category", data: data.targets.domains },
    yAxis: { type: "value", minInterval: 1, name: "项" },
    series: data.targets.series.map((s) => ({
      name: s.name, type: "bar", stack: "targets", data: s.data, itemStyle: { color: statusColors[s.status] },
    })),
  });

  draw("chart-pass-trend", {
    tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v + "%") },
    legend: { top: 0 },
    xAxis: { type: "category", data: data.passTrend.periods },
    yAxis: { type: "value", scale: true, name: "%", max: 100 },
    dataZoom: data.passTrend.periods.length > 12 ? [{ type: "inside", startValue: data.passTrend.periods.length - 12 }] : [],
    series: data.passTrend.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: true, smooth: true })),
  });

  draw("chart-classes", {
    tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v + "%") },
    grid: { left: 110, right: 24, top: 16, bottom: 24 },
    xAxis: { type: "value", scale: true, max: 100 },
    yAxis: { type: "category", data: data.classes.labels },
    series: [{ type: "bar", data: data.classes.rates, label: { show: true, position: "right", formatter: "{c}%" } }],
  });

  draw("chart-brands", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.brands.years },
    yAxis: { type: "value", minInterval: 1, name: "项" },
    series: [{ name: "有效名牌与奖项", type: "bar", data: data.brands.valid, itemStyle: { color: "#e8a33d" } }],
  });

  draw("chart-complaints", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.complaints.months },
    yAxis: { type: "value", minInterval: 1, name: "件" },
    series: data.complaints.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
  });

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();

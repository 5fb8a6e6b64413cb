// Draws the dashboard's charts from the JSON the page embeds (id "dashboard-charts").
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dashboard-charts").textContent);
  const statusColors = { met: "#198754", at_risk: "#fd7e14", not_met: "#dc3545", incomplete: "#dee2e6", no_data: "#adb5bd", qualitative: "#6f42c1" };
  const palette = ["#0b4f8a", "#e8a33d", "#3ba272", "#9a60b4", "#ee6666"];
  const charts = [];
  const percent = (v) => (v == null ? "—" : Number(v).toFixed(2) + "%");
  // One line of legend that pages sideways on a phone, instead of wrapping over the plot.
  const legend = { top: 0, type: "scroll", itemWidth: 14, itemGap: 8 };
  const yearSelect = document.getElementById("year");
  const chosenYear = yearSelect ? yearSelect.value : "";

  function draw(id, option) {
    const el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    const chart = echarts.init(el);
    chart.setOption(Object.assign({ color: palette, grid: { left: 48, right: 16, top: 48, bottom: 32 } }, option));
    charts.push(chart);
  }

  draw("chart-targets", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: legend,
    xAxis: { type: "category", data: data.targets.domains },
    yAxis: { type: "value", minInterval: 1, name: "项" },
    series: data.targets.series.map((s) => ({
      name: s.name, type: "bar", stack: "targets", data: s.data, itemStyle: { color: statusColors[s.status] },
    })),
  });

  draw("chart-pass-trend", {
    tooltip: { trigger: "axis", valueFormatter: percent },
    legend: legend,
    xAxis: { type: "category", data: data.passTrend.periods },
    // From a multiple of 10 up to 100%, so the ticks stay round.
    yAxis: { type: "value", min: (v) => Math.floor(v.min / 10) * 10, max: 100, axisLabel: { formatter: "{value}%" } },
    dataZoom: data.passTrend.periods.length > 12 ? [{ type: "inside", startValue: data.passTrend.periods.length - 12 }] : [],
    // Straight segments: a smoothed curve overshoots the points and can draw a rate above 100%.
    series: data.passTrend.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: true })),
  });

  draw("chart-classes", {
    tooltip: { trigger: "axis", valueFormatter: percent },
    grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
    // Bars start at 0 so their lengths compare honestly; the labels carry the exact rates.
    xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    // Top to bottom in the same order as the table below the chart.
    yAxis: { type: "category", data: data.classes.labels, inverse: true },
    series: [{ name: "合格率", type: "bar", data: data.classes.rates, label: { show: true, position: "right", formatter: (p) => percent(p.value) } }],
  });

  draw("chart-brands", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.brands.years },
    yAxis: { type: "value", minInterval: 1, name: "项" },
    // The year the page shows (its table's year) stands out among the others.
    series: [{
      name: "有效名牌与奖项", type: "bar", itemStyle: { color: "#f0c987" },
      data: data.brands.valid.map((v, i) => (String(data.brands.years[i]) === chosenYear ? { value: v, itemStyle: { color: "#c27c0e" } } : v)),
    }],
  });

  draw("chart-complaints", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.complaints.months },
    yAxis: { type: "value", minInterval: 1, name: "件" },
    series: data.complaints.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
  });

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();

// A target's history chart: one line per region, the target as a dashed line (data from the page).
(function () {
  var series = JSON.parse(document.getElementById("chart-data").textContent);
  var years = JSON.parse(document.getElementById("chart-years").textContent);
  var el = document.getElementById("history-chart");
  var chart = echarts.init(el);
  var threshold = JSON.parse(el.dataset.threshold);
  var unit = el.dataset.unit;
  var isRate = unit === "%";
  chart.setOption({
    tooltip: {trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : (isRate ? Number(v).toFixed(2) : v) + unit; }},
    legend: {type: "scroll", bottom: 0},
    grid: {left: 8, right: 72, top: 28, bottom: 40, containLabel: true},
    xAxis: {type: "category", data: years},
    // A rate runs from a multiple of 10 up to 100%, so the ticks stay round; other figures show their unit above the axis.
    yAxis: isRate
      ? {type: "value", min: function (v) { return Math.floor(v.min / 10) * 10; }, max: 100, axisLabel: {formatter: "{value}%"}}
      : {type: "value", scale: true, name: unit},
    series: series.map(function (s, i) {
      var line = {name: s.name, type: "line", data: s.data, connectNulls: true, lineStyle: {width: i === 0 ? 3 : 1.5}};
      if (i === 0 && threshold !== null) { line.markLine = {symbol: "none", label: {formatter: "目标 {c}" + unit}, lineStyle: {type: "dashed", color: "#dc3545"}, data: [{yAxis: threshold}]}; }
      return line;
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

// The targets board's sparklines; each cell carries its series in data-series.
document.querySelectorAll(".sparkline").forEach(function (el) {
  var series = JSON.parse(el.dataset.series);
  if (!series.some(function (p) { return p[1] !== null; })) { el.textContent = ""; return; }
  var chart = echarts.init(el, null, {renderer: "svg"});
  chart.setOption({
    animation: false, grid: {left: 2, right: 2, top: 3, bottom: 3},
    xAxis: {type: "category", show: false, data: series.map(function (p) { return p[0]; })},
    yAxis: {type: "value", show: false, scale: true},
    tooltip: {trigger: "axis", confine: true, textStyle: {fontSize: 11}, padding: 4},
    series: [{type: "line", data: series.map(function (p) { return p[1]; }), symbolSize: 3, connectNulls: true, lineStyle: {width: 1.5, color: "#0b4f8a"}, itemStyle: {color: "#0b4f8a"}}]
  });
});

// The pass-rate trend chart; its data comes from the page's json_script block #rate-data.
  (function () {
    var el = document.getElementById("rate-chart");
    if (!el) return;
    var data = JSON.parse(document.getElementById("rate-data").textContent);
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: {trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : Number(v).toFixed(2) + "%"; }},
      grid: {left: 48, right: 16, top: 16, bottom: 32},
      xAxis: {type: "category", data: data.periods},
      // From a multiple of 10 up to 100% (a rate's ceiling), so the ticks stay round numbers.
      yAxis: {type: "value", min: function (v) { return Math.floor(v.min / 10) * 10; }, max: 100, axisLabel: {formatter: "{value}%"}},
      series: [{name: "合格率", type: "line", data: data.rates, smooth: false, label: {show: true, formatter: function (p) { return p.value == null ? "" : Number(p.value).toFixed(2) + "%"; }}}]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  })();

// Draws the auditor's charts with Chart.js from the data the server put in #charts (a data attribute: no inline
// script under the page's CSP).
document.addEventListener('DOMContentLoaded', () => {
  'use strict';
  const box = document.getElementById('charts');
  if (!box || !window.Chart) { return; }
  const data = JSON.parse(box.dataset.charts);
  const common = { animation: false, responsive: true, maintainAspectRatio: false };
  new window.Chart(document.getElementById('chart-per-day'), {
    type: 'bar',
    data: { labels: data.days, datasets: data.perCourt.map((s) => ({ label: s.label, data: s.data })) },
    options: Object.assign({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }, common)
  });
  const outcomes = Object.keys(data.outcomes);
  new window.Chart(document.getElementById('chart-outcomes'), {
    type: 'doughnut',
    data: { labels: outcomes.map((o) => box.dataset['outcome' + o.charAt(0).toUpperCase() + o.slice(1).replace('_u', 'U')] || o),
      datasets: [{ data: outcomes.map((o) => data.outcomes[o]) }] },
    options: common
  });
  new window.Chart(document.getElementById('chart-heard'), {
    type: 'bar',
    data: { labels: data.heardBuckets, datasets: [{ label: box.dataset.labelHeard, data: data.heard }] },
    options: Object.assign({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, common)
  });
  box.dataset.drawn = 'true';
});

/**
 * The script of the `reach --format html` page, inline so the page works offline. It reads the
 * page's data (`#reach-data`, JSON) and writes text only through `textContent`, never as markup, so
 * a name from the manifests is shown as text whatever it holds. Filters hide rows, columns, curves
 * and table rows by the node indexes the page carries in `data-` attributes.
 */
export const SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('reach-data').textContent);
  var nodes = data.nodes;
  var byId = function (id) { return document.getElementById(id); };
  var namespace = byId('filter-namespace');
  var workload = byId('filter-workload');
  var search = byId('filter-search');
  var count = byId('filter-count');
  var edgeRows = Array.prototype.slice.call(document.querySelectorAll('table.edges tr[data-from]'));
  var heat = document.querySelector('table.heatmap[data-nodes]');
  var peers = nodes.map(function () { return []; });
  edgeRows.forEach(function (row) {
    var from = +row.getAttribute('data-from');
    var to = +row.getAttribute('data-to');
    peers[from].push(to);
    peers[to].push(from);
  });
  var lower = nodes.map(function (node) { return node.id.toLowerCase(); });

  function apply() {
    var ns = namespace.value === '' ? -1 : +namespace.value;
    var w = workload.value === '' ? -1 : +workload.value;
    var text = search.value.trim().toLowerCase();
    var inNamespace = function (i) { return i < 0 || ns < 0 || nodes[i].ns < 0 || nodes[i].ns === ns; };
    var matches = lower.map(function (id) { return text === '' || id.indexOf(text) >= 0; });
    var wPeers = {};
    if (w >= 0) peers[w].forEach(function (p) { wPeers[p] = true; });
    var shown = nodes.map(function (_, i) {
      return inNamespace(i) && (w < 0 || i === w || wPeers[i] === true) && (matches[i] || peers[i].some(function (p) { return matches[p]; }));
    });
    var edgeShown = function (from, to) {
      return inNamespace(from) && inNamespace(to) && (w < 0 || from === w || to === w) && (text === '' || (from >= 0 && matches[from]) || (to >= 0 && matches[to]));
    };
    var visible = 0;
    edgeRows.forEach(function (row) {
      var on = edgeShown(+row.getAttribute('data-from'), +row.getAttribute('data-to'));
      row.hidden = !on;
      if (on) visible++;
    });
    count.textContent = visible + ' of ' + edgeRows.length + ' connections shown';
    if (heat) {
      var sections = [];
      Array.prototype.forEach.call(heat.rows, function (row) {
        if (row.className === 'section') { sections.push({ row: row, any: false }); return; }
        var i = row.getAttribute('data-i');
        if (i !== null) {
          row.hidden = !shown[+i];
          if (!row.hidden && sections.length > 0) sections[sections.length - 1].any = true;
        }
        for (var k = 1; k < row.cells.length; k++) row.cells[k].hidden = !shown[k - 1];
      });
      sections.forEach(function (s) { s.row.hidden = !s.any; });
    }
    Array.prototype.forEach.call(document.querySelectorAll('svg path[data-from]'), function (path) {
      path.style.display = edgeShown(+path.getAttribute('data-from'), +path.getAttribute('data-to')) ? '' : 'none';
    });
    Array.prototype.forEach.call(document.querySelectorAll('svg text[data-n]'), function (label) {
      var n = +label.getAttribute('data-n');
      label.style.display = n < 0 || shown[n] ? '' : 'none';
    });
  }

  var picked = null;
  function explain(event) {
    var cell = event.target.closest('td');
    if (!cell || !heat.contains(cell)) return;
    var row = cell.parentNode;
    var from = +row.getAttribute('data-i');
    var to = cell.cellIndex - 1;
    if (picked) picked.classList.remove('picked');
    picked = cell;
    cell.classList.add('picked');
    byId('explanation-title').textContent = nodes[from].id + ' \u2192 ' + nodes[to].id;
    var text = data.explain[String(from * nodes.length + to)];
    if (from === to) text = 'The same node: the matrix has no cell for a node with itself.';
    else if (text === undefined && data.explained < data.pairs) text = 'Not embedded: this page explains the first ' + data.explained + ' of ' + data.pairs + ' pairs. Run: kube-netlint explain FROM TO';
    else if (text === undefined) text = 'Between two address ranges: the matrix has no such connection.';
    byId('explanation-text').textContent = text;
  }

  namespace.addEventListener('change', apply);
  workload.addEventListener('change', apply);
  search.addEventListener('input', apply);
  if (heat) heat.addEventListener('click', explain);
  apply();
})();
`;

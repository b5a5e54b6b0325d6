// The per-minute chart of the dashboard: orders as bars, revenue (in one currency) as a line, the last
// `minutes` minutes ending at the current one. Plain SVG built with DOM calls: nothing fetched, no
// library. Each bar carries data-minute / data-orders / data-revenue for tests and tooltips.
const SVG = 'http://www.w3.org/2000/svg';
const W = 720, H = 200, LEFT = 34, RIGHT = 46, TOP = 10, BOTTOM = 22;

function node(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Draws into `svg`: `windows` is a Map windowStart(ms) → {orders, revenueMinor:{CUR: n}}; `currency`
 * names the revenue line's currency; `format(minor)` renders an amount; `endMs` is the current minute.
 */
export function drawChart(svg, windows, { minutes, endMs, currency, format, clock }) {
  const slots = [];
  for (let i = minutes - 1; i >= 0; i--) {
    const start = endMs - i * 60000;
    const w = windows.get(start);
    slots.push({ start, orders: w ? w.orders : 0, revenue: w && currency ? (w.revenueMinor[currency] || 0) : 0 });
  }
  const maxOrders = Math.max(1, ...slots.map((s) => s.orders));
  const maxRevenue = Math.max(1, ...slots.map((s) => s.revenue));
  const plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM, step = plotW / minutes;
  const y = (v, max) => TOP + plotH - (v / max) * plotH;

  const parts = [
    node('line', { class: 'axis', x1: LEFT, y1: TOP + plotH, x2: W - RIGHT, y2: TOP + plotH }),
    node('text', { x: LEFT - 4, y: TOP + 8, 'text-anchor': 'end' }, String(maxOrders)),
    node('text', { x: LEFT - 4, y: TOP + plotH, 'text-anchor': 'end' }, '0'),
    node('text', { x: W - RIGHT + 4, y: TOP + 8 }, currency ? format(maxRevenue) : ''),
    node('text', { x: LEFT, y: H - 6 }, clock(slots[0].start)),
    node('text', { x: W - RIGHT, y: H - 6, 'text-anchor': 'end' }, clock(slots[slots.length - 1].start)),
  ];
  const points = [];
  slots.forEach((s, i) => {
    const x = LEFT + i * step;
    const top = y(s.orders, maxOrders);
    const bar = node('rect', {
      class: i === slots.length - 1 ? 'bar current' : 'bar', x: x + 1, y: top, width: Math.max(1, step - 2),
      height: TOP + plotH - top, 'data-minute': new Date(s.start).toISOString(), 'data-orders': s.orders,
      'data-revenue': s.revenue,
    });
    bar.append(node('title', {}, clock(s.start) + ': ' + s.orders + ' orders' + (currency ? ', ' + format(s.revenue) : '')));
    parts.push(bar);
    points.push([x + step / 2, y(s.revenue, maxRevenue)]);
  });
  if (currency) {
    parts.push(node('polyline', { class: 'revenue', points: points.map((p) => p.join(',')).join(' ') }));
    const last = points[points.length - 1];
    parts.push(node('circle', { class: 'dot', cx: last[0], cy: last[1], r: 3 }));
  }
  svg.replaceChildren(...parts);
}

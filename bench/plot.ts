/** A hand-written SVG line chart: linear x (migration count), log10 y (seconds). No dependency. */
export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: Array<[number, number]>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const secs = (v: number) =>
  v >= 1 ? `${+v.toPrecision(3)} s` : `${+(v * 1000).toPrecision(3)} ms`;

export function renderPlot(
  title: string,
  series: Series[],
  axes: { x?: string; y?: string } = {},
): string {
  const W = 840,
    H = 460,
    L = 70,
    R = 310,
    T = 40,
    B = 55;
  const pw = W - L - R,
    ph = H - T - B;
  const pts = series.flatMap((s) => s.points);
  if (!pts.length)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="60"><text x="10" y="30">${esc(title)}: no data</text></svg>\n`;
  const xMax = Math.max(...pts.map(([x]) => x)) * 1.05;
  // y range: nice 1/2/5 steps around the data
  const nice = (v: number, up: boolean) => {
    const e = Math.floor(Math.log10(v));
    const steps = [1, 2, 5, 10].map((m) => m * 10 ** e);
    return Math.log10(up ? steps.find((s) => s >= v)! : [...steps].reverse().find((s) => s <= v)!);
  };
  const yLo = nice(Math.min(...pts.map(([, y]) => y)), false);
  const yHi = Math.max(yLo + 0.5, nice(Math.max(...pts.map(([, y]) => y)), true));
  const X = (x: number) => L + (x / xMax) * pw;
  const Y = (y: number) => T + ph - ((Math.log10(y) - yLo) / (yHi - yLo)) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L + pw / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  // y grid: decades labelled, 2× and 5× faint
  for (let e = Math.floor(yLo); e <= yHi; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (Math.log10(v) > yHi + 1e-9 || Math.log10(v) < yLo - 1e-9) continue;
      out.push(
        `<line x1="${L}" x2="${L + pw}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" stroke="${m === 1 ? "#ccc" : "#eee"}"/>`,
      );
      out.push(
        `<text x="${L - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end" fill="${m === 1 ? "#000" : "#888"}">${secs(v)}</text>`,
      );
    }
  }
  // x ticks at round steps
  const step = [10, 20, 50, 100, 200, 500, 1000].find((s) => xMax / s <= 8) ?? 1000;
  for (let x = 0; x <= xMax; x += step) {
    out.push(
      `<line x1="${X(x).toFixed(1)}" x2="${X(x).toFixed(1)}" y1="${T}" y2="${T + ph}" stroke="#eee"/>`,
    );
    out.push(`<text x="${X(x).toFixed(1)}" y="${T + ph + 18}" text-anchor="middle">${x}</text>`);
  }
  out.push(`<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="none" stroke="#000"/>`);
  out.push(
    `<text x="${L + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(axes.x ?? "migrations (app migration files)")}</text>`,
  );
  out.push(
    `<text transform="translate(18 ${T + ph / 2}) rotate(-90)" text-anchor="middle">${esc(axes.y ?? "time to ready (log scale)")}</text>`,
  );
  series.forEach((s, i) => {
    if (!s.points.length) return;
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    const d = s.points
      .map(([x, y], j) => `${j ? "L" : "M"}${X(x).toFixed(1)},${Y(y).toFixed(1)}`)
      .join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const [x, y] of s.points) {
      out.push(
        `<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3.5" fill="${s.dashed ? "white" : s.color}" stroke="${s.color}" stroke-width="1.5"><title>${esc(s.label)}: ${x} migrations, ${secs(y)}</title></circle>`,
      );
    }
    const ly = T + 10 + i * 22;
    out.push(
      `<line x1="${L + pw + 15}" x2="${L + pw + 45}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${L + pw + 52}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

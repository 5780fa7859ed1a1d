/**
 * WCAG contrast of text as Chromium draws it: the element's colour (alpha included) over the first
 * opaque background behind it, semi-transparent backgrounds on the way blended in. In-page code
 * is a string so the test runner's transforms never reach the page.
 */
export interface TextContrast {
  text: string;
  selector: string;
  ratio: number;
  color: string;
  background: string;
}

/** Evaluates to TextContrast[] for every visible element under `root` that has text of its own (aria-hidden ones excepted). */
export const MEASURE_TEXT_CONTRAST = `(root) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0]; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => { const a = top[3]; return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1]; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const backgroundOf = (el) => { const layers = []; for (let e = el; e; e = e.parentElement) { const b = parse(getComputedStyle(e).backgroundColor); if (b[3] > 0) { layers.push(b); if (b[3] >= 1) break; } } let base = [255, 255, 255, 1]; for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base); return base; };
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.closest('[aria-hidden="true"]')) continue;
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
    if (!own) continue;
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden') continue;
    let opacity = 1; for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const bg = backgroundOf(el); const fg = parse(s.color); const drawn = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const [a, b] = [lum(drawn), lum(bg)].sort((x, y) => y - x);
    out.push({ text: own.slice(0, 40), selector: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''), ratio: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100, color: s.color, background: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')' });
  }
  return out;
}`;

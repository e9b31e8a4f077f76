#!/usr/bin/env node
// Dessine les illustrations des fiches d'exemple (examples/images/*.png).
//
// Aucune photo réelle : ce sont des scènes simples (ciel, montagnes, château d'eau,
// bâtiments, palmiers, arganiers) tracées avec ImageMagick (`convert`), sans
// dépendance npm supplémentaire. Usage : node scripts/draw-example-images.mjs
// Variable CONVERT pour changer le binaire (défaut : convert dans le PATH).

import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'examples', 'images');
const CONVERT = process.env.CONVERT || 'convert';
const W = 800;
const H = 500;

/** Primitive helpers: each returns ImageMagick -draw arguments. */
const fill = (color) => ['-fill', color];
const stroke = (color, width = 1) => ['-stroke', color, '-strokewidth', String(width)];
const noStroke = () => ['-stroke', 'none'];
const draw = (primitive) => ['-draw', primitive];
const poly = (pts) => draw(`polygon ${pts.map(([x, y]) => `${x},${y}`).join(' ')}`);
const rect = (x0, y0, x1, y1) => draw(`rectangle ${x0},${y0} ${x1},${y1}`);
const ellipse = (cx, cy, rx, ry) => draw(`ellipse ${cx},${cy} ${rx},${ry} 0,360`);
const circle = (cx, cy, r) => draw(`circle ${cx},${cy} ${cx + r},${cy}`);
const line = (x0, y0, x1, y1) => draw(`line ${x0},${y0} ${x1},${y1}`);

/** Sky gradient as the base canvas. */
const sky = (top, bottom) => ['-size', `${W}x${H}`, `gradient:${top}-${bottom}`];

/** A mountain ridge from a list of peak points, closed at the bottom of the image. */
function ridge(color, pts, base = H) {
  return [...fill(color), ...noStroke(), ...poly([[0, base], ...pts, [W, base]])];
}

/** A date palm: curved-ish trunk and a crown of fronds. */
function palm(x, y, h) {
  const out = [...stroke('#6b4a2b', 7), ...fill('none'), ...draw(`bezier ${x},${y} ${x + 6},${y - h / 2} ${x - 4},${y - h}`)];
  const tx = x - 4;
  const ty = y - h;
  const fronds = [[-60, 20], [-45, -10], [-15, -30], [20, -28], [50, -5], [62, 22], [-30, 35], [35, 38]];
  for (const [dx, dy] of fronds) {
    out.push(...stroke('#2f6b2f', 5), ...draw(`bezier ${tx},${ty} ${tx + dx / 2},${ty + dy / 2 - 15} ${tx + dx},${ty + dy}`));
  }
  return out;
}

/** An argan tree: short twisted trunk and a wide, low, dark-green crown. */
function argan(x, y, s = 1) {
  return [
    ...stroke('#5a3d22', 6 * s), ...line(x, y, x - 8 * s, y - 35 * s), ...line(x, y - 10 * s, x + 14 * s, y - 38 * s),
    ...noStroke(), ...fill('#3d6b35'), ...ellipse(x, y - 50 * s, 62 * s, 28 * s),
    ...fill('#4f8042'), ...ellipse(x - 25 * s, y - 58 * s, 30 * s, 16 * s), ...ellipse(x + 28 * s, y - 55 * s, 28 * s, 14 * s),
  ];
}

/** A walnut or almond tree, rounder. */
function roundTree(x, y, s = 1) {
  return [
    ...stroke('#5a3d22', 6 * s), ...line(x, y, x, y - 40 * s), ...noStroke(),
    ...fill('#557a3a'), ...circle(x, y - 62 * s, 32 * s), ...fill('#6b9148'), ...circle(x - 14 * s, y - 72 * s, 16 * s),
  ];
}

/** Flat-roofed building with optional arched door and windows. */
function building(x, y, w, h, color, { door = true, windows = 2, crenels = false } = {}) {
  const out = [...fill(color), ...stroke('#7a5a3a', 2), ...rect(x, y - h, x + w, y)];
  if (crenels) {
    for (let cx = x; cx < x + w - 4; cx += 24) out.push(...rect(cx, y - h - 12, cx + 12, y - h));
  }
  if (door) {
    const dx = x + w / 2 - 16;
    out.push(...fill('#5b3a1e'), ...noStroke(), ...rect(dx, y - 48, dx + 32, y), ...ellipse(dx + 16, y - 48, 16, 14));
  }
  for (let i = 0; i < windows; i++) {
    const wx = x + ((i + 1) * w) / (windows + 1) - 9;
    out.push(...fill('#3b2a1a'), ...noStroke(), ...rect(wx, y - h + 22, wx + 18, y - h + 44));
  }
  return out;
}

/** Hatched terraces (cultures en terrasses). */
function terraces(x0, y0, n, w, step, color) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const y = y0 + i * step;
    out.push(...fill(color), ...stroke('#8a6b43', 2), ...rect(x0 - i * 25, y, x0 - i * 25 + w + i * 50, y + step - 4));
  }
  return out;
}

const scenes = {
  // RE-TIZ-01 : château d'eau et station de pompage, vallée des Ammeln (granit rose).
  'chateau-eau-afella-ighir.png': [
    ...sky('#7fb8e6', '#f4e6d2'),
    ...ridge('#c98f7a', [[0, 250], [90, 170], [170, 215], [260, 120], [350, 200], [430, 160], [520, 230], [610, 140], [700, 190], [800, 150]]),
    ...ridge('#b5745f', [[0, 320], [120, 260], [240, 300], [330, 250], [470, 310], [600, 270], [720, 300], [800, 280]]),
    ...ridge('#d9b68c', [[0, 400], [800, 380]]),
    // réservoir surélevé : cuve cylindrique sur pieds
    ...stroke('#8d8d8d', 8), ...line(505, 390, 520, 250), ...line(595, 390, 580, 250), ...line(550, 390, 550, 250),
    ...stroke('#8d8d8d', 4), ...line(512, 330, 588, 330), ...line(516, 290, 584, 290),
    ...noStroke(), ...fill('#e8e4dc'), ...rect(490, 180, 610, 255), ...ellipse(550, 180, 60, 16),
    ...fill('#cfc8bb'), ...ellipse(550, 255, 60, 14), ...fill('#4a90c2'), ...rect(490, 205, 610, 215),
    // local technique et conduite
    ...building(300, 405, 110, 70, '#e9d3b0', { windows: 1 }),
    ...stroke('#3f6f9e', 6), ...line(410, 395, 505, 395), ...line(120, 440, 300, 400),
    // palmeraie
    ...palm(90, 460, 150), ...palm(170, 470, 120), ...palm(690, 465, 160), ...palm(750, 475, 110),
    ...argan(250, 470, 0.8),
  ],
  // RE-CHT-02 : local de la coopérative d'argan et arganeraie.
  'cooperative-argan-imi-mqourn.png': [
    ...sky('#8cc4ec', '#f7ecd9'),
    ...ridge('#b99a72', [[0, 260], [150, 210], [300, 250], [420, 200], [560, 240], [700, 205], [800, 230]]),
    ...ridge('#d8bf94', [[0, 330], [200, 300], [400, 320], [600, 295], [800, 315]]),
    ...ridge('#e2cda4', [[0, 420], [800, 410]]),
    ...building(300, 420, 240, 110, '#f0dcb8', { windows: 3 }),
    ...fill('#2f7d6d'), ...noStroke(), ...rect(330, 318, 510, 338),
    ...fill('#ffffff'), ...draw("text 352,334 'COOPÉRATIVE'"),
    ...argan(120, 440, 1.2), ...argan(640, 450, 1.1), ...argan(760, 430, 0.8), ...argan(220, 470, 0.7),
    // sacs de noix devant la porte
    ...fill('#c9a46a'), ...stroke('#8a6b43', 2), ...ellipse(575, 410, 16, 12), ...ellipse(600, 412, 16, 12),
  ],
  // RE-TAR-02 : gîte en pisé avec terrasses, Siroua enneigé au fond.
  'gite-ahl-tifnoute.png': [
    ...sky('#6fa8dc', '#eaf2f8'),
    ...ridge('#8f7f74', [[0, 230], [120, 140], [230, 190], [360, 80], [470, 170], [600, 110], [720, 180], [800, 150]]),
    ...fill('#ffffff'), ...noStroke(), ...poly([[330, 110], [360, 80], [392, 112], [375, 118], [360, 105], [345, 120]]),
    ...poly([[575, 130], [600, 110], [625, 132], [610, 138], [598, 128], [588, 140]]),
    ...ridge('#a8845f', [[0, 330], [160, 270], [330, 310], [520, 260], [680, 300], [800, 280]]),
    ...terraces(120, 380, 4, 220, 28, '#9dbb6a'),
    ...building(430, 420, 220, 130, '#c48a5c', { windows: 3, crenels: true }),
    ...building(560, 420, 90, 170, '#b87d50', { door: false, windows: 1, crenels: true }),
    ...roundTree(700, 470, 1.1), ...roundTree(380, 470, 0.9), ...roundTree(760, 460, 0.7),
  ],
};

mkdirSync(outDir, { recursive: true });
for (const [name, args] of Object.entries(scenes)) {
  const file = join(outDir, name);
  // -colors 48 +dither: palette PNG, well under 100 KB.
  execFileSync(CONVERT, [...args, '+dither', '-colors', '48', '-strip', `PNG8:${file}`], { stdio: 'inherit' });
  const kb = Math.round(statSync(file).size / 1024);
  console.log(`${name}: ${kb} KB`);
}

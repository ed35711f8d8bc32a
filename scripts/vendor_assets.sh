#!/usr/bin/env bash
# Vendor the front-end files that folium 0.20 / streamlit-folium load from CDNs, so the app
# makes zero requests to any host but its own Streamlit server.
#
#   scripts/vendor_assets.sh          # rebuilds static/vendor/ and static/vendor/MANIFEST.json
#
# Needs: npm (registry access), node, tar. Run it only to change versions: the output is
# committed, so running the app never needs npm. The output is deterministic (same input
# tarballs -> byte-identical files and MANIFEST).
#
# Every package is fetched with `npm pack NAME@VERSION` into a temp dir and extracted; only
# the dist files folium references are copied (plus images/fonts their CSS references, plus
# the licence). Source maps are not vendored and their `sourceMappingURL` comments are
# stripped (no dangling references). The script fails if a CSS url() would not resolve.
#
# Two files are not in any npm package and are produced here:
#   * bootstrap@3.4.1/dist/css/bootstrap-glyphicons.css: folium loads the Bootstrap 3.0.0
#     glyphicons CSS from netdna (3.0.0 is not on npm). It is extracted from Bootstrap 3.4.1's
#     dist/css/bootstrap.css (same icon names, a superset) with the @font-face reduced to
#     woff2/woff (the only fonts vendored).
#   * folium@<version>/templates/leaflet.awesome.rotate.min.css: folium loads it from its own
#     GitHub repo; it is the generated list .fa-rotate-1 ... .fa-rotate-360.
# Two packages ship no licence file (drmonty-leaflet-awesome-markers, leaflet-draw); their
# upstream MIT texts are written next to the files (see write_license_text).
#
# Keep this list in sync with static/vendor/CDN_MAP.json (tests/test_assets.py checks).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/static/vendor"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

[[ -x "$PYTHON" ]] || { echo "vendor_assets: $PYTHON not found (set PYTHON=/path/to/python with folium)" >&2; exit 1; }
for tool in npm node tar; do
  command -v "$tool" >/dev/null || { echo "vendor_assets: '$tool' is required" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vendor_assets.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/vendor"          # built here, swapped into place only if everything succeeded
RECORDS="$WORK/records.tsv"   # kind<TAB>package<TAB>version<TAB>value
mkdir -p "$STAGE" "$WORK/tgz" "$WORK/pkg"
: >"$RECORDS"

PKG_NAME="" PKG_VERSION="" PKG_DIR=""

# fetch NAME VERSION: npm pack + extract; sets PKG_* for the following take/license calls.
fetch() {
  PKG_NAME="$1" PKG_VERSION="$2"
  local spec="$1@$2" tgz
  echo "vendor_assets: npm pack $spec" >&2
  local json="$WORK/pack.json"
  (cd "$WORK/tgz" && npm pack --json --silent "$spec" >"$json")
  tgz="$(node -e 'const j=require(process.argv[1])[0]; process.stdout.write(j.filename)' "$json")"
  # npm pack names scoped tarballs "scope-name-version.tgz"
  PKG_DIR="$WORK/pkg/${PKG_NAME//\//__}@$PKG_VERSION"
  mkdir -p "$PKG_DIR"
  tar --warning=no-unknown-keyword -xzf "$WORK/tgz/$tgz" -C "$PKG_DIR"
  PKG_DIR="$PKG_DIR/package"
  node -e '
    const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0];
    const p = require(process.argv[2] + "/package.json");
    let lic = p.license || (p.licenses && p.licenses.map(l => l.type).join(" OR ")) || "";
    if (typeof lic === "object") lic = lic.type;
    lic = {"MIT License": "MIT"}[lic] || lic;
    if (!lic) { console.error("no licence id in package.json of " + p.name); process.exit(1); }
    if (p.name !== process.argv[3] || p.version !== process.argv[4]) {
      console.error("unexpected package " + p.name + "@" + p.version); process.exit(1);
    }
    const row = (k, v) => [k, p.name, p.version, v].join("\t");
    console.log([row("license", lic), row("integrity", j.integrity),
                 row("source", "npm:" + p.name + "@" + p.version)].join("\n"));
  ' "$json" "$PKG_DIR" "$PKG_NAME" "$PKG_VERSION" >>"$RECORDS"
}

# take SRC [DST]: copy a file of the current package to static/vendor/NAME@VERSION/DST.
take() {
  local src="$1" dst="${2:-$1}"
  local rel="$PKG_NAME@$PKG_VERSION/$dst"
  [[ -s "$PKG_DIR/$src" ]] || { echo "vendor_assets: $PKG_NAME@$PKG_VERSION has no $src" >&2; exit 1; }
  mkdir -p "$(dirname "$STAGE/$rel")"
  cp "$PKG_DIR/$src" "$STAGE/$rel"
  printf 'file\t%s\t%s\t%s\n' "$PKG_NAME" "$PKG_VERSION" "$rel" >>"$RECORDS"
}

# license SRC: copy the package's own licence file.
license() {
  take "$1" "$(basename "$1")"
  printf 'license_file\t%s\t%s\t%s\n' "$PKG_NAME" "$PKG_VERSION" \
    "$PKG_NAME@$PKG_VERSION/$(basename "$1")" >>"$RECORDS"
}

# generated REL NOTE: record a file this script wrote itself (content already in $STAGE/REL).
generated() {
  printf 'file\t%s\t%s\t%s\n' "$PKG_NAME" "$PKG_VERSION" "$1" >>"$RECORDS"
  printf 'note\t%s\t%s\t%s\n' "$PKG_NAME" "$PKG_VERSION" "$2" >>"$RECORDS"
}

MIT_BODY='Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.'

# write_license_text COPYRIGHT_LINE UPSTREAM_URL: MIT licence for a package whose npm tarball
# ships none (its package.json declares MIT; text as in the upstream repository).
write_license_text() {
  local rel="$PKG_NAME@$PKG_VERSION/LICENSE"
  mkdir -p "$(dirname "$STAGE/$rel")"
  printf '%s\n\n%s\n' "$1" "$MIT_BODY" >"$STAGE/$rel"
  generated "$rel" "npm tarball ships no licence file; LICENSE holds the MIT text of $2"
  printf 'license_file\t%s\t%s\t%s\n' "$PKG_NAME" "$PKG_VERSION" "$rel" >>"$RECORDS"
}

# ---------------------------------------------------------------- folium.Map defaults
fetch leaflet 1.9.4   # folium 0.20 links leaflet@1.9.3; 1.9.4 is the 1.9 bug-fix release
license LICENSE
take dist/leaflet.js
take dist/leaflet.css
for img in layers.png layers-2x.png marker-icon.png marker-icon-2x.png marker-shadow.png; do
  take "dist/images/$img"
done

fetch jquery 3.7.1
license LICENSE.txt
take dist/jquery.min.js

fetch bootstrap 5.2.2
license LICENSE
take dist/js/bootstrap.bundle.min.js
take dist/css/bootstrap.min.css

fetch bootstrap 3.4.1   # glyphicons only (folium.Icon's default prefix is "glyphicon")
license LICENSE
take dist/fonts/glyphicons-halflings-regular.woff2
take dist/fonts/glyphicons-halflings-regular.woff
mkdir -p "$STAGE/bootstrap@3.4.1/dist/css"
node -e '
  const fs = require("fs");
  const css = fs.readFileSync(process.argv[1], "utf8");
  const start = css.indexOf("@font-face {");
  // the glyphicon block ends at the first top-level rule that is not a .glyphicon rule
  const re = /\n(?![ }@]|\.glyphicon)[^\n]*\{/g;
  re.lastIndex = start;
  const end = re.exec(css).index;
  let block = css.slice(start, end).trim() + "\n";
  if (!/\.glyphicon-info-sign:before/.test(block)) { console.error("glyphicons not found"); process.exit(1); }
  block = block.replace(/src: url\("..\/fonts\/glyphicons-halflings-regular\.eot"\);\n\s*src: [^;]+;/,
    "src: url(\"../fonts/glyphicons-halflings-regular.woff2\") format(\"woff2\"), " +
    "url(\"../fonts/glyphicons-halflings-regular.woff\") format(\"woff\");");
  if (/\.(eot|ttf|svg)/.test(block)) { console.error("unexpected glyphicon font formats"); process.exit(1); }
  const head = "/*!\n * Glyphicons Halflings CSS extracted from Bootstrap v3.4.1 dist/css/bootstrap.css\n" +
    " * by scripts/vendor_assets.sh (stands in for the Bootstrap 3.0.0 glyphicons CSS folium links).\n" +
    " * Copyright 2011-2019 Twitter, Inc. Licensed under MIT (see ../../LICENSE)\n */\n";
  fs.writeFileSync(process.argv[2], head + block);
' "$PKG_DIR/dist/css/bootstrap.css" "$STAGE/bootstrap@3.4.1/dist/css/bootstrap-glyphicons.css"
generated bootstrap@3.4.1/dist/css/bootstrap-glyphicons.css \
  "dist/css/bootstrap-glyphicons.css is the glyphicon part of dist/css/bootstrap.css, @font-face limited to woff2/woff"

fetch @fortawesome/fontawesome-free 6.2.0
license LICENSE.txt
take css/all.min.css
for font in fa-brands-400 fa-regular-400 fa-solid-900 fa-v4compatibility; do
  take "webfonts/$font.woff2"
  take "webfonts/$font.ttf"
done

fetch drmonty-leaflet-awesome-markers 2.0.2
write_license_text "Copyright (C) 2013 L. Voogdt" \
  "https://github.com/lvoogdt/Leaflet.awesome-markers/blob/2.0/develop/LICENSE"
take js/leaflet.awesome-markers.js
take css/leaflet.awesome-markers.css
for img in markers-soft.png markers-soft@2x.png markers-shadow.png markers-shadow@2x.png; do
  take "css/images/$img"
done

# folium's own leaflet.awesome.rotate.min.css (generated by folium's repo; not packaged).
FOLIUM_VERSION="$("$PYTHON" -c 'import importlib.metadata as m; print(m.version("folium"))')"
PKG_NAME=folium PKG_VERSION="$FOLIUM_VERSION"
mkdir -p "$STAGE/folium@$FOLIUM_VERSION/templates"
"$PYTHON" - "$STAGE/folium@$FOLIUM_VERSION" <<'PY'
import importlib.metadata as md
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
dist = md.distribution("folium")
lic = next(f for f in dist.files if f.name.upper().startswith("LICENSE"))
(out / "LICENSE.txt").write_bytes(pathlib.Path(dist.locate_file(lic)).read_bytes())
rules = "".join(
    f".fa-rotate-{n}{{-ms-transform:rotate({n}deg);-webkit-transform:rotate({n}deg);"
    f"transform:rotate({n}deg)}}"
    for n in range(1, 361)
)
(out / "templates" / "leaflet.awesome.rotate.min.css").write_text(rules + "\n")
PY
{
  printf 'license\tfolium\t%s\tMIT\n' "$FOLIUM_VERSION"
  printf 'source\tfolium\t%s\tpypi:folium==%s (installed distribution)\n' "$FOLIUM_VERSION" "$FOLIUM_VERSION"
  printf 'file\tfolium\t%s\tfolium@%s/LICENSE.txt\n' "$FOLIUM_VERSION" "$FOLIUM_VERSION"
  printf 'license_file\tfolium\t%s\tfolium@%s/LICENSE.txt\n' "$FOLIUM_VERSION" "$FOLIUM_VERSION"
} >>"$RECORDS"
generated "folium@$FOLIUM_VERSION/templates/leaflet.awesome.rotate.min.css" \
  "templates/leaflet.awesome.rotate.min.css regenerated (.fa-rotate-1 ... .fa-rotate-360) as in folium's repo"

# ---------------------------------------------------------------- folium.plugins we use
fetch leaflet.fullscreen 3.0.0      # folium.plugins.Fullscreen
license LICENSE
take Control.FullScreen.js          # jsdelivr serves an auto-minified Control.FullScreen.min.js
take Control.FullScreen.css
take icon-fullscreen.svg

fetch leaflet-measure 2.1.7         # folium.plugins.MeasureControl (jsdelivr gh/ljagis)
license LICENSE
take dist/leaflet-measure.min.js
take dist/leaflet-measure.css       # jsdelivr serves an auto-minified leaflet-measure.min.css
for img in cancel check focus rulers start trash; do
  take "dist/images/$img.png"
  take "dist/images/${img}_@2X.png"
done

fetch leaflet-draw 1.0.2            # folium.plugins.Draw (cdnjs leaflet.draw/1.0.2)
write_license_text "Copyright 2012-2016 Jacob Toye and Leaflet" \
  "https://github.com/Leaflet/Leaflet.draw/blob/master/MIT-LICENSE.md"
take dist/leaflet.draw.js
take dist/leaflet.draw.css
for img in spritesheet.png spritesheet-2x.png spritesheet.svg; do
  take "dist/images/$img"
done

fetch leaflet-minimap 3.6.1         # folium.plugins.MiniMap (cdnjs ships the same minified files)
license LICENSE.txt
take dist/Control.MiniMap.min.js
take dist/Control.MiniMap.min.css
take dist/images/toggle.png
take dist/images/toggle.svg

fetch leaflet.vectorgrid 1.3.0      # folium.plugins.VectorGridProtobuf: tiled layers (layers/tiled.py)
# The npm tarball ships no licence file; its package.json says "Beerware" and its README holds
# the text. The bundled build contains geojson-vt (ISC), pbf, topojson and vector-tile (BSD).
mkdir -p "$STAGE/$PKG_NAME@$PKG_VERSION"
node -e '
  const fs = require("fs");
  const readme = fs.readFileSync(process.argv[1], "utf8");
  const start = readme.indexOf("\"THE BEER-WARE LICENSE\"");
  if (start < 0) { console.error("licence text not found in README.md"); process.exit(1); }
  const end = readme.indexOf("-----", start);
  fs.writeFileSync(process.argv[2], readme.slice(start, end).trim() + "\n\n" +
    "Bundled in dist/Leaflet.VectorGrid.bundled.min.js (per README.md): geojson-vt (ISC),\n" +
    "pbf (BSD), topojson (BSD), vector-tile (BSD) - Copyright Mapbox / Mike Bostock.\n");
' "$PKG_DIR/README.md" "$STAGE/$PKG_NAME@$PKG_VERSION/LICENSE"
generated "$PKG_NAME@$PKG_VERSION/LICENSE" \
  "npm tarball ships no licence file; LICENSE holds the Beerware text of its README.md and names the bundled dependencies"
printf 'license_file\t%s\t%s\t%s\n' "$PKG_NAME" "$PKG_VERSION" "$PKG_NAME@$PKG_VERSION/LICENSE" >>"$RECORDS"
take dist/Leaflet.VectorGrid.bundled.min.js   # unpkg serves dist/Leaflet.VectorGrid.bundled.js

# ---------------------------------------------------------------- post-process, check, manifest
node - "$STAGE" "$RECORDS" <<'JS'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const [stage, records] = process.argv.slice(2);
const pkgs = new Map();
for (const line of fs.readFileSync(records, "utf8").split("\n").filter(Boolean)) {
  const [kind, name, version, value] = line.split("\t");
  const key = name + "@" + version;
  if (!pkgs.has(key)) pkgs.set(key, {name, version, files: [], notes: []});
  const p = pkgs.get(key);
  if (kind === "file") p.files.push(value);
  else if (kind === "note") p.notes.push(value);
  else p[kind] = value;
}
let problems = [];
for (const p of pkgs.values()) {
  for (const rel of p.files) {
    const abs = path.join(stage, rel);
    if (/\.(js|css)$/.test(rel)) {
      const txt = fs.readFileSync(abs, "utf8");
      const out = txt.replace(/\n?\/\/# sourceMappingURL=\S+[ \t]*/g, "")
                     .replace(/\n?\/\*# sourceMappingURL=\S+ \*\//g, "");
      if (out !== txt) {
        fs.writeFileSync(abs, out);
        const note = "sourceMappingURL comments removed from .js/.css files (maps not vendored)";
        if (!p.notes.includes(note)) p.notes.push(note);
      }
      if (rel.endsWith(".css")) {
        for (const m of out.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
          const u = m[2];
          if (u.startsWith("data:") || u.startsWith("#")) continue;
          if (/^[a-z]+:|^\/\//i.test(u)) { problems.push(`${rel}: external url(${u})`); continue; }
          const target = path.join(path.dirname(abs), u.split(/[?#]/)[0]);
          if (!fs.existsSync(target)) problems.push(`${rel}: url(${u}) does not resolve`);
        }
      }
    }
  }
  if (!p.license || !p.license_file) problems.push(`${p.name}@${p.version}: no licence`);
}
if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
const manifest = {
  generated_by: "scripts/vendor_assets.sh",
  url_prefix: "/app/static/vendor",
  packages: [...pkgs.values()].sort((a, b) => (a.name + a.version).localeCompare(b.name + b.version))
    .map(p => ({
      name: p.name, version: p.version, license: p.license, license_file: p.license_file,
      source: p.source, ...(p.integrity ? {integrity: p.integrity} : {}),
      ...(p.notes.length ? {notes: p.notes} : {}),
      files: p.files.slice().sort().map(rel => {
        const buf = fs.readFileSync(path.join(stage, rel));
        return {path: rel, bytes: buf.length,
                sha256: crypto.createHash("sha256").update(buf).digest("hex")};
      }),
    })),
};
fs.writeFileSync(path.join(stage, "MANIFEST.json"), JSON.stringify(manifest, null, 2) + "\n");
const total = manifest.packages.flatMap(p => p.files).reduce((s, f) => s + f.bytes, 0);
console.error(`vendor_assets: ${manifest.packages.length} packages, ` +
              `${manifest.packages.flatMap(p => p.files).length} files, ${(total / 1024).toFixed(0)} KiB`);
JS

# swap into place (only static/vendor is touched); CDN_MAP.json (folium's CDN URL -> vendored
# file, read by layers/assets.py) is hand-kept and carried over
if [[ -f "$DEST/CDN_MAP.json" ]]; then cp "$DEST/CDN_MAP.json" "$STAGE/CDN_MAP.json"; fi
rm -rf "$DEST.old"
if [[ -d "$DEST" ]]; then mv "$DEST" "$DEST.old"; fi
mkdir -p "$(dirname "$DEST")"
cp -R "$STAGE" "$DEST"
rm -rf "$DEST.old"
echo "vendor_assets: wrote $DEST" >&2

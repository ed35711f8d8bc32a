"""Vector tiles for big layers: zoom rule, MBTiles writing/reading, id bitmaps (no UI).

``zooms`` chooses the zoom range from the data (tile budget), ``mbtiles`` writes Mapbox Vector
Tiles with GDAL (bundled with pyogrio) into one MBTiles file and reads single tiles back,
``bitmap`` packs a boolean mask over feature ids into bytes the map client can test.
"""

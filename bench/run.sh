#!/usr/bin/env bash
# The model-free benchmark in one command: installs the peers (OpenCV, scikit-image, G'MIC) from Debian
# when they are missing, builds the project, fills the same images and masks here and in the peers (the
# fixtures, and five synthetic textures for the holes in texture, each of those over 12 seeds of patch), and
# rewrites the model-free part of doc/benchmarks.md. Extra arguments go to the harness, e.g.
#   bench/run.sh --images brick --masks hole --reuse-peers --doc -
#   bench/run.sh --masks texture --no-speed --no-scale --doc -
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3   # Debian's python, where python3-opencv and python3-skimage live (not pyenv's)
if ! "$PY" -c 'import cv2, skimage, numpy, scipy' 2>/dev/null || ! command -v gmic >/dev/null; then
    echo "installing the peers from Debian..."
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y python3-opencv python3-skimage gmic python3-numpy
fi

if ! mvn -q -o test-compile; then mvn -q test-compile; fi
CP=$(mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout \
     || mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Xmx6g -Djava.awt.headless=true -Dinpaintij.fixtures="${INPAINTIJ_FIXTURES:-../shared/fixtures}" \
    -cp "target/classes:target/test-classes:$CP" org.inpaintij.bench.ClassicalBenchmark "$@"

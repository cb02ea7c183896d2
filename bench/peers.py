#!/usr/bin/python3
"""Fills the benchmark's cases with the peer implementations and times them.

Usage: /usr/bin/python3 bench/peers.py CASES_DIR OUT_DIR

CASES_DIR/manifest.json lists the cases the Java harness wrote (image and mask as .npy, the mask
non-zero where to fill, the damaged pixels already zeroed). For each case and each peer named in it,
this writes OUT_DIR/<case>.<peer>.npy (the filled image in the image's own units) and appends the warm
wall time to OUT_DIR/results.json, together with the peers' versions.

Peers: OpenCV's Telea and Navier-Stokes fills (in process), scikit-image's inpaint_biharmonic (in
process) and G'MIC's patch-based inpaint (as a process: gmic IMAGE MASK -inpaint[0] [1],7 -o[0] OUT).
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import cv2
import skimage
from skimage.restoration import inpaint_biharmonic


def opencv(flag):
    def run(img, mask, case):
        return cv2.inpaint(img, mask, 5, flag)
    return run


def opencv_supported(img):
    if img.dtype == np.uint8:
        return img.ndim == 2 or img.shape[2] in (1, 3)
    return img.ndim == 2 and img.dtype in (np.uint16, np.float32)


def biharmonic(img, mask, case):
    out = inpaint_biharmonic(img, mask.astype(bool), channel_axis=-1 if img.ndim == 3 else None)
    # img_as_float scaled integer images to [0, 1]: back to the image's own units
    if img.dtype == np.uint8:
        out = out * 255.0
    elif img.dtype == np.uint16:
        out = out * 65535.0
    return out


def gmic_files(img, tmp):
    ext = '.tif' if img.dtype == np.float32 else '.png'
    return os.path.join(tmp, 'in' + ext), os.path.join(tmp, 'mask.png'), os.path.join(tmp, 'out' + ext)


class Gmic:
    """G'MIC as the user runs it: one process per image, files in and out; the process is what is timed."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix='inpaint-bench-gmic-')

    def prepare(self, img, mask):
        src, msk, out = gmic_files(img, self.tmp)
        cv2.imwrite(src, img)
        cv2.imwrite(msk, (mask != 0).astype(np.uint8) * 255)
        return ['gmic', src, msk, '-inpaint[0]', '[1],7', '-o[0]', out], out

    def __call__(self, img, mask, case):
        cmd, out = self.prepare(img, mask)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        res = cv2.imread(out, cv2.IMREAD_UNCHANGED)
        if res is None:
            raise RuntimeError('gmic wrote no readable output')
        return res


PEERS = {
    'opencv-telea': (opencv(cv2.INPAINT_TELEA), opencv_supported),
    'opencv-ns': (opencv(cv2.INPAINT_NS), opencv_supported),
    'skimage-biharmonic': (biharmonic, lambda img: True),
    'gmic-patch': (Gmic(), lambda img: True),
}


def gmic_version():
    try:
        out = subprocess.run(['gmic', 'version'], capture_output=True, text=True).stdout
    except OSError:
        return 'missing'
    m = re.search(r'Version\s*\x1b?[^0-9]*([0-9]+\.[0-9]+\.[0-9]+)', out)
    return m.group(1) if m else '?'


def load(path):
    a = np.load(path)
    return np.ascontiguousarray(a)


def timed(fn, img, mask, case, repeat):
    times, out = [], None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = fn(img, mask, case)
        times.append(time.perf_counter() - t0)
    return out, statistics.median(times), len(times)


def main():
    cases_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(cases_dir, 'manifest.json')) as f:
        cases = json.load(f)
    vers = {'python': sys.version.split()[0], 'numpy': np.__version__, 'opencv': cv2.__version__,
            'scikit-image': skimage.__version__, 'gmic': gmic_version()}
    # results of earlier runs are kept for the (case, peer) pairs this run does not redo
    results_file = os.path.join(out_dir, 'results.json')
    results = {}
    if os.path.exists(results_file):
        with open(results_file) as f:
            for r in json.load(f)['results']:
                results[(r['id'], r['peer'])] = r
    warmed = set()
    for case in cases:
        img = load(os.path.join(cases_dir, case['image']))
        mask = load(os.path.join(cases_dir, case['mask'])).astype(np.uint8)
        for peer in case['peers']:
            fn, supported = PEERS[peer]
            target = os.path.join(out_dir, case['id'] + '.' + peer + '.npy')
            key = (case['id'], peer)
            if not supported(img):
                results[key] = {'id': case['id'], 'peer': peer, 'error': 'unsupported image type'}
                continue
            if peer not in warmed:
                # the first call loads code and fills caches: warm timings leave it out
                small = np.ascontiguousarray(img[:64, :64])
                small_mask = np.zeros((64, 64), np.uint8)
                small_mask[30:33, 30:33] = 1
                fn(small, small_mask, case)
                warmed.add(peer)
            try:
                out, seconds, runs = timed(fn, img, mask, case, case.get('repeat', {}).get(peer, 1))
            except Exception as e:  # reported in the table as a failed peer, with its message
                results[key] = {'id': case['id'], 'peer': peer, 'error': str(e).splitlines()[0][:200]}
                continue
            np.save(target, np.asarray(out, dtype=np.float64 if out.dtype == np.float64 else out.dtype))
            results[key] = {'id': case['id'], 'peer': peer, 'seconds': seconds, 'runs': runs}
            print('%-40s %-20s %8.4f s' % (case['id'], peer, seconds), flush=True)
    with open(results_file, 'w') as f:
        json.dump({'versions': vers, 'results': list(results.values())}, f, indent=1)


if __name__ == '__main__':
    main()

"""Benchmark the copies readers get of a photo: how long one upload's copies take to make
(every shape, width and encoding), and their size in bytes per encoding.

    .venv/bin/python bench/photos.py              # 3 runs, a 3000 × 2000 photo
    .venv/bin/python bench/photos.py --runs 5 --size 1600x1067

The photo is synthetic but photograph-like (gradients, shapes, blurred grain; a JPEG at
quality 92 with EXIF, as a camera writes it), so that the encoders have texture to work on.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = tempfile.mkdtemp(prefix="newsroom-bench-photos-")
os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/db.sqlite3"
os.environ["MEDIA_ROOT"] = os.path.join(scratch, "media")
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"


def photograph(width, height):
    """A photograph-like picture: sky and ground gradients, shapes, blurred grain."""
    from PIL import Image, ImageDraw, ImageFilter

    sky = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge(
        "RGB", (sky.point(lambda v: 90 + v // 3), sky, sky.point(lambda v: 255 - v // 4))
    )
    draw = ImageDraw.Draw(picture)
    for n in range(40):
        x, y = (n * 7919) % width, height // 2 + (n * 104729) % (height // 2)
        r = 20 + (n * 31) % (width // 12)
        draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=((n * 50) % 256, (n * 90) % 256, (n * 130) % 256)
        )
    grain = Image.effect_noise((width, height), 40).filter(ImageFilter.GaussianBlur(1.2))
    picture = Image.blend(picture, Image.merge("RGB", (grain, grain, grain)), 0.25)
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Camera X100"
    picture.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="3000x2000")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))

    import django

    django.setup()
    from django.core.files.storage import default_storage
    from PIL import features

    from articles.desk import images

    data = photograph(width, height)
    print(
        f"photo {width}×{height}, {len(data):,} bytes as uploaded; AVIF: {features.check('avif')}"
    )

    def once():
        picture = images.upright(io.BytesIO(data))
        return images.render(picture, (0, 0, 1, 1), (0.5, 0.5), "bench")

    times = []
    for _ in range(args.runs):
        for name in (
            default_storage.listdir("photos")[0] if default_storage.exists("photos") else []
        ):
            for file in default_storage.listdir(f"photos/{name}")[1]:
                default_storage.delete(f"photos/{name}/{file}")  # no shortcut: write each copy
        started = time.perf_counter()
        renditions = once()
        times.append(time.perf_counter() - started)
    copies = [c for shape in renditions["ratios"].values() for c in shape["copies"]]
    print(f"copies per photo: {len(copies)} sizes × {len(images.encodings())} encodings")
    print(f"making them all: median {statistics.median(times) * 1000:,.0f} ms (of {args.runs})")
    largest = renditions["ratios"]["free"]["copies"][-1]
    print(f"\nlargest copy of the photo as cropped ({largest['width']}×{largest['height']}):")
    for encoding in images.encodings():
        size = default_storage.size(largest[encoding])
        share = size / default_storage.size(largest["jpg"])
        print(f"  {encoding:5} {size:>9,} bytes  ({share:.0%} of JPEG)")
    print("\nall copies, per encoding:")
    for encoding in images.encodings():
        total = sum(default_storage.size(copy[encoding]) for copy in copies)
        print(f"  {encoding:5} {total:>9,} bytes")
    print("\none encoding of the largest copy, median of 5:")
    picture = images.upright(io.BytesIO(data)).resize((largest["width"], largest["height"]))
    for encoding in images.encodings():
        took = []
        for _ in range(5):
            started = time.perf_counter()
            images.encode(picture, encoding)
            took.append(time.perf_counter() - started)
        print(f"  {encoding:5} {statistics.median(took) * 1000:>6.0f} ms")


if __name__ == "__main__":
    main()

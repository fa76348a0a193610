"""Writes JPEGs of several sizes and aspect ratios into DIR and torchvision's evaluation transform of each
(Resize(256), CenterCrop(224), ToTensor, Normalize(ImageNet mean/std)) as DIR/torchvision.npy [N, 3, 224, 224]."""
import os
import sys

import numpy as np
import torch
from PIL import Image
from torchvision import transforms

SIZES = [(500, 375), (375, 500), (256, 256), (224, 300), (640, 480), (181, 173), (1024, 331), (333, 1000)]


def picture(w, h, rng):
    """Smooth colour gradients, a few discs and noise: content with both edges and flat areas."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.stack([255 * x / w, 255 * y / h, 128 + 100 * np.sin((x + y) / 17.0)], axis=-1)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(5, min(w, h) / 3)
        img[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.uniform(0, 255, 3)
    img += rng.normal(0, 12, img.shape)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")


def main(out):
    rng = np.random.default_rng(5)
    t = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    views = []
    for i, (w, h) in enumerate(SIZES):
        path = os.path.join(out, "img%d_%dx%d.jpg" % (i, w, h))
        picture(w, h, rng).save(path, quality=90)
        views.append(t(Image.open(path).convert("RGB")))
    np.save(os.path.join(out, "torchvision.npy"), torch.stack(views).numpy().astype(np.float32))


if __name__ == "__main__":
    main(sys.argv[1])

"""Preprocesses photos with torchvision, as a Triton or KServe client would before sending FP32 tensors.

Usage: python3 torchvision_tensors.py OUT_DIR PHOTO...
Writes OUT_DIR/<photo name>.f32: the [3, 224, 224] tensor, float32 little-endian, row-major.
"""
import pathlib
import sys

import numpy as np
from PIL import Image
from torchvision import transforms

preprocess = transforms.Compose([
    transforms.Resize(256),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])
out = pathlib.Path(sys.argv[1])
for name in sys.argv[2:]:
    tensor = preprocess(Image.open(name).convert("RGB"))
    (out / (pathlib.Path(name).name + ".f32")).write_bytes(tensor.numpy().astype("<f4").tobytes())

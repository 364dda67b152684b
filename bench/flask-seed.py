"""The seeds' approach, for comparison: a Flask app that classifies an upload with PyTorch the way the Python
seeds this product grew from did it (PIL decodes the whole file, torchvision's Resize(256) + CenterCrop(224) +
Normalize, the TorchScript model, softmax, top five), one request per thread of Flask's threaded server.

    /usr/bin/python3 bench/flask-seed.py MODEL_PT SYNSET PORT     # Debian: python3-flask python3-torchvision

It answers POST /api/predictions (a multipart part named "images") as bench/LoadClient.java sends it.
"""
import sys

import torch
import torchvision.transforms as T
from flask import Flask, jsonify, request
from PIL import Image
from werkzeug.serving import WSGIRequestHandler

model = torch.jit.load(sys.argv[1]).eval()
labels = [line.strip() for line in open(sys.argv[2])]
transform = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(),
                       T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])])
app = Flask(__name__)


@app.post("/api/predictions")
def predict():
    image = Image.open(request.files["images"].stream).convert("RGB")
    with torch.no_grad():
        probabilities = torch.softmax(model(transform(image).unsqueeze(0))[0], dim=0)
    top = torch.topk(probabilities, 5)
    return jsonify([{"index": int(i), "label": labels[int(i)], "probability": float(p)}
                    for p, i in zip(top.values, top.indices)])


if __name__ == "__main__":
    WSGIRequestHandler.protocol_version = "HTTP/1.1"  # keep-alive, as the load client expects
    app.run(host="127.0.0.1", port=int(sys.argv[3]), threaded=True)

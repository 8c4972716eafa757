#!/usr/bin/env python3
"""Builds the inference workloads' models in PyTorch (NCHW) and exports them to ONNX, as an ONNX Runtime user
would receive them. Writes, next to this script (or into the folder given as the only argument):

  infer-mlp.onnx  (N,1,28,28) -> Flatten -> Linear(784,300) -> ReLU -> Linear(300,100) -> ReLU -> Linear(100,10)
  infer-cnn.onnx  (N,1,28,28) -> Conv2d(1,32,3,padding=1) -> ReLU -> Conv2d(32,64,3,padding=1) -> ReLU
                  -> MaxPool2d(2) -> Flatten -> Dropout(0.25) -> Linear(12544,128) -> ReLU -> Dropout(0.5)
                  -> Linear(128,10)
  ref/input.f32, ref/infer-mlp.out.f32, ref/infer-cnn.out.f32: a batch of 8 images (uniform in [0,1)) and
                  PyTorch's logits for it, raw little-endian float32, for `OnnxRuntimeAnchor verify`.

Weights are PyTorch's default initialisation after torch.manual_seed(42); the models are in eval mode (dropout
off), the batch dimension is dynamic, opset 17. Needs only PyTorch (Debian: python3-torch); torch.onnx.export's
TorchScript exporter is used (dynamo=False where the installed PyTorch has the newer exporter, which needs
onnxscript).
"""
import inspect
import os
import sys

import torch
from torch import nn

OPSET = 17


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                         nn.Linear(100, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.25), nn.Linear(64 * 14 * 14, 128), nn.ReLU(),
                         nn.Dropout(0.5), nn.Linear(128, 10))


def export(model, path):
    kwargs = dict(opset_version=OPSET, input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path, **kwargs)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(out, "ref"), exist_ok=True)
    x = torch.rand(8, 1, 28, 28, generator=torch.Generator().manual_seed(7))
    x.numpy().astype("<f4").tofile(os.path.join(out, "ref", "input.f32"))
    for name, build in (("infer-mlp", mlp), ("infer-cnn", cnn)):
        torch.manual_seed(42)
        model = build().eval()
        path = os.path.join(out, name + ".onnx")
        export(model, path)
        with torch.no_grad():
            logits = model(x)
        logits.numpy().astype("<f4").tofile(os.path.join(out, "ref", name + ".out.f32"))
        params = sum(p.numel() for p in model.parameters())
        print(f"{name}: {path} ({os.path.getsize(path)} bytes, {params} parameters), PyTorch {torch.__version__}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Exports three more small PyTorch models to ONNX (opset 13, NCHW, dynamic batch) with reference outputs, for the
import tests. Run with Debian's PyTorch:  /usr/bin/python3 make_extra_models.py  (writes beside this file).

  cnn-small: infer-cnn's architecture, narrower so the file stays small (400 KB instead of 6.5 MB):
             (N,1,28,28) -> Conv2d(1,8,3,p=1) -> ReLU -> Conv2d(8,16,3,p=1) -> ReLU -> MaxPool2d(2) -> Flatten
             -> Dropout(0.25) -> Linear(3136,32) -> ReLU -> Dropout(0.5) -> Linear(32,10)
  mixed:     (N,3,16,16) -> Conv2d(3,8,3,s=2,p=1) -> BatchNorm2d(8) -> ReLU6 -> depthwise Conv2d(8,8,3,p=1,groups=8)
             -> AvgPool2d(2) -> Upsample(x2 nearest) -> ConvTranspose2d(8,4,2,s=2) -> ELU -> AdaptiveAvgPool2d(1)
             -> Flatten -> Linear(4,5) -> Softmax
  gru:       (N,7,3) -> GRU(3,6,batch_first) -> last step -> Linear(6,2)

Weights random (torch.manual_seed(42) before each model; BatchNorm running statistics drawn too), eval mode. Writes
<name>.onnx, <name>.in.f32 (inputs, seed 123) and <name>.out.f32 (PyTorch outputs): raw little-endian float32, in the
tensors' own (row-major, NCHW) layout.
"""
import os

import torch
import torch.nn as nn


class LastStep(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 6, batch_first=True)
        self.head = nn.Linear(6, 2)

    def forward(self, x):
        y, _ = self.gru(x)
        return self.head(y[:, -1, :])


def models():
    torch.manual_seed(42)
    cnn = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.25), nn.Linear(3136, 32), nn.ReLU(),
                        nn.Dropout(0.5), nn.Linear(32, 10))
    yield "cnn-small", cnn, (1, 28, 28)
    torch.manual_seed(42)
    mixed = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8), nn.ReLU6(),
                          nn.Conv2d(8, 8, 3, padding=1, groups=8), nn.AvgPool2d(2), nn.Upsample(scale_factor=2),
                          nn.ConvTranspose2d(8, 4, 2, stride=2), nn.ELU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                          nn.Linear(4, 5), nn.Softmax(dim=1))
    with torch.no_grad():
        mixed[1].running_mean.uniform_(-0.5, 0.5)
        mixed[1].running_var.uniform_(0.5, 1.5)
        mixed[1].weight.uniform_(0.5, 1.5)
        mixed[1].bias.uniform_(-0.5, 0.5)
    yield "mixed", mixed, (3, 16, 16)
    torch.manual_seed(42)
    yield "gru", LastStep(), (7, 3)


def main():
    out = os.path.dirname(os.path.abspath(__file__))
    for name, model, shape in models():
        model.eval()
        g = torch.Generator().manual_seed(123)
        x = torch.rand(4, *shape, generator=g)
        path = os.path.join(out, name + ".onnx")
        torch.onnx.export(model, torch.zeros(1, *shape), path, opset_version=13, input_names=["input"],
                          output_names=["output"], dynamic_axes={"input": {0: "N"}, "output": {0: "N"}},
                          do_constant_folding=True)
        with torch.no_grad():
            y = model(x)
        x.numpy().astype("<f4").tofile(os.path.join(out, name + ".in.f32"))
        y.numpy().astype("<f4").tofile(os.path.join(out, name + ".out.f32"))
        print(f"{name}: {os.path.getsize(path)} bytes, input {tuple(x.shape)}, output {tuple(y.shape)}")


if __name__ == "__main__":
    main()

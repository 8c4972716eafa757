"""Writes the Keras-layout HDF5 fixtures of the DeepLearning.Hdf5 tests, with PyTorch as the reference.

Keras cannot be installed here, so the files imitate what Keras writes, following its source:
  * keras3_cnn.weights.h5 -- Keras 3 `model.save_weights("x.weights.h5")` (keras/src/saving/saving_lib.py,
    H5IOStore): /layers/<snake_case class name>[_N]/vars/<i> datasets, an empty /vars group for the model itself,
    empty vars groups for weightless layers, and /optimizer/vars as a compiled model has. No attributes.
  * keras2_rnn.h5 -- legacy Keras 2 `model.save("x.h5")` (keras/saving/legacy/hdf5_format.py,
    save_weights_to_hdf5_group): /model_weights with attribute layer_names, one group per layer with attribute
    weight_names ("lstm/lstm_cell/kernel:0", ...) and each weight at <layer>/<weight name>, plus the root attributes
    keras_version, backend and model_config.
  * keras2_rnn.weights.h5 -- legacy Keras 2 `model.save_weights("x.h5")`: the same layer groups at the root.
  * not_keras.h5 and int_weight.weights.h5 -- files the reader must reject.
The weights are PyTorch modules' (torch.manual_seed(0), biases with added noise), converted to Keras layouts with
the conversions of docs/interop.md; PyTorch's forward passes on fixed inputs are stored in keras_fixtures.io.safetensors.

Run with Debian's python3 (python3-torch 1.13, python3-h5py 3.7, python3-numpy):
    python3 make_keras_fixtures.py
"""
import json
import os
import sys

import h5py
import numpy as np
import torch

# The safetensors writer of the project's PyTorch reference-data generator.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../DeepLearning.Tests/Interop/Fixtures"))
from make_interop import write_safetensors  # noqa: E402

torch.manual_seed(0)
torch.set_num_threads(1)


def noisy_biases(module):
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "bias" in name:
                p.add_(0.05 * torch.randn_like(p))


# ---- CNN: conv 3->4 (3x3, padding 1) + ReLU, BatchNorm2d(4) in eval mode, max-pool 2, flatten (C,H,W), linear 64->5
conv = torch.nn.Conv2d(3, 4, 3, padding=1)
bn = torch.nn.BatchNorm2d(4)
fc = torch.nn.Linear(4 * 4 * 4, 5)
for m in (conv, bn, fc):
    noisy_biases(m)
with torch.no_grad():
    bn.weight.copy_(1 + 0.2 * torch.randn(4))
    bn.running_mean.copy_(0.3 * torch.randn(4))
    bn.running_var.copy_(0.5 + torch.rand(4))
bn.eval()
cnn_input = torch.rand(3, 3, 8, 8)
with torch.no_grad():
    cnn_output = fc(torch.flatten(torch.nn.functional.max_pool2d(bn(torch.relu(conv(cnn_input))), 2), 1))

conv_kernel = conv.weight.detach().numpy().transpose(2, 3, 1, 0)                                  # (kh, kw, in, out)
fc_kernel = fc.weight.detach().numpy().reshape(5, 4, 4, 4).transpose(0, 2, 3, 1).reshape(5, 64).T  # NHWC flatten rows

with h5py.File("keras3_cnn.weights.h5", "w") as f:
    f.create_group("vars")
    layers = f.create_group("layers")
    v = layers.create_group("conv2d/vars")
    v["0"] = conv_kernel
    v["1"] = conv.bias.detach().numpy()
    v = layers.create_group("batch_normalization/vars")
    v["0"] = bn.weight.detach().numpy()
    v["1"] = bn.bias.detach().numpy()
    v["2"] = bn.running_mean.numpy()
    v["3"] = bn.running_var.numpy()
    layers.create_group("max_pooling2d/vars")
    layers.create_group("flatten/vars")
    v = layers.create_group("dense/vars")
    v["0"] = fc_kernel
    v["1"] = fc.bias.detach().numpy()
    opt = f.create_group("optimizer/vars")
    opt["0"] = np.array(3, dtype=np.int64)       # iterations
    opt["1"] = np.zeros_like(conv_kernel)        # a slot variable

# ---- RNN: LSTM(4 -> 5, all steps), GRU(5 -> 3, last step), linear 3 -> 2; batch_first
lstm = torch.nn.LSTM(4, 5, batch_first=True)
gru = torch.nn.GRU(5, 3, batch_first=True)
head = torch.nn.Linear(3, 2)
for m in (lstm, gru, head):
    noisy_biases(m)
rnn_input = torch.randn(2, 6, 4)
with torch.no_grad():
    seq, _ = lstm(rnn_input)
    out, _ = gru(seq)
    rnn_output = head(out[:, -1])


def reorder_gru(w, units):  # PyTorch [r; z; n] -> Keras [z; r; h]
    return np.concatenate([w[units:2 * units], w[:units], w[2 * units:]], axis=0)


lstm_sd = {k: v.detach().numpy() for k, v in lstm.state_dict().items()}
gru_sd = {k: v.detach().numpy() for k, v in gru.state_dict().items()}
lstm_weights = {
    "lstm/lstm_cell/kernel:0": lstm_sd["weight_ih_l0"].T,
    "lstm/lstm_cell/recurrent_kernel:0": lstm_sd["weight_hh_l0"].T,
    "lstm/lstm_cell/bias:0": lstm_sd["bias_ih_l0"] + lstm_sd["bias_hh_l0"],
}
gru_weights = {
    "gru/gru_cell/kernel:0": reorder_gru(gru_sd["weight_ih_l0"], 3).T,
    "gru/gru_cell/recurrent_kernel:0": reorder_gru(gru_sd["weight_hh_l0"], 3).T,
    "gru/gru_cell/bias:0": np.stack([reorder_gru(gru_sd["bias_ih_l0"], 3), reorder_gru(gru_sd["bias_hh_l0"], 3)]),
}
dense_weights = {"dense/kernel:0": head.weight.detach().numpy().T, "dense/bias:0": head.bias.detach().numpy()}
layer_groups = [("input_1", {}), ("lstm", lstm_weights), ("gru", gru_weights), ("dense", dense_weights)]


def write_legacy(group):
    group.attrs["layer_names"] = np.array([n.encode() for n, _ in layer_groups], dtype="S")
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.11.0"
    for name, weights in layer_groups:
        g = group.create_group(name)
        g.attrs["weight_names"] = np.array([k.encode() for k in weights], dtype="S")
        for k, value in weights.items():
            g.create_dataset(k, data=value.astype(np.float32))


model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
    {"class_name": "LSTM", "config": {"name": "lstm", "units": 5, "return_sequences": True}},
    {"class_name": "GRU", "config": {"name": "gru", "units": 3, "reset_after": True}},
    {"class_name": "Dense", "config": {"name": "dense", "units": 2}}]}}
with h5py.File("keras2_rnn.h5", "w") as f:
    f.attrs["keras_version"] = b"2.11.0"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(model_config).encode()
    write_legacy(f.create_group("model_weights"))
with h5py.File("keras2_rnn.weights.h5", "w") as f:
    write_legacy(f)

# ---- two files a reader must reject: HDF5 without a Keras layout, and an integer weight
with h5py.File("not_keras.h5", "w") as f:
    f["data"] = np.arange(6, dtype=np.float32).reshape(2, 3)
with h5py.File("int_weight.weights.h5", "w") as f:
    f["layers/dense/vars/0"] = np.arange(6, dtype=np.int32).reshape(2, 3)

write_safetensors("keras_fixtures.io.safetensors", {
    "cnn_input_nhwc": cnn_input.permute(0, 2, 3, 1),
    "cnn_output": cnn_output,
    "rnn_input": rnn_input,
    "rnn_output": rnn_output,
}, "F32")
print("cnn output", cnn_output.numpy().round(4).tolist())
print("rnn output", rnn_output.numpy().round(4).tolist())

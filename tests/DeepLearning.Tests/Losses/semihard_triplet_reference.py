"""Reference values for SemiHardTripletLossTests: TensorFlow Addons' triplet_semihard_loss
(tensorflow_addons/losses/triplet.py) re-stated step by step in float64 torch, with its tile/reshape/transpose
formulation kept as it is, plus the gradient by torch's autograd. Run: /usr/bin/python3 semihard_triplet_reference.py (Debian python3-torch)"""
import torch

torch.set_default_dtype(torch.float64)


def pairwise_distance(e, squared):
    # tfa.losses.metric_learning.pairwise_distance: ‖a‖² + ‖b‖² − 2a·b clamped at 0, zero diagonal;
    # squared=False takes the square root (TFA's "L_1" option); here √max(D², 1e-12) as the library.
    sq = (e * e).sum(1, keepdim=True)
    d = (sq + sq.t() - 2 * e @ e.t()).clamp(min=0.0)
    if not squared:
        d = d.clamp(min=1e-12).sqrt()
    return d


def masked_maximum(data, mask):
    mins = data.min(1, keepdim=True).values
    return ((data - mins) * mask).max(1, keepdim=True).values + mins


def masked_minimum(data, mask):
    maxs = data.max(1, keepdim=True).values
    return ((data - maxs) * mask).min(1, keepdim=True).values + maxs


def semihard(labels, e, margin, squared=True):
    b = labels.shape[0]
    labels = labels.reshape(b, 1)
    pdist = pairwise_distance(e, squared)
    adjacency = labels == labels.t()
    adjacency_not = ~adjacency
    pdist_tile = pdist.repeat(b, 1)
    mask = adjacency_not.repeat(b, 1) & (pdist_tile > pdist.t().reshape(-1, 1))
    mask_final = (mask.double().sum(1, keepdim=True) > 0).reshape(b, b).t()
    adjacency_not = adjacency_not.double()
    mask = mask.double()
    negatives_outside = masked_minimum(pdist_tile, mask).reshape(b, b).t()
    negatives_inside = masked_maximum(pdist, adjacency_not).repeat(1, b)
    semi_hard = torch.where(mask_final, negatives_outside, negatives_inside)
    loss_mat = margin + pdist - semi_hard
    mask_positives = adjacency.double() - torch.eye(b)
    num_positives = mask_positives.sum()
    per_pair = (loss_mat * mask_positives).clamp(min=0.0)
    return per_pair.sum() / num_positives, per_pair.sum(1) * b / num_positives


def show(title, labels, values, shape, margin, squared=True):
    e = torch.tensor(values).reshape(shape).requires_grad_(True)
    loss, per_anchor = semihard(torch.tensor(labels), e, margin, squared)
    loss.backward()
    print(title)
    print("  loss       ", repr(loss.item()))
    print("  per anchor ", [repr(v) for v in per_anchor.tolist()])
    print("  gradient   ", [repr(v) for v in e.grad.reshape(-1).tolist()])


show("1-D 0,1,3,7; labels 0,0,1,1; margin 0.2; squared", [0, 0, 1, 1], [0.0, 1, 3, 7], (4, 1), 0.2)
show("1-D 0,2,3,5,9; labels 0,0,1,1,1; margin 6; squared", [0, 0, 1, 1, 1], [0.0, 2, 3, 5, 9], (5, 1), 6.0)
six = [0.3, -1.2, 0.8, 1.1, 0.4, -0.5, -0.7, 0.9, 0.2, 0.6, -0.3, 1.4, -1.0, -0.6, 0.1, 0.5, 1.3, -0.9]
show("6x3; labels 0,1,0,1,2,2; margin 1.0; squared", [0, 1, 0, 1, 2, 2], six, (6, 3), 1.0)
show("6x3; labels 0,1,0,1,2,2; margin 0.5; Euclidean", [0, 1, 0, 1, 2, 2], six, (6, 3), 0.5, squared=False)
show("one label: 1-D 0,1,3; labels 4,4,4; margin 0.2; squared", [4, 4, 4], [0.0, 1, 3], (3, 1), 0.2)

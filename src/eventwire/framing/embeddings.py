"""Contextual vectors of two bracketed entities in a sentence (optional: needs torch).

The sentence goes through the pretrained encoder of ``encoder`` (MPNet-base when
unpacked, else MiniLM-L6) once, brackets kept as entity markers; the word-piece
states (the mean of the layers ``Encoder.tone_layers``) are averaged over the
first entity, the second entity, the text between them and the whole sentence.
Nothing here is
fitted to a gold file: the vectors are inputs to a model trained on training
folds only (``train.directed_cv``). Without torch, transformers or the encoder's
weights, ``available()`` is false and the evaluation falls back to the sparse
features alone. Install: ``make embeddings``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import encoder

INSTALL_HINT = encoder.INSTALL_HINT
BLOCKS = ("p", "q", "between", "sentence")  # the order of the encoder-wide blocks
MAX_PIECES = 256
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_CACHE: dict[tuple[str, ...], object] = {}  # (encoder, *texts) -> vectors


available = encoder.available


def char_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the first entity, the second, and the text between them
    (inside the brackets; between = after the first ']' up to the second '[')."""
    ms = list(_BRACKETS.finditer(text))[:2]
    if len(ms) < 2:
        return []
    (a, b) = ms
    return [(a.start(1), a.end(1)), (b.start(1), b.end(1)), (a.end(), b.start())]


def pool(states, offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list:
    """Mean of the piece ``states`` whose character ``offsets`` overlap each span
    (zeros for a span no piece overlaps); pieces of zero width (special tokens)
    belong to no span. Then the mean of all non-special pieces (the sentence)."""
    import numpy as np

    real = [k for k, (s, e) in enumerate(offsets) if e > s]
    out = []
    for a, b in spans:
        rows = [k for k in real if offsets[k][0] < b and offsets[k][1] > a]
        out.append(states[rows].mean(axis=0) if rows else np.zeros(states.shape[1], "float32"))
    out.append(states[real].mean(axis=0) if real else np.zeros(states.shape[1], "float32"))
    return out


def entity_vectors(texts: Sequence[str], batch_size: int = 32):
    """An array (len(texts) x 4 * the encoder's width, float32): for each sentence with two
    bracketed entities, the encoder's mean state over the first entity, the
    second, the text between them and the whole sentence (``BLOCKS``); rows of
    sentences without two entities are zeros but for the sentence block.
    Sentences are batched by length; the result is cached for the process."""
    key = (encoder.name(), *texts)
    if key in _CACHE:
        return _CACHE[key]
    import numpy as np
    import torch

    tokenizer, model = encoder.load()
    dim, layers = model.config.hidden_size, encoder.current().tone_layers
    out = np.zeros((len(texts), len(BLOCKS) * dim), dtype="float32")
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            enc = tokenizer(
                [texts[i] for i in batch],
                padding=True,
                truncation=True,
                max_length=MAX_PIECES,
                return_offsets_mapping=True,
                return_tensors="pt",
            )
            offsets = enc.pop("offset_mapping").tolist()
            hidden = model(**enc, output_hidden_states=True).hidden_states
            states = torch.stack([hidden[k] for k in layers]).mean(dim=0).numpy()
            for j, i in enumerate(batch):
                spans = char_spans(texts[i])
                pooled = pool(states[j], offsets[j], spans)
                if not spans:
                    pooled = [np.zeros(dim, "float32")] * 3 + pooled
                out[i] = np.concatenate(pooled)
    _CACHE.clear()  # one data set at a time: 12,145 sentences are 75 MB (MiniLM)
    _CACHE[key] = out
    return out


def mirror_vectors(vectors):
    """The rows of ``entity_vectors`` with the two entities' blocks swapped (the
    pair read the other way round; see ``train.directed_cv``)."""
    import numpy as np

    dim = vectors.shape[1] // len(BLOCKS)
    p, q, rest = vectors[:, :dim], vectors[:, dim : 2 * dim], vectors[:, 2 * dim :]
    return np.hstack([q, p, rest])

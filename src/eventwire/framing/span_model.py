"""Contextual span tagger for loaded language (optional: needs torch).

Word vectors from the pretrained encoder of ``encoder`` (MPNet-base when
unpacked, else MiniLM-L6; int8 linear layers for speed), computed once per
sentence and never fitted to the gold file: a word's vector is the mean of its
word pieces' states at two upper layers (``Encoder.span_layers``). With our
lexicon's label and VADER valence they feed a small BiGRU over each sentence
with B/I/O outputs per label, trained on the training folds only; a seventh of
the training documents picks the epoch and each label's P(in a span)
threshold; runs of words over the threshold are spans, grown to their noun
phrase as in ``train.tagger_cv``. Without torch, transformers or the encoder's
weights ``available()`` is false and the evaluation falls back to the sparse
token tagger of ``train``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from . import encoder
from .lexicon import LABELS

INSTALL_HINT = encoder.INSTALL_HINT
MAX_PIECES = 254  # word pieces per encoder window (256 with [CLS] and [SEP])
_LINE = re.compile(r"[^\n]+")
_TAG = {"O": 0, "B": 1, "I": 2}


available = encoder.available


# -- word pieces -> words --------------------------------------------------------
def align(
    words: Sequence[tuple[int, int, str]], pieces: Sequence[tuple[int, int]]
) -> list[list[int]]:
    """For each word (start, end, text), the indices of the word pieces (start, end
    character offsets, same text) that overlap it; pieces of zero width (special
    tokens) belong to no word. Both lists are in text order."""
    out: list[list[int]] = []
    k = 0
    for s, e, _ in words:
        while k < len(pieces) and (pieces[k][1] <= s or pieces[k][0] == pieces[k][1]):
            k += 1
        row, j = [], k
        while j < len(pieces) and pieces[j][0] < e:
            if pieces[j][1] > pieces[j][0] and pieces[j][1] > s:
                row.append(j)
            j += 1
        out.append(row)
    return out


def _windows(n: int, size: int = MAX_PIECES) -> list[tuple[int, int]]:
    """Piece ranges of at most ``size`` covering ``n`` pieces."""
    return [(a, min(n, a + size)) for a in range(0, n, size)] or [(0, 0)]


def word_vectors(
    texts: Sequence[str],
    tokens: Sequence[Sequence[tuple[int, int, str]]],
    layers: Sequence[int] = (-1,),
    batch_size: int = 32,
    quantize: bool = False,
) -> list:
    """For each text, an array (words x width*len(layers)) of encoder states: each
    line (a sentence in these files) is encoded on its own, a word's vector is the
    mean of its pieces' states at each of ``layers``, concatenated."""
    import numpy as np
    import torch

    tokenizer, model = encoder.load(quantize)
    dim = model.config.hidden_size * len(layers)
    # every encoder window: (doc, char offset of its line, piece ids, piece offsets)
    jobs = []
    for d, text in enumerate(texts):
        for m in _LINE.finditer(text):
            enc = tokenizer(m.group(), add_special_tokens=False, return_offsets_mapping=True)
            ids, offs = enc["input_ids"], enc["offset_mapping"]
            for a, b in _windows(len(ids)):
                if b > a:
                    jobs.append((d, m.start(), ids[a:b], offs[a:b]))
    piece_states: list[list] = [[] for _ in texts]  # (abs offsets, states) per window
    order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
    cls, sep, pad = tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id
    with torch.inference_mode():
        for a in range(0, len(order), batch_size):
            batch = [jobs[j] for j in order[a : a + batch_size]]
            width = max(len(ids) for _, _, ids, _ in batch) + 2
            ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for r, (_, _, p, _) in enumerate(batch):
                ids[r, : len(p) + 2] = torch.tensor([cls, *p, sep])
                mask[r, : len(p) + 2] = 1
            hidden = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
            states = torch.cat([hidden.hidden_states[k] for k in layers], dim=-1).numpy()
            for r, (d, base, p, offs) in enumerate(batch):
                spans = [(base + s, base + e) for s, e in offs]
                piece_states[d].append((spans, states[r, 1 : len(p) + 1]))
    out = []
    for d, toks in enumerate(tokens):
        spans = [s for w in piece_states[d] for s in w[0]]
        order_d = sorted(range(len(spans)), key=lambda k: spans[k])
        spans = [spans[k] for k in order_d]
        states = (
            np.concatenate([w[1] for w in piece_states[d]])[order_d]
            if piece_states[d]
            else np.zeros((0, dim), dtype=np.float32)
        )
        vec = np.zeros((len(toks), dim), dtype=np.float32)
        for i, row in enumerate(align(toks, spans)):
            if row:
                vec[i] = states[row].mean(axis=0)
        out.append(vec)
    return out


# -- BIO tags <-> character spans ------------------------------------------------
def bio_tags(words: Sequence[tuple[int, int, str]], spans: Sequence[tuple[int, int]]) -> list[str]:
    """The tag of each word ("B", "I" or "O") against the character spans of one
    label: a word is in a span when at least half its characters are; the span's first
    word is "B", the others "I"."""
    out, prev = [], None
    for s, e, _ in words:
        inside = None
        for k, (a, b) in enumerate(spans):
            if 2 * (min(e, b) - max(s, a)) >= e - s:
                inside = k
                break
        out.append("O" if inside is None else "I" if inside == prev else "B")
        prev = inside
    return out


def bio_spans(words: Sequence[tuple[int, int, str]], tags: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans (start, end) of the words tagged "B"/"I": a "B" starts a
    span, an "I" continues the open one (or starts one after an "O")."""
    out: list[list[int]] = []
    prev = "O"
    for (s, e, _), tag in zip(words, tags, strict=True):
        if tag == "B" or (tag == "I" and prev == "O"):
            out.append([s, e])
        elif tag == "I":
            out[-1][1] = e
        prev = tag
    return [(s, e) for s, e in out]


# -- the tagger: a BiLSTM over frozen encoder states ----------------------------
def lines_of(text: str, words: Sequence[tuple[int, int, str]]) -> list[list[int]]:
    """Word indices of each non-empty line (a sentence in the PTC files)."""
    out, k = [], 0
    for m in _LINE.finditer(text):
        row = []
        while k < len(words) and words[k][0] < m.end():
            if words[k][0] >= m.start():
                row.append(k)
            k += 1
        if row:
            out.append(row)
    return out


def _network(dim_in: int, n_labels: int, hidden: int = 128, kind: str = "lstm"):
    import torch
    from torch import nn

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.3)
            self.proj = nn.Linear(dim_in, 2 * hidden)
            if kind == "lstm":
                self.mix = nn.LSTM(2 * hidden, hidden, batch_first=True, bidirectional=True)
            elif kind == "gru":
                self.mix = nn.GRU(2 * hidden, hidden, batch_first=True, bidirectional=True)
            else:
                self.mix = nn.Conv1d(2 * hidden, 2 * hidden, kernel_size=5, padding=2)
            self.out = nn.Linear(2 * hidden, 3 * n_labels)

        def forward(self, x, lengths):
            from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

            h = self.drop(nn.functional.relu(self.proj(self.drop(x))))
            if kind in ("lstm", "gru"):
                packed = pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
                h, _ = pad_packed_sequence(self.mix(packed)[0], batch_first=True)
            else:
                mask = (torch.arange(h.shape[1])[None, :] < lengths[:, None]).float()
                h = h * mask[:, :, None]
                h = h + nn.functional.relu(self.mix(h.transpose(1, 2)).transpose(1, 2))
            logits = self.out(self.drop(h))
            return logits.view(logits.shape[0], logits.shape[1], n_labels, 3)

    return Tagger()


def _batches(xs, ys, size: int, rng):
    import numpy as np
    import torch

    order = rng.permutation(len(xs)) if rng is not None else np.arange(len(xs))
    for a in range(0, len(order), size):
        idx = order[a : a + size]
        lengths = [len(xs[i]) for i in idx]
        width = max(lengths)
        x = np.zeros((len(idx), width, xs[idx[0]].shape[1]), dtype=np.float32)
        y = np.full((len(idx), width, ys[idx[0]].shape[1] if ys else 1), -100, dtype=np.int64)
        for r, i in enumerate(idx):
            x[r, : lengths[r]] = xs[i]
            if ys:
                y[r, : lengths[r]] = ys[i]
        yield idx, torch.from_numpy(x), torch.tensor(lengths), torch.from_numpy(y)


def train_network(
    xs: list,
    ys: list,
    epochs: int = 8,
    seed: int = 0,
    weight: float = 3.0,
    callback: Callable | None = None,
    kind: str = "lstm",
    batch: int = 32,
    hidden: int = 128,
    lr: float = 2e-3,
):
    """Fit the tagger on sentences ``xs`` (words x features) with tags ``ys``
    (words x labels, 0=O 1=B 2=I); ``callback(net, epoch)`` after each epoch.
    ``kind``: "lstm", "gru" (what ``contextual_cv`` uses) or "conv"; ``weight``:
    the loss weight of the B and I tags against O."""
    import numpy as np
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = _network(xs[0].shape[1], ys[0].shape[1], hidden, kind)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor([1.0, weight, weight]))
    for epoch in range(epochs):
        net.train()
        for _, x, lengths, y in _batches(xs, ys, batch, rng):
            logits = net(x, lengths)
            loss = loss_fn(logits.reshape(-1, 3), y[:, : logits.shape[1]].reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
        if callback:
            callback(net, epoch)
    return net


def predict_network(net, xs: list) -> list:
    """Per sentence, an array (words x labels) of P(in a span) = P(B) + P(I)."""
    import torch

    net.eval()
    out = [None] * len(xs)
    with torch.inference_mode():
        for idx, x, lengths, _ in _batches(xs, None, 64, None):
            probs = torch.softmax(net(x, lengths), dim=-1).numpy()
            for r, i in enumerate(idx):
                out[i] = probs[r, : lengths[r], :, 1:].sum(axis=-1)
    return out


# -- cross-validated evaluation ---------------------------------------------------
EPOCHS = 4
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)  # P(in a span) tried on the inner split


def method() -> str:
    return f"contextual tagger ({encoder.current().label} int8 word vectors + BiGRU)"


def _extras(features: list[dict]):
    """Our lexicon's label and VADER valence of each word (from ``train``'s features)."""
    import numpy as np

    keys = ("lex=" + LABELS[0], "lex=" + LABELS[1], "val", "absval", "nval")
    return np.array([[f.get(k, 0.0) for k in keys] for f in features], dtype=np.float32).reshape(
        len(features), len(keys)
    )


def decode(
    words: Sequence[tuple[int, int, str]],
    probs,
    thresholds: Sequence[float],
    labels: Sequence[str] | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, label) spans of the runs of words whose P(in a span of the
    label) reaches the label's threshold (``probs``: words x labels)."""
    labels = labels or LABELS
    out = []
    for k, label in enumerate(labels):
        tags = ["I" if p >= thresholds[k] else "O" for p in probs[:, k]]
        out += [(s, e, label) for s, e in bio_spans(words, tags)]
    return out


def _cv(records: list[dict], model) -> list[list[tuple[int, int, str]]] | None:
    """The cross-validation shared by the span taggers (folds by document): in
    each fold a seventh of the training documents (shuffled per fold) is set
    aside to pick the epoch and each label's threshold, ``model.fit(docs,
    callback)`` trains on the rest and calls ``callback(net)`` after each epoch,
    ``model.predict(net, docs)`` gives each document's words x labels P(in a
    span); the held-out fold is only predicted. ``model.prepare(texts, words,
    features)`` runs first, once."""
    import copy

    import numpy as np

    from .evaluate import _folds, merge_spans, score_spans
    from .train import _extend_to_noun, _syntax, _token_features, _tokens

    texts = [r["text"] for r in records]
    folds = _folds(len(records), groups=list(range(len(records))))
    if not folds:
        return None
    syntax = _syntax(texts, [_tokens(t) for t in texts])
    docs = [_token_features(t, syn) for t, syn in zip(texts, syntax, strict=True)]
    words = [toks for toks, _ in docs]
    tags = []
    for toks, r in zip(words, records, strict=True):
        per_label = [
            bio_tags(
                toks,
                merge_spans((s["start"], s["end"]) for s in r["spans"] if s["technique"] == label),
            )
            for label in LABELS
        ]
        tags.append(
            np.array(
                [[_TAG[t] for t in row] for row in zip(*per_label, strict=True)], dtype=np.int64
            ).reshape(len(toks), len(LABELS))
        )
    model.prepare(texts, words, [f for _, f in docs], tags)

    def spans_of(ds, probs, thresholds):
        return {
            d: _extend_to_noun(words[d], syntax[d], decode(words[d], probs[d], thresholds))
            for d in ds
        }

    def pick(ds, probs):
        """Each label's best threshold on documents ``ds``, and their mean F1."""
        scored = {label: [] for label in LABELS}
        for t in THRESHOLDS:
            per = spans_of(ds, probs, [t] * len(LABELS))
            scores = score_spans([records[d] for d in ds], [per[d] for d in ds])
            for label in LABELS:
                scored[label].append((scores[label].f1, t))
        best = [max(scored[label]) for label in LABELS]
        return [t for _, t in best], sum(f for f, _ in best) / len(best)

    out: list[list[tuple[int, int, str]]] = [[] for _ in records]
    for n, (train, test) in enumerate(folds):
        order = list(train)
        np.random.default_rng(n).shuffle(order)
        val, inner = order[: max(1, len(order) // 7)], order[max(1, len(order) // 7) :]
        best = {"f1": -1.0}

        def keep_best(net, val=val, best=best):
            thresholds, f1 = pick(val, model.predict(net, val))
            if f1 > best["f1"]:
                best.update(f1=f1, thresholds=thresholds, state=copy.deepcopy(net.state_dict()))

        net = model.fit(inner, keep_best, seed=n)
        net.load_state_dict(best["state"])
        per = spans_of(test, model.predict(net, test), best["thresholds"])
        for d in test:
            out[d] = per[d]
    return out


class _GRUTagger:
    """The BiGRU over frozen int8 encoder word vectors (``Encoder.span_layers``) and our
    lexicon/VADER features (``contextual_cv``)."""

    def prepare(self, texts, words, features, tags) -> None:
        import numpy as np

        vectors = word_vectors(texts, words, layers=encoder.current().span_layers, quantize=True)
        self.xs = [
            np.concatenate([v, _extras(f)], axis=1) for v, f in zip(vectors, features, strict=True)
        ]
        self.ys, self.words = tags, words
        self.lines = [lines_of(t, w) for t, w in zip(texts, words, strict=True)]

    def _sentences(self, ds):
        keys = [(d, row) for d in ds for row in self.lines[d]]
        return [self.xs[d][row] for d, row in keys], [self.ys[d][row] for d, row in keys], keys

    def fit(self, docs, callback, seed: int):
        xs, ys, _ = self._sentences(docs)
        return train_network(
            xs,
            ys,
            epochs=EPOCHS,
            seed=seed,
            kind="gru",
            hidden=64,
            callback=lambda net, epoch: callback(net),
        )

    def predict(self, net, docs) -> dict:
        import numpy as np

        xs, _, keys = self._sentences(docs)
        per = {d: np.zeros((len(self.words[d]), len(LABELS)), dtype=np.float32) for d in docs}
        for (d, row), p in zip(keys, predict_network(net, xs), strict=True):
            per[d][row] = p
        return per


def contextual_cv(records: list[dict]) -> list[list[tuple[int, int, str]]] | None:
    """Cross-validated loaded/name-calling spans from the BiGRU over frozen encoder
    word vectors (see ``_cv`` for the folds and the inner split)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the small tagger: one thread beats two on a busy machine
    try:
        return _cv(records, _GRUTagger())
    finally:
        torch.set_num_threads(threads)

"""Cross-validated trained models for the framing evaluation (never shipped).

Each function takes the gold records and returns one prediction per record,
every prediction made by a model that did not see that record in training
(k-fold cross-validation; see ``evaluate._folds``). The features:

- ``babe_cv``: TF-IDF word 1-2-grams and character 3-5-grams, plus a biased-word
  lexicon learned from the *training folds'* annotated biased words (each
  training sentence sees the counts without its own words: leave-one-out), our
  shipped lexicon's hits and VADER's strongest word.
- ``tagger_cv``: a token classifier (O / Loaded_Language / Name_Calling) on the
  word, its shape and neighbours, our lexicon's label for it and its VADER
  valence; consecutive tagged tokens form a span. Folds are by document.
- ``directed_cv``: the sentence with the two entities replaced by markers
  (``ENTP``, ``ENTQ``) so n-grams see direction ("ENTP accused ENTQ"), the text
  between them on its own, and VADER scores of the before/between/after parts.
"""

from __future__ import annotations

import re
from collections import Counter

from .evaluate import _TOKEN, _WORD, _folds, lexicon_spans
from .lexicon import LABELS
from .tone import analyzer

_BRACKETS = re.compile(r"\[([^\]]*)\]")


def _valence(word: str) -> float:
    return analyzer().lexicon.get(word.lower(), 0.0)


# -- babe: sentence-level bias ---------------------------------------------------
def _biased_words(record: dict) -> set[str]:
    return {w for phrase in record.get("biased_words") or [] for w in _WORD.findall(phrase.lower())}


def _babe_dense(texts, words, biased, counts, loo: bool):
    """Per sentence: the learned bias ratios of its two most biased-looking words,
    their sum over the top three, the number of words above 0.3, our lexicon's
    hit count and VADER's strongest word."""
    import numpy as np

    bias_n, seen_n = counts
    rows = []
    for text, ws, own in zip(texts, words, biased, strict=True):
        ratios = sorted(
            ((bias_n[w] - (loo and w in own)) / (seen_n[w] - loo + 1) for w in set(ws)),
            reverse=True,
        ) + [0.0, 0.0, 0.0]
        hits = lexicon_spans(text)
        strongest = max((abs(_valence(w)) for w in ws), default=0.0) / 4
        rows.append(
            [
                ratios[0],
                ratios[1],
                sum(ratios[:3]),
                sum(r > 0.3 for r in ratios) / 3,
                min(len(hits), 3) / 3,
                strongest,
            ]
        )
    return np.array(rows)


def babe_cv(records: list[dict]) -> list[str] | None:
    """Cross-validated 'biased' / 'non-biased' for each babe sentence."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    texts = [r["text"] for r in records]
    labels = [r["label"] for r in records]
    words = [_WORD.findall(t.lower()) for t in texts]
    biased = [_biased_words(r) for r in records]
    folds = _folds(len(records), labels=labels)
    if not folds:
        return None
    out = [""] * len(records)
    min_df = 3 if len(records) > 100 else 1  # tiny files (tests) keep every n-gram
    for train, test in folds:
        vec = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=min_df
            ),
        )
        bias_n, seen_n = Counter(), Counter()
        for i in train:
            seen_n.update(set(words[i]))
            bias_n.update(biased[i])

        counts = (bias_n, seen_n)
        matrices = []
        for idx, loo in ((train, True), (test, False)):
            part = [texts[i] for i in idx]
            sparse = vec.fit_transform(part) if loo else vec.transform(part)
            dense = _babe_dense(
                part, [words[i] for i in idx], [biased[i] for i in idx], counts, loo
            )
            matrices.append(hstack([sparse, csr_matrix(dense)]).tocsr())
        model = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
        model.fit(matrices[0], np.array([labels[i] for i in train]))
        for i, label in zip(test, model.predict(matrices[1]), strict=True):
            out[i] = str(label)
    return out


# -- loaded_language: token tagger -----------------------------------------------
def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    return "T" if word.istitle() else "U" if word.isupper() else "l" if word.islower() else "o"


def _token_features(text: str) -> tuple[list[tuple[int, int, str]], list[dict]]:
    toks = _tokens(text)
    lex = lexicon_spans(text)
    feats = []
    lows = [t[2].lower() for t in toks]
    for i, (s, e, w) in enumerate(toks):
        low = lows[i]
        f = {
            "w=" + low: 1,
            "suf=" + low[-3:]: 1,
            "shape="
            + ("T" if w.istitle() else "U" if w.isupper() else "l" if w.islower() else "o"): 1,
            "prev=" + (lows[i - 1] if i else "<s>"): 1,
            "next=" + (lows[i + 1] if i + 1 < len(toks) else "</s>"): 1,
            "bigram=" + (lows[i - 1] if i else "<s>") + "_" + low: 1,
            "val": _valence(w) / 4,
            "absval": abs(_valence(w)) / 4,
            "nval": (abs(_valence(toks[i - 1][2])) if i else 0) / 4
            + (abs(_valence(toks[i + 1][2])) if i + 1 < len(toks) else 0) / 4,
        }
        for ls, le, label in lex:
            if ls <= s and e <= le:
                f["lex=" + label] = 1
        feats.append(f)
    return toks, feats


def _token_labels(toks, spans) -> list[str]:
    out = []
    for s, e, _ in toks:
        label = "O"
        for span in spans:
            if span["technique"] in LABELS and span["start"] <= s and e <= span["end"]:
                label = span["technique"] if label == "O" else label
        out.append(label)
    return out


def _decode(toks, tags, probs=None) -> list[tuple[int, int, str]]:
    spans, cur = [], None
    for (s, e, _), tag in zip(toks, tags, strict=True):
        if tag != "O" and cur and cur[2] == tag:
            cur = (cur[0], e, tag)
            continue
        if cur:
            spans.append(cur)
        cur = (s, e, tag) if tag != "O" else None
    if cur:
        spans.append(cur)
    return spans


def tagger_cv(records: list[dict]) -> list[list[tuple[int, int, str]]] | None:
    """Cross-validated (folds by document) loaded/name-calling spans for each document."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = [_token_features(r["text"]) for r in records]
    tags = [_token_labels(toks, r["spans"]) for (toks, _), r in zip(docs, records, strict=True)]
    folds = _folds(len(records), groups=list(range(len(records))))
    if not folds:
        return None
    out: list[list[tuple[int, int, str]]] = [[] for _ in records]
    for train, test in folds:
        vec = DictVectorizer()
        x = vec.fit_transform([f for i in train for f in docs[i][1]])
        y = np.array([t for i in train for t in tags[i]])
        model = LogisticRegression(
            C=0.5, max_iter=400, class_weight={"O": 1.0, **{lab: 3.0 for lab in LABELS}}
        )
        model.fit(x, y)
        for i in test:
            toks, feats = docs[i]
            if toks:
                out[i] = _decode(toks, list(model.predict(vec.transform(feats))))
    return out


# -- directed sentiment ----------------------------------------------------------
def directed_parts(text: str) -> tuple[str, str, str]:
    """Text before the first bracketed entity, between the two, and after the second."""
    ms = list(_BRACKETS.finditer(text))
    if len(ms) < 2:
        return text, "", ""
    a, b = ms[0], ms[1]
    return text[: a.start()], text[a.end() : b.start()], text[b.end() :]


def directed_cv(records: list[dict]) -> list[int] | None:
    """Cross-validated 5-class directed tone for each directed_sentiment record."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vader = analyzer()
    parts = [directed_parts(r["text"]) for r in records]
    marked = [f"{b} ENTP {m} ENTQ {a}" for b, m, a in parts]
    between = [m for _, m, _ in parts]
    dense = np.array(
        [
            [vader.polarity_scores(x)["compound"] if x.strip() else 0.0 for x in part]
            + [min(len(_WORD.findall(part[1])), 40) / 40]
            for part in parts
        ]
    )
    labels = [int(r["label"]) for r in records]
    folds = _folds(len(records), labels=labels)
    if not folds:
        return None
    out = [0] * len(records)
    for train, test in folds:
        min_df = 2 if len(records) > 100 else 1
        v1 = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, min_df=min_df)
        v2 = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df)
        x_train = hstack(
            [
                v1.fit_transform([marked[i] for i in train]),
                v2.fit_transform([between[i] for i in train]),
                csr_matrix(dense[train]),
            ]
        ).tocsr()
        x_test = hstack(
            [
                v1.transform([marked[i] for i in test]),
                v2.transform([between[i] for i in test]),
                csr_matrix(dense[test]),
            ]
        ).tocsr()
        model = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced")
        model.fit(x_train, np.array([labels[i] for i in train]))
        for i, label in zip(test, model.predict(x_test), strict=True):
            out[i] = int(label)
    return out

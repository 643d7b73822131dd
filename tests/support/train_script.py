"""`scripts/train_model.py` loaded as a module, for tests that check what the models train on."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_model.py"


def train_module() -> ModuleType:
    """The training script as a module (skips the test when scikit-learn is absent)."""
    pytest.importorskip("sklearn")
    spec = importlib.util.spec_from_file_location("train_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # registered first, as an import would: dataclasses in the script look their module up
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module

"""Cohen's kappa and Krippendorff's alpha against values worked out by hand.

Ten excerpts, two codes, two coders (1 = coded):

    code X  A: 1 1 1 0 0 0 1 0 1 0   B: 1 1 0 0 0 0 1 0 1 1
      agreement 8/10; both say yes half the time, so chance agreement 0.5:
      kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6
      coincidences o11 = 8, o00 = 8, o01 = o10 = 2, n1 = n0 = 10, n = 20:
      alpha = 1 - (n - 1) * (o01 + o10) / (2 * n1 * n0) = 1 - 19 * 4 / 200 = 0.62
    code Y  A: 1 1 0 0 0 0 0 0 0 0   B: 1 0 0 0 0 0 0 0 0 1
      agreement 8/10; chance 0.2 * 0.2 + 0.8 * 0.8 = 0.68: kappa = 0.12 / 0.32 = 0.375
      o11 = 2, o00 = 14, o01 = o10 = 2, n1 = 4, n0 = 16: alpha = 1 - 19 * 4 / 128 = 0.40625
    overall (all 20 decisions pooled): agreement 16/20; each coder says yes 7 times:
      chance 0.35^2 + 0.65^2 = 0.545, kappa = 0.255 / 0.455 = 0.560440
      o11 = 10, o00 = 22, o01 = o10 = 4, n1 = 14, n0 = 26, n = 40:
      alpha = 1 - 39 * 8 / (2 * 14 * 26) = 1 - 312 / 728 = 4 / 7
"""

from __future__ import annotations

import math

import pytest
from _workspace_project import ids, make_project
from sklearn.metrics import cohen_kappa_score

from sensemaking.errors import AnnotationError
from sensemaking.workspace import Workspace
from sensemaking.workspace.agreement import cohen_kappa, krippendorff_alpha

X_A = [1, 1, 1, 0, 0, 0, 1, 0, 1, 0]
X_B = [1, 1, 0, 0, 0, 0, 1, 0, 1, 1]
Y_A = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
Y_B = [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_kappa_and_alpha_match_hand_computed_values():
    assert cohen_kappa(X_A, X_B) == pytest.approx(0.6)
    assert krippendorff_alpha(X_A, X_B) == pytest.approx(0.62)
    assert cohen_kappa(Y_A, Y_B) == pytest.approx(0.375)
    assert krippendorff_alpha(Y_A, Y_B) == pytest.approx(0.40625)
    assert cohen_kappa(X_A, X_B) == pytest.approx(cohen_kappa_score(X_A, X_B))


def test_undefined_agreement_is_nan_not_an_error():
    assert math.isnan(cohen_kappa([0, 0, 0], [0, 0, 0]))
    assert math.isnan(krippendorff_alpha([1, 1], [1, 1]))


def test_workspace_agreement_per_code_and_overall(tmp_path):
    ws = Workspace(make_project(tmp_path / "proj"))
    sample = ids("bus", 10)
    for coder, x, y in (("amira", X_A, Y_A), ("ben", X_B, Y_B)):
        for excerpt_id, has_x, has_y in zip(sample, x, y, strict=True):
            if has_x:
                ws.code(excerpt_id, "cost", by=coder)
            if has_y:
                ws.code(excerpt_id, "safety", by=coder)
    ws.code("hub00", "cost", by="amira")  # outside the sample
    ws.code("bus09", "safety", by="amira")  # coded, then taken back
    ws.uncode("bus09", "safety", by="amira")
    table = ws.agreement("amira", "ben", excerpt_ids=sample).set_index("code")
    assert list(table.index) == ["cost", "safety", "overall"]
    assert table.loc["cost", ["kappa", "alpha"]].tolist() == pytest.approx([0.6, 0.62])
    assert table.loc["safety", ["kappa", "alpha"]].tolist() == pytest.approx([0.375, 0.40625])
    assert table.loc["overall", "kappa"] == pytest.approx(0.255 / 0.455)
    assert table.loc["overall", "alpha"] == pytest.approx(4 / 7)
    assert table.loc["overall", ["n_excerpts", "coder_a_yes", "coder_b_yes", "both_yes"]].tolist() == [10, 7, 7, 5]
    assert table.loc["cost", "percent_agreement"] == pytest.approx(80.0)
    default = ws.agreement("amira", "ben").set_index("code")  # excerpts both coded
    assert default.loc["overall", "n_excerpts"] == 4  # bus00, bus01, bus06, bus08


def test_no_common_excerpts_is_a_clear_error(tmp_path):
    ws = Workspace(make_project(tmp_path / "proj"))
    ws.code("bus00", "cost", by="amira")
    with pytest.raises(AnnotationError, match="no excerpts coded in common"):
        ws.agreement("amira", "ben")

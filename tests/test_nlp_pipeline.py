"""Pipeline assembly, --only parsing and tag_version, on spacy.blank("en")."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from lexdiff.errors import UsageError  # noqa: E402
from lexdiff.model import Bill, Provision, Version  # noqa: E402
from lexdiff.nlp.pipeline import (  # noqa: E402
    COMPONENTS,
    available_components,
    build_pipeline,
    select_groups,
    tag_version,
)


def test_components_run_in_the_fixed_order() -> None:
    nlp = build_pipeline()
    order = [factory for _, factory in COMPONENTS]
    assert nlp.pipe_names == [f for f in order if f in available_components()]
    # ours are always there
    for factory in ("lexdiff_sentences", "lexdiff_definitions", "lexdiff_term_uses", "lexdiff_ambiguity"):
        assert factory in nlp.pipe_names
    assert nlp.pipe_names.index("lexdiff_term_uses") > nlp.pipe_names.index("lexdiff_definitions")
    assert nlp.pipe_names[-1] == "lexdiff_ambiguity"


def test_nlp_call_keeps_the_text() -> None:
    nlp = build_pipeline()
    text = "SEC. 2.\n(a) “Model” means a system.\n(b) A developer shall test each model."
    doc = nlp(text)
    assert doc.text == text
    assert {"sentences", "definitions", "term_uses", "ambiguities"} <= set(doc.spans)


@pytest.mark.parametrize(
    "only, groups, labels",
    [
        (["obligations"], {"deontic"}, {"obligation"}),
        (["deontic"], {"deontic"}, set()),
        (["definitions", "ambiguity"], {"definitions", "ambiguities"}, set()),
        (["quantity"], {"quantities"}, {"quantity"}),
        (["term_uses", "sentences"], {"term_uses", "sentences"}, set()),
    ],
    ids=["label-plural", "group", "aliases", "label-singular", "opt-in-groups"],
)
def test_select_groups(only: list[str], groups: set[str], labels: set[str]) -> None:
    got_groups, got_labels, _ = select_groups(only)
    assert got_groups == groups and got_labels == labels


def test_unknown_label_lists_the_valid_ones() -> None:
    with pytest.raises(UsageError, match="choose from: .*obligation"):
        select_groups(["duties-of-care"])


def test_unknown_model_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not installed"):
        build_pipeline("xx_no_such_pipeline_sm")


def test_tag_version_orders_tags_and_sets_provisions() -> None:
    text = "SEC. 1.\n(a) “Model” means a system.\n(b) A developer shall promptly test each model."
    sec = Provision(id="s1", kind="bill_section", label="SEC. 1", start=0, end=len(text), path="SEC. 1",
                    children=(
                        Provision(id="a", kind="subdivision", label="(a)", start=text.index("(a)"),
                                  end=text.index("\n(b)"), path="SEC. 1 > (a)"),
                        Provision(id="b", kind="subdivision", label="(b)", start=text.index("(b)"),
                                  end=len(text), path="SEC. 1 > (b)"),
                    ))
    version = Version(bill=Bill("demo"), id="v", label="t", text=text, provisions=(sec,))
    tags = tag_version(version)
    assert [t.start for t in tags] == sorted(t.start for t in tags)
    by_label = {t.label: t for t in tags}
    assert by_label["definition"].provision == "SEC. 1 > (a)"
    assert by_label["term_use"].provision == "SEC. 1 > (b)"
    assert by_label["ambiguity"].attrs["term"] == "promptly"
    assert "sentence" not in by_label
    only = tag_version(version, only=["sentences"])
    assert {t.label for t in only} == {"sentence"}


def test_every_component_is_exposed_through_the_spacy_factories_entry_point() -> None:
    import importlib
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))
    entry_points = pyproject["project"]["entry-points"]["spacy_factories"]
    for module_name, factory in COMPONENTS:
        try:
            importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        assert factory in entry_points, f"{factory} missing from [project.entry-points.spacy_factories]"
        target_module, target_function = entry_points[factory].split(":")
        assert callable(getattr(importlib.import_module(target_module), target_function))

from __future__ import annotations

from lexdiff.model import Bill, Mark, Provision, Version, rebuild_previous_text, words


def _version(text: str, marks: tuple[Mark, ...] = ()) -> Version:
    return Version(bill=Bill("demo"), id="v", label="Test", text=text, marks=marks)


def test_rebuild_previous_drops_inserts_and_restores_deletes() -> None:
    text = "more than 50 people or property"
    ins = text.index("50")
    version = _version(
        text,
        (
            Mark("delete", ins, ins, "100 "),
            Mark("insert", ins, ins + 3),
        ),
    )
    assert words(rebuild_previous_text(version)) == "more than 100 people or property".split()


def test_provision_at_finds_innermost() -> None:
    text = "SEC. 1.\n(a) One.\n(1) Two."
    inner = Provision("p1", "paragraph", "(1)", 16, len(text), "SEC. 1 > (a)(1)")
    outer = Provision("a", "subdivision", "(a)", 8, len(text), "SEC. 1 > (a)", children=(inner,))
    sec = Provision("s1", "bill_section", "SEC. 1", 0, len(text), "SEC. 1", children=(outer,))
    version = _version(text)
    version = version.with_(provisions=(sec,))
    assert version.provision_at(18) is inner
    assert version.provision_at(9) is outer
    assert version.provision_at(0) is sec
    assert version.find("SEC. 1 > (a)") is outer
    assert [p.path for p in version.walk()] == ["SEC. 1", "SEC. 1 > (a)", "SEC. 1 > (a)(1)"]

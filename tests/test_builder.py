from __future__ import annotations

from lexdiff.ingest.builder import TextBuilder, TreeBuilder


def test_paths_chain_subdivision_labels() -> None:
    text = TextBuilder()
    tree = TreeBuilder()
    s, _ = text.add("SEC. 2.")
    tree.open("bill_section", "SEC. 2", s)
    s, _ = text.add("22757.11.")
    tree.open("code_section", "22757.11", s, segment="BPC 22757.11")
    s, _ = text.add("(g)\u2002(1)  Text   here.")
    tree.open("subdivision", "(g)", s)
    tree.open("paragraph", "(1)", s + 4)
    provisions = tree.finish(text.length)
    assert text.text() == "SEC. 2.\n22757.11.\n(g) (1) Text here."
    paths = [p.path for p in provisions[0].walk()]
    assert paths == ["SEC. 2", "SEC. 2 > BPC 22757.11", "SEC. 2 > BPC 22757.11 > (g)",
                     "SEC. 2 > BPC 22757.11 > (g)(1)"]
    assert provisions[0].end == text.length


def test_duplicate_paths_are_made_unique() -> None:
    tree = TreeBuilder()
    tree.open("section", "SEC. 3", 0)
    tree.close(5)
    tree.open("section", "SEC. 3", 6)
    tree.close(9)
    roots = tree.finish(9)
    assert [p.path for p in roots] == ["SEC. 3", "SEC. 3 #2"]
    assert roots[0].id != roots[1].id

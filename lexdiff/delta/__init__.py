"""Delta: what a version says about who is covered and what penalties apply, and what each amendment changed.

* :func:`lexdiff.delta.facts.version_facts` -- facts of one version from its tags;
* :func:`lexdiff.delta.changes.compare_facts` -- changes between two versions' facts;
* :func:`lexdiff.delta.history.build_history` -- every version of a bill, in order, with
  the changes of each amendment (or against one base version);
* :func:`lexdiff.delta.history.semantic_diff` -- the same for two versions (``diff --semantic``).

Nothing here imports spaCy or reads files: the tagger is passed in.
"""

from lexdiff.delta.changes import Change, compare_facts
from lexdiff.delta.facts import Facts, version_facts
from lexdiff.delta.history import History, build_history, semantic_diff

__all__ = ["Change", "Facts", "History", "build_history", "compare_facts", "semantic_diff", "version_facts"]

"""`python -m crimepolicy check [ROOT]`: verify every input of the book before it is built.

Prints one line naming the file, line and problem, and exits 1, on the first bad input;
prints a one-line summary and exits 0 when everything loads.
"""

import sys

from . import actors, corpus, themes
from .errors import CrimePolicyError


def check(root=None) -> str:
    table = corpus.load_corpus(root)
    themes.load_lexicon(root)
    actors.state_forms(root)
    actors.organisation_forms(root)
    summary = f"{len(table)} documents, {int(table['n_words'].sum())} words"
    try:
        from . import evidence
    except ImportError:  # the evidence tables are optional until they exist
        return summary
    tables = evidence.load_evidence(root)
    rows = sum(len(t) for t in tables.values())
    return f"{summary}, {len(tables)} evidence tables with {rows} rows"


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "check" or len(args) > 2:
        print("usage: python -m crimepolicy check [ROOT]", file=sys.stderr)
        return 2
    try:
        summary = check(args[1] if len(args) > 1 else None)
    except CrimePolicyError as exc:
        print(f"crimepolicy: bad input: {exc}", file=sys.stderr)
        return 1
    print(f"crimepolicy: inputs OK: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The book's command line: `python -m crimepolicy COMMAND`.

  check [ROOT]      validate every input of the book (exit 1 and one line per problem)
  package [ROOT]    write data/datapackage.json from data/datapackage.yml
  add PATH ...      add a document to the corpus and print its coding worksheet
  worksheet DOC_ID  list a document's sentences that no coded row quotes yet
  build [--pdf]     build the book (or the PDF edition) if any input changed
  notebooks         re-execute every notebook in place, to store its outputs

A problem with the inputs is one line naming the file, line and column, what is wrong and
what would be right; there is never a traceback for a problem a user can cause.
"""

import argparse
import sys

from .errors import CrimePolicyError


def check(root=None) -> str:
    """Validate everything; return the summary line, or raise the problems as one
    CrimePolicyError per line (joined)."""
    from . import validate

    found, summary = validate.check_all(root)
    if found:
        raise _Problems(found)
    return (
        f"{summary['documents']} documents, {summary['tables']} tables with {summary['rows']} rows"
    )


class _Problems(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crimepolicy",
        description="Check, build and extend the book on UN crime-policy negotiations.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub = commands.add_parser("check", help="validate every input of the book")
    sub.add_argument("root", nargs="?", help="the book's folder (default: found from here)")
    sub = commands.add_parser("package", help="write data/datapackage.json from the YAML")
    sub.add_argument("root", nargs="?", help="the book's folder")
    sub = commands.add_parser(
        "add", help="add a document to seeds/ and the catalog, and print its coding worksheet"
    )
    sub.add_argument("path", help="the document: a UTF-8 text file")
    sub.add_argument("--doc-id", required=True, help="its id: words and the year, like cop12-2024")
    sub.add_argument("--label", required=True, help="a short description of the document")
    sub.add_argument(
        "--published", required=True, help="publication date: YYYY, YYYY-MM or YYYY-MM-DD"
    )
    sub.add_argument(
        "--published-basis",
        required=True,
        help="how the date is known: 'stated: ...' or 'inferred: ...'",
    )
    sub.add_argument("--body", required=True, help="the UN body whose meeting it reports")
    sub.add_argument("--event-start", required=True, help="first day of the meeting it reports")
    sub.add_argument("--doc-type", required=True, help="commentary, press release, ...")
    sub.add_argument("--title", default="", help="its title, if the text has one")
    sub.add_argument("--url", default="", help="the https address of the original")
    sub.add_argument("--publisher", default="")
    sub.add_argument("--author", default="")
    sub.add_argument("--session", default="")
    sub.add_argument("--event-end", default="")
    sub.add_argument("--place", default="")
    sub.add_argument("--notes", default="")
    sub.add_argument("--root", help="the book's folder")
    sub = commands.add_parser(
        "worksheet", help="list a document's sentences that no coded row quotes yet"
    )
    sub.add_argument("doc_id", help="the document's id, as in seeds/catalog.csv")
    sub.add_argument("--root", help="the book's folder")
    sub = commands.add_parser("build", help="build the book if any input changed")
    sub.add_argument("--pdf", action="store_true", help="build the PDF edition instead")
    sub.add_argument("--root", help="the book's folder")
    sub = commands.add_parser("notebooks", help="re-execute every notebook in place")
    sub.add_argument("--root", help="the book's folder")
    return parser


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command == "check":
            print(f"crimepolicy: inputs OK: {check(args.root)}")
        elif args.command == "package":
            from . import registry

            path = registry.write_package(args.root)
            print(f"crimepolicy: wrote {path}")
        elif args.command == "add":
            from . import worksheet

            print(worksheet.add_document(args))
        elif args.command == "worksheet":
            from . import worksheet

            sheet = worksheet.worksheet(args.doc_id, args.root)
            for item in sheet.itertuples():
                found = "; ".join(x for x in (item.themes, item.actors) if x)
                print(f"[p{item.para}.s{item.sent}] ({found}) {item.text}")
        elif args.command == "build":
            from . import build

            return build.main(pdf=args.pdf, root=args.root)
        elif args.command == "notebooks":
            from . import build

            return build.store_outputs(root=args.root)
    except _Problems as exc:
        for problem in exc.problems:
            print(f"crimepolicy: bad input: {problem}", file=sys.stderr)
        return 1
    except CrimePolicyError as exc:
        print(f"crimepolicy: bad input: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

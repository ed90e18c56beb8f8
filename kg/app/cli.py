"""`evergreen`: the command line, a thin layer over `kg.app.service.Evergreen`.

Errors print one line on stderr saying what to do and exit 1 (2 for usage);
the graph is unchanged whenever a command fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from kg.runtime.settings import Settings
from kg.core.errors import EvergreenError, ReadOnlyError
from kg.core.facts import TimePoint
from kg.graph.report import Report
from kg.graph.read_model import FactRow


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evergreen",
        description="Keep an assistant current: articles in, timestamped facts out, answers from the graph.",
    )
    parser.add_argument("--store", help="a directory (embedded store), 'memory', or a SPARQL query "
                        "endpoint URL; default $EVERGREEN_STORE, else data/store")
    parser.add_argument("--update-url", help="SPARQL update endpoint (default: derived from --store)")
    parser.add_argument("--config", help="a TOML settings file (default: evergreen.toml if present)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress on stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="read articles and add their facts")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files (.txt .md .html .pdf .jsonl) or folders")
    p.add_argument("--date", help="publication date for articles that carry none (YYYY-MM-DD)")
    p.add_argument("-j", "--processes", type=int, metavar="N",
                   help="processes reading articles in a large batch (setting n_process; 2 uses two cores)")
    p.add_argument("--ontology", metavar="FILE", help="also map each sentence's facts onto the relations "
                   "of this ontology file (setting ontology; see docs/extraction.md)")
    p.add_argument("--json", action="store_true", help="one JSON report per article per line")

    p = sub.add_parser("ask", help="answer questions from the graph")
    p.add_argument("questions", nargs="+", metavar="QUESTION")
    p.add_argument("--as-of", help="answer as of this date (YYYY-MM-DD)")
    p.add_argument("--llm", help="answerer: graph (default), local or openai")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("facts", help="list facts")
    p.add_argument("--entity", help="only facts about this entity (name, alias or id)")
    p.add_argument("--as-of", help="facts true on this date (YYYY-MM-DD); default: current facts")
    p.add_argument("--history", action="store_true", help="every version, with status")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("add", help="state a fact by hand")
    p.add_argument("subject")
    p.add_argument("predicate", help="a catalogue key, label or synonym, or rel:<phrase>")
    p.add_argument("object")
    p.add_argument("--from", dest="valid_from", help="start date (YYYY, YYYY-MM or YYYY-MM-DD; default today)")
    p.add_argument("--until", help="end date")
    p.add_argument("--source", help="where this comes from (kept with the fact)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("retract", help="end a fact with no successor")
    p.add_argument("fact_id")
    p.add_argument("--at", help="when it stopped being true (default today)")
    p.add_argument("--reason")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("deprecate", help="mark a fact as wrong (kept, with the reason)")
    p.add_argument("fact_id")
    p.add_argument("--reason", required=True)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("correct", help="replace a wrong fact by a corrected one")
    p.add_argument("fact_id")
    p.add_argument("--object", help="the right object")
    p.add_argument("--from", dest="valid_from", help="the right start date")
    p.add_argument("--until", help="the right end date ('' for open)")
    p.add_argument("--reason")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("changes", help="facts learnt or ended in a date range")
    p.add_argument("--since", required=True)
    p.add_argument("--until")
    p.add_argument("--by", choices=("recorded", "valid"), default="recorded",
                   help="recorded: when the graph learnt or dropped them (default); valid: when they became or stopped being true")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sources", help="list ingested sources")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("forget", help="delete a source; facts it superseded come back")
    p.add_argument("source_id")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("audit", help="who changed what, when (newest first)")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="write the whole graph")
    p.add_argument("--format", default="trig", choices=("trig", "nquads", "turtle", "jsonld"))
    p.add_argument("-o", "--output", help="file to write (default: standard output)")

    p = sub.add_parser("import", help="load an export (.trig, .nq) or a fact table (.jsonl, .csv)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("eval", help="ingest an evaluation stream and score its questions")
    p.add_argument("stream_dir")
    p.add_argument("--llm", default="graph")
    p.add_argument("--json", action="store_true")

    sub.add_parser("serve", help="start the web app")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        overrides = {"store": args.store, "update_url": args.update_url,
                     "n_process": getattr(args, "processes", None), "ontology": getattr(args, "ontology", None)}
        settings = Settings.load(overrides=overrides, config_file=args.config)
        if args.command == "serve":
            return serve(settings)
        from kg.app.service import Evergreen

        with Evergreen(settings) as service:
            return COMMANDS[args.command](service, args)
    except EvergreenError as err:
        print(f"evergreen: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("evergreen: interrupted", file=sys.stderr)
        return 130


def _date(text: str | None) -> dt.date | None:
    point = TimePoint.parse(text) if text else None
    return point.date if point else None


def _check_password(service) -> None:
    """With an editor password set, CLI writes need it in $EVERGREEN_PASSWORD."""
    wanted = service.settings.editor_password
    if wanted and os.environ.get("EVERGREEN_PASSWORD") != wanted:
        raise ReadOnlyError("Writes need the editor password: set EVERGREEN_PASSWORD.")


def format_fact(row: FactRow) -> str:
    parts = [f"[{row.id}] {row.subject} | {row.predicate} | {row.object}"]
    if row.valid_from:
        parts.append(f"from {row.valid_from}")
    if row.valid_until:
        parts.append(f"until {row.valid_until}")
    parts.append(row.status)
    if row.source:
        parts.append(f'source: "{row.source}"')
    if row.reason:
        parts.append(f"reason: {row.reason}")
    return " | ".join(parts)


def print_report(report: Report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return
    print(report.summary())
    for row in report.added:
        print("  + " + format_fact(row))
    for row in report.history:
        print("  h " + format_fact(row))
    for change in report.superseded:
        new = f" -> {change.new.object} (from {change.new.valid_from})" if change.new else ""
        print(f"  ~ {change.old.subject} | {change.old.predicate}: {change.old.object} "
              f"(until {change.old.valid_until}){new}")
    for label, rows in (("ended", report.ended), ("corroborated", report.corroborated),
                        ("removed", report.removed), ("restored", report.restored),
                        ("deprecated", report.deprecated)):
        for row in rows:
            print(f"  {label}: " + format_fact(row))
    for held in report.held_back:
        print(f"  held back ({held.reason}): {held.sentence}")


def cmd_ingest(service, args) -> int:
    _check_password(service)
    failed = 0
    for report in service.ingest(args.paths, published=args.date):
        failed += report.status == "failed"
        if report.status == "failed" and not args.json:
            print(f"evergreen: error: {report.summary()}", file=sys.stderr)
        else:
            print_report(report, args.json)
    return 1 if failed else 0


def cmd_ask(service, args) -> int:
    as_of = _date(args.as_of)
    for answer in service.ask_many(args.questions, as_of=as_of, llm=args.llm or service.settings.llm):
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            print(answer.text)
            if answer.llm_name:
                flag = "verified" if answer.verified else f"unverified: {answer.verification}"
                print(f"{answer.llm_name} ({flag}): {answer.llm_text or ''}")
            for line in answer.fact_lines():
                print("  " + line)
    return 0


def cmd_facts(service, args) -> int:
    rows = service.facts(args.entity, as_of=_date(args.as_of), history=args.history)
    for row in rows:
        print(json.dumps(row.to_json(), ensure_ascii=False) if args.json else format_fact(row))
    if not rows and not args.json:
        print("No facts." if args.entity is None else f"No facts about {args.entity}.", file=sys.stderr)
    return 0


def cmd_add(service, args) -> int:
    _check_password(service)
    print_report(service.add(args.subject, args.predicate, args.object, args.valid_from,
                             args.until, args.source), args.json)
    return 0


def cmd_retract(service, args) -> int:
    _check_password(service)
    print_report(service.retract(args.fact_id, args.at, args.reason), args.json)
    return 0


def cmd_deprecate(service, args) -> int:
    _check_password(service)
    print_report(service.deprecate(args.fact_id, args.reason), args.json)
    return 0


def cmd_correct(service, args) -> int:
    _check_password(service)
    print_report(service.correct(args.fact_id, args.object, args.valid_from, args.until,
                                 args.reason), args.json)
    return 0


def cmd_changes(service, args) -> int:
    for row in service.changes(_date(args.since), _date(args.until), by=args.by):
        print(json.dumps(row.to_json(), ensure_ascii=False) if args.json else format_fact(row))
    return 0


def cmd_sources(service, args) -> int:
    for source, count in service.sources():
        if args.json:
            print(json.dumps({
                "id": source.id, "kind": source.kind, "title": source.title,
                "published": str(source.published) if source.published else None,
                "published_uncertain": source.published_uncertain, "url": source.url,
                "file": source.file_name, "statements": count,
                "recorded_at": source.recorded_at.isoformat() if source.recorded_at else None,
            }, ensure_ascii=False))
        else:
            when = f" ({source.published})" if source.published else ""
            print(f"[{source.id}] {source.kind}: {source.title or source.file_name}{when} | {count} statements")
    return 0


def cmd_forget(service, args) -> int:
    _check_password(service)
    print_report(service.forget(args.source_id), args.json)
    return 0


def cmd_audit(service, args) -> int:
    for entry in service.audit_log(args.limit):
        if args.json:
            print(json.dumps({"id": entry.id, "action": entry.action, "agent": entry.agent,
                              "at": entry.at.isoformat(), "source_id": entry.source_id,
                              "title": entry.title, "detail": entry.detail}, ensure_ascii=False))
        else:
            detail = f" ({entry.detail})" if entry.detail else ""
            print(f"{entry.at.isoformat()} {entry.agent} {entry.action}: {entry.title}{detail}")
    return 0


def cmd_export(service, args) -> int:
    text = service.export(args.format)
    if args.output:
        Path(args.output).write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(service, args) -> int:
    _check_password(service)
    print_report(service.import_file(args.file), args.json)
    return 0


def cmd_eval(service, args) -> int:
    from kg.app.evaluate import run_stream

    result = run_stream(service, Path(args.stream_dir), llm=args.llm)
    print(json.dumps(result, ensure_ascii=False) if args.json else result["text"])
    return 0


def serve(settings: Settings) -> int:
    import tomllib

    app = Path(__file__).resolve().parents[2] / "app.py"
    env = {**os.environ, "EVERGREEN_STORE": settings.store}
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]
    # Streamlit reads .streamlit/config.toml only from its working folder: pass the app's own
    # options (the viewer toolbar, without "Deploy") wherever `evergreen serve` is started.
    config = app.parent / ".streamlit" / "config.toml"
    if config.is_file():
        for section, options in tomllib.loads(config.read_text("utf-8")).items():
            command += [f"--{section}.{name}={str(value).lower() if isinstance(value, bool) else value}"
                        for name, value in options.items()]
    return subprocess.call(command, env=env)


COMMANDS = {
    "ingest": cmd_ingest, "ask": cmd_ask, "facts": cmd_facts, "add": cmd_add,
    "retract": cmd_retract, "deprecate": cmd_deprecate, "correct": cmd_correct,
    "changes": cmd_changes, "sources": cmd_sources, "forget": cmd_forget,
    "audit": cmd_audit, "export": cmd_export, "import": cmd_import, "eval": cmd_eval,
}


if __name__ == "__main__":
    sys.exit(main())

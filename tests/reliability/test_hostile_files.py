"""Hostile files through the real ingest path (`Evergreen.ingest`, `evergreen ingest`).

Every file either goes in whole or fails alone with one line that says what to do; the
good files of the same batch still go in, and a failed file leaves nothing in the graph.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.articles import EXTENSIONS
from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from tests.conftest import FixedClock
from tests.reliability.checks import assert_consistent, statement_counts

pytestmark = pytest.mark.slow

GOOD = {
    "kora.md": "---\ndate: 2020-01-10\n---\nKora Mining has appointed Ada Obi as chief executive.\n",
    "lumen.txt": "Lumen Bank has appointed Ivo Peters as chief executive.\n",
}


def pdf(text: str | None = None, password: str | None = None) -> bytes:
    """A real PDF: one page with `text` as a text layer (Helvetica), or a blank page."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=400, height=200)
    if text is not None:
        font = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica")}))
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 9 Tf 10 100 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def aes_pdf() -> bytes:
    """A PDF whose encryption dictionary asks for AES, which pypdf cannot undo without the
    optional `cryptography` package (it raised DependencyError, a traceback, before)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_metadata({"/Title": "Quarterly report"})
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    entry = writer._encrypt_entry
    entry[NameObject("/V")], entry[NameObject("/R")] = NumberObject(4), NumberObject(4)
    entry[NameObject("/CF")] = DictionaryObject({NameObject("/StdCF"): DictionaryObject({
        NameObject("/CFM"): NameObject("/AESV2"), NameObject("/Length"): NumberObject(16)})})
    entry[NameObject("/StmF")] = entry[NameObject("/StrF")] = NameObject("/StdCF")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _has_cryptography() -> bool:
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return False
    return True


# name -> (bytes, words the one-line error must contain)
BAD = {
    "empty.txt": (b"", "is empty"),
    "blank-lines.md": (b" \n\n\t\n", "is empty"),
    "random.txt": (random.Random(42).randbytes(4000), "looks binary"),
    "zip-named.md": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "looks binary"),
    "text-named.pdf": (GOOD["kora.md"].encode(), "not a PDF"),
    "truncated.pdf": (pdf("Vela Air has appointed Rui Sousa as chief executive.")[:400], "broken"),
    "garbage.pdf": (b"%PDF-1.7\n" + random.Random(7).randbytes(3000), "broken"),
    "encrypted.pdf": (pdf("Vela Air has appointed Rui Sousa as chief executive.", password="pw"), "encrypted"),
    "scan.pdf": (pdf(None), "no text layer"),
    "cut-off.html": (b"<html><head><title>Kestrel Foods</title></head><body><div><p", "no article text"),
    "script-only.html": (b"<html><body><script>var ceo = 'Mallory';</script></body></html>", "no article text"),
    "not-markup.html": (b"Vela Air has appointed Rui Sousa as chief executive.", "no HTML markup"),
    "bad-front-matter.md": (b"---\ntitle: [unclosed\n---\nVela Air has appointed Rui Sousa.", "front matter"),
    "future.md": (b"---\ndate: 2999-01-01\n---\nVela Air has appointed Rui Sousa.", "not plausible"),
    "report.docx": (b"PK\x03\x04 a word file", "unsupported file type"),
    "huge.txt": (b"Vela Air has appointed Rui Sousa as chief executive. " * 3000, "over the 0.1 MB limit"),
}
if not _has_cryptography():
    BAD["aes.pdf"] = (aes_pdf(), "encrypted")

LIMITED = Settings(store="memory", user="tester", max_file_mb=0.1)


def service_on(settings: Settings, extractor) -> Evergreen:
    svc = Evergreen(settings, clock=FixedClock())
    svc._extractor = extractor  # the session's models, loaded once
    return svc


def write(folder: Path, files: dict[str, bytes | str]) -> list[Path]:
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        paths.append(path)
    return paths


def test_hostile_files_fail_alone_in_one_line_and_leave_nothing_behind(tmp_path, extractor):
    good = write(tmp_path, GOOD)
    bad = write(tmp_path, {name: data for name, (data, _) in BAD.items()})
    batch = bad[:5] + good[:1] + bad[5:10] + good[1:] + bad[10:]  # good files amid the bad
    with service_on(LIMITED, extractor) as svc:
        reports = list(svc.ingest(batch))
        by_file = {Path(r.file).name: r for r in reports}
        for name, (_, words) in BAD.items():
            report = by_file[name]
            assert report.status == "failed", (name, report.status)
            assert words in report.error and name in report.summary(), (name, report.summary())
            assert "\n" not in report.error and "Traceback" not in report.error
        assert [by_file[name].status for name in GOOD] == ["ok", "ok"]
        # Nothing of the failed files: the graph equals the one built from the good files alone.
        with service_on(LIMITED, extractor) as clean:
            list(clean.ingest(good))
            assert svc.export("nquads") == clean.export("nquads")
        assert_consistent(svc.graph)


def test_misnamed_and_non_utf8_files_are_read_as_what_they_are(tmp_path, extractor):
    cut = "Brücke Verlag has appointed Jürgen Weiß as chief executive. Later".encode()
    files = {
        "latin1.txt": "Malmö Energi has appointed Björn Åkesson as chief executive.".encode("latin-1"),
        "utf16.md": "# Nordlys\n\nNordlys Energi has appointed Åsa Lindström as chief executive.".encode("utf-16"),
        "cp1252.txt": "“Tarn Ltd” has appointed Marie Leroux as chief executive — at last.".encode("cp1252"),
        "cut-utf8.txt": cut + "é".encode()[:1],  # truncated inside a character: was read as cp1250
        "latin1-tail.txt": "Lumen Bank has appointed Ivo Peters as chief executive, wrote Zoë".encode("latin-1"),
        "cut-utf8-bom.md": b"\xef\xbb\xbf" + cut.replace(b"Br\xc3\xbccke", b"Kr\xc3\xa4mer") + "€".encode()[:2],
        "pdf-named.txt": pdf("Vela Air has appointed Rui Sousa as chief executive."),  # was read as text
        "unclosed.html": (b"<html><head><title>Kestrel</title><body><div><p>Kestrel Foods has appointed "
                          b"<b>Hana Lind as chief executive.</p></table><p>More <i>text"),
    }
    with service_on(Settings(store="memory", user="tester"), extractor) as svc:
        reports = list(svc.ingest(write(tmp_path, files)))
        assert [r.status for r in reports] == ["ok"] * len(files), [r.summary() for r in reports]
        ceo = {entity: [r.object for r in svc.facts(entity)] for entity in
               ("Malmö Energi", "Nordlys Energi", "Tarn Ltd", "Brücke Verlag", "Krämer Verlag", "Vela Air", "Kestrel Foods")}
        assert ceo == {"Malmö Energi": ["Björn Åkesson"], "Nordlys Energi": ["Åsa Lindström"], "Tarn Ltd": ["Marie Leroux"],
                       "Brücke Verlag": ["Jürgen Weiß"], "Krämer Verlag": ["Jürgen Weiß"], "Vela Air": ["Rui Sousa"], "Kestrel Foods": ["Hana Lind"]}
        texts = " ".join(svc.source(r.source_id)[0].text for r in reports)
        assert "%PDF" not in texts and "Ĺ" not in texts and "Ã" not in texts
        assert "wrote Zoë" in texts  # ends like UTF-8 cut inside a character, but is Latin-1
        assert_consistent(svc.graph)


def test_one_line_of_100000_characters_goes_in_whole(ingest_service, tmp_path):
    first = "Kora Mining has appointed Ada Obi as chief executive."
    last = " Lumen Bank has appointed Ivo Peters as chief executive."
    filler = " The board met on Tuesday and discussed the harbour budget in some detail."
    room = 100_000 - len(first) - len(last)
    middle = filler * (room // len(filler) - 1)
    middle += " " + "x" * (room - len(middle) - 2) + "."  # whole sentences: no word cut in half
    path = tmp_path / "one-line.txt"
    path.write_text(first + middle + last)
    assert len(path.read_text()) == 100_000 and "\n" not in path.read_text()
    (report,) = list(ingest_service.ingest([path]))
    assert report.status == "ok", report.summary()
    assert [r.object for r in ingest_service.facts("Kora Mining")] == ["Ada Obi"]
    assert [r.object for r in ingest_service.facts("Lumen Bank")] == ["Ivo Peters"]
    assert statement_counts(ingest_service.graph) == {report.source_id: report.statements}
    assert_consistent(ingest_service.graph)


def invented_names(rng: random.Random, count: int) -> list[str]:
    """Distinct made-up words ("Bavoki"): real-looking names that no fuzzy match can merge."""
    seen: set[str] = set()
    while len(seen) < count:
        seen.add("".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)).capitalize())
    return sorted(seen)


def test_an_article_naming_hundreds_of_entities_goes_in_whole(ingest_service, tmp_path):
    rng = random.Random(42)
    # 2,000 entities (1,000 organisations, 1,000 people): 136 s while each role phrase and each
    # new name cost an encoder call; about 4 s since an article's names are encoded in one call.
    firms, surnames = invented_names(rng, 1000), invented_names(rng, 2000)[1000:]
    kinds, first = ["Mining", "Bank", "Shipping", "Foods", "Energy", "Motors"], ["Anna", "Lars", "Maria", "Jonas"]
    text = "\n".join(f"{firm} {rng.choice(kinds)} has appointed {rng.choice(first)} {surname} as chief executive."
                     for firm, surname in zip(firms, surnames))
    path = tmp_path / "entities.md"
    path.write_text("---\ndate: 2025-01-01\n---\n" + text)
    (report,) = list(ingest_service.ingest([path]))
    assert report.status == "ok", report.summary()
    assert report.statements >= 900  # the small spaCy model misses a few names
    assert statement_counts(ingest_service.graph) == {report.source_id: report.statements}
    assert ingest_service.graph.count_entities() >= 2 * 900
    assert_consistent(ingest_service.graph)


# -- fuzzing: valid files with random damage, and random bytes with a valid extension --------

SEEDS = {
    ".txt": GOOD["lumen.txt"].encode(),
    ".md": GOOD["kora.md"].encode(),
    ".html": b"<html><head><title>T</title></head><body><article><p>" + b"Kestrel Foods has appointed "
             b"Hana Lind as chief executive. " * 5 + b"</p></article></body></html>",
    ".pdf": pdf("Vela Air has appointed Rui Sousa as chief executive."),
    ".jsonl": (json.dumps({"text": "Kora Mining has appointed Ada Obi as chief executive.",
                           "date": "2020-01-10"}) + "\n").encode(),
}


@st.composite
def damaged_files(draw):
    suffix = draw(st.sampled_from(sorted(set(EXTENSIONS) - {".htm", ".markdown"})))
    how = draw(st.sampled_from(["random", "truncate", "overwrite", "insert"]))
    if how == "random":
        return suffix, draw(st.binary(max_size=2000))
    data = bytearray(SEEDS[suffix])
    if how == "truncate":
        return suffix, bytes(data[:draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        chunk = draw(st.binary(min_size=1, max_size=16))
        data[at:at + (len(chunk) if how == "overwrite" else 0)] = chunk
    return suffix, bytes(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(file=damaged_files())
def test_damaged_and_random_files_fail_cleanly_or_go_in_whole(file, extractor):
    suffix, data = file
    with tempfile.TemporaryDirectory() as folder, service_on(Settings(store="memory"), extractor) as svc:
        list(svc.ingest(write(Path(folder), {"good.md": GOOD["kora.md"]})))
        before = svc.export("nquads")
        reports = list(svc.ingest(write(Path(folder), {"fuzz" + suffix: data})))
        assert reports
        for report in reports:
            assert report.status in ("ok", "failed", "duplicate")
            if report.status == "failed":
                assert report.error and "\n" not in report.error and "Traceback" not in report.error
                assert not report.error.startswith("extraction failed"), report.error  # a bug, not bad input
        if all(r.status != "ok" for r in reports):
            assert svc.export("nquads") == before
        counts = statement_counts(svc.graph)
        assert all(counts.get(r.source_id) == r.statements for r in reports if r.status == "ok")
        assert_consistent(svc.graph)


def test_cli_ingest_prints_one_line_per_bad_file_and_keeps_the_good(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, GOOD)
    bad = {name: BAD[name][0] for name in ("empty.txt", "random.txt", "encrypted.pdf", "scan.pdf",
                                             "truncated.pdf", "text-named.pdf", "bad-front-matter.md")}
    write(folder, bad)
    store = str(tmp_path / "store")
    result = subprocess.run([sys.executable, "-m", "kg.app.cli", "--store", store, "ingest", str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("evergreen: error:")]
    assert len(errors) == len(bad), result.stderr
    assert "Traceback" not in result.stderr
    for name in bad:
        assert sum(name in line for line in errors) == 1, (name, errors)
    with Evergreen(Settings(store=store)) as svc:
        assert sorted(s.file_name for s, _ in svc.sources()) == sorted(GOOD)
        assert [r.object for r in svc.facts("Lumen Bank")] == ["Ivo Peters"]
        assert_consistent(svc.graph)

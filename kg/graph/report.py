"""What a write did, in terms people check: added, superseded, ended, corroborated, restored."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from kg.core.facts import HeldBack, Status
from kg.graph.fact_graph import Commit
from kg.graph.read_model import FactRow

__all__ = ["HeldBack", "Report", "Supersession", "describe_commit"]  # HeldBack lives in kg.core.facts


@dataclass(frozen=True)
class Supersession:
    old: FactRow
    new: FactRow | None


@dataclass
class Report:
    """One article's ingest, one edit, one deletion or one import."""

    action: str  # ingest | edit | forget | import
    status: str = "ok"  # ok | duplicate | failed
    source_id: str | None = None
    title: str = ""
    file: str | None = None
    published: str | None = None
    published_uncertain: bool = False
    error: str | None = None
    added: list[FactRow] = field(default_factory=list)  # new current facts
    history: list[FactRow] = field(default_factory=list)  # new facts that are already past
    superseded: list[Supersession] = field(default_factory=list)
    ended: list[FactRow] = field(default_factory=list)
    corroborated: list[FactRow] = field(default_factory=list)
    removed: list[FactRow] = field(default_factory=list)
    restored: list[FactRow] = field(default_factory=list)
    deprecated: list[FactRow] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)
    barren_sentences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the article was read, when unusual
    statements: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self) -> str:
        name = self.title or self.file or self.source_id or self.action
        if self.status == "failed":
            return f"{name}: failed: {self.error}"
        if self.status == "duplicate":
            return f"{name}: already ingested ({self.error or 'same content'}); nothing changed"
        parts = [f"{len(self.added)} added"]
        for label, items in (("to history", self.history), ("superseded", self.superseded),
                             ("ended", self.ended), ("corroborated", self.corroborated),
                             ("removed", self.removed), ("restored", self.restored),
                             ("deprecated", self.deprecated)):
            if items:
                parts.append(f"{len(items)} {label}")
        if self.held_back:  # say why, not a silent "0 added": "3 claims held back: denied"
            reasons = Counter(held.reason for held in self.held_back)
            n = len(self.held_back)
            parts.append(f"{n} claim{'' if n == 1 else 's'} held back: "
                         + ", ".join(f"{why}" if len(reasons) == 1 else f"{why} ({k})" for why, k in reasons.items()))
        elif self.action == "ingest" and len(parts) == 1 and not self.added:
            parts.append("no statement of a fact found in the text")
        return f"{name}: " + ", ".join(parts) + "".join(f" (note: {note})" for note in self.notes)

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("added", "history", "ended", "corroborated", "removed", "restored", "deprecated"):
            data[key] = [row.to_json() for row in getattr(self, key)]
        data["superseded"] = [
            {"old": s.old.to_json(), "new": s.new.to_json() if s.new else None} for s in self.superseded
        ]
        data["summary"] = self.summary()
        return data


def describe_commit(report: Report, commit: Commit, rows, source_id: str | None = None) -> Report:
    """Fill `report` from the facts a commit changed; `rows` turns facts into FactRows."""
    old = {f.id: f for facts in commit.before.values() for f in facts}
    new = {f.id: f for facts in commit.after.values() for f in facts}
    wanted = set(old) | set(new)
    row = {r.id: r for r in rows([*old.values(), *new.values()])} if wanted else {}
    new_rows = {i: r for i, r in row.items() if i in new}

    # A run whose start moved (an earlier source arrived) gets a new id: pair it with
    # its old self by subject, predicate and object instead of calling it removed + added.
    gone = {(f.subject, f.predicate, f.object.key(), f.status): f for i, f in old.items() if i not in new}
    for fid, fact in list(new.items()):
        if fid not in old:
            twin = gone.pop((fact.subject, fact.predicate, fact.object.key(), fact.status), None)
            if twin is not None:
                old[fid] = twin
                del old[twin.id]

    for fid, fact in new.items():
        before = old.get(fid)
        if before is None:
            if fact.status is Status.CURRENT:
                report.added.append(new_rows[fid])
            elif fact.status is Status.DEPRECATED:
                report.deprecated.append(new_rows[fid])
            elif fact.status is not Status.CURRENT:
                report.history.append(new_rows[fid])
            continue
        if before.status is Status.CURRENT and fact.status is Status.SUPERSEDED:
            successor = new_rows.get(fact.replaced_by) if fact.replaced_by else None
            report.superseded.append(Supersession(new_rows[fid], successor))
        elif before.status is Status.CURRENT and fact.status is Status.RETRACTED:
            report.ended.append(new_rows[fid])
        elif before.status is not Status.CURRENT and fact.status is Status.CURRENT:
            report.restored.append(new_rows[fid])
        elif source_id and source_id in fact.sources and (
            source_id not in before.sources or before.id != fact.id
        ):
            report.corroborated.append(new_rows[fid])
    for fid, fact in old.items():
        if fid not in new and fact.status is not Status.DEPRECATED:
            report.removed.append(row[fid])
    return report

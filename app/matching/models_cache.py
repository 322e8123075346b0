"""The active match model (the newest stored settings version) and the name affixes to strip."""

from threading import Lock

from sqlmodel import Session, select

from app.matching import repository
from matching import MatchModel, default_model
from models import ReferenceValue

_parsed: dict[str, MatchModel] = {}
_lock = Lock()


def active_model(session: Session) -> MatchModel:
    """The newest model version; on a new store, the shipped defaults (recorded as the first version)."""
    stored = repository.latest_settings(session)
    if stored is None:
        model = default_model()
        repository.add_settings(
            session,
            version=model.version,
            settings=model.to_settings(),
            population=0,
            reason="shipped defaults",
        )
        return model
    with _lock:
        model = _parsed.get(stored.version)
        if model is None:
            model = _parsed[stored.version] = MatchModel.from_settings(stored.settings)
    return model


def name_affixes(session: Session) -> frozenset[str]:
    statement = select(ReferenceValue.attributes).where(ReferenceValue.kind == "name_affix")
    return frozenset(a["affix"] for a in session.scalars(statement) if a.get("affix"))

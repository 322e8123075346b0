"""The active match model (the newest stored settings version) and the name affixes to strip."""

import time
from threading import Lock

from sqlmodel import Session, select

from app.matching import repository
from matching import MatchModel, default_model
from models import ReferenceValue

POPULATION_TTL_SECONDS = 5.0
CACHE_POPULATION_FROM = 10_000
_parsed: dict[str, MatchModel] = {}
_population: dict[str, tuple[float, dict[str, int]]] = {}
_lock = Lock()


def active_model(session: Session, *, record_default: bool = True) -> MatchModel:
    """The newest model version. On a new store that is the shipped default, which a writing caller
    records as the first version (`record_default`), so every score names a stored version."""
    version = repository.latest_settings_version(session)
    if version is None:
        model = default_model()
        if record_default:
            repository.add_settings_once(
                session,
                version=model.version,
                settings=model.to_settings(),
                population=0,
                reason="shipped defaults",
            )
        return model
    with _lock:
        model = _parsed.get(version)
    if model is None:
        stored = repository.settings_by_version(session, version)
        model = MatchModel.from_settings(stored.settings)
        with _lock:
            _parsed[version] = model
    return model


def population(session: Session) -> dict[str, int]:
    """Records per party type. A large store is counted at most every few seconds: the count sets priors
    and frequencies, where a count seconds old changes nothing that matters, and counting 100k rows on
    every call would cost milliseconds."""
    now = time.monotonic()
    bind = session.get_bind().url.render_as_string(hide_password=True)
    with _lock:
        cached = _population.get(bind)
    if cached is not None and now - cached[0] < POPULATION_TTL_SECONDS:
        return cached[1]
    counted = repository.population(session)
    if sum(counted.values()) >= CACHE_POPULATION_FROM:
        with _lock:
            _population[bind] = (now, counted)
    return counted


def name_affixes(session: Session) -> frozenset[str]:
    statement = select(ReferenceValue.attributes).where(ReferenceValue.kind == "name_affix")
    return frozenset(a["affix"] for a in session.scalars(statement) if a.get("affix"))
